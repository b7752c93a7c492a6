"""Where a value lives in a record: a bin and the steps into it (map keys, list indexes, or every
element of a list or map), with the codec of the value found there. Field references, conditions
and actions all carry one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import client as aerospike
from .codecs import BOOL, BYTES, FLOAT, GEO, INT, LIST, MAP, STR, Codec
from .dialect import Dialect

MAP_KEY = "map_key"
LIST_INDEX = "list_index"
EACH = "each"  # every element of a list (value "list") or every value of a map ("map")

# names in the expressions package (and its ResultType) of each dialect
_RESULT_TYPES = {
    INT: "INTEGER", FLOAT: "FLOAT", STR: "STRING", BYTES: "BLOB", BOOL: "BOOLEAN", LIST: "LIST",
    MAP: "MAP", GEO: "GEOJSON",
}
_BINS = {
    INT: "IntBin", FLOAT: "FloatBin", STR: "StrBin", BYTES: "BlobBin", BOOL: "BoolBin",
    LIST: "ListBin", MAP: "MapBin", GEO: "GeoBin",
}


def ctx_list(d: Dialect, steps: tuple[tuple[str, Any], ...], *, create: bool = False) -> list[Any] | None:
    """The ``cdt_ctx`` list (of dialect ``d``'s package) for ``steps``; map keys create what is
    missing when ``create`` (for writes). Raises TypeError for a write through every element."""
    cdt_ctx = d.cdt_ctx
    out = []
    for kind, value in steps:
        if kind == MAP_KEY:
            out.append(cdt_ctx.cdt_ctx_map_key_create(value) if create else cdt_ctx.cdt_ctx_map_key(value))
        elif kind == LIST_INDEX:
            out.append(cdt_ctx.cdt_ctx_list_index(value))
        elif create:
            raise TypeError("a path through every element selects values: it cannot be written")
        else:
            out.append(cdt_ctx.cdt_ctx_all_children())
    return out or None


def select_values(d: Dialect, bin: str, steps: tuple[tuple[str, Any], ...]) -> Any:
    """The path expression (of dialect ``d``'s package) answering, as a list, every value that
    ``steps`` (through every element: ``EACH``) select in ``bin``; elements without the value
    are skipped (``SelectByPath`` with ``EXP_PATH_SELECT_VALUE``)."""
    exp = d.exp
    return exp.SelectByPath(ctx_list(d, steps), exp.ResultType.LIST, aerospike.EXP_PATH_SELECT_VALUE,
                            _container(d, bin, steps))


def _container(d: Dialect, bin: str, steps: tuple[tuple[str, Any], ...]) -> Any:
    kind, value = steps[0]
    is_map = kind == MAP_KEY or (kind == EACH and value == "map")
    return d.exp.MapBin(bin) if is_map else d.exp.ListBin(bin)


@dataclass(frozen=True)
class FieldPath:
    """A value in a record: ``bin``, then ``steps`` (``("map_key", k)`` / ``("list_index", i)``)
    into it. ``codec`` is the codec of the value at the end; ``label`` names it for messages
    (``User.stats['logins']``); ``field`` is the model field the path starts at."""

    bin: str
    steps: tuple[tuple[str, Any], ...]
    codec: Codec
    label: str
    field: str

    @property
    def kind(self) -> str:
        """The stored type of the value (``codecs.INT``, ``STR``, ``LIST``, ...)."""
        return self.codec.kind

    @property
    def each(self) -> bool:
        """Whether the path goes through every element of a list or map (it selects many
        values: ``Order.lines.any.sku``)."""
        return any(kind == EACH for kind, _ in self.steps)

    def child(self, step: tuple[str, Any], codec: Codec, label: str) -> FieldPath:
        return FieldPath(self.bin, (*self.steps, step), codec, label, self.field)

    def ctx(self, d: Dialect, steps: tuple[tuple[str, Any], ...] | None = None, *,
            create: bool = False) -> list[Any] | None:
        """The ``cdt_ctx`` list (of dialect ``d``'s package) for ``steps`` (all of them by
        default); map keys create what is missing when ``create`` (for writes). Raises
        TypeError for a write through every element."""
        return ctx_list(d, self.steps if steps is None else steps, create=create)

    def values_expression(self, d: Dialect) -> Any:
        """For a path through every element: an expression answering the list of values it
        selects (``select_values``)."""
        return select_values(d, self.bin, self.steps)

    def value_expression(self, d: Dialect, kind: str | None = None) -> Any:
        """An expression (of dialect ``d``'s package) reading the value, typed as ``kind`` (the
        path's stored type by default). Raises TypeError when the stored type has no expression
        type (``any``), or for a path selecting many values (``each``)."""
        kind = kind or self.kind
        if self.each:
            raise TypeError(f"{self.label}: a path through every element selects many values")
        exp = d.exp
        if not self.steps:
            try:
                return getattr(exp, _BINS[kind])(self.bin)
            except KeyError:
                raise TypeError(f"{self.label}: values of type {kind!r} cannot be compared in an expression") from None
        parent = self.container_expression(d)
        (step_kind, value) = self.steps[-1]
        ctx = self.ctx(d, self.steps[:-1])
        if kind not in _RESULT_TYPES:
            raise TypeError(f"{self.label}: values of type {kind!r} cannot be compared in an expression")
        rtype = getattr(exp.ResultType, _RESULT_TYPES[kind])
        if step_kind == MAP_KEY:
            return exp.MapGetByKey(ctx, aerospike.MAP_RETURN_VALUE, rtype, value, parent)
        return exp.ListGetByIndex(ctx, aerospike.LIST_RETURN_VALUE, rtype, value, parent)

    def container_expression(self, d: Dialect) -> Any:
        """The bin expression a CDT read of this path starts from (a map or list bin)."""
        if not self.steps:
            return self.value_expression(d)
        return _container(d, self.bin, self.steps)
