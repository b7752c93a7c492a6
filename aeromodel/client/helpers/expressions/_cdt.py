"""The call node shared by list, map, bit and HLL expressions, and what they need: contexts,
policies and the result type a read answers.

On the wire a call is ``[127, result type, system, payload, bin]``: system 0 (CDT), 1 (bits) or
2 (HLL), plus 0x40 when it modifies (a copy of the bin, never the record); the payload is
``[op, args...]``, or ``[0xff, ctx, [op, args...]]`` inside a nested element.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

from ... import constants as C
from ... import exception
from ...commands.cdt import encode_ctx
from ...values import Expression
from ._wire import Writer, bad
from .base import BlobBin, HLLBin, ListBin, MapBin
from .resources import ResultType, ReturnType, _BaseExpr, _ExprOp, _operands, check_int

CDT: Final = 0
BITS: Final = 1
HLL: Final = 2
MODIFY: Final = 0x40
_CTX_EVAL: Final = 0xFF
_INVERTED: Final = ReturnType.LIST_RETURN_INVERTED


def wire_ctx(owner: str, ctx: Any, *, required: bool = False) -> bytes:
    """A context's packed form, b"" for none: the operations' entries (``encode_ctx``), their
    values packed as expression literals are (maps in key order). Raises ParamError."""
    if ctx is None and not required:
        return b""
    if not isinstance(ctx, list) or not ctx:
        if ctx == [] and not required:
            raise bad(f"{owner}: ctx must not be an empty list (use None)")
        raise bad(f"{owner}: ctx must be a non-empty list of cdt_ctx entries")
    try:
        entries = encode_ctx(ctx)
    except exception.ParamError as err:
        raise bad(f"{owner}: {err.msg}") from None
    w = Writer()
    w.header(len(entries))
    for i, item in enumerate(entries):
        if i % 2 == 0:
            w.num(item)
        elif type(item) is Expression:
            w.append(bytes(item))  # a path filter, already compiled
        else:
            w.nested(item, owner, 0)
    return bytes(w.buf)


def ctx_type(ctx: Any, default: int) -> int:
    """The type of the bin a modify works on: a map if the outermost context entry is a map one."""
    if not isinstance(ctx, list) or not ctx:
        return default  # (a malformed ctx is refused by wire_ctx)
    return ResultType.LIST if getattr(ctx[0], "id", None) in _LIST_CTX else ResultType.MAP


_LIST_CTX: Final = frozenset({
    C.CDT_CTX_LIST_INDEX, C.CDT_CTX_LIST_RANK, C.CDT_CTX_LIST_VALUE, C.CDT_CTX_LIST_INDEX_CREATE,
})


def list_type(owner: str, return_type: int, multi: bool, value_type: int | None = None) -> int:
    """What a list read answers for a return type (as_exp_get_list_type). Raises ParamError."""
    rt = return_type & ~_INVERTED
    if rt in (C.LIST_RETURN_INDEX, C.LIST_RETURN_REVERSE_INDEX, C.LIST_RETURN_RANK,
              C.LIST_RETURN_REVERSE_RANK):
        expected: int | None = ResultType.LIST if multi else ResultType.INTEGER
    elif rt == C.LIST_RETURN_COUNT:
        expected = ResultType.INTEGER
    elif rt == C.LIST_RETURN_VALUE:
        expected = ResultType.LIST if multi else value_type
    elif rt == C.LIST_RETURN_EXISTS:
        expected = ResultType.BOOLEAN
    else:
        raise bad(f"{owner}: return_type {return_type} has no value to answer")
    return _agree(owner, expected, value_type)


def map_type(owner: str, return_type: int, multi: bool, value_type: int | None = None) -> int:
    """What a map read answers for a return type (as_exp_get_map_type). Raises ParamError."""
    rt = return_type & ~_INVERTED
    if rt in (C.MAP_RETURN_INDEX, C.MAP_RETURN_REVERSE_INDEX, C.MAP_RETURN_RANK,
              C.MAP_RETURN_REVERSE_RANK):
        expected: int | None = ResultType.LIST if multi else ResultType.INTEGER
    elif rt == C.MAP_RETURN_COUNT:
        expected = ResultType.INTEGER
    elif rt in (C.MAP_RETURN_KEY, C.MAP_RETURN_VALUE):
        expected = ResultType.LIST if multi else value_type
    elif rt in (C.MAP_RETURN_KEY_VALUE, C.MAP_RETURN_UNORDERED_MAP, C.MAP_RETURN_ORDERED_MAP):
        expected = ResultType.MAP
    elif rt == C.MAP_RETURN_EXISTS:
        expected = ResultType.BOOLEAN
    else:
        raise bad(f"{owner}: return_type {return_type} has no value to answer")
    return _agree(owner, expected, value_type)


def _agree(owner: str, expected: int | None, value_type: int | None) -> int:
    if expected is None:  # one value: its type is the caller's value_type
        if value_type is None:
            raise bad(f"{owner}: value_type is required")
        return value_type
    if value_type is None or value_type == expected:
        return expected
    raise bad(f"{owner}: value_type {value_type} does not match what the return type answers "
              f"({expected})")


def _policy_int(owner: str, policy: dict[str, Any], key: str) -> int:
    value = policy.get(key, 0)
    if isinstance(value, bool):
        return int(value)
    return check_int(owner, f"policy[{key!r}]", value)


def _policy(owner: str, policy: Any) -> dict[str, Any] | None:
    if policy is None:
        return None
    if not isinstance(policy, dict):
        raise bad(f"{owner}: policy must be a dict or None, not {type(policy).__name__}")
    return policy or None  # an empty policy is no policy, as in the official client


def list_policy(owner: str, policy: Any, with_order: bool) -> tuple[int, ...]:
    """A list policy's wire args: (order, flags) for create-or-modify ops, (flags,) otherwise."""
    pol = _policy(owner, policy)
    if pol is None:
        return ()
    flags = _policy_int(owner, pol, "write_flags")
    return (_policy_int(owner, pol, "list_order"), flags) if with_order else (flags,)


def map_policy(owner: str, policy: Any) -> tuple[int, ...]:
    """A map policy's wire args: (attributes, flags); attributes carry the order and persist_index."""
    pol = _policy(owner, policy)
    if pol is None:
        return ()
    attributes = _policy_int(owner, pol, "map_order")
    if pol.get("persist_index"):
        attributes |= 0x10
    return (attributes, _policy_int(owner, pol, "map_write_flags"))


def bit_flags(owner: str, policy: Any) -> int:
    """A bit policy's write flags (0 without a policy)."""
    pol = _policy(owner, policy)
    return 0 if pol is None else _policy_int(owner, pol, "bit_write_flags")


def hll_flags(owner: str, policy: Any) -> int:
    """An HLL policy's write flags (0 without a policy)."""
    pol = _policy(owner, policy)
    return 0 if pol is None else _policy_int(owner, pol, "flags")


def rtype_of(owner: str, return_type: int, flag: Any) -> int:
    """A return type with the inverted flag when asked. Raises ParamError."""
    rt = check_int(owner, "return_type", return_type)
    return rt | _INVERTED if flag else rt


class _Call(_BaseExpr):
    """A list, map, bit or HLL call. Subclasses set ``_code`` (the operation's op code) and
    ``_system``, and build ``_children`` as (args..., bin)."""

    __slots__ = ("_ctx", "_rt")
    _code: ClassVar[int] = 0
    _system: ClassVar[int] = CDT
    _bin_class: ClassVar[type[_BaseExpr]] = ListBin

    def _setup(self, rt: int, ctx: Any, args: tuple[Any, ...], bin: Any) -> None:
        owner = type(self).__name__
        self._rt = rt
        self._ctx = wire_ctx(owner, ctx)
        self._children = (*_operands(owner, args), self._bin(bin))

    def _bin(self, bin: Any) -> Any:
        if isinstance(bin, _BaseExpr):
            if getattr(bin, "_is_def", False):
                raise bad(f"{type(self).__name__}: Def may only appear directly inside Let")
            return bin
        if isinstance(bin, str):
            return self._bin_class(bin)
        raise bad(f"{type(self).__name__}: bin must be a bin name or an expression, "
                  f"not {type(bin).__name__}")

    def _pack(self, w: Writer) -> None:
        owner = type(self).__name__
        *args, bin = self._children
        w.header(5)
        w.num(_ExprOp.CALL)
        w.num(self._rt)
        w.num(self._system)
        if self._ctx:
            w.header(3)
            w.num(_CTX_EVAL)
            w.append(self._ctx)
        w.header(1 + len(args))
        w.num(self._code)
        for arg in args:
            w.child(arg, owner)
        w.child(bin, owner)


class _ListCall(_Call):
    __slots__ = ()
    _bin_class = ListBin


class _MapCall(_Call):
    __slots__ = ()
    _bin_class = MapBin


class _BitCall(_Call):
    __slots__ = ()
    _bin_class = BlobBin


class _HLLCall(_Call):
    __slots__ = ()
    _bin_class = HLLBin


__all__ = [
    "bit_flags",
    "ctx_type",
    "hll_flags",
    "list_policy",
    "list_type",
    "map_policy",
    "map_type",
    "rtype_of",
    "wire_ctx",
]
