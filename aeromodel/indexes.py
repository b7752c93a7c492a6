"""Index declarations as data: what the model's fields ask for, resolved to the exact secondary
index (namespace, set, bin, collection, value type, context) with a stable name. The index-sync
tooling creates these; the query planner matches conditions against them.

A field of models held in a list (or a map) declares an expression index (Aerospike 8.1): a LIST
index over the path expression selecting that field of every element."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from . import client as aerospike
from .codecs import BYTES, GEO, INT, STR, Codec, ListCodec, MapCodec
from .dialect import AEROMODEL, Dialect
from .fields import Index, ListIndex, MapKey
from .paths import EACH, LIST_INDEX, MAP_KEY, ctx_list, select_values

MAX_NAME = 63  # the server refuses index names of 64 bytes or more
_DATATYPES = {INT: "numeric", STR: "string", BYTES: "blob", GEO: "geo2dsphere"}
_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")
_SUFFIX = {"default": "idx", "list": "list_idx", "mapkeys": "keys_idx", "mapvalues": "values_idx"}


@dataclass(frozen=True)
class IndexSpec:
    """One secondary index: ``collection`` is ``default``, ``list``, ``mapkeys`` or ``mapvalues``;
    ``datatype`` ``numeric``, ``string``, ``blob`` or ``geo2dsphere``; ``ctx`` the steps into the bin
    (``("map_key", k)`` / ``("list_index", i)``); ``field`` the dotted model field it serves.

    A ``ctx`` through every element (an ``("each", "list" | "map")`` step, then map keys) makes an
    expression index (``expression_based``): a ``list`` index over ``expression()``, the values
    of that field in every element."""

    name: str
    namespace: str
    set: str | None
    bin: str
    collection: str
    datatype: str
    ctx: tuple[tuple[str, Any], ...]
    field: str

    @property
    def index_type(self) -> int:
        """The client's ``INDEX_TYPE_*`` constant."""
        return {
            "default": aerospike.INDEX_TYPE_DEFAULT, "list": aerospike.INDEX_TYPE_LIST,
            "mapkeys": aerospike.INDEX_TYPE_MAPKEYS, "mapvalues": aerospike.INDEX_TYPE_MAPVALUES,
        }[self.collection]

    @property
    def index_datatype(self) -> int:
        """The client's ``INDEX_*`` datatype constant."""
        return {
            "numeric": aerospike.INDEX_NUMERIC, "string": aerospike.INDEX_STRING,
            "blob": aerospike.INDEX_BLOB, "geo2dsphere": aerospike.INDEX_GEO2DSPHERE,
        }[self.datatype]

    @property
    def expression_based(self) -> bool:
        """An index over an expression (the values of a field of every element of ``bin``),
        made with ``index_expr_create`` and queried by name."""
        return any(kind == EACH for kind, _ in self.ctx)

    def client_ctx(self, d: Dialect = AEROMODEL) -> list[Any] | None:
        """The ``cdt_ctx`` list (of dialect ``d``'s package) for the client's
        ``index_*_create(..., ctx=...)``; None for an expression index."""
        return None if self.expression_based else ctx_list(d, self.ctx)

    def expression(self, d: Dialect = AEROMODEL) -> Any:
        """An expression index's expression (of dialect ``d``'s package, not compiled):
        ``SelectByPath([all children, map key, ...], LIST, EXP_PATH_SELECT_VALUE, <bin>)``.
        Raises ValueError for an index on a bin."""
        if not self.expression_based:
            raise ValueError(f"{self.name} is an index on a bin, not on an expression")
        return select_values(d, self.bin, self.ctx)


def index_name(set_name: str | None, bin: str, ctx: tuple[tuple[str, Any], ...], collection: str) -> str:
    """``<set>_<bin>[_<ctx...>]_<idx|list_idx|keys_idx|values_idx>``, only ``[A-Za-z0-9_]``; a name
    over 63 bytes is cut and ends with 8 hex digits of a hash of the full name. A step through
    every element adds nothing (``order_lines_sku_list_idx``)."""
    parts = [set_name or "null", bin, *(str(v) for k, v in ctx if k != EACH), _SUFFIX[collection]]
    name = "_".join(_UNSAFE.sub("_", p) for p in parts)
    if len(name) > MAX_NAME:
        digest = hashlib.sha1(name.encode()).hexdigest()[:8]
        name = f"{name[: MAX_NAME - 9]}_{digest}"
    return name


def resolve(
    decl: Index,
    *,
    namespace: str,
    set_name: str | None,
    bin: str,
    steps: tuple[tuple[str, Any], ...],
    codec: Codec,
    field: str,
) -> IndexSpec:
    """The ``IndexSpec`` of ``decl`` on the value at ``bin``/``steps`` stored by ``codec``
    (through every element of a list or map: an expression index). Raises TypeError when the
    declaration does not fit the field."""
    if any(kind == EACH for kind, _ in steps):
        return _resolve_each(decl, namespace, set_name, bin, steps, codec, field)
    ctx = list(steps)
    for step in decl.ctx:
        if isinstance(step, MapKey):
            ctx.append((MAP_KEY, step.key))
            codec = codec.value if isinstance(codec, MapCodec) else Codec()
        elif isinstance(step, ListIndex):
            ctx.append((LIST_INDEX, step.index))
            codec = codec.item if isinstance(codec, ListCodec) else Codec()
    collection = decl.collection
    if collection == "default" and isinstance(codec, ListCodec):
        collection = "list"
    if collection == "list":
        if not isinstance(codec, ListCodec):
            raise TypeError(f"{field}: a list index needs a list field")
        value_kind = codec.item.kind
    elif collection in ("mapkeys", "mapvalues"):
        if not isinstance(codec, MapCodec):
            raise TypeError(f"{field}: a map index needs a dict field")
        value_kind = (codec.key if collection == "mapkeys" else codec.value).kind
    else:
        if isinstance(codec, MapCodec):
            raise TypeError(f"{field}: index a dict field with index='map_keys' or 'map_values'")
        value_kind = codec.kind
    datatype = _DATATYPES.get(value_kind)
    if datatype is None:
        raise TypeError(
            f"{field}: values stored as {value_kind!r} cannot be indexed "
            "(indexes hold integers, strings, blobs or GeoJSON)"
        )
    frozen = tuple(ctx)
    name = decl.name or index_name(set_name, bin, frozen, collection)
    if len(name.encode()) > MAX_NAME:
        raise TypeError(f"{field}: index name {name!r} is longer than {MAX_NAME} bytes")
    return IndexSpec(name, namespace, set_name, bin, collection, datatype, frozen, field)


def _resolve_each(
    decl: Index, namespace: str, set_name: str | None, bin: str,
    steps: tuple[tuple[str, Any], ...], codec: Codec, field: str,
) -> IndexSpec:
    """A field of the models in a list (or map): a LIST expression index over that field's value
    in every element. Only a plain index on a scalar field fits (the expression answers a list
    of those values; a list or map inside each element would answer lists of lists)."""
    if decl.collection != "default" or decl.ctx or isinstance(codec, (ListCodec, MapCodec)):
        raise TypeError(
            f"{field}: inside a list or map of models, only Field(index=True) on a field holding "
            "a single value is indexed (an expression index over that field of every element)"
        )
    datatype = _DATATYPES.get(codec.kind)
    if datatype is None or datatype == "geo2dsphere":
        raise TypeError(
            f"{field}: values stored as {codec.kind!r} inside a list of models cannot be indexed "
            "(integers, strings or blobs)"
        )
    name = decl.name or index_name(set_name, bin, steps, "list")
    if len(name.encode()) > MAX_NAME:
        raise TypeError(f"{field}: index name {name!r} is longer than {MAX_NAME} bytes")
    return IndexSpec(name, namespace, set_name, bin, "list", datatype, steps, field)
