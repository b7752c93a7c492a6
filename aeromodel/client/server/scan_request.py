"""What a real 8.1 server checks in a scan or query request before it reads anything, and the
partitions it then reads. A refusal is a result code, answered as one message (``scans.refused``).

The server reads the partitions a request names by id, ascending, whatever their order in the
request: a partition id array (2-byte little-endian ids) and a digest array (each digest resumes
its partition after it; with an index range, a bval array of as many 8-byte entries). An array's
trailing bytes short of a whole entry are ignored, as the server counts whole entries only.
"""

from __future__ import annotations

from ..command import INFO2_WRITE, INFO3_PARTITION_DONE, PartitionSpec
from ..wire import fields as F
from ..wire.message import Message
from ..wire.scans import partition_of

N_PARTITIONS = 4096
ERR_PARAMETER = 4
ERR_UNSUPPORTED_FEATURE = 16
PARTITION_FIELDS = frozenset((F.PID_ARRAY, F.DIGEST_ARRAY, F.BVAL_ARRAY))
_UDF_FIELDS = frozenset((F.UDF_PACKAGE_NAME, F.UDF_FUNCTION, F.UDF_ARGLIST, F.UDF_OP))


def partitions(msg: Message) -> list[PartitionSpec] | int | None:
    """The partitions a scan or query reads, by id (None: all 4,096 from their start), or the
    code the server refuses it with: 16 for a request without the partition-done bit (the
    server speaks only to clients that take partition-done markers), a background or UDF query
    (``aeromodel serve`` runs neither), or one naming no partitions; 4 for an empty or oversized
    array, a partition named twice, or a bval array that does not match the digests."""
    if not msg.info3 & INFO3_PARTITION_DONE:
        return ERR_UNSUPPORTED_FEATURE
    if msg.info2 & INFO2_WRITE or any(t in _UDF_FIELDS for t, _ in msg.fields):
        return ERR_UNSUPPORTED_FEATURE
    pids = msg.field(F.PID_ARRAY)
    digests = msg.field(F.DIGEST_ARRAY)
    bvals = msg.field(F.BVAL_ARRAY)
    found: dict[int, PartitionSpec] = {}
    if pids is not None:
        n = len(pids) // 2
        if not 0 < n <= N_PARTITIONS:
            return ERR_PARAMETER
        for i in range(0, 2 * n, 2):
            pid = pids[i] | pids[i + 1] << 8
            if pid >= N_PARTITIONS or pid in found:
                return ERR_PARAMETER
            found[pid] = (pid, None, None)
    if digests is not None:
        n = len(digests) // 20
        if not 0 < n <= N_PARTITIONS:
            return ERR_PARAMETER
        where = msg.field(F.INDEX_RANGE) is not None
        if where and (bvals is None or len(bvals) // 8 != n):
            return ERR_PARAMETER
        for i in range(n):
            digest = bytes(digests[20 * i : 20 * i + 20])
            pid = partition_of(digest)
            if pid in found:
                return ERR_PARAMETER
            bval = int.from_bytes(bvals[8 * i : 8 * i + 8], "little", signed=True) if where and bvals else 0
            found[pid] = (pid, digest, bval)
    elif bvals is not None:
        return ERR_PARAMETER
    if not found:
        return ERR_UNSUPPORTED_FEATURE
    if len(found) == N_PARTITIONS and digests is None:
        return None
    return [found[pid] for pid in sorted(found)]
