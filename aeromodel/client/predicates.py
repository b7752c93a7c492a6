"""Secondary-index predicates for ``Query.where``, as the official ``aerospike.predicates``
builds them: plain tuples ``(kind, index datatype, bin, value[, end, index collection type])``,
kind 0 an equality and 1 a range; a value of a type no index holds gives None, as there.
"""

from __future__ import annotations

import json
from typing import Any

from . import constants as C
from . import exception

__all__ = [
    "between",
    "contains",
    "equals",
    "geo_contains_geojson_point",
    "geo_contains_point",
    "geo_within_geojson_region",
    "geo_within_radius",
    "range",
]

EQUALS = 0
RANGE = 1


def _datatype(val: Any) -> int | None:
    if isinstance(val, int):  # a bool too, as there (sent as 0 or 1)
        return C.INDEX_NUMERIC
    if isinstance(val, str):
        return C.INDEX_STRING
    if isinstance(val, (bytes, bytearray)):
        return C.INDEX_BLOB
    return None


def equals(bin: str | None, val: Any) -> tuple[Any, ...] | None:
    """Records whose bin equals ``val`` (an int, str or bytes)."""
    dtype = _datatype(val)
    return None if dtype is None else (EQUALS, dtype, bin, val)


def _ints(*values: Any) -> bool:
    return all(isinstance(v, int) for v in values)


def between(bin: str | None, min: int, max: int) -> tuple[Any, ...] | None:
    """Records whose integer bin is in [min, max]."""
    return (RANGE, C.INDEX_NUMERIC, bin, min, max) if _ints(min, max) else None


def contains(bin: str | None, index_type: int, val: Any) -> tuple[Any, ...] | None:
    """Records whose list, map keys or map values (``index_type``) hold ``val``."""
    dtype = _datatype(val)
    return None if dtype is None else (EQUALS, dtype, bin, val, None, index_type)


def range(bin: str | None, index_type: int, min: int, max: int) -> tuple[Any, ...] | None:
    """Records whose list, map keys or map values hold an integer in [min, max]."""
    return (RANGE, C.INDEX_NUMERIC, bin, min, max, index_type) if _ints(min, max) else None


def _geo(bin: str | None, shape: str, index_type: int) -> tuple[Any, ...]:
    return (RANGE, C.INDEX_GEO2DSPHERE, bin, shape, None, index_type)


def _text(shape: Any) -> str:
    if isinstance(shape, str):
        return shape
    dumps = getattr(shape, "dumps", None)  # a GeoJSON value
    if callable(dumps):
        return str(dumps())
    raise exception.error(exception.ParamError, "Shape should be a string or a GeoJSON object")


def _numbers(*values: Any) -> None:
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        raise exception.error(
            exception.ParamError,
            "Latitude, longitude and radius should be integer or double type, bin of string type",
        )


def geo_within_geojson_region(
    bin: str | None, shape: Any, index_type: int = C.INDEX_TYPE_DEFAULT
) -> tuple[Any, ...]:
    """Records whose GeoJSON bin lies within the region ``shape``."""
    return _geo(bin, _text(shape), index_type)


def geo_within_radius(
    bin: str | None, long: float, lat: float, radius_meters: float,
    index_type: int = C.INDEX_TYPE_DEFAULT,
) -> tuple[Any, ...]:
    """Records whose GeoJSON bin lies within a circle (an AeroCircle region)."""
    _numbers(long, lat, radius_meters)
    circle = {"type": "AeroCircle", "coordinates": [[long, lat], radius_meters]}
    return _geo(bin, json.dumps(circle), index_type)


def geo_contains_geojson_point(
    bin: str | None, point: Any, index_type: int = C.INDEX_TYPE_DEFAULT
) -> tuple[Any, ...]:
    """Records whose GeoJSON region bin contains the point ``point``."""
    return _geo(bin, _text(point), index_type)


def geo_contains_point(
    bin: str | None, long: float, lat: float, index_type: int = C.INDEX_TYPE_DEFAULT
) -> tuple[Any, ...]:
    """Records whose GeoJSON region bin contains the point (long, lat)."""
    _numbers(long, lat)
    point = {"type": "Point", "coordinates": [long, lat]}
    return _geo(bin, json.dumps(point), index_type)
