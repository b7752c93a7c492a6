"""The builder: a decoded expression becomes a plan of closures, type-checked as the server's
build step checks it (argument counts, operand types), so a malformed expression fails before
any record is read. Each op family registers its builder here by the server's op code.

A closure is ``fn(rec, ctx)``: ``rec`` the record (its bins and metadata), ``ctx`` a list
``[digest, now, var0, var1, ...]`` (None when the plan reads neither metadata nor variables); in a
path expression's loop (``Builder(loop=True)``) the loop variables key, value and index follow.
It answers a runtime value (None, bool, int, float, str, bytes, GeoJSON, TypedBlob, a stored list
or map) or UNK.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, NamedTuple

from ...values import AS_BYTES_HLL, GeoJSON, TypedBlob
from ..codes import invalid
from . import types as T
from .wire import Ext, MsgMap, Raw, typed

Fn = Callable[[Any, Any], Any]


class NoConst:
    __slots__ = ()


NOCONST: Final = NoConst()


class Built(NamedTuple):
    """A built node: its closure, its result type, its op code (-1 for a literal) and, for a
    literal, its value (NOCONST otherwise)."""

    fn: Fn
    type: int
    code: int = -1
    const: Any = NOCONST
    bin: str | None = None  # the bin a plain bin read reads


OpBuilder = Callable[["Builder", list[Any]], Built]
OPS: dict[int, tuple[str, OpBuilder]] = {}
"""Server op code -> (name, builder)."""


def op(code: int, name: str) -> Callable[[OpBuilder], OpBuilder]:
    """Decorator: register the builder of an op code."""

    def add(fn: OpBuilder) -> OpBuilder:
        if code in OPS:
            raise ValueError(f"expression op {code} registered twice")
        OPS[code] = (name, fn)
        return fn

    return add


def fail(name: str, what: str) -> Exception:
    """A build error (4) naming the op."""
    return invalid(f"expression {name}: {what}")


def count(name: str, args: list[Any], n: int) -> None:
    """Check an op's argument count (OpError 4)."""
    if len(args) != n:
        raise fail(name, f"expected {n} args, found {len(args)}")


def const(value: Any, t: int) -> Built:
    def fn(_rec: Any, _ctx: Any) -> Any:
        return value

    return Built(fn, t, -1, value)


class Builder:
    """One build: the variable scopes and the slots they take in ``ctx``."""

    def __init__(self, loop: bool = False) -> None:
        self.loop = loop  # a path expression's filter or modify: loop variables, no record
        self.scopes: list[dict[str, tuple[int, int]]] = []
        self.n_vars = 0
        self.max_vars = 0
        self.uses_ctx = False

    def node(self, item: Any) -> Built:
        """Build one node: an op (a list led by its code) or a literal."""
        t = type(item)
        if t is list:
            if not item:
                raise invalid("expression: an empty list is not an op")
            code = item[0]
            if type(code) is not int:
                raise invalid(f"expression: op code {_shown(code)} is not an integer")
            entry = OPS.get(code)
            if entry is None:
                raise invalid(f"expression: invalid op code {code}")
            built = entry[1](self, item[1:])
            if self.loop and code in RECORD_OPS:
                built = built._replace(fn=_unknown)  # the server runs it with no record
            return built._replace(code=code) if built.code == -1 and built.const is NOCONST else built
        return literal(item)

    def typed(self, item: Any, name: str, allowed: tuple[int, ...], what: str = "arg") -> Built:
        """Build a node that must be of one of the ``allowed`` types."""
        built = self.node(item)
        if built.type not in allowed:
            want = " or ".join(T.type_name(a) for a in allowed)
            raise fail(name, f"{what} is {T.type_name(built.type)}, expected {want}")
        return built

    def find_var(self, var: str) -> tuple[int, int] | None:
        for scope in reversed(self.scopes):
            if var in scope:
                return scope[var]
        return None


RECORD_OPS: set[int] = set()
"""Op codes that read the record (bins, metadata): registered by their families."""


def _unknown(_rec: Any, _ctx: Any) -> Any:
    return T.UNK


def literal(item: Any) -> Built:
    """A literal value: nil, bool, int, float, a typed string, a map (msgpack values of other
    kinds have no fixed type)."""
    t = type(item)
    if item is None:
        return const(None, T.NIL)
    if t is bool:
        return const(item, T.BOOL)
    if t is int:
        if not -(1 << 63) <= item < (1 << 63):
            raise invalid("expression: integer value outside the signed 64-bit range")
        return const(item, T.INT)
    if t is float:
        return const(item, T.FLOAT)
    if t is Raw:
        value = typed(item)
        vt = type(value)
        if vt is str:
            return const(value, T.STR)
        if vt is bytes:
            return const(value, T.BLOB)
        if vt is TypedBlob and value.subtype == AS_BYTES_HLL:
            return const(value, T.HLL)
        if vt is GeoJSON:
            _check_geo(value)
            return const(value, T.GEOJSON)
        raise invalid(f"expression: unexpected blob type {item[0]}")
    if t is MsgMap:
        from .. import intake
        from .wire import wire

        return const(intake.stored(wire(item)), T.MAP)
    if t is Ext:
        from .wire import wire

        return const(wire(item), T.ANY)
    raise invalid(f"expression: unexpected value {_shown(item)}")


def _check_geo(value: Any) -> None:
    data = value.unwrap()
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise invalid("expression: invalid geojson value")


def _shown(value: Any) -> str:
    from .. import messages

    return messages.shown(value)
