# GeoJSON as the server reads it (geojson.cc, geospatial.cc, particle_geojson.c), on S2, the
# server's own geometry library: a point is its S2 leaf cell, a region an S2 polygon, union or cap.
"""Geospatial predicates: parsing GeoJSON text into a point or a region, a point within a region,
a region containing a point, and what a CmpGeo expression answers."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import s2geometry as s2

from ..values import GeoJSON
from .codes import ERR_GEO_INVALID_GEOJSON, ERR_PARAMETER, OpError

EARTH_RADIUS_M = 6_371_000.0  # the server's (mean radius); an AeroCircle's metres over this
COVER_MIN_LEVEL = 1  # the cover a stored region gets (no namespace): cells of levels 1..30,
COVER_MAX_CELLS = 12  # at most 12 of them; a region needing more is refused (160)
_LEVEL1_CELLS = tuple(
    s2.S2Cell(s2.S2CellId.FromFacePosLevel(face, 0, 0).child(k))
    for face in range(6)
    for k in range(4)
)
_INT64 = 1 << 63
_MISSING = object()


@dataclass(frozen=True, slots=True)
class Point:
    """A GeoJSON point: the S2 leaf cell holding it (the server keeps nothing finer), and the
    cell's centre, which is what the server tests against a region."""

    cell: int
    center: Any  # s2.S2Point


@dataclass(frozen=True, slots=True)
class Region:
    """A GeoJSON region: ``kind`` is Polygon, MultiPolygon or AeroCircle; ``parts`` the S2
    polygons (one per polygon of a MultiPolygon) or the S2 cap. A point is inside when any part
    contains it."""

    kind: str
    parts: tuple[Any, ...]

    def contains_point(self, point: Point) -> bool:
        return any(part.Contains(point.center) for part in self.parts)

    def cover_cells_at_least(self) -> int:
        """How many level-1 cells the region may touch: the server's cover (min level 1) needs
        at least one cell for each, so over COVER_MAX_CELLS of them it cannot store the region."""
        return sum(1 for cell in _LEVEL1_CELLS if any(p.MayIntersect(cell) for p in self.parts))


Shape = Point | Region


def _error(what: str) -> OpError:
    return OpError(ERR_GEO_INVALID_GEOJSON, f"AEROSPIKE_ERR_GEO_INVALID_GEOJSON: {what}")


# --- the JSON layer: jansson's rules (what json.loads accepts and jansson does not is refused) ---


def _reject_constant(name: str) -> Any:
    raise _error(f"failed to parse geojson: invalid token {name}")


def _int64(text: str) -> int:
    value = int(text)
    if not -_INT64 <= value < _INT64:
        raise _error(f"failed to parse geojson: too big integer {text}")
    return value


def _double(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _error(f"failed to parse geojson: real number overflow {text}")
    return value


def _load(text: str) -> Any:
    try:
        return json.loads(
            text, parse_constant=_reject_constant, parse_int=_int64, parse_float=_double
        )
    except (ValueError, RecursionError) as err:
        raise _error(f"failed to parse geojson: {err}") from None


# --- the GeoJSON layer (geojson.cc) ---


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _error(f"{what} not numeric value")
    return float(value)


def _point(coord: Any) -> Any:
    """An S2 point from ``[lng, lat]`` (degrees)."""
    if coord is _MISSING:
        raise _error("missing coordinates")
    if not isinstance(coord, list):
        raise _error("coordinates are not array")
    if len(coord) != 2:
        raise _error(f"expected 2 coordinates, saw {len(coord)}")
    lng = _number(coord[0], "longitude")
    lat = _number(coord[1], "latitude")
    latlng = s2.S2LatLng.FromDegrees(lat, lng)
    if not latlng.is_valid():
        raise _error("invalid latitude-longitude")
    return latlng.ToPoint()


def _xyz(p: Any) -> tuple[float, float, float]:
    return (p.x(), p.y(), p.z())


def _loop(vertices: Any) -> Any:
    """A closed ring of vertices as an S2 loop: repeated consecutive vertices dropped, at least
    three distinct ones, then normalised (a loop never holds more than half the sphere, so its
    winding does not matter). Loop validity (self-crossing) is not checked, as by the server."""
    if not isinstance(vertices, list):
        raise _error("vertices are not array")
    points: list[Any] = []
    for vertex in vertices:
        p = _point(vertex)
        if not points or _xyz(points[-1]) != _xyz(p):
            points.append(p)
    if len(points) < 4:
        raise _error("loop contains less than 4 points")
    if _xyz(points[0]) != _xyz(points[-1]):
        raise _error("loop not closed")
    loop = s2.S2Loop(points[:-1])
    loop.Normalize()
    return loop


def _polygon(loops: Any) -> Any:
    """An S2 polygon from its rings; S2 works out which ring is a hole of which by nesting."""
    if not isinstance(loops, list):
        raise _error("polygon body is not array")
    polygon = s2.S2Polygon()
    polygon.InitNested([_loop(ring) for ring in loops])
    return polygon


def _coordinates(geom: dict[str, Any]) -> Any:
    coord = geom.get("coordinates", _MISSING)
    if coord is _MISSING:
        raise _error("missing coordinates")
    if not isinstance(coord, list):
        raise _error("coordinates are not array")
    return coord


def _circle(coord: list[Any], earth_radius_m: float) -> Any:
    if len(coord) != 2:
        raise _error("malformed circle coordinate array")
    center = _point(coord[0])
    radius = _number(coord[1], "radius")
    return s2.S2Cap(center, s2.S1Angle.Radians(radius / earth_radius_m))


def _geometry(geom: dict[str, Any], kind: str, where: str, earth_radius_m: float) -> Shape:
    if kind == "Point":
        center = _point(geom.get("coordinates", _MISSING))
        cell = s2.S2CellId(center)
        return Point(cell.id(), cell.ToPoint())
    if kind == "Polygon":
        return Region(kind, (_polygon(_coordinates(geom)),))
    if kind == "MultiPolygon":
        return Region(kind, tuple(_polygon(body) for body in _coordinates(geom)))
    if kind == "AeroCircle":
        return Region(kind, (_circle(_coordinates(geom), earth_radius_m),))
    raise _error(f"unknown {where} type: {kind}")


@lru_cache(maxsize=4096)
def _parse_text(text: str, earth_radius_m: float) -> Shape:
    doc = _load(text)
    if not isinstance(doc, dict):
        raise _error("top level geojson element not object")
    kind = doc.get("type", _MISSING)
    if kind is _MISSING:
        raise _error("missing top-level type in geojson element")
    if not isinstance(kind, str):
        raise _error("top-level type is not string")
    if kind != "Feature":
        return _geometry(doc, kind, "top-level", earth_radius_m)
    geom = doc.get("geometry", _MISSING)
    if geom is _MISSING:
        raise _error("missing geometry element")
    if not isinstance(geom, dict):
        raise _error("geometry is not object")
    kind = geom.get("type", _MISSING)
    if kind is _MISSING:
        raise _error("missing geometry type")
    if not isinstance(kind, str):
        raise _error("geometry type is not string")
    return _geometry(geom, kind, "geometry", earth_radius_m)


def parse(value: GeoJSON | str, earth_radius_m: float = EARTH_RADIUS_M) -> Shape:
    """The point or region a GeoJSON value (or its text) describes, cached by text. Accepted:
    Point, Polygon, MultiPolygon, AeroCircle ``[[lng, lat], radius_m]``, each bare or as a
    Feature's geometry. ``earth_radius_m`` turns an AeroCircle's metres into an angle (a query
    uses its namespace's geo2dsphere-within-earth-radius-meters). Raises OpError (160) saying
    what is wrong with it."""
    text = value if isinstance(value, str) else value.dumps()
    return _parse_text(text, float(earth_radius_m))


def storable(value: GeoJSON | str) -> Shape:
    """What a write of this value to a bin stores: ``parse``, and a region must be coverable by
    the server's cover (at most 12 cells from level 1: a circle of radius over roughly a
    quarter of the earth's circumference is refused). Raises OpError (160)."""
    shape = parse(value)
    if isinstance(shape, Region) and shape.cover_cells_at_least() > COVER_MAX_CELLS:
        raise _error(f"region needs over {COVER_MAX_CELLS} cells to cover it")
    return shape


def query_shape(value: GeoJSON | str, earth_radius_m: float = EARTH_RADIUS_M) -> Shape:
    """What a geo query (or a CmpGeo value) asks about: a point asks for the regions holding
    it, a region for the points inside it, whichever predicate sent it. ``earth_radius_m`` is
    the namespace's geo2dsphere-within-earth-radius-meters. Raises OpError (4) for invalid
    GeoJSON, and for a region the namespace's cover (default: at most 12 cells from level 1)
    cannot cover."""
    try:
        shape = parse(value, earth_radius_m)
    except OpError as err:
        raise OpError(ERR_PARAMETER, f"AEROSPIKE_ERR_REQUEST_INVALID: {err.msg}") from None
    if isinstance(shape, Region) and shape.cover_cells_at_least() > COVER_MAX_CELLS:
        raise OpError(
            ERR_PARAMETER,
            f"AEROSPIKE_ERR_REQUEST_INVALID: query region needs over {COVER_MAX_CELLS} cells",
        )
    return shape


def _bin_shape(bin_value: GeoJSON | str) -> Shape | None:
    try:
        return parse(bin_value)
    except OpError:
        return None  # the server's answer is "unknown": no match


def _match(shape: Shape | None, query: Shape) -> bool:
    if isinstance(query, Point):
        return isinstance(shape, Region) and shape.contains_point(query)
    return isinstance(shape, Point) and query.contains_point(shape)


def matches(bin_value: GeoJSON | str, query_value: GeoJSON | str) -> bool:
    """CmpGeo(bin, value): a point bin within a region value, or a region bin containing a
    point value; point with point and region with region never match. The value is not
    covered (a region too big to store still compares). Raises OpError (4) when the value is
    not valid GeoJSON (the server refuses the expression)."""
    try:
        query = parse(query_value)
    except OpError as err:
        raise OpError(ERR_PARAMETER, f"AEROSPIKE_ERR_REQUEST_INVALID: {err.msg}") from None
    return _match(_bin_shape(bin_value), query)


def query_matches(bin_value: GeoJSON | str, query: Shape) -> bool:
    """A geo query's test of one bin, ``query`` from ``query_shape`` (strict matching, the
    namespace default geo2dsphere-within.strict=true)."""
    return _match(_bin_shape(bin_value), query)


def within(bin_value: GeoJSON | str, region: Region) -> bool:
    """A points-within-region query's test of one bin: the bin is a point inside ``region``
    (region bins never match)."""
    shape = _bin_shape(bin_value)
    return isinstance(shape, Point) and region.contains_point(shape)


def contains(bin_value: GeoJSON | str, point: Point) -> bool:
    """A regions-containing-point query's test of one bin: the bin is a region holding
    ``point`` (point bins never match)."""
    shape = _bin_shape(bin_value)
    return isinstance(shape, Region) and shape.contains_point(point)


def circle(lng: float, lat: float, radius_m: float) -> GeoJSON:
    """The AeroCircle a radius query (geo_within_radius) asks about."""
    return GeoJSON({"type": "AeroCircle", "coordinates": [[lng, lat], radius_m]})
