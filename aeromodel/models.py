"""``Model``: a pydantic model that maps to an Aerospike record. Instances do no I/O until a
method says so; a loaded or saved instance remembers its key, generation, ttl and the bins last
seen, so that ``save()`` is generation-checked and sends only what changed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, overload

from pydantic import BaseModel, ConfigDict, PydanticUndefinedAnnotation, model_validator
from pydantic._internal._model_construction import ModelMetaclass, build_lenient_weakvaluedict
from pydantic._internal._typing_extra import parent_frame_namespace
from typing_extensions import Self, dataclass_transform

from . import bulk, errors, versioning
from . import client as aerospike
from .actions import Action, Selection
from .codecs import copy_tree
from .connection import _clients, _dialects, _plain, get_client, get_dialect
from .dialect import AEROMODEL
from .errors import ModelDefinitionError
from .fields import Field
from .schema import FieldSpec, ModelInfo, NotYetDefined, build_info, field_refs, read_options
from .state import RecordMeta, State, changes, dirty, remember

if TYPE_CHECKING:
    from .query import Query

_set = object.__setattr__
_WRITE = aerospike.OPERATOR_WRITE
_READ = aerospike.OPERATOR_READ
M = TypeVar("M", bound="Model")


@dataclass_transform(kw_only_default=True, field_specifiers=(Field,))
class ModelMeta(ModelMetaclass):
    """Reads the model options (class keywords or ``Meta``), builds ``__aeromodel__`` and a
    ``DoesNotExist`` per model, and answers class-level field access with field references."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any], **kwargs: Any) -> Any:
        ours = name == "Model" and attrs.get("__module__") == __name__
        parent = next((b.__dict__["__aeromodel__"] for b in bases if "__aeromodel__" in b.__dict__), None)
        if isinstance(parent, DeferredInfo):
            parent = parent.complete()
        options = read_options(attrs, kwargs, parent)
        attrs.pop("Meta", None)
        annotations = attrs.get("__annotations__", {})
        if any("datetime" in str(a) for a in annotations.values()):
            # only models that may hold datetimes pay for the check, on construction and assignment
            attrs["_check_aware_datetimes"] = model_validator(mode="after")(_aware_datetimes)
        if not ours:
            clash = _reserved() & set(attrs.get("__annotations__", {}))
            if clash:
                raise ModelDefinitionError(
                    f"{name}: field name(s) {sorted(clash)} are Model attributes; name them "
                    "otherwise (the bin keeps its name with Field(bin=...))"
                )
        # pydantic reads the defining frame's locals to resolve annotations; this frame sits in
        # between, so hand it the right one.
        attrs["__pydantic_parent_namespace__"] = build_lenient_weakvaluedict(
            parent_frame_namespace(parent_depth=2)
        )
        cls = super().__new__(mcs, name, bases, attrs, __pydantic_reset_parent_namespace__=False, **kwargs)
        if ours:
            return cls
        # A field naming a model not defined yet (a forward reference): pydantic completes the
        # class later, and so does aeromodel, at the class's first use or model_rebuild().
        info: Any = DeferredInfo(cls, options)
        if cls.__dict__.get("__pydantic_complete__"):
            # a nested model may name one not defined yet (this one, perhaps): then later
            with contextlib.suppress(NotYetDefined):
                info = build_info(cls, options, _reserved())
        parent_dne = next((b.DoesNotExist for b in bases if hasattr(b, "DoesNotExist")),
                          errors.DoesNotExist)
        type.__setattr__(cls, "__aeromodel__", info)
        type.__setattr__(cls, "DoesNotExist", type("DoesNotExist", (parent_dne,), {"__module__": cls.__module__,
                                                                 "__qualname__": f"{name}.DoesNotExist"}))
        return cls

    if not TYPE_CHECKING:  # type checkers see fields through the aeromodel.mypy plugin

        def __getattr__(cls, item: str) -> Any:
            info = cls.__dict__.get("__aeromodel__")
            if type(info) is DeferredInfo and (info.completing or item.startswith("__")):
                info = None  # pydantic looking at the class while completing it
            if info is not None and item in info.fields:
                if not info.refs:
                    info.refs = field_refs(info)
                return info.refs[item]
            return super().__getattr__(item)


class DeferredInfo:
    """``__aeromodel__`` of a model whose fields name models not defined yet: the first look at
    any of its attributes completes the model (pydantic's rebuild, then aeromodel's schema) and
    puts the real ``ModelInfo`` in its place. Raises ModelDefinitionError naming what is still
    undefined."""

    def __init__(self, cls: type[Model], options: dict[str, Any]) -> None:
        self.cls = cls
        self.options = options
        self.completing = False

    def complete(self) -> ModelInfo:
        cls = self.cls
        current = cls.__dict__.get("__aeromodel__")
        if isinstance(current, ModelInfo):
            return current
        self.completing = True
        try:
            cls.model_rebuild(raise_errors=True)
        except PydanticUndefinedAnnotation as err:
            raise NotYetDefined(
                f"{cls.__name__}: {err.name!r} is not defined (a forward reference): define it "
                f"before {cls.__name__} is used"
            ) from None
        finally:
            self.completing = False
        info = build_info(cls, self.options, _reserved())
        type.__setattr__(cls, "__aeromodel__", info)
        return info

    def __getattr__(self, name: str) -> Any:
        return getattr(self.complete(), name)


def _aware_datetimes(self: Any) -> Any:
    for name in type(self).__aeromodel__.datetime_fields:
        value = self.__dict__[name]
        if value is not None and (value.tzinfo is None or value.utcoffset() is None):
            raise ValueError(f"{name}: naive datetime; give it a time zone (e.g. timezone.utc)")
    return self


_RESERVED: set[str] = set()


def _reserved() -> set[str]:
    """Names a field may not take: the Model API (and pydantic's)."""
    if not _RESERVED:
        _RESERVED.update(n for n in dir(Model) if not n.startswith("_"))
        _RESERVED.update(("ttl", "expect_generation", "check_generation"))  # update()'s options
    return _RESERVED


class Model(BaseModel, metaclass=ModelMeta):
    """Base class of every model: ``class User(Model, namespace="test", set="users")``.

    Options (class keywords, or attributes of an inner ``class Meta``; inherited): ``namespace``
    (a model without one is abstract), ``set`` (default: the class name in snake_case; None for
    no set), ``ttl`` (seconds, every write), ``send_key`` (store the user key; default True),
    ``connection`` (name given to ``connect``), ``indexes`` (``Index(...)`` list),
    ``validate_on_load`` (validate loaded records with pydantic; default False),
    ``check_generation`` (optimistic locking on saves of loaded instances; default True),
    ``allow_scan`` (queries no index serves may scan the set; default False).
    """

    model_config = ConfigDict(validate_assignment=True, extra="forbid")
    __slots__ = ("_am",)
    __aeromodel__: ClassVar[ModelInfo]
    DoesNotExist: ClassVar[type[errors.DoesNotExist]] = errors.DoesNotExist

    # State.

    def _state(self) -> State:
        try:
            state = _GET_STATE(self)
        except AttributeError:  # never loaded nor saved (the slot read, not getattr: no pydantic __getattr__)
            state = None
        if type(state) is State:
            return state
        if state is None:
            state = State(None, None, None, None, {})
        else:  # a load leaves (key, meta, bins, extra or None): see _build
            key, meta, bins, extra = state
            state = State(key, meta["gen"], meta["ttl"], bins, {} if extra is None else extra)
        _set(self, "_am", state)
        return state

    @property
    def meta(self) -> RecordMeta:
        """The record's key, generation and ttl as last seen (``generation`` is the ETag)."""
        st = self._state()
        return RecordMeta(self._key_or_none(), st.gen, st.ttl)

    @property
    def extra_bins(self) -> dict[str, Any]:
        """Bins of the record the model does not declare (kept: a save never drops them)."""
        return self._state().extra  # type: ignore[no-any-return]

    @classmethod
    def _info(cls) -> ModelInfo:
        info = cls.__aeromodel__
        if info.namespace is None:
            raise ModelDefinitionError(f"{cls.__name__} has no namespace: it is abstract")
        return info

    @classmethod
    def raw_client(cls) -> Any:
        """The client this model uses, for anything the model layer does not cover."""
        return get_client(cls.__aeromodel__.connection)

    @classmethod
    def query(cls) -> Query[Self]:
        """A lazy, immutable query over this model's set: ``User.query().where(age__gte=18)``
        (see ``aeromodel.query.Query``)."""
        from .query import Query

        return Query(cls)

    @classmethod
    def key_for(cls, key: Any = None, *, digest: bytes | None = None) -> tuple[Any, ...]:
        """The client key tuple of a primary-key value (or of a digest alone)."""
        info = cls._info()
        if digest is not None:
            return (info.namespace, info.set, None, bytearray(digest))
        if key is None:
            raise ValueError(f"{cls.__name__}: a key or a digest is needed")
        kf = info.key_field
        if kf is not None and kf.encode is not None:
            key = kf.encode(key)
        return (info.namespace, info.set, key)

    def _key_or_none(self) -> tuple[Any, ...] | None:
        info = type(self).__aeromodel__
        kf = info.key_field
        if kf is not None:
            value = self.__dict__[kf.name]
            if value is not None:
                return type(self).key_for(value)
        return self._state().key  # type: ignore[no-any-return]

    def _key(self, key: Any = None) -> tuple[Any, ...]:
        if key is not None:
            if type(self).__aeromodel__.key_field is not None:
                raise ValueError(f"{type(self).__name__} has a primary-key field: set it instead of key=")
            k = type(self).key_for(key)
            self._state().key = k
            return k
        found = self._key_or_none()
        if found is None:
            raise ValueError(f"{type(self).__name__} instance has no key: pass key=... or set its primary key")
        return found

    # Loading.

    @classmethod
    def _load(cls, key: Any, meta: Any, bins: dict[str, Any], asked: Any = None) -> Self:
        """An instance from a record (every load goes through here); a versioned model's older
        records are upgraded on the way (``versioning.py``)."""
        if cls.__aeromodel__.schema_version is not None:
            return versioning.load(cls, key, meta, bins, asked)  # type: ignore[no-any-return]
        return cls._build(key, meta, bins, asked)

    @classmethod
    def _build(cls, key: Any, meta: Any, bins: dict[str, Any], asked: Any = None) -> Self:
        """An instance from a record, built without pydantic validation: the data came from our
        own saves, and validating 10 fields costs about as much as the raw read (see
        docs/models.md, "Speed"). Missing bins take their defaults; a missing required field, or
        ``validate_on_load=True``, goes through validation. Raises ValidationError."""
        return _build(cls, cls.__aeromodel__, key, meta, bins, asked)

    @classmethod
    def _load_many(cls, records: list[Any]) -> list[Self]:
        """``_load`` of each (key, meta, bins) record, with the class lookups done once."""
        info = cls.__aeromodel__
        if info.schema_version is not None:
            load = cls._load
            return [load(r[0], r[1], r[2]) for r in records]
        return [_build(cls, info, r[0], r[1], r[2], None) for r in records]

    @classmethod
    def _load_validated(cls, key: Any, meta: Any, bins: dict[str, Any], asked: Any) -> Self:
        info = cls.__aeromodel__
        data: dict[str, Any] = {}
        for spec in info.stored:
            v = bins.get(spec.bin)
            if v is not None:
                data[spec.name] = v if spec.decode is None else spec.decode(v)
        kf = info.key_field
        if kf is not None:
            user_key = key[2] if key is not None and key[2] is not None else (asked[2] if asked else None)
            if user_key is not None:
                data[kf.name] = kf.decode(user_key) if kf.decode else user_key
        try:
            obj = cls.model_validate(data)
        except ValueError as err:
            raise errors.ValidationError(
                f"{cls.__name__} record {(asked or key)!r} does not validate: {err}"
            ) from err
        extra = {b: v for b, v in bins.items() if b not in info.by_bin}
        _set(obj, "_am", State(asked or key, meta["gen"], meta["ttl"], bins, extra))
        return obj

    @classmethod
    def get(cls, key: Any = None, *, digest: bytes | None = None) -> Self:
        """The record at ``key`` (a primary-key value) or ``digest``. Raises ``cls.DoesNotExist``
        (a ``RecordNotFound``) when there is none, ``ValidationError`` when it does not validate."""
        info = cls.__aeromodel__
        if digest is None and key is not None and info.plain_key:
            k: tuple[Any, ...] = (info.namespace, info.set, key)
            plain = _plain.get(info.connection)
            if plain is not None and info.schema_version is None:
                try:
                    meta, bins = plain.get(k)
                except Exception as err:
                    raise errors.translate(err, cls, key, get_dialect(info.connection)) from err
                return _build(cls, info, None, meta, bins, k)
        else:
            k = cls.key_for(key, digest=digest)
        client = _clients.get(info.connection) or get_client(info.connection)
        try:
            rec = client.get(k)
        except Exception as err:
            raise errors.translate(err, cls, key if digest is None else digest,
                                   get_dialect(info.connection)) from err
        if info.schema_version is None:
            return _build(cls, info, rec[0], rec[1], rec[2], k)
        return cls._load(rec[0], rec[1], rec[2], k)

    @overload
    @classmethod
    def get_many(cls, keys: Iterable[Any], *, missing: Literal["none"] = "none") -> list[Self | None]: ...
    @overload
    @classmethod
    def get_many(cls, keys: Iterable[Any], *, missing: Literal["skip", "raise"]) -> list[Self]: ...
    @classmethod
    def get_many(cls, keys: Iterable[Any], *, missing: str = "none") -> Any:
        """The records at ``keys`` in one batch call, in order. A missing record is ``None``
        (``missing="none"``), left out (``"skip"``) or raises ``cls.DoesNotExist`` naming every
        missing key (``"raise"``)."""
        if missing not in ("none", "skip", "raise"):
            raise ValueError("missing= is 'none', 'skip' or 'raise'")
        asked_keys = list(keys)
        info = cls._info()
        kf = info.key_field
        if kf is None or kf.encode is None:
            ns, set_name = info.namespace, info.set
            tuples = [(ns, set_name, k) for k in asked_keys]
        else:
            tuples = [cls.key_for(k) for k in asked_keys]
        plain = _plain.get(info.connection)
        if plain is not None:
            answers: Any = plain.batch_read(tuples)
        else:
            answers = [(br.result, None, None) if br.result else (0, br.record[1], br.record[2])
                       for br in get_client(info.connection).batch_read(tuples).batch_records]
        out: list[Any] = []
        absent = []
        versioned = info.schema_version is not None
        for i, (code, meta, bins) in enumerate(answers):
            if code == 0:
                if versioned:
                    out.append(cls._load(None, meta, bins, tuples[i]))
                else:
                    out.append(_build(cls, info, None, meta, bins, tuples[i]))
            elif code == 2:
                absent.append(asked_keys[i])
                if missing == "none":
                    out.append(None)
            else:
                raise get_dialect(info.connection).error(code, f"batch read of {asked_keys[i]!r} failed")
        if absent and missing == "raise":
            dne = get_dialect(info.connection).model_error(cls.DoesNotExist)
            raise dne(2, f"{cls.__name__}: no records for {absent!r}", key=absent)
        return out

    @classmethod
    def exists(cls, key: Any = None, *, digest: bytes | None = None) -> bool:
        """Whether the record exists (metadata only)."""
        res = get_client(cls.__aeromodel__.connection).exists(cls.key_for(key, digest=digest))
        return res[1] is not None

    def refresh(self) -> Self:
        """Reload every field from the record. Raises ``DoesNotExist``."""
        cls = type(self)
        k = self._key()
        connection = cls.__aeromodel__.connection
        try:
            rec = get_client(connection).get(k)
        except Exception as err:
            raise errors.translate(err, cls, k[2], get_dialect(connection)) from err
        fresh = cls._load(rec[0], rec[1], rec[2], k)
        self.__dict__.update(fresh.__dict__)
        object.__setattr__(self, "_am", fresh._state())
        return self

    @classmethod
    def select(cls, key: Any, *selections: Selection | Any) -> list[Any]:
        """Read parts of one record without fetching whole bins: list slices (``User.tags[-10:]``),
        map entries (``User.visits["home"]``), sizes (``User.tags.size()``), in one call. Answers
        the values in order (None for what is not there). Raises ``cls.DoesNotExist``."""
        sels = [s if isinstance(s, Selection) else s.read() for s in selections]
        k = cls.key_for(key)
        connection = cls.__aeromodel__.connection
        d = get_dialect(connection)
        try:
            rec = get_client(connection).operate_ordered(k, [s.operation(d) for s in sels])
        except Exception as err:
            raise errors.translate(err, cls, key, d) from err
        answers = list(rec[2])
        out, i = [], 0
        for s in sels:
            if i < len(answers) and answers[i][0] == s.bin:
                v = answers[i][1]
                i += 1
                out.append(None if v is None else s.decode.decode(v))
            else:
                out.append(None)
        return out

    # Writing.

    def _encoded(self, names: Iterable[FieldSpec] | None = None) -> dict[str, Any]:
        d = self.__dict__
        out = {}
        for spec in type(self).__aeromodel__.stored if names is None else names:
            v = d[spec.name]
            if v is not None and spec.encode is not None:
                v = spec.encode(v)
            out[spec.bin] = v
        return out

    def _write(self, key: tuple[Any, ...], ops: list[dict[str, Any]], meta: dict[str, Any] | None,
               policy: dict[str, Any], written: dict[str, Any], fresh: bool, st: State,
               info: ModelInfo, writes_only: bool = False) -> None:
        """Run ``ops``; then remember, in ``st`` (the instance's state), the answer's generation
        and ttl, and ``written`` as stored (over the last-seen bins, or in their place when
        ``fresh``). ``writes_only``: ``ops`` are plain writes of ``written`` (an aeromodel client
        then sends them as put() builds them: the same command, built quicker)."""
        plain = _plain.get(info.connection)
        client: Any = get_client(info.connection) if plain is None else None
        if info.geo:
            ops = get_dialect(info.connection).values(ops)
        try:
            if plain is None:
                rmeta = client.operate(key, ops, meta, policy)[1]
            elif writes_only and not info.geo:
                rmeta = plain.write(key, written, meta, policy)
            else:
                rmeta = plain.operate(key, ops, meta, policy)
        except Exception as err:
            raise errors.translate(err, type(self), key[2], get_dialect(info.connection)) from err
        st.key = key
        st.gen = rmeta["gen"]
        st.ttl = rmeta["ttl"]
        remember(st, written, fresh, info.copiers)

    def _meta(self, ttl: int | None, gen: int | None) -> dict[str, Any] | None:
        ttl = type(self).__aeromodel__.ttl if ttl is None else ttl
        if ttl is None and gen is None:
            return None
        meta: dict[str, Any] = {}
        if ttl is not None:
            meta["ttl"] = ttl
        if gen is not None:
            meta["gen"] = gen
        return meta

    def save(self, *, key: Any = None, ttl: int | None = None, expect_generation: int | None = None,
             check_generation: bool | None = None) -> Self:
        """Create or update the record. A loaded (or saved) instance sends only the bins that
        changed (map fields: the changed keys, as map operations), checked against the generation
        it was loaded with; a new instance writes every field (``None`` fields remove their bin).
        ``expect_generation`` checks against that generation instead (an ETag round trip);
        ``check_generation=False`` is last-writer-wins. Bins the model does not declare are never
        touched. Raises ``ConflictError`` (a ``RecordGenerationError``) when the record changed,
        ``DoesNotExist`` when a loaded instance's record was deleted."""
        info = self.__aeromodel__  # through the instance: the metaclass makes class lookups slow
        if info.namespace is None:
            type(self)._info()  # raises
        kf = info.key_field
        d = self.__dict__
        if key is None and kf is not None and kf.encode is None and d[kf.name] is not None:
            k: tuple[Any, ...] = (info.namespace, info.set, d[kf.name])
        else:
            k = self._key(key)
        st = self._state()
        if st.bins is not None and st.key is not None and st.key[2] is not None and st.key[2] != k[2]:
            raise ValueError(
                f"{type(self).__name__}: the primary key of a loaded instance changed "
                f"({st.key[2]!r} -> {k[2]!r}); build a new instance to write another record"
            )
        check = info.check_generation if check_generation is None else check_generation
        gen = expect_generation if expect_generation is not None else (st.gen if check else None)
        pol = info.policies
        if ttl is None and info.ttl is None:  # what _meta answers, without the call
            meta = None if gen is None else {"gen": gen}
        else:
            meta = self._meta(ttl, gen)
        if st.bins is None:
            new = self._encoded()
            if st.extra:
                new = {**st.extra, **new}
            if all(v is None for v in new.values()):
                raise ValueError(f"{type(self).__name__}: nothing to store (a record needs at least one bin)")
            versioning.stamp(info, new)
            ops = [{"op": _WRITE, "bin": b, "val": v} for b, v in new.items()]
            policy = pol["upsert_gen"] if gen is not None else pol["upsert"]
            self._write(k, ops, meta, policy, new, True, st, info, True)
            return self
        ops, changed = dirty(info.save_plan, d, st.bins, _dialects.get(info.connection, AEROMODEL))
        if st.pending:  # a lazy schema upgrade is written back with the first save
            ops += [{"op": _WRITE, "bin": b, "val": v} for b, v in st.pending.items()]
            changed.update(st.pending)
        if not ops:
            if ttl is None and expect_generation is None:
                return self
            ops = [{"op": aerospike.OPERATOR_TOUCH}]
        policy = pol["update_gen"] if gen is not None else pol["update"]
        writes_only = all(op["op"] == _WRITE for op in ops)
        self._write(k, ops, meta, policy, changed, False, st, info, writes_only)
        st.pending = None
        return self

    def insert(self, *, key: Any = None, ttl: int | None = None) -> Self:
        """Create the record; ``None`` fields are not written. Raises ``AlreadyExistsError`` (a
        ``RecordExistsError``) when it exists, writing nothing."""
        info = type(self)._info()
        k = self._key(key)
        new = {b: v for b, v in self._encoded().items() if v is not None}
        st = self._state()
        if st.extra:
            new = {**st.extra, **new}
        if not new:
            raise ValueError(f"{type(self).__name__}: nothing to store (a record needs at least one bin)")
        versioning.stamp(info, new)
        ops = [{"op": _WRITE, "bin": b, "val": v} for b, v in new.items()]
        self._write(k, ops, self._meta(ttl, None), info.policies["create"], new, True, st, info, True)
        return self

    def update(self, *actions: Action, ttl: int | None = None, expect_generation: int | None = None,
               check_generation: bool | None = None, **assignments: Any) -> Self:
        """Apply CDT ``actions`` (``User.tags.append("x")``, ``User.visits["home"].increment(1)``)
        and field ``assignments`` (validated as attribute assignments) in one ``operate()``,
        generation-checked for a loaded instance, and refresh the touched fields from the answer.
        Other unsaved changes stay pending. Raises ``ConflictError``, ``DoesNotExist`` (the record
        must exist), pydantic's ``ValidationError`` for a bad assignment (nothing sent); on a
        failed write the assignments are undone."""
        cls = type(self)
        info = cls._info()
        k = self._key()
        st = self._state()
        d = self.__dict__
        dialect = get_dialect(info.connection)
        old = {}
        try:
            for name, value in assignments.items():
                spec = info.fields.get(name)
                if spec is None:
                    raise AttributeError(f"{cls.__name__} has no field {name!r}")
                if spec.primary_key:
                    raise ValueError(f"{cls.__name__}.{name} is the key: it cannot be updated")
                old[name] = d[name]
                setattr(self, name, value)
        except BaseException:
            self.__dict__.update(old)
            raise
        d = self.__dict__  # validate_assignment replaces the dict
        specs = [info.fields[n] for n in assignments]
        new = self._encoded(specs)
        if st.bins is not None:
            ops = changes(new, st.bins, dialect)[0]
        else:
            ops = [{"op": _WRITE, "bin": b, "val": v} for b, v in new.items()]
        touched = {s.bin: s for s in specs}
        for action in actions:
            if not isinstance(action, Action):
                raise TypeError(f"update() takes actions such as {cls.__name__}.field.append(x), not {action!r}")
            spec = info.fields.get(action.path.field)
            if spec is None or spec.bin != action.bin:
                raise ValueError(f"{action.description} is not a field of {cls.__name__}")
            pending = (
                spec.name not in assignments and st.bins is not None and action.bin not in touched
                and changes(self._encoded((spec,)), st.bins, dialect)[0]
            )
            if pending:
                self.__dict__.update(old)
                raise ValueError(
                    f"{cls.__name__}.{spec.name} has unsaved changes that {action.description} "
                    "would overwrite: save() first, or assign the field in the same update()"
                )
            ops.extend(action.operations(dialect))
            touched[action.bin] = spec
        for b in touched:
            ops.append({"op": _READ, "bin": b})
        check = info.check_generation if check_generation is None else check_generation
        gen = expect_generation if expect_generation is not None else (st.gen if check else None)
        policy = info.policies["update_gen" if gen is not None else "update"]
        client = get_client(info.connection)
        if info.geo:
            ops = dialect.values(ops)
        try:
            rec = client.operate(k, ops, self._meta(ttl, gen), policy)
        except Exception as err:
            self.__dict__.update(old)
            raise errors.translate(err, cls, k[2], dialect) from err
        bins = rec[2]
        snap = dict(st.bins) if st.bins is not None else {}
        for b, spec in touched.items():
            v = bins.get(b)
            if v is None:
                snap.pop(b, None)
                d[spec.name] = None if spec.required else spec.default.get_default(call_default_factory=True)
            else:
                snap[b] = v
                value = v if spec.decode is None else spec.decode(v)
                d[spec.name] = copy_tree(value) if spec.copy_on_load else value
        st.key, st.gen, st.ttl, st.bins = k, rec[1]["gen"], rec[1]["ttl"], snap
        return self

    def delete(self, *, check_generation: bool | None = None) -> None:
        """Remove the record; generation-checked for a loaded instance. Raises ``ConflictError``,
        ``DoesNotExist``."""
        cls = type(self)
        info = cls._info()
        k = self._key()
        st = self._state()
        check = info.check_generation if check_generation is None else check_generation
        client = get_client(info.connection)
        try:
            if check and st.gen is not None:
                client.remove(k, {"gen": st.gen}, info.policies["remove_gen"])
            else:
                client.remove(k)
        except Exception as err:
            raise errors.translate(err, cls, k[2], get_dialect(info.connection)) from err
        st.gen = st.ttl = st.bins = None

    # Bulk.

    @classmethod
    def save_many(cls, instances: Sequence[Self], *, ttl: int | None = None) -> None:
        """Save instances in one batch call (each as ``save()`` would: changes only,
        generation-checked). Raises ``BulkError`` naming the failed ones; the others are saved."""
        bulk.save_many(cls, instances, ttl)

    @classmethod
    def delete_many(cls, items: Iterable[Self | Any]) -> None:
        """Delete instances (generation-checked when loaded) or primary-key values in one batch
        call. A missing record is not an error. Raises ``BulkError`` naming the failed ones."""
        bulk.delete_many(cls, items)


_new = object.__new__
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__
_SET_STATE = Model.__dict__["_am"].__set__
_GET_STATE = Model.__dict__["_am"].__get__


def _build(cls: type[M], info: ModelInfo, key: Any, meta: Any, bins: dict[str, Any], asked: Any) -> M:
    """``Model._build`` for ``cls`` (whose ``__aeromodel__`` is ``info``): a function, as class
    attribute lookups through the model metaclass cost more than the rest of a call."""
    if info.quick_load and bins.keys() == info.bin_names:
        # every field stored under its own name, nothing else: copy, then fix up
        values = dict(bins)
        for name, fix in info.decoders:
            values[name] = fix(values[name])
        extra = None
    else:
        if info.validate_on_load:
            return cls._load_validated(key, meta, bins, asked)
        values = {}
        found = 0
        get = bins.get
        for name, b, decode, default in info.load_plan:
            v = get(b)
            if v is None:
                if default is None:
                    return cls._load_validated(key, meta, bins, asked)
                values[name] = default()
            else:
                found += 1
                values[name] = v if decode is None else decode(v)
        extra = {b: v for b, v in bins.items() if b not in info.by_bin} if found != len(bins) else None
    kf = info.key_field
    if kf is not None:
        user_key = key[2] if key is not None else None
        if user_key is None and asked is not None:
            user_key = asked[2]
        values[kf.name] = user_key if kf.decode is None or user_key is None else kf.decode(user_key)
    # what model_construct does, through the slots' descriptors (a third of its cost)
    obj = _new(cls)
    _SET_DICT(obj, values)
    _SET_FIELDS_SET(obj, set(info.fields_set))
    _SET_EXTRA(obj, None)
    _SET_PRIVATE(obj, None)
    # the State is made on first use (_state): most loaded instances are only read
    _SET_STATE(obj, (asked or key, meta, bins, extra))
    return obj
