"""Partition filters and the partition status of a paginated scan or query, as the official
client keeps them (its C client's partition tracker, for one node).

A status is ``{"done": bool, "retry": bool, id: (id, init, retry, digest, bval), ...}`` for the
filter's partitions (``bval``, the index key of a query's last record, unsigned 64 bits as the
official client shows it: a negative number ``n`` reads ``2**64 + n``). A run sends the partitions to retry (all of them while the global retry
flag is set), each resuming after its last digest; every record delivered moves its partition's
digest. When a run ends: without ``max_records`` everything is done; with it, a run that
reached the limit marks every partition sent for retry (not done), else it is done. A run the
caller stopped leaves the global retry flag set, so the next run resumes every partition.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import exception
from .command import PartitionSpec

N_PARTITIONS = 4096
_ZERO = bytes(20)
_I64_MIN = -(2**63)
_I64_MAX = 2**63 - 1
_U64_MAX = 2**64 - 1


def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


def _int(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(
            f"invalid partition_filter policy {name}, {name} must be an int between "
            f"{low} and {high} inclusive"
        )
    return value


def _digest(value: Any, what: str) -> bytes:
    if isinstance(value, str):
        value = value.encode("latin-1", "replace")
    if not isinstance(value, (bytes, bytearray)) or len(value) != 20:
        raise _bad(f"invalid digest value for {what}: 20 bytes expected")
    return bytes(value)


class PartitionStatus:
    """The partitions of one filter and where each one's reading stands."""

    __slots__ = ("begin", "bvals", "count", "digests", "done", "inits", "retries", "retry")

    def __init__(self, begin: int = 0, count: int = N_PARTITIONS) -> None:
        self.begin = begin
        self.count = count
        self.done = False
        self.retry = True
        self.inits = [False] * count
        self.retries = [True] * count
        self.digests = [_ZERO] * count
        self.bvals: list[Any] = [0] * count

    @classmethod
    def from_filter(cls, pf: Any) -> PartitionStatus:
        """A status from a ``partition_filter`` policy (begin, count, digest, partition_status).
        Raises ParamError for a malformed filter."""
        if not isinstance(pf, Mapping):
            raise _bad("invalid partition_filter policy, partition_filter must be a dict")
        begin = _int(pf.get("begin", 0), "begin", 0, N_PARTITIONS - 1)
        count = _int(pf.get("count", N_PARTITIONS), "count", 1, N_PARTITIONS)
        if begin + count > N_PARTITIONS:
            raise _bad(
                f"invalid partition filter range, begin: {begin} count: {count}, valid range "
                f"when begin + count <= {N_PARTITIONS}"
            )
        st = cls(begin, count)
        digest = pf.get("digest")
        if digest is not None:
            if not isinstance(digest, Mapping):
                raise _bad("invalid partition_filter policy digest, digest must be a dict")
            if digest.get("init"):
                st.inits[0] = True
                st.digests[0] = _digest(digest.get("value"), "the partition filter")
        status = pf.get("partition_status")
        if status is not None:
            st._load(status)
        return st

    def _load(self, status: Any) -> None:
        if not isinstance(status, Mapping):
            raise _bad("invalid partition_filter policy, partition_status must be a dict")
        for flag in ("done", "retry"):
            if flag not in status:
                raise _bad(f"partition_status dict missing key '{flag}'")
            if not isinstance(status[flag], int):
                raise _bad(f"partition_status dict key '{flag}' must be an int")
        self.done = bool(status["done"])
        self.retry = bool(status["retry"])
        for i in range(self.count):
            entry = status.get(self.begin + i)
            if not isinstance(entry, tuple) or len(entry) < 4:
                continue
            pid = self.begin + i
            init, retry, digest = entry[1], entry[2], entry[3]
            if not isinstance(init, int) or not isinstance(retry, int):
                raise _bad(f"invalid init or retry for part_id: {pid}")
            self.inits[i] = bool(init)
            self.retries[i] = bool(retry)
            self.digests[i] = _digest(digest, f"part_id: {pid}")
            if len(entry) > 4:
                bval = entry[4]
                if isinstance(bval, bool) or not isinstance(bval, int) or not _I64_MIN <= bval <= _U64_MAX:
                    raise _bad(f"invalid bval for part_id: {pid}")
                self.bvals[i] = bval & _U64_MAX

    def start(self) -> list[PartitionSpec]:
        """The partitions a run sends (each resuming after its digest), marked as sent."""
        send: list[PartitionSpec] = []
        everything = self.retry
        begin = self.begin
        for i in range(self.count):
            if everything or self.retries[i]:
                self.retries[i] = False
                bval = self.bvals[i]
                if bval > _I64_MAX:  # on the wire (and to the engine) a signed int64
                    bval -= _U64_MAX + 1
                send.append((begin + i, self.digests[i] if self.inits[i] else None, bval))
        self.retry = True
        return send

    def delivered(self, pid: int, digest: bytes, bval: Any) -> None:
        """A record of partition ``pid`` was handed to the caller."""
        i = pid - self.begin
        self.inits[i] = True
        self.digests[i] = digest
        self.bvals[i] = bval & _U64_MAX if bval is not None else 0  # unsigned, as the official client

    def finish(self, sent: list[PartitionSpec], n_records: int, max_records: int) -> None:
        """A run read its stream to the end (``n_records`` delivered)."""
        self.retry = False
        if max_records and n_records >= max_records:
            for pid, _, _ in sent:
                self.retries[pid - self.begin] = True
            self.done = False
        else:
            self.done = True

    def as_dict(self) -> dict[Any, Any]:
        """The status as ``get_partitions_status()`` answers it."""
        out: dict[Any, Any] = {"done": self.done, "retry": self.retry}
        for i in range(self.count):
            pid = self.begin + i
            out[pid] = (pid, self.inits[i], self.retries[i], bytearray(self.digests[i]), self.bvals[i])
        return out
