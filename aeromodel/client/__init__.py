"""``aeromodel.client``: a drop-in implementation of the official Aerospike Python client API.

``import aeromodel.client as aerospike`` and code written for the official module runs unchanged.
``client({"embedded": {...}})`` runs on the in-process engine. The cluster transport
(``client({"hosts": [...]})``) is not part of this release.
"""

from __future__ import annotations

from typing import Any

from . import exception, helpers, predicates
from .client import Client, calc_digest, get_expression_base64
from .codec import Serializers
from .constants import *  # noqa: F403 - the module-level constants are the public API
from .constants import __all__ as _constants_all
from .log import set_log_handler, set_log_level
from .ordering import INFINITY, WILDCARD
from .queries import Query, Scan
from .results import (
    AerospikeKey,
    BinTuple,
    ExistsResult,
    InfoNodeResult,
    OperateOrderedResult,
    Record,
    RecordMetadata,
)
from .values import GeoJSON, HyperLogLog, KeyOrderedDict, NullType, geodata, geojson, null

__version__ = "0.1.0"


def client(config: dict[str, Any] | None = None) -> Client:
    """Create a client (connected, as in 8.0+). Raises ParamError for a bad config (and for none,
    as the official client does: a ParamError whose context is the TypeError of the call)."""
    if config is None:
        try:
            raise TypeError("client() missing its config argument")
        except TypeError:
            raise exception.error(exception.ParamError, "No config argument") from None
    return Client(config)


def set_serializer(function: Any) -> int:
    """Register a module-level serializer (used by put(..., serializer=SERIALIZER_USER)). Returns 0."""
    if not callable(function):
        raise exception.error(exception.ParamError, "Parameter must be a callable")
    Serializers.serializer = function
    return 0


def set_deserializer(function: Any) -> int:
    """Register a module-level deserializer, applied to blobs read back. Returns 0."""
    if not callable(function):
        raise exception.error(exception.ParamError, "Parameter must be a callable")
    Serializers.deserializer = function
    return 0


def unset_serializers() -> int:
    """Remove the module-level serializer and deserializer. Returns 0."""
    Serializers.serializer = None
    Serializers.deserializer = None
    return 0


def CDTWildcard() -> Any:
    """A value equal to every value, for CDT ranges and value lists."""
    return WILDCARD


def CDTInfinite() -> Any:
    """A value greater than every value, for open-ended CDT ranges."""
    return INFINITY


__all__ = [
    *_constants_all,
    "AerospikeKey",
    "BinTuple",
    "CDTInfinite",
    "CDTWildcard",
    "Client",
    "ExistsResult",
    "GeoJSON",
    "HyperLogLog",
    "InfoNodeResult",
    "KeyOrderedDict",
    "NullType",
    "OperateOrderedResult",
    "Query",
    "Record",
    "RecordMetadata",
    "Scan",
    "__version__",
    "calc_digest",
    "client",
    "exception",
    "geodata",
    "geojson",
    "get_expression_base64",
    "helpers",
    "null",
    "predicates",
    "set_deserializer",
    "set_log_handler",
    "set_log_level",
    "set_serializer",
    "unset_serializers",
]
