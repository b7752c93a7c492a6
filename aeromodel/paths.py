"""Where a value lives in a record: a bin and the steps into it (map keys, list indexes), with the
codec of the value found there. Field references, conditions and actions all carry one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import client as aerospike
from .client.helpers import cdt_ctx
from .client.helpers import expressions as exp
from .client.helpers.expressions.resources import ResultType
from .codecs import BOOL, BYTES, FLOAT, GEO, INT, LIST, MAP, STR, Codec

MAP_KEY = "map_key"
LIST_INDEX = "list_index"

_RESULT_TYPES = {
    INT: ResultType.INTEGER, FLOAT: ResultType.FLOAT, STR: ResultType.STRING,
    BYTES: ResultType.BLOB, BOOL: ResultType.BOOLEAN, LIST: ResultType.LIST,
    MAP: ResultType.MAP, GEO: ResultType.GEOJSON,
}
_BINS: dict[str, Any] = {
    INT: exp.IntBin, FLOAT: exp.FloatBin, STR: exp.StrBin, BYTES: exp.BlobBin, BOOL: exp.BoolBin,
    LIST: exp.ListBin, MAP: exp.MapBin, GEO: exp.GeoBin,
}


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

    def child(self, step: tuple[str, Any], codec: Codec, label: str) -> FieldPath:
        return FieldPath(self.bin, (*self.steps, step), codec, label, self.field)

    def ctx(self, steps: tuple[tuple[str, Any], ...] | None = None, *, create: bool = False) -> list[Any] | None:
        """The client ``cdt_ctx`` list for ``steps`` (all of them by default); map keys create
        what is missing when ``create`` (for writes)."""
        out = []
        for kind, value in self.steps if steps is None else steps:
            if kind == MAP_KEY:
                out.append(cdt_ctx.cdt_ctx_map_key_create(value) if create else cdt_ctx.cdt_ctx_map_key(value))
            else:
                out.append(cdt_ctx.cdt_ctx_list_index(value))
        return out or None

    def value_expression(self, kind: str | None = None) -> Any:
        """An expression reading the value (typed as ``kind``, the path's stored type by default).
        Raises TypeError when the stored type has no expression type (``any``)."""
        kind = kind or self.kind
        if not self.steps:
            try:
                return _BINS[kind](self.bin)
            except KeyError:
                raise TypeError(f"{self.label}: values of type {kind!r} cannot be compared in an expression") from None
        parent = self.container_expression()
        (step_kind, value) = self.steps[-1]
        ctx = self.ctx(self.steps[:-1])
        rtype = _RESULT_TYPES.get(kind)
        if rtype is None:
            raise TypeError(f"{self.label}: values of type {kind!r} cannot be compared in an expression")
        if step_kind == MAP_KEY:
            return exp.MapGetByKey(ctx, aerospike.MAP_RETURN_VALUE, rtype, value, parent)
        return exp.ListGetByIndex(ctx, aerospike.LIST_RETURN_VALUE, rtype, value, parent)

    def container_expression(self) -> Any:
        """The bin expression a CDT read of this path starts from (a map or list bin)."""
        if not self.steps:
            return self.value_expression()
        first = self.steps[0][0]
        return exp.MapBin(self.bin) if first == MAP_KEY else exp.ListBin(self.bin)
