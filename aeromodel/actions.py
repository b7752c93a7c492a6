"""CDT field helpers: atomic server-side changes (and partial reads) of one field, built from a
field reference (``User.tags.append("vip")``) and run by ``instance.update(...)`` in one
``operate()``. Values are encoded by the field's codec here; the operations themselves are built
when they run, with the helpers of the connection's client package (``dialect.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import client as aerospike
from .codecs import Codec, ListCodec, MapCodec
from .dialect import Dialect
from .paths import MAP_KEY, FieldPath

Op = dict[str, Any]

_ADD_UNIQUE = {"write_flags": aerospike.LIST_WRITE_ADD_UNIQUE | aerospike.LIST_WRITE_NO_FAIL}


@dataclass(frozen=True)
class Action:
    """One change to one bin: ``build(dialect)`` makes the client operations doing it, in order."""

    path: FieldPath
    build: Callable[[Dialect], tuple[Op, ...]]
    description: str

    def __post_init__(self) -> None:
        _one_place(self.path)

    @property
    def bin(self) -> str:
        return self.path.bin

    def operations(self, d: Dialect) -> tuple[Op, ...]:
        """The operations, built with the helpers of dialect ``d``."""
        return self.build(d)


@dataclass(frozen=True)
class Selection:
    """A partial read of one bin (a list slice, one element, one map entry): ``build(dialect)``
    makes its operation; ``decode`` is the codec decoding what it answers."""

    path: FieldPath
    build: Callable[[Dialect], Op]
    decode: Codec
    description: str

    def __post_init__(self) -> None:
        _one_place(self.path)

    @property
    def bin(self) -> str:
        return self.path.bin

    def operation(self, d: Dialect) -> Op:
        """The operation, built with the helpers of dialect ``d``."""
        return self.build(d)


def _one_place(path: FieldPath) -> None:
    if path.each:
        raise TypeError(f"{path.label}: a path through every element is for conditions, not for "
                        "changes or reads")


def _item_codec(path: FieldPath) -> Codec:
    codec = path.codec
    if isinstance(codec, ListCodec):
        return codec.item
    if isinstance(codec, MapCodec):
        return codec.value
    return Codec()


def _key_codec(path: FieldPath) -> Codec:
    codec = path.codec
    return codec.key if isinstance(codec, MapCodec) else Codec()


def _enc(codec: Codec, value: Any) -> Any:
    return value if value is None else codec.encode(value)


def _wctx(d: Dialect, path: FieldPath, steps: tuple[tuple[str, Any], ...] | None = None) -> list[Any] | None:
    return path.ctx(d, steps, create=True)


# Whatever the path holds.

def set_value(path: FieldPath, value: Any) -> Action:
    """Write ``value`` at the path (a bin, a map entry or a list element)."""
    enc = _enc(path.codec, value)
    desc = f"{path.label} = {value!r}"
    if not path.steps:
        return Action(path, lambda d: (d.ops.write(path.bin, enc),), desc)
    kind, last = path.steps[-1]
    parent = path.steps[:-1]
    if kind == MAP_KEY:
        return Action(path, lambda d: (d.mo.map_put(path.bin, last, enc, ctx=_wctx(d, path, parent)),), desc)
    return Action(path, lambda d: (d.lo.list_set(path.bin, last, enc, ctx=_wctx(d, path, parent)),), desc)


def delete(path: FieldPath) -> Action:
    """Remove the bin, map entry or list element at the path."""
    desc = f"del {path.label}"
    if not path.steps:
        return Action(path, lambda d: (d.ops.write(path.bin, None),), desc)
    kind, last = path.steps[-1]
    parent = path.steps[:-1]

    def build(d: Dialect) -> tuple[Op, ...]:
        ctx = path.ctx(d, parent)
        if kind == MAP_KEY:
            return (d.mo.map_remove_by_key(path.bin, last, aerospike.MAP_RETURN_NONE, ctx=ctx),)
        return (d.lo.list_remove_by_index(path.bin, last, aerospike.LIST_RETURN_NONE, ctx=ctx),)

    return Action(path, build, desc)


def increment(path: FieldPath, by: int | float) -> Action:
    """Add ``by`` to the number at the path (a missing bin or map entry starts at 0)."""
    desc = f"{path.label} += {by!r}"
    if not path.steps:
        return Action(path, lambda d: (d.ops.increment(path.bin, by),), desc)
    kind, last = path.steps[-1]
    parent = path.steps[:-1]
    if kind == MAP_KEY:
        return Action(path, lambda d: (d.mo.map_increment(path.bin, last, by, ctx=_wctx(d, path, parent)),), desc)
    return Action(path, lambda d: (d.lo.list_increment(path.bin, last, by, ctx=_wctx(d, path, parent)),), desc)


# Lists.

def list_append(path: FieldPath, value: Any) -> Action:
    enc = _enc(_item_codec(path), value)
    return Action(path, lambda d: (d.lo.list_append(path.bin, enc, ctx=_wctx(d, path)),),
                  f"{path.label}.append({value!r})")


def list_extend(path: FieldPath, values: Iterable[Any]) -> Action:
    codec = _item_codec(path)
    vals = [_enc(codec, v) for v in values]
    return Action(path, lambda d: (d.lo.list_append_items(path.bin, vals, ctx=_wctx(d, path)),),
                  f"{path.label}.extend({vals!r})")


def list_insert(path: FieldPath, index: int, value: Any) -> Action:
    enc = _enc(_item_codec(path), value)
    return Action(path, lambda d: (d.lo.list_insert(path.bin, index, enc, ctx=_wctx(d, path)),),
                  f"{path.label}.insert({index}, {value!r})")


def list_add_unique(path: FieldPath, value: Any) -> Action:
    """Append ``value`` unless the list already holds it (no error either way)."""
    enc = _enc(_item_codec(path), value)
    return Action(
        path, lambda d: (d.lo.list_append(path.bin, enc, policy=_ADD_UNIQUE, ctx=_wctx(d, path)),),
        f"{path.label}.add_unique({value!r})",
    )


def list_remove(path: FieldPath, *values: Any) -> Action:
    """Remove every element equal to one of ``values``."""
    codec = _item_codec(path)
    vals = [_enc(codec, v) for v in values]

    def build(d: Dialect) -> tuple[Op, ...]:
        ctx = path.ctx(d)
        if len(vals) == 1:
            return (d.lo.list_remove_by_value(path.bin, vals[0], aerospike.LIST_RETURN_NONE, ctx=ctx),)
        return (d.lo.list_remove_by_value_list(path.bin, vals, aerospike.LIST_RETURN_NONE, ctx=ctx),)

    return Action(path, build, f"{path.label}.remove({', '.join(map(repr, values))})")


def list_pop(path: FieldPath, index: int = -1) -> Action:
    return Action(path, lambda d: (d.lo.list_pop(path.bin, index, ctx=path.ctx(d)),),
                  f"{path.label}.pop({index})")


def clear(path: FieldPath) -> Action:
    """Empty the list or map at the path."""
    if isinstance(path.codec, MapCodec) or path.kind == "map":
        return Action(path, lambda d: (d.mo.map_clear(path.bin, ctx=path.ctx(d)),), f"{path.label}.clear()")
    return Action(path, lambda d: (d.lo.list_clear(path.bin, ctx=path.ctx(d)),), f"{path.label}.clear()")


# Maps.

def map_put(path: FieldPath, key: Any, value: Any) -> Action:
    k, v = _enc(_key_codec(path), key), _enc(_item_codec(path), value)
    return Action(path, lambda d: (d.mo.map_put(path.bin, k, v, ctx=_wctx(d, path)),),
                  f"{path.label}[{key!r}] = {value!r}")


def map_put_many(path: FieldPath, items: Mapping[Any, Any]) -> Action:
    kc, vc = _key_codec(path), _item_codec(path)
    enc = {_enc(kc, k): _enc(vc, v) for k, v in items.items()}
    return Action(path, lambda d: (d.mo.map_put_items(path.bin, enc, ctx=_wctx(d, path)),),
                  f"{path.label}.update({items!r})")


def map_remove_keys(path: FieldPath, *keys: Any) -> Action:
    kc = _key_codec(path)
    enc = [_enc(kc, k) for k in keys]
    return Action(
        path,
        lambda d: (d.mo.map_remove_by_key_list(path.bin, enc, aerospike.MAP_RETURN_NONE, ctx=path.ctx(d)),),
        f"{path.label}.remove_keys({', '.join(map(repr, keys))})",
    )


# Partial reads.

def read_value(path: FieldPath) -> Selection:
    """Read the value at the path without fetching the rest of the bin."""
    if not path.steps:
        return Selection(path, lambda d: d.ops.read(path.bin), path.codec, path.label)
    kind, last = path.steps[-1]
    parent = path.steps[:-1]

    def build(d: Dialect) -> Op:
        ctx = path.ctx(d, parent)
        if kind == MAP_KEY:
            return d.mo.map_get_by_key(path.bin, last, aerospike.MAP_RETURN_VALUE, ctx=ctx)  # type: ignore[no-any-return]
        return d.lo.list_get_by_index(path.bin, last, aerospike.LIST_RETURN_VALUE, ctx=ctx)  # type: ignore[no-any-return]

    return Selection(path, build, path.codec, path.label)


def read_slice(path: FieldPath, start: int, count: int | None) -> Selection:
    """Read ``count`` elements (to the end when None) of the list at the path from ``start``."""

    def build(d: Dialect) -> Op:
        return d.lo.list_get_by_index_range(  # type: ignore[no-any-return]
            path.bin, start, aerospike.LIST_RETURN_VALUE, count, ctx=path.ctx(d)
        )

    return Selection(path, build, path.codec, f"{path.label}[{start}:{'' if count is None else start + count}]")


def read_size(path: FieldPath) -> Selection:
    """Read how many elements the list or map at the path holds."""
    if path.kind == "map":
        return Selection(path, lambda d: d.mo.map_size(path.bin, ctx=path.ctx(d)), Codec(),
                         f"len({path.label})")
    return Selection(path, lambda d: d.lo.list_size(path.bin, ctx=path.ctx(d)), Codec(),
                     f"len({path.label})")
