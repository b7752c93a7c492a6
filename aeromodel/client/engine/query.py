"""Queries: the records a secondary index finds, streamed in the server's order.

The index is the one the predicate names (by index name) or the one defined on the query's set
(else the namespace-wide one) with the predicate's bin, particle type, collection type and
context or expression, as the server's lookup does; none is IndexNotFound (201). Entries come
partition by partition, within one by index value then digest (``sindex.Index``); each record
is re-read and re-checked (it may have changed or expired since the entry was read), then the
set and the filter expression are applied.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import Any

from ..command import (
    CITRUSLEAF_EPOCH,
    PARTICLE_BLOB,
    PARTICLE_GEOJSON,
    PARTICLE_INTEGER,
    PARTICLE_STRING,
    Predicate,
    ScanCommand,
    ScanRecord,
)
from ..values import GeoJSON
from . import geo
from .codes import OpError
from .scan import Filter, _passes, limit
from .sindex import _MISSING, ITYPES, Entry, Index, _expression_value
from .storage import Namespace
from .wyhash import index_bval

ERR_INDEX_NOT_FOUND = 201
INDEX_NOT_FOUND = "AEROSPIKE_ERR_INDEX_NOT_FOUND"

_I64_MAX = 2**63 - 1
_U64 = 2**64

_KTYPES = {
    PARTICLE_INTEGER: "numeric",
    PARTICLE_STRING: "string",
    PARTICLE_BLOB: "blob",
    PARTICLE_GEOJSON: "geo2dsphere",
}


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode()


def find_index(ns: Namespace, pred: Predicate, set_name: str | None) -> Index:
    """The index a predicate queries. Raises OpError 201 when there is none."""
    if pred.index_name is not None:
        ix = ns.sindexes.by_name(pred.index_name)
        if ix is not None:
            return ix
        raise OpError(ERR_INDEX_NOT_FOUND, INDEX_NOT_FOUND)
    ktype = _KTYPES.get(pred.ptype)
    if ktype is None or not 0 <= pred.itype < len(ITYPES):
        raise OpError(ERR_INDEX_NOT_FOUND, INDEX_NOT_FOUND)
    itype = ITYPES[pred.itype]
    ctx = _b64(pred.ctx)
    exp = _b64(pred.exp)
    bin_name = None if exp is not None else pred.bin
    for want in (set_name, None) if set_name is not None else (None,):
        for ix in ns.sindexes:
            d = ix.definition
            if (
                d.set == want and d.bin == bin_name and d.ktype == ktype and d.itype == itype
                and d.ctx == ctx and d.exp == exp
            ):
                return ix
    raise OpError(ERR_INDEX_NOT_FOUND, INDEX_NOT_FOUND)


def stream(
    ns: Namespace, cmd: ScanCommand, flt: Filter | None, clock: Callable[[], float]
) -> Iterator[ScanRecord]:
    """The records a query finds. Raises OpError (201, or 4/160 for a bad geo region) before
    any record is read."""
    pred = cmd.predicate
    assert pred is not None
    ix = find_index(ns, pred, cmd.set_name)
    entries, check = _lookup(ix, pred, cmd)
    return limit(_query(ns, cmd, entries, check, flt, clock), cmd.max_records, cmd.records_per_second)


Check = Callable[[Any, bytes, Any], bool]


def _lookup(ix: Index, pred: Predicate, cmd: ScanCommand) -> tuple[Iterator[Entry], Check]:
    """The index walk and the re-check each record found must still pass."""
    pids = None if cmd.partitions is None else {p for p, _, _ in cmd.partitions}
    if pred.ptype == PARTICLE_GEOJSON:
        begin = pred.begin
        if not isinstance(begin, (str, GeoJSON)):
            raise OpError(4, "AEROSPIKE_ERR_REQUEST_INVALID: a geo query needs a GeoJSON region")
        shape = geo.query_shape(begin)
        return ix.geo(shape, pids), _geo_check(ix, shape)
    begin, end = pred.begin, pred.end
    if pred.ptype == PARTICLE_INTEGER:
        if type(begin) is not int or type(end) is not int:
            raise OpError(4, "AEROSPIKE_ERR_REQUEST_INVALID: a numeric range needs integers")
        return ix.between(begin, end, pids), _key_check(ix)
    return ix.equal(begin, pids), _key_check(ix)


def _key_check(ix: Index) -> Check:
    def check(rec: Any, digest: bytes, key: Any) -> bool:
        return key in ix.keys_of(rec, digest)

    return check


def _geo_check(ix: Index, shape: geo.Shape) -> Check:
    def check(rec: Any, digest: bytes, key: Any) -> bool:
        if key not in ix.keys_of(rec, digest):
            return False
        return any(geo.query_matches(v, shape) for v in _geo_values(ix, rec, digest))

    return check


def _geo_values(ix: Index, rec: Any, digest: bytes) -> list[Any]:
    """The GeoJSON values a record holds where the index looks (the bin, or the value of an
    expression index's expression)."""
    d = ix.definition
    if ix.exp is not None:
        value = _expression_value(ix.exp, rec, digest)
    else:
        value = rec.get(d.bin) if d.bin is not None else None
    if value is None or value is _MISSING:
        return []
    if ix.ctx is not None:
        from .ops import cdt_context  # here: ops imports storage, which imports sindex

        try:
            value = cdt_context.find(value, ix.ctx)
        except OpError:
            return []
    if d.itype == "default":
        items: Any = (value,)
    elif d.itype == "list":
        items = value if isinstance(value, (list, tuple)) else ()
    elif isinstance(value, dict):
        items = value.keys() if d.itype == "mapkeys" else value.values()
    else:
        items = ()
    return [v for v in items if type(v) is GeoJSON]


def _query(
    ns: Namespace, cmd: ScanCommand, entries: Iterator[Entry], check: Check,
    flt: Filter | None, clock: Callable[[], float],
) -> Iterator[ScanRecord]:
    want = cmd.set_name
    nobins = cmd.nobins
    names = cmd.bins
    resume = {p: (d, b) for p, d, b in cmd.partitions or () if d is not None}
    stores = ns.stores
    last_pid = -1
    now = clock()
    sec = int(now) - CITRUSLEAF_EPOCH
    after: tuple[bytes, Any] | None = None
    last_key: Any = _MISSING
    bval = 0
    for pid, key, d in entries:
        if pid != last_pid:
            last_pid = pid
            after = resume.get(pid)
            now = clock()
            sec = int(now) - CITRUSLEAF_EPOCH
        if after is not None:
            if _not_after(key, d, after):
                continue
            after = None  # past the resume point: the rest of the partition follows it
        rec = stores[pid].get(d)
        if rec is None:
            continue
        vt = rec.void_time
        if vt and vt < sec:
            continue
        ident = rec.ident
        if type(ident) is tuple:
            set_name, user_key = ident
        else:
            set_name, user_key = ident, None
        if want is not None and set_name != want:
            continue
        if flt is not None and not _passes(flt, rec, d, now):
            continue
        if not check(rec, d, key):
            continue
        if key is not last_key:  # entries come grouped by key: hash a string key once
            last_key, bval = key, _bval(key)
        if nobins:
            yield d, rec.gen, vt, None, user_key, set_name, bval
        elif names is None:
            yield d, rec.gen, vt, rec, user_key, set_name, bval
        else:
            picked = {b: rec[b] for b in names if b in rec}
            if picked or not names:  # as a server: a record holding none of the bins is left out
                yield d, rec.gen, vt, picked, user_key, set_name, bval


def _bval(key: Any) -> int:
    """The bval a record found under index key ``key`` is answered with: the server's int64
    index key — the number itself, a geo cell id (unsigned) as a signed int64, the hash of a
    string or blob (``wyhash``)."""
    if isinstance(key, int):
        return key - _U64 if key > _I64_MAX else key
    if isinstance(key, str):
        return index_bval(key.encode(errors="surrogatepass"))
    if isinstance(key, bytes):
        return index_bval(key)
    return 0


def _not_after(key: Any, digest: bytes, after: tuple[bytes, Any]) -> bool:
    """Whether an entry is at or before a resume point (digest, bval): by value (when the
    value is a number) then by digest."""
    at_digest, at_bval = after
    if type(key) is int and type(at_bval) is int:
        if key > _I64_MAX:  # a cell id, compared as the bval it was answered as
            key -= _U64
        return (key, digest) <= (at_bval, at_digest)
    return digest <= at_digest
