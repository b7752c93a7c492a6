"""The client package a connection speaks: ``aeromodel.client`` or the official ``aerospike``.
Both have the same documented API, but their helper objects (compiled expressions, ``cdt_ctx``,
batch records) and exception classes are their own, so the model layer builds them through the
``Dialect`` of the connection, chosen once at ``connect()``."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

from .client import GeoJSON as _OurGeoJSON
from .client import exception as _our_exceptions

OURS = "aeromodel.client"
OFFICIAL = "aerospike"
E = TypeVar("E", bound=Exception)


@dataclass(frozen=True, eq=False)
class Dialect:
    """The helper modules and classes of one client package (the official packages' modules
    and names are the ones ``aeromodel.client`` mirrors): ``exp`` (expressions), ``ops`` / ``lo``
    / ``mo`` (operations, list and map operations), ``cdt_ctx``, ``batch`` (batch records),
    ``exception``, ``geojson`` (the ``GeoJSON`` value class). Predicates are plain tuples, the
    same in both packages, so the query compiler builds them without a dialect."""

    name: str
    exception: ModuleType
    exp: ModuleType
    ops: ModuleType
    lo: ModuleType
    mo: ModuleType
    cdt_ctx: ModuleType
    batch: ModuleType
    geojson: type
    infinity: Any  # the package's CDTInfinite(): a value range's open end (nil is the lowest value)
    _by_code: dict[int, type[Exception]] = field(default_factory=dict, repr=False)
    _model_errors: dict[type[Exception], type[Exception]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for value in vars(self.exception).values():
            code = getattr(value, "code", None)
            if isinstance(value, type) and issubclass(value, Exception) and type(code) is int:
                self._by_code.setdefault(code, value)

    def error(self, code: int, msg: str) -> Exception:
        """The package's exception for a result code (its root class for a code without one),
        as the client would raise it."""
        cls: type[Exception] = self._by_code.get(code, self.exception.AerospikeError)
        return cls(code, msg)

    def model_error(self, cls: type[E]) -> type[E]:
        """``cls`` (a model-layer error subclassing an ``aeromodel.client`` exception) made also
        an instance of the same-named exception of this package, so that code catching the
        official client's exceptions catches the model layer's too. ``cls`` itself for ours."""
        if self.exception is _our_exceptions:
            return cls
        found = self._model_errors.get(cls)
        if found is None:
            theirs = next(getattr(self.exception, base.__name__) for base in cls.__mro__
                          if base.__module__ == _our_exceptions.__name__)
            found = type(cls.__name__, (cls, theirs), {"__module__": cls.__module__,
                                                      "__qualname__": cls.__qualname__})
            self._model_errors[cls] = found
        return found  # type: ignore[return-value]

    def values(self, value: Any) -> Any:
        """``value`` (a bin value, an operation or a list of them) with every
        ``aeromodel.client.GeoJSON`` inside made this package's ``GeoJSON`` (codecs build ours);
        ``value`` itself for ours, or when it holds none."""
        if self.geojson is _OurGeoJSON:
            return value
        return _convert(value, self.geojson)


def _convert(value: Any, geojson: type) -> Any:
    if isinstance(value, _OurGeoJSON):
        return geojson(value.unwrap())
    if isinstance(value, dict):
        return {k: _convert(v, geojson) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v, geojson) for v in value]
    return value


def _load(package: str, helpers: str, exception: str) -> Dialect:
    def mod(name: str) -> ModuleType:
        return importlib.import_module(name)

    return Dialect(
        name=package,
        exception=mod(exception),
        exp=mod(f"{helpers}.expressions"),
        ops=mod(f"{helpers}.operations.operations"),
        lo=mod(f"{helpers}.operations.list_operations"),
        mo=mod(f"{helpers}.operations.map_operations"),
        cdt_ctx=mod(f"{helpers}.cdt_ctx"),
        batch=mod(f"{helpers}.batch.records"),
        geojson=mod(package).GeoJSON,
        infinity=mod(package).CDTInfinite(),
    )


AEROMODEL = _load(OURS, "aeromodel.client.helpers", "aeromodel.client.exception")
_official: list[Dialect] = []


def official() -> Dialect:
    """The official ``aerospike`` package's dialect (imported on first use). Raises ImportError
    when the package is not installed."""
    if not _official:
        _official.append(_load(OFFICIAL, "aerospike_helpers", "aerospike.exception"))
    return _official[0]


def dialect_for(client: Any, name: str | None = None) -> Dialect:
    """The dialect of ``client``: ``name`` (``"aeromodel.client"`` or ``"aerospike"``) when given,
    else the official one for an instance of the official ``aerospike.Client``, else ours (any
    other object implementing the documented API: ours, or a wrapper of ours). Raises
    ValueError for an unknown name."""
    if name is None:
        name = OFFICIAL if type(client).__module__ == OFFICIAL else OURS
    if name == OURS:
        return AEROMODEL
    if name == OFFICIAL:
        return official()
    raise ValueError(f"dialect is {OURS!r} or {OFFICIAL!r}, not {name!r}")
