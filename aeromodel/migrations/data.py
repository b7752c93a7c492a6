"""Data changes across a set, for migrations: a scan in pages (``paginate`` with a partition
filter), each record changed by a generation-checked write, and after each page the scan's
partition status (where every partition stands) saved as a checkpoint record. A run that stops
resumes from the checkpoint: finished partitions, and the finished part of the others, are not
read again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import client as aerospike
from ..connection import dialect_of
from ..query import cursor

CHECKPOINT_SET = "am_checkpoints"
Change = Callable[[dict[str, Any]], "dict[str, Any] | None"]
_ALL = {"begin": 0, "count": cursor.N_PARTITIONS}
_RETRIES = 5


@dataclass
class Report:
    """What a data change did: records read, records changed, pages, whether it finished, and
    whether it resumed from a checkpoint."""

    name: str
    read: int = 0
    changed: int = 0
    pages: int = 0
    resumed: bool = False
    finished: bool = False


def set_size(client: Any, namespace: str, set_name: str) -> int | None:
    """The set's record count (``sets/<ns>/<set>`` ``objects``, summed over nodes), or None."""
    total = 0
    for err, text in client.info_all(f"sets/{namespace}/{set_name}").values():
        if err is not None or not text:
            return None
        fields = dict(p.partition("=")[::2] for p in text.strip().rstrip(";").split(":") if "=" in p)
        total += int(fields.get("objects", 0))
    return total


class Checkpoints:
    """Saved partition statuses, one record per (migration, change name)."""

    def __init__(self, client: Any, namespace: str) -> None:
        self.client = client
        self.namespace = namespace

    def key(self, migration: str, name: str) -> tuple[str, str, str]:
        return (self.namespace, CHECKPOINT_SET, f"{migration}/{name}")

    def load(self, migration: str, name: str) -> dict[str, Any] | None:
        try:
            return dict(self.client.get(self.key(migration, name))[2])
        except dialect_of(self.client).exception.RecordNotFound:
            return None

    def save(self, migration: str, name: str, bins: dict[str, Any]) -> None:
        self.client.put(self.key(migration, name), {"migration": migration, **bins},
                        policy={"key": aerospike.POLICY_KEY_SEND})

    def clear(self, migration: str) -> None:
        """Drop every checkpoint of ``migration`` (once it is recorded as applied)."""
        scan = self.client.scan(self.namespace, CHECKPOINT_SET)
        for key, _, bins in scan.results():
            if bins.get("migration") == migration:
                self.client.remove(key)


def _fingerprint(migration: str, name: str, namespace: str, set_name: str) -> bytes:
    return cursor.fingerprint("migration", migration, name, namespace, set_name)


def run_change(
    client: Any,
    namespace: str,
    set_name: str,
    change: Change,
    *,
    migration: str,
    name: str,
    checkpoints: Checkpoints,
    page_size: int = 1000,
    bins: list[str] | None = None,
    on_page: Callable[[Report], None] | None = None,
) -> Report:
    """Apply ``change`` to every record of the set: it gets the record's bins and answers the bins
    to write (``None`` as a value removes that bin) or None to leave the record alone. Writes are
    checked against the generation read (a record changed meanwhile is read again and ``change``
    asked again); the ttl is kept. Progress is checkpointed after every page of ``page_size``
    records; ``on_page`` is called after each (for progress, and for renewing a lock)."""
    fp = _fingerprint(migration, name, namespace, set_name)
    report = Report(name)
    saved = checkpoints.load(migration, name)
    status: dict[Any, Any] | None = None
    if saved is not None:
        report.read, report.changed, report.pages = saved["read"], saved["changed"], saved["pages"]
        if saved.get("finished"):
            report.finished = True
            return report
        status = cursor.decode(saved["status"], fp)
        report.resumed = True
    while True:
        scan = client.scan(namespace, set_name)
        if bins is not None:
            scan.select(*bins)
        scan.paginate()
        pf: dict[str, Any] = dict(_ALL)
        if status is not None:
            pf["partition_status"] = status
        records = scan.results({"max_records": page_size, "partition_filter": pf})
        for key, meta, record_bins in records:
            report.read += 1
            if _apply(client, (key[0], key[1], None, key[3]), meta, record_bins, change, bins):
                report.changed += 1
        status = scan.get_partitions_status()
        done = scan.is_done()
        report.pages += 1
        report.finished = done
        checkpoints.save(migration, name, {
            "status": cursor.encode(status, fp), "read": report.read, "changed": report.changed,
            "pages": report.pages, "finished": done,
        })
        if on_page is not None:
            on_page(report)
        if done:
            return report


def _apply(client: Any, key: tuple[Any, ...], meta: Any, bins: dict[str, Any], change: Change,
           selected: list[str] | None) -> bool:
    exception = dialect_of(client).exception  # the client package's exceptions
    for _ in range(_RETRIES):
        new = change(dict(bins))
        if not new:
            return False
        ops = [{"op": aerospike.OPERATOR_WRITE, "bin": b, "val": v} for b, v in new.items()]
        try:
            client.operate(key, ops, {"gen": meta["gen"], "ttl": aerospike.TTL_DONT_UPDATE},
                           {"gen": aerospike.POLICY_GEN_EQ})
            return True
        except exception.RecordNotFound:
            return False  # deleted meanwhile
        except exception.RecordGenerationError:
            try:
                _, meta, bins = (client.select(key, selected) if selected is not None
                                 else client.get(key))
            except exception.RecordNotFound:
                return False
    raise exception.RecordGenerationError(
        exception.RecordGenerationError.code,
        f"record {key!r} kept changing while the migration rewrote it",
    )


def rename_change(old: str, new: str) -> Change:
    """A change moving bin ``old`` to ``new`` (records without ``old`` are left alone)."""

    def change(bins: dict[str, Any]) -> dict[str, Any] | None:
        if old not in bins:
            return None
        return {new: bins[old], old: None}

    return change
