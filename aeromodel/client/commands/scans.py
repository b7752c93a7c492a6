"""Scan and query commands: the predicate tuple of ``aerospike.predicates`` (with its context,
index name or expression) becomes the wire's index fields, and a call's settings one
``ScanCommand``. Pure: nothing here reads a clock or a backend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from .. import constants as C
from .. import exception
from ..command import (
    PARTICLE_BLOB,
    PARTICLE_GEOJSON,
    PARTICLE_INTEGER,
    PARTICLE_STRING,
    PartitionSpec,
    Predicate,
    ScanCommand,
)
from ..keys import c_string
from ..values import Expression
from .cdt import _DEFAULT_CODEC, encode_ctx, pack

PARTICLE_OF: Final = {
    C.INDEX_NUMERIC: PARTICLE_INTEGER,
    C.INDEX_INTEGER: PARTICLE_INTEGER,
    C.INDEX_STRING: PARTICLE_STRING,
    C.INDEX_BLOB: PARTICLE_BLOB,
    C.INDEX_GEO2DSPHERE: PARTICLE_GEOJSON,
}
_ITYPES: Final = (
    C.INDEX_TYPE_DEFAULT, C.INDEX_TYPE_LIST, C.INDEX_TYPE_MAPKEYS, C.INDEX_TYPE_MAPVALUES
)


def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


def _value(v: Any, ptype: int) -> Any:
    if ptype == PARTICLE_INTEGER:
        if not isinstance(v, int):
            raise _bad("a numeric predicate needs integer values")
        return int(v)
    if ptype == PARTICLE_BLOB:
        if not isinstance(v, (bytes, bytearray)):
            raise _bad("a blob predicate needs a bytes value")
        return bytes(v)
    if not isinstance(v, str):
        raise _bad("a string or geo predicate needs a str value")
    return v


def context_bytes(ctx: Any) -> bytes | None:
    """A CDT context (a list of ``cdt_ctx`` entries) packed as the index-context field carries
    it; None for no context. Raises ParamError for anything else."""
    if ctx is None:
        return None
    if not isinstance(ctx, list) or not ctx:
        raise _bad("ctx must be a non-empty list of cdt_ctx entries")
    return pack(encode_ctx(ctx, _DEFAULT_CODEC))


def predicate(
    pred: Any, ctx: Any = None, index_name: str | None = None, exp: Any = None
) -> Predicate:
    """The wire predicate of an ``aerospike.predicates`` tuple. Raises ParamError for a
    predicate that is not one (None, as a predicate helper answers for a bad value, included)."""
    if not isinstance(pred, tuple) or not 4 <= len(pred) <= 6:
        raise _bad("predicate is invalid: use one of aerospike.predicates")
    kind, dtype, bin_name, begin = pred[:4]
    end = pred[4] if len(pred) > 4 else None
    itype = pred[5] if len(pred) > 5 else C.INDEX_TYPE_DEFAULT
    ptype = PARTICLE_OF.get(dtype) if type(dtype) is int else None
    if kind not in (0, 1) or ptype is None:
        raise _bad("predicate is invalid: unknown predicate or index datatype")
    if type(itype) is not int or itype not in _ITYPES:
        raise _bad(f"index type {itype!r} is not one of the aerospike.INDEX_TYPE_* constants")
    if index_name is None and exp is None:
        try:
            bin_name = c_string(bin_name)  # as the official client sends it
        except UnicodeDecodeError:
            raise _bad("the predicate's bin must be UTF-8 text") from None
        if bin_name is None:
            raise _bad("the predicate's bin must be a str")
    elif bin_name is not None:
        raise _bad("the predicate's bin must be None with an index name or an expression")
    if exp is not None and not isinstance(exp, (bytes, bytearray)):
        raise _bad("expr must be a compiled expression")
    begin = _value(begin, ptype)
    if ptype == PARTICLE_GEOJSON:
        end = None
    elif kind == 0:
        end = begin
    else:
        end = _value(end, ptype)
    return Predicate(
        bin_name, itype, ptype, begin, end, context_bytes(ctx), index_name,
        None if exp is None else bytes(exp),
    )


def command(
    ns: str,
    set_name: str | None,
    *,
    bins: Sequence[str] | None = None,
    nobins: bool = False,
    predicate: Predicate | None = None,
    filter_exp: Expression | None = None,
    partitions: Sequence[PartitionSpec] | None = None,
    max_records: int = 0,
    records_per_second: int = 0,
) -> ScanCommand:
    """One scan (no predicate) or query."""
    return ScanCommand(
        ns, set_name, None if bins is None else tuple(bins), nobins, predicate, filter_exp,
        partitions, max_records, records_per_second,
    )
