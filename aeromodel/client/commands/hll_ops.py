"""HyperLogLog operation dicts (``hll_operations``) compiled to wire operations.

Each becomes ``(OP_HLL_MODIFY or OP_HLL_READ, bin, (server op code, args...))`` with the arguments
in the order the official C client packs them. What the official client itself refuses (arguments of
the wrong type) is a ParamError here; what it sends and the server refuses (bit counts out of range,
flags an operation does not take, malformed HLL values, lists inside value lists, values other than
HLLs in an HLL list) is left to the
engine, which answers InvalidRequest (4) as the server does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import constants as C
from .. import exception
from .. import op_codes as O
from ..codec import Codec
from ..command import OP_HLL_MODIFY, OP_HLL_READ, Op
from ..policies import PolicySet
from ..values import AS_BYTES_HLL, TypedBlob
from .operations import family

_NAMES: Final = {
    C.OP_HLL_ADD: "hll_add",
    C.OP_HLL_INIT: "hll_init",
    C.OP_HLL_SET_UNION: "hll_set_union",
    C.OP_HLL_REFRESH_COUNT: "hll_refresh_count",
    C.OP_HLL_FOLD: "hll_fold",
    C.OP_HLL_GET_COUNT: "hll_get_count",
    C.OP_HLL_GET_UNION: "hll_get_union",
    C.OP_HLL_GET_UNION_COUNT: "hll_get_union_count",
    C.OP_HLL_GET_INTERSECT_COUNT: "hll_get_intersect_count",
    C.OP_HLL_GET_SIMILARITY: "hll_get_similarity",
    C.OP_HLL_DESCRIBE: "hll_describe",
}

_POLICIES: Final = PolicySet(None)  # operation policies have no config-level defaults


def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


def _bit_count(op: Mapping[str, Any], key: str, name: str, required: bool = False) -> int:
    """An index or min-hash bit count: an int, -1 (or absent) for "not given"."""
    if key not in op or op[key] is None:
        if required:
            raise _bad(f"{name}: '{key}' is required")
        return -1
    n = op[key]
    if isinstance(n, bool) or not isinstance(n, int):
        raise _bad(f"{name}: '{key}' must be an int, not {type(n).__name__}")
    if not -(2**63) <= n < 2**63:
        raise _bad(f"{name}: '{key}' {exception.describe(n)} is outside the signed 64-bit range")
    return int(n)


def _bit_counts(op: Mapping[str, Any], name: str) -> tuple[int, int]:
    return _bit_count(op, "index_bit_count", name), _bit_count(op, "mh_bit_count", name)


def _flags(op: Mapping[str, Any], code: int, name: str) -> int:
    """The flags of the op's ``hll_policy`` (checked as an HLL policy; which flags an operation
    takes is the server's check)."""
    policy = op.get("hll_policy")
    flags: int = _POLICIES.resolve("hll", policy)["flags"]
    return flags


def _value_list(op: Mapping[str, Any], name: str) -> list[Any]:
    if "value_list" not in op:
        raise _bad(f"{name}: 'value_list' is required")
    values = op["value_list"]
    if not isinstance(values, list):
        raise _bad(f"{name}: 'value_list' must be a list, not {type(values).__name__}")
    return values


def _values(op: Mapping[str, Any], name: str, codec: Codec) -> list[Any]:
    """The values to add, as wire values."""
    values = _value_list(op, name)
    wire: list[Any] = codec.to_wire(values)
    return wire


def _hlls(op: Mapping[str, Any], name: str, codec: Codec) -> list[Any]:
    """The HLL values of the op's list: bytes as HLLs, anything else as the value it is, sent
    for the server to refuse (InvalidRequest), as the official client sends it."""
    out: list[Any] = []
    for h in _value_list(op, name):
        if isinstance(h, (bytes, bytearray)):
            out.append(TypedBlob(AS_BYTES_HLL, bytes(h)))
        else:
            out.append(codec.to_wire(h))
    return out


@family(*_NAMES)
def compile_hll(op: Mapping[str, Any], bin_name: str, codec: Codec) -> Op:
    """One ``hll_operations`` dict as its wire operation. Raises ParamError."""
    code = op["op"]
    name = _NAMES[code]
    if code == C.OP_HLL_ADD:
        values = _values(op, name, codec)
        index_bits, minhash_bits = _bit_counts(op, name)
        flags = _flags(op, code, name)
        return (OP_HLL_MODIFY, bin_name, (O.HLL_ADD, values, index_bits, minhash_bits, flags))
    if code == C.OP_HLL_INIT:
        index_bits, minhash_bits = _bit_counts(op, name)
        flags = _flags(op, code, name)
        return (OP_HLL_MODIFY, bin_name, (O.HLL_INIT, index_bits, minhash_bits, flags))
    if code == C.OP_HLL_SET_UNION:
        hlls = _hlls(op, name, codec)
        flags = _flags(op, code, name)
        return (OP_HLL_MODIFY, bin_name, (O.HLL_SET_UNION, hlls, flags))
    if code == C.OP_HLL_REFRESH_COUNT:
        return (OP_HLL_MODIFY, bin_name, (O.HLL_REFRESH_COUNT,))
    if code == C.OP_HLL_FOLD:
        index_bits = _bit_count(op, "index_bit_count", name, required=True)
        return (OP_HLL_MODIFY, bin_name, (O.HLL_FOLD, index_bits))
    if code == C.OP_HLL_GET_COUNT:
        return (OP_HLL_READ, bin_name, (O.HLL_COUNT,))
    if code == C.OP_HLL_DESCRIBE:
        return (OP_HLL_READ, bin_name, (O.HLL_DESCRIBE,))
    if code == C.OP_HLL_GET_UNION:
        return (OP_HLL_READ, bin_name, (O.HLL_GET_UNION, _hlls(op, name, codec)))
    if code == C.OP_HLL_GET_UNION_COUNT:
        return (OP_HLL_READ, bin_name, (O.HLL_UNION_COUNT, _hlls(op, name, codec)))
    if code == C.OP_HLL_GET_INTERSECT_COUNT:
        return (OP_HLL_READ, bin_name, (O.HLL_INTERSECT_COUNT, _hlls(op, name, codec)))
    return (OP_HLL_READ, bin_name, (O.HLL_SIMILARITY, _hlls(op, name, codec)))
