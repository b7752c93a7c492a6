"""The canonical command: what one Aerospike wire message carries, and what the server answers.

Every client call becomes one Command (or one BatchCommand) executed by a transport.
The info bits and operation codes are the wire protocol's own, so the embedded engine and the wire
codec share one vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

# info1: read attributes.
INFO1_READ = 1
INFO1_GET_ALL = 2
INFO1_SHORT_QUERY = 4
INFO1_BATCH = 8
INFO1_XDR = 16
INFO1_GET_NOBINDATA = 32
INFO1_READ_MODE_AP_ALL = 64
INFO1_COMPRESS_RESPONSE = 128

# info2: write attributes.
INFO2_WRITE = 1
INFO2_DELETE = 2
INFO2_GENERATION = 4
INFO2_GENERATION_GT = 8
INFO2_DURABLE_DELETE = 16
INFO2_CREATE_ONLY = 32
INFO2_RELAX_AP_LONG_QUERY = 64
INFO2_RESPOND_ALL_OPS = 128

# info3: more attributes.
INFO3_LAST = 1
INFO3_COMMIT_MASTER = 2
INFO3_PARTITION_DONE = 4
INFO3_UPDATE_ONLY = 8
INFO3_CREATE_OR_REPLACE = 16
INFO3_REPLACE_ONLY = 32
INFO3_SC_READ_TYPE = 64
INFO3_SC_READ_RELAX = 128

# Operation types on the wire.
OP_READ = 1
OP_WRITE = 2
OP_CDT_READ = 3
OP_CDT_MODIFY = 4
OP_INCR = 5
OP_EXP_READ = 7
OP_EXP_MODIFY = 8
OP_APPEND = 9
OP_PREPEND = 10
OP_TOUCH = 11
OP_BIT_READ = 12
OP_BIT_MODIFY = 13
OP_DELETE = 14
OP_HLL_READ = 15
OP_HLL_MODIFY = 16

READ_OPS = frozenset({OP_READ, OP_CDT_READ, OP_EXP_READ, OP_BIT_READ, OP_HLL_READ})

# Record ttl values with a meaning of their own (as unsigned 32-bit on the wire).
TTL_NAMESPACE_DEFAULT = 0
TTL_NEVER_EXPIRE = 0xFFFFFFFF
TTL_DONT_UPDATE = 0xFFFFFFFE

# Batch flags (the batch field's flags byte).
BATCH_ALLOW_INLINE = 1
BATCH_ALLOW_INLINE_SSD = 2
BATCH_RESPOND_ALL_KEYS = 4

CITRUSLEAF_EPOCH = 1262304000
"""The server's clock counts seconds from 2010-01-01 UTC: void times are on that clock."""

NEVER_EXPIRES_TTL = 0xFFFFFFFF
"""The ttl a client reports for a record that never expires."""

Op = tuple[int, str, Any]
"""One operation: (wire op type, bin name, value). CDT ops carry their argument list as value."""


class Command(NamedTuple):
    """One single-record request in wire form (a tuple: cheap to build, once per call).

    ``user_key`` is sent (and stored) only under POLICY_KEY_SEND; ``ttl`` is the wire ttl of a
    write (0 namespace default, 0xFFFFFFFF never, 0xFFFFFFFE keep), or a read's
    read-touch-ttl percent; ``filter_exp`` a compiled filter expression (the wire's nested list).
    """

    ns: str
    set_name: str | None
    digest: bytes
    user_key: Any
    info1: int
    info2: int
    info3: int
    gen: int
    ttl: int
    ops: Sequence[Op] | None
    filter_exp: Any = None


class BatchCommand(NamedTuple):
    """One batch request: the batch flags, an expression for records without their own, and one
    sub-command per record, in key order (as the batch message carries them)."""

    flags: int
    records: Sequence[Command]
    filter_exp: Any = None


class Net(NamedTuple):
    """What only a network transport uses, never sent to the server: timeouts in milliseconds,
    retries and the replica choice. Travels beside a command."""

    total_timeout: int = 1000
    socket_timeout: int = 30000
    max_retries: int = 0
    sleep_between_retries: int = 0
    replica: int = 1


class Result(NamedTuple):
    """The server's answer to one command.

    ``void_time`` is when the record expires, in seconds on the server's clock (from
    CITRUSLEAF_EPOCH; 0: never). ``bins`` holds a whole-record read; ``ops`` holds per-operation
    results in request order, one (bin name, value) pair per operation that returns something.
    """

    code: int
    gen: int = 0
    void_time: int = 0
    bins: dict[str, Any] | None = None
    ops: list[tuple[str, Any]] | None = None
    key: Any = None
    msg: str | None = None


class BatchResult(NamedTuple):
    """The answer to a batch: its own code (0, or the error that stopped a batch sent without
    BATCH_RESPOND_ALL_KEYS) and one result per record run, in order."""

    code: int
    records: list[Result]
    msg: str | None = None


def ttl_of(void_time: int, now: float) -> int:
    """The ttl a client reports for a void time, at unix time ``now``: seconds left (1 during the
    void-time second itself), or 0xFFFFFFFF for a record that never expires."""
    if not void_time:
        return NEVER_EXPIRES_TTL
    left = void_time - (int(now) - CITRUSLEAF_EPOCH)
    return left if left > 0 else 1


new = tuple.__new__
"""``new(Command, (...))`` / ``new(Result, (...))``: build one without the keyword machinery."""


# Particle types a secondary-index predicate names (the index-range field's).
PARTICLE_INTEGER = 1
PARTICLE_STRING = 3
PARTICLE_BLOB = 4
PARTICLE_GEOJSON = 23


class Predicate(NamedTuple):
    """A query's secondary-index predicate, as the wire's index fields carry it.

    ``itype`` is the index collection type (0 default, 1 list, 2 map keys, 3 map values);
    ``ptype`` the particle type of the values (PARTICLE_*); ``begin``/``end`` the range (equal
    for an equality; a geo predicate's GeoJSON text in ``begin``); ``ctx`` the packed CDT
    context; ``index_name`` / ``exp`` (compiled expression bytes) pick the index another way.
    """

    bin: str | None
    itype: int
    ptype: int
    begin: Any
    end: Any
    ctx: bytes | None = None
    index_name: str | None = None
    exp: bytes | None = None


PartitionSpec = tuple[int, "bytes | None", Any]
"""One partition to read: (id, digest to resume after or None, bval of that entry or None)."""


ScanColumns = tuple[
    list[bytes], list[int], "list[int] | None", "list[Any] | None", Iterable[Any], Iterable["str | None"]
]
"""One partition's records a scan found, as columns in the server's order: digests,
generations, void times (None: none of them expires), bins (None: no bins asked), stored user
keys and set names (each a list, or an ``itertools.repeat`` of the one value all share)."""


class ScanCommand(NamedTuple):
    """A scan or query: namespace, set (None: the whole namespace), the bins to return (None:
    all), ``nobins`` (metadata only), the index predicate (None: a scan), the filter expression
    (compiled bytes), the partitions (None: all 4,096 from the start), ``max_records`` (0: no
    limit) and ``records_per_second`` (0: no limit).

    ``make``, never sent, lets a transport that reads a partition at a time (the embedded
    engine's scans) stream ``make(columns)`` in place of ScanRecords: the caller's own record
    objects, built in bulk. A transport may ignore it and stream ScanRecords."""

    ns: str
    set_name: str | None
    bins: tuple[str, ...] | None = None
    nobins: bool = False
    predicate: Predicate | None = None
    filter_exp: bytes | None = None
    partitions: Sequence[PartitionSpec] | None = None
    max_records: int = 0
    records_per_second: int = 0
    make: Callable[[ScanColumns], Iterable[Any]] | None = None


ScanRecord = tuple[bytes, int, int, "dict[str, Any] | None", Any, "str | None", Any]
"""One record a scan streams: (digest, generation, void time, bins or None, stored user key,
set name, bval: the index value the query met it under, or None for a scan)."""


class ScanResult(NamedTuple):
    """The answer to a scan or query: a code (0, or the error found before any record was
    read) and the stream of records, read lazily in the server's order."""

    code: int
    records: Iterator[ScanRecord]
    msg: str | None = None
