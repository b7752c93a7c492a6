"""What a model class means for storage, worked out once when the class is defined: namespace,
set, key field, each field's bin and codec, index declarations, and the per-class plans the hot
paths run (which fields need a codec, which need a copy on load). Definition errors surface here."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel

from . import client as aerospike
from .codecs import (
    GEO,
    LIST,
    MAP,
    Codec,
    CustomType,
    DatetimeCodec,
    ListCodec,
    MapCodec,
    NestedCodec,
    Scalar,
    codec_for,
    copy_tree,
)
from .errors import ModelDefinitionError
from .fields import Index, options_of
from .indexes import IndexSpec, resolve
from .paths import EACH, MAP_KEY, FieldPath

MAX_BIN = 15  # bytes
MAX_SET = 63  # bytes
OPTIONS = ("namespace", "set", "ttl", "send_key", "connection", "indexes", "validate_on_load",
           "check_generation", "allow_scan", "schema_version", "upgrade")
_KEY_TYPES = {str, int, bytes}


@dataclass(frozen=True)
class FieldSpec:
    """One field: its bin, codec, annotation and what loading it needs."""

    name: str
    bin: str
    codec: Codec
    annotation: Any
    primary_key: bool
    required: bool
    default: Any  # the pydantic FieldInfo (get_default(call_default_factory=True))
    index: Index | None
    # Load-time decoder: None for scalars stored as they are.
    decode: Callable[[Any], Any] | None
    # Save-time encoder: None for values stored as they are (containers of scalars included).
    encode: Callable[[Any], Any] | None
    path: FieldPath
    # A container stored as it is: copied when loaded without validation.
    copy_on_load: bool = False


@dataclass
class ModelInfo:
    """Everything aeromodel knows about a model class (``Model.__aeromodel__``)."""

    model: type[Any]
    namespace: str | None
    set: str | None
    ttl: int | None
    send_key: bool
    connection: str
    validate_on_load: bool
    check_generation: bool
    fields: dict[str, FieldSpec]
    key_field: FieldSpec | None
    indexes: tuple[IndexSpec, ...]
    by_bin: dict[str, FieldSpec] = field(default_factory=dict)
    stored: tuple[FieldSpec, ...] = ()  # every field but the primary key
    # (field, bin, decoder or None, default maker or None when required) per stored field
    load_plan: tuple[tuple[str, str, Callable[[Any], Any] | None, Callable[[], Any] | None], ...] = ()
    fields_set: frozenset[str] = frozenset()
    save_plan: tuple[tuple[str, str, Callable[[Any], Any] | None], ...] = ()  # (field, bin, encoder)
    plain_key: bool = False  # a key value is its own user key (no codec), namespace known
    same_names: bool = False  # every stored field's bin is named as the field
    quick_load: bool = False  # same_names, and no validate_on_load
    bin_names: frozenset[str] = frozenset()
    decoders: tuple[tuple[str, Callable[[Any], Any]], ...] = ()
    # bin -> list or dict: the copy that snapshots a stored container of scalars (state.remember)
    copiers: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    datetime_fields: tuple[str, ...] = ()
    geo: bool = False  # a field may hold GeoJSON values (converted for the official client: dialect.py)
    refs: dict[str, Any] = field(default_factory=dict)
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)
    allow_scan: bool = False  # queries no index serves may scan (with their filter expression)
    schema_version: int | None = None  # lazy upgrades on load (versioning.py)
    upgrade: Callable[[dict[str, Any], int], dict[str, Any]] | None = None

    @property
    def abstract(self) -> bool:
        return self.namespace is None


def _schema_version(name: str, options: dict[str, Any], by_bin: dict[str, Any]) -> int | None:
    from .versioning import VERSION_BIN

    version = options.get("schema_version")
    upgrade = options.get("upgrade")
    if version is None and upgrade is None:
        return None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1 or not callable(upgrade):
        raise ModelDefinitionError(
            f"{name}: schema_version (an int >= 1) and upgrade (a function (bins, version) -> bins) "
            "go together"
        )
    if VERSION_BIN in by_bin:
        raise ModelDefinitionError(f"{name}: bin {VERSION_BIN!r} holds the schema version")
    return version


def _holds_geo(codec: Codec, seen: frozenset[int] = frozenset()) -> bool:
    """Whether values of ``codec`` may hold GeoJSON (in a list, map or nested model too; a
    recursive model is looked into once)."""
    if codec.kind == GEO:
        return True
    if isinstance(codec, ListCodec):
        return _holds_geo(codec.item, seen)
    if isinstance(codec, MapCodec):
        return _holds_geo(codec.value, seen)
    if isinstance(codec, NestedCodec) and id(codec) not in seen:
        inner = seen | {id(codec)}
        return any(_holds_geo(c, inner) for _, _, c, _ in codec.fields)
    return False


def _loader(spec: FieldSpec) -> Callable[[Any], Any] | None:
    """How the fast (unvalidated) load turns a stored value into the field's: decode, or copy a
    container stored as it is (a shallow copy when it holds scalars only)."""
    codec = spec.codec
    if not spec.copy_on_load:
        return spec.decode
    if isinstance(codec, ListCodec) and isinstance(codec.item, Scalar):
        return list
    if isinstance(codec, MapCodec) and isinstance(codec.value, Scalar):
        return dict
    return copy_tree


def _default_maker(spec: FieldSpec) -> Callable[[], Any] | None:
    if spec.required:
        return None
    info = spec.default
    if info.default_factory is not None:
        return info.default_factory  # type: ignore[no-any-return]
    value = info.default
    if isinstance(value, (list, dict, set)):
        return lambda: copy_tree(value)
    return lambda: value


def _has_any(codec: Codec) -> bool:
    if type(codec) is Codec:
        return True
    if isinstance(codec, ListCodec) and codec.identity:
        return _has_any(codec.item)
    if isinstance(codec, MapCodec) and codec.identity:
        return _has_any(codec.value)
    return False


def snake_case(name: str) -> str:
    """``UserProfile`` -> ``user_profile``: the default set name."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


class NotYetDefined(ModelDefinitionError):
    """A model names a model that is not defined (yet): a forward reference."""


_building: dict[type[BaseModel], NestedCodec] = {}
"""Codecs of nested models whose fields are being worked out: a model met again inside itself
(a tree of comments, two models naming each other) gets the codec being built."""


def nested_codec(model: type[BaseModel]) -> Codec:
    """The codec of a nested model: a map of its fields (by bin name for aeromodel models)."""
    found = _building.get(model)
    if found is not None:
        return found
    codec = _building[model] = NestedCodec(model, [])
    try:
        info = getattr(model, "__aeromodel__", None)
        if info is not None and not isinstance(info, ModelInfo):  # a model completed on first use
            info = info.complete()
        if isinstance(info, ModelInfo):
            codec.set_fields([(s.name, s.bin, s.codec, s.annotation) for s in info.fields.values()])
            return codec
        fields = []
        for name, fi in model.model_fields.items():
            opts = options_of(fi)
            fields.append((name, opts.bin or name, _codec(model, name, fi.annotation, fi.metadata), fi.annotation))
        codec.set_fields(fields)
        return codec
    finally:
        del _building[model]


def _codec(model: type[Any], name: str, annotation: Any, metadata: list[Any] | None = None) -> Codec:
    for meta in metadata or ():
        if isinstance(meta, CustomType):  # pydantic moves Annotated[...] metadata here
            return codec_for(Annotated[annotation, meta], nested_codec)
    try:
        return codec_for(annotation, nested_codec)
    except NotYetDefined:
        raise
    except TypeError as err:
        raise ModelDefinitionError(f"{model.__name__}.{name}: {err}") from None


def read_options(attrs: dict[str, Any], kwargs: dict[str, Any], parent: ModelInfo | None) -> dict[str, Any]:
    """The model options from the class keywords, then an inner ``Meta``, then the parent model.
    Removes them from ``kwargs``. Raises ModelDefinitionError for an unknown ``Meta`` option."""
    options: dict[str, Any] = {}
    meta = attrs.get("Meta")
    if meta is not None:
        for name in vars(meta):
            if name.startswith("__"):
                continue
            if name not in OPTIONS:
                raise ModelDefinitionError(f"unknown Meta option {name!r} (known: {', '.join(OPTIONS)})")
            options[name] = getattr(meta, name)
    for name in OPTIONS:
        if name in kwargs:
            options[name] = kwargs.pop(name)
    if parent is not None:
        inherited = {
            "namespace": parent.namespace, "ttl": parent.ttl, "send_key": parent.send_key,
            "connection": parent.connection, "validate_on_load": parent.validate_on_load,
            "check_generation": parent.check_generation, "allow_scan": parent.allow_scan,
        }
        for name, value in inherited.items():
            options.setdefault(name, value)
    return options


def build_info(cls: type[Any], options: dict[str, Any], reserved: set[str]) -> ModelInfo:
    """Work out ``cls``'s storage. Raises ModelDefinitionError for a bin name over 15 bytes, two
    fields on one bin, a field named like a Model method, a bad key field or index, a type
    aeromodel cannot store."""
    name = cls.__name__
    namespace = options.get("namespace")
    set_name = options.get("set", snake_case(name))
    if set_name is not None and len(set_name.encode()) > MAX_SET:
        raise ModelDefinitionError(f"{name}: set name {set_name!r} is longer than {MAX_SET} bytes")
    specs: dict[str, FieldSpec] = {}
    by_bin: dict[str, FieldSpec] = {}
    key_field: FieldSpec | None = None
    for fname, fi in cls.model_fields.items():
        if fname in reserved:
            raise ModelDefinitionError(
                f"{name}.{fname}: the name is a Model attribute; name the field otherwise "
                f"(and keep the bin with Field(bin={fname!r}))"
            )
        opts = options_of(fi)
        bin_name = opts.bin or fname
        if len(bin_name.encode()) > MAX_BIN:
            raise ModelDefinitionError(
                f"{name}.{fname}: bin name {bin_name!r} is {len(bin_name.encode())} bytes; Aerospike "
                f"allows {MAX_BIN}: give a shorter one with Field(bin=...)"
            )
        codec = _codec(cls, fname, fi.annotation, fi.metadata)
        scalar = isinstance(codec, Scalar)
        copy_on_load = (codec.identity and codec.kind in (LIST, MAP)) or type(codec) is Codec
        spec = FieldSpec(
            name=fname, bin=bin_name, codec=codec, annotation=fi.annotation,
            primary_key=opts.primary_key, required=fi.is_required(), default=fi, index=opts.index,
            # pydantic copies the containers it validates, except inside Any: copy those here
            decode=copy_tree if _has_any(codec) else None if scalar or copy_on_load else codec.decode,
            encode=None if scalar or copy_on_load else codec.encode,
            path=FieldPath(bin_name, (), codec, f"{name}.{fname}", fname),
            copy_on_load=copy_on_load,
        )
        if opts.primary_key:
            if opts.index is not None:
                raise ModelDefinitionError(
                    f"{name}.{fname}: the primary key is the record's key, not a bin: it cannot be indexed"
                )
            if key_field is not None:
                raise ModelDefinitionError(f"{name}: two primary keys, {key_field.name} and {fname}")
            if codec.kind not in ("str", "int", "bytes"):
                raise ModelDefinitionError(
                    f"{name}.{fname}: a primary key is stored as str, int or bytes, not {codec.kind!r}"
                )
            key_field = spec
        elif bin_name in by_bin:
            raise ModelDefinitionError(
                f"{name}: fields {by_bin[bin_name].name!r} and {fname!r} both use bin {bin_name!r}"
            )
        else:
            by_bin[bin_name] = spec
        specs[fname] = spec
    info = ModelInfo(
        model=cls, namespace=namespace, set=set_name, ttl=options.get("ttl"),
        send_key=options.get("send_key", True), connection=options.get("connection", "default"),
        validate_on_load=options.get("validate_on_load", False),
        check_generation=options.get("check_generation", True),
        fields=specs, key_field=key_field, indexes=(), by_bin=by_bin,
        allow_scan=bool(options.get("allow_scan", False)),
        schema_version=_schema_version(name, options, by_bin),
        upgrade=options.get("upgrade"),
        stored=tuple(s for s in specs.values() if not s.primary_key),
        datetime_fields=tuple(s.name for s in specs.values() if isinstance(s.codec, DatetimeCodec)),
        geo=any(_holds_geo(s.codec) for s in specs.values() if not s.primary_key),
    )
    info.load_plan = tuple((s.name, s.bin, _loader(s), _default_maker(s)) for s in info.stored)
    info.fields_set = frozenset(specs)
    info.save_plan = tuple((s.name, s.bin, s.encode) for s in info.stored)
    info.plain_key = namespace is not None and (key_field is None or key_field.encode is None)
    info.same_names = all(s.name == s.bin for s in info.stored)
    info.quick_load = info.same_names and not info.validate_on_load
    info.bin_names = frozenset(by_bin)
    info.decoders = tuple((n, d) for n, _, d, _ in info.load_plan if d is not None)
    info.copiers = {s.bin: c for s in info.stored if s.copy_on_load and (c := _loader(s)) in (list, dict)}
    if namespace is not None:
        info.indexes = _indexes(info, options.get("indexes") or ())
    info.policies = _policies(info.send_key)
    return info


def _indexes(info: ModelInfo, model_level: Any) -> tuple[IndexSpec, ...]:
    out: list[IndexSpec] = []
    assert info.namespace is not None

    def add(decl: Index, spec: FieldSpec, steps: tuple[tuple[str, Any], ...], codec: Codec, label: str) -> None:
        try:
            out.append(resolve(decl, namespace=info.namespace or "", set_name=info.set,
                               bin=spec.bin, steps=steps, codec=codec, field=label))
        except TypeError as err:
            raise ModelDefinitionError(f"{info.model.__name__}: {err}") from None

    def walk(
        spec: FieldSpec, codec: Codec, steps: tuple[tuple[str, Any], ...], label: str,
        within: frozenset[type[Any]],
    ) -> None:
        # Index declarations of nested model fields, on the first path to each (a model nested
        # in itself is not walked again: its fields are at every depth); through a list or map
        # of models, every element (an expression index).
        if isinstance(codec, ListCodec):
            walk(spec, codec.item, (*steps, (EACH, "list")), label, within)
        elif isinstance(codec, MapCodec):
            walk(spec, codec.value, (*steps, (EACH, "map")), label, within)
        elif isinstance(codec, NestedCodec) and codec.model not in within:
            for attr, key, sub, _ in codec.refs:
                fi = codec.model.model_fields[attr]
                decl = options_of(fi).index
                sub_steps = (*steps, (MAP_KEY, key))
                if decl is not None:
                    add(decl, spec, sub_steps, sub, f"{label}.{attr}")
                walk(spec, sub, sub_steps, f"{label}.{attr}", within | {codec.model})

    for spec in info.stored:
        if spec.index is not None:
            add(spec.index, spec, (), spec.codec, spec.name)
        walk(spec, spec.codec, (), spec.name, frozenset({info.model}))
    for decl in model_level:
        if not isinstance(decl, Index):
            raise ModelDefinitionError(f"{info.model.__name__}: indexes= takes Index(...) objects")
        spec, steps, codec = _locate(info, decl.field)
        add(decl, spec, steps, codec, decl.field)
    names = [i.name for i in out]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ModelDefinitionError(f"{info.model.__name__}: two indexes named {sorted(dupes)}")
    return tuple(out)


def _locate(info: ModelInfo, dotted: str) -> tuple[FieldSpec, tuple[tuple[str, Any], ...], Codec]:
    head, *rest = dotted.split(".")
    spec = info.fields.get(head)
    if spec is None or spec.primary_key:
        raise ModelDefinitionError(f"{info.model.__name__}: no stored field {head!r} to index")
    codec: Codec = spec.codec
    steps: tuple[tuple[str, Any], ...] = ()
    for part in rest:
        while isinstance(codec, (ListCodec, MapCodec)):  # a field of every element
            each = "list" if isinstance(codec, ListCodec) else "map"
            codec = codec.item if isinstance(codec, ListCodec) else codec.value
            steps = (*steps, (EACH, each))
        if not isinstance(codec, NestedCodec):
            raise ModelDefinitionError(f"{info.model.__name__}: {dotted!r} is not a nested model field")
        for attr, key, sub, _ in codec.refs:
            if attr == part:
                codec, steps = sub, (*steps, (MAP_KEY, key))
                break
        else:
            raise ModelDefinitionError(f"{info.model.__name__}: no field {dotted!r}")
    return spec, steps, codec


def _policies(send_key: bool) -> dict[str, dict[str, Any]]:
    key = aerospike.POLICY_KEY_SEND if send_key else aerospike.POLICY_KEY_DIGEST
    return {
        "upsert": {"key": key},
        "create": {"key": key, "exists": aerospike.POLICY_EXISTS_CREATE},
        "update": {"key": key, "exists": aerospike.POLICY_EXISTS_UPDATE},
        "update_gen": {"key": key, "exists": aerospike.POLICY_EXISTS_UPDATE, "gen": aerospike.POLICY_GEN_EQ},
        "upsert_gen": {"key": key, "gen": aerospike.POLICY_GEN_EQ},
        "remove_gen": {"gen": aerospike.POLICY_GEN_EQ},
    }


def field_refs(info: ModelInfo) -> dict[str, Any]:
    """The class-level references, one per field (built once, on first use)."""
    from .refs import ref_class

    return {s.name: ref_class(s.annotation)(s.path) for s in info.fields.values()}

