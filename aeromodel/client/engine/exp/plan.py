"""Plans: an expression's bytes built once (cached by the bytes) into a closure, and the two ways
the engine runs one: as a filter (true or not) and as a value (an expression operation)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Final, NamedTuple

from ..codes import ERR_PARAMETER, ERR_SERVER, OpError, invalid
from ..storage import Record
from . import arith, call, logic, meta  # noqa: F401  (each registers its ops)
from . import types as T
from .build import Builder, Fn
from .types import UNK
from .wire import decode

CACHE_SIZE: Final = 1024


class Plan(NamedTuple):
    """A built expression: its closure, its result type, and the ctx it needs (0: none; else the
    length of ``[digest, now, vars...]``)."""

    fn: Fn
    type: int
    ctx_len: int


_plans: dict[bytes, Plan] = {}
_filters: dict[bytes, Callable[[Record, bytes, float], bool]] = {}


def _remember(cache: dict[bytes, Any], key: bytes, value: Any) -> None:
    if len(cache) >= CACHE_SIZE:
        with contextlib.suppress(KeyError, StopIteration, RuntimeError):  # a racing thread
            del cache[next(iter(cache))]  # the oldest entry
    cache[key] = value


def build(data: bytes) -> Plan:
    """The plan of an expression's bytes (cached). OpError 4 for a malformed expression."""
    plan = _plans.get(data)
    if plan is not None:
        return plan
    tree = decode(data)
    if type(tree) is list and not tree:
        raise invalid("expression: empty list")
    b = Builder()
    try:
        built = b.node(tree)
    except OpError:
        raise
    except RecursionError:
        raise invalid("expression: nested too deeply") from None
    except Exception as err:  # a builder's own bug must still answer a code
        raise OpError(ERR_PARAMETER, f"AEROSPIKE_ERR_REQUEST_INVALID: expression: {err!r}") from None
    if built.type == T.ANY:
        raise invalid("expression: the result has no fixed type (a bare msgpack value)")
    plan = Plan(built.fn, built.type, 2 + b.max_vars if b.uses_ctx else 0)
    _remember(_plans, bytes(data), plan)
    return plan


def _failed(err: Exception) -> OpError:
    return OpError(ERR_SERVER, f"AEROSPIKE_ERR_SERVER: expression evaluation failed: {err!r}")


def evaluate(plan: Plan, rec: Record, digest: bytes, now: float) -> Any:
    """Run a plan on a record: its value, or UNK. OpError 1 for an engine bug."""
    ctx = [digest, now, *([None] * (plan.ctx_len - 2))] if plan.ctx_len else None
    try:
        return plan.fn(rec, ctx)
    except OpError:
        raise
    except Exception as err:
        raise _failed(err) from None


def filter_of(data: bytes) -> Callable[[Record, bytes, float], bool]:
    """The filter of an expression: ``f(record, digest, unix now)`` is True only when the
    expression is true (false and unknown filter the record out). OpError 4, when built, for a
    malformed expression or one that is not boolean."""
    flt = _filters.get(data)
    if flt is not None:
        return flt
    plan = build(data)
    if plan.type != T.BOOL:
        raise invalid(f"expression: a filter must be boolean, this one is {T.type_name(plan.type)}")
    fn = plan.fn
    n = plan.ctx_len
    if n == 0:

        def flt(rec: Record, _digest: bytes, _now: float) -> bool:
            try:
                return fn(rec, None) is True
            except Exception as err:
                raise _failed(err) from None

    elif n == 2:

        def flt(rec: Record, digest: bytes, now: float) -> bool:
            try:
                return fn(rec, [digest, now]) is True
            except Exception as err:
                raise _failed(err) from None

    else:
        pad = [None] * (n - 2)

        def flt(rec: Record, digest: bytes, now: float) -> bool:
            try:
                return fn(rec, [digest, now, *pad]) is True
            except Exception as err:
                raise _failed(err) from None

    _remember(_filters, bytes(data), flt)
    return flt


__all__ = ["UNK", "Plan", "build", "evaluate", "filter_of"]
