"""engine/geo.py: GeoJSON parsed and matched as the server does. Facts marked "server:" were
checked on Aerospike CE 8.1.2 with the official client 19.3.0; the two data files hold recorded
differential runs (CmpGeo answers, and which big regions a bin write refuses)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import s2geometry as s2
from hypothesis import assume, given
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client.engine import geo
from aeromodel.client.engine.codes import OpError
from aeromodel.client.values import GeoJSON

DATA = Path(__file__).parent / "data"


def P(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lng, lat]}


def poly(*rings: list[tuple[float, float]]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[list(v) for v in ring] for ring in rings]}


def circ(lng: float, lat: float, r: float) -> dict[str, Any]:
    return {"type": "AeroCircle", "coordinates": [[lng, lat], r]}


def g(d: dict[str, Any]) -> GeoJSON:
    return GeoJSON(d)


SQUARE = poly([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)])
SQUARE_CW = poly([(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)])
ANTI = poly([(179, -1), (-179, -1), (-179, 1), (179, 1), (179, -1)])
HOLE = poly([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)], [(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)])
HOLE_CW = poly(
    [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)], [(4, 4), (4, 6), (6, 6), (6, 4), (4, 4)]
)
MULTI = {
    "type": "MultiPolygon",
    "coordinates": [
        SQUARE["coordinates"],
        poly([(5, 5), (6, 5), (6, 6), (5, 6), (5, 5)])["coordinates"],
    ],
}


# --- CmpGeo: what matches what ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("bin_value", "value", "answer"),
    [
        # server: a point bin within a region value, a region bin containing a point value
        (P(0.5, 0.5), SQUARE, True),
        (P(2, 2), SQUARE, False),
        (SQUARE, P(0.5, 0.5), True),
        (SQUARE, P(2, 2), False),
        # server: point with point (even the same point) and region with region never match
        (P(0.5, 0.5), P(0.5, 0.5), False),
        (SQUARE, SQUARE, False),
        # server: winding does not matter (loops are normalised to the smaller side)
        (P(0.5, 0.5), SQUARE_CW, True),
        (P(50, 50), SQUARE_CW, False),
        # server: across the antimeridian, the 2-degree box and not its complement
        (P(180, 0), ANTI, True),
        (P(-180, 0), ANTI, True),
        (P(179.5, 0), ANTI, True),
        (P(0, 0), ANTI, False),
        # server: a ring inside another is a hole, whichever way either winds
        (P(5, 5), HOLE, False),
        (P(2, 2), HOLE, True),
        (P(5, 5), HOLE_CW, False),
        (P(2, 2), HOLE_CW, True),
        # server: a MultiPolygon holds what any of its polygons holds
        (P(0.5, 0.5), MULTI, True),
        (P(5.5, 5.5), MULTI, True),
        (P(3, 3), MULTI, False),
        (MULTI, P(5.5, 5.5), True),
        # server: a Feature is its geometry
        ({"type": "Feature", "geometry": P(0.5, 0.5)}, SQUARE, True),
        ({"type": "Feature", "geometry": SQUARE}, P(0.5, 0.5), True),
        # server: an empty polygon holds nothing (and is a valid bin value)
        (P(0, 0), {"type": "Polygon", "coordinates": []}, False),
        # server: repeated consecutive vertices are dropped: this is the triangle (0,0) (1,0) (1,1)
        (P(0.5, 0.5), poly([(0, 0), (0, 0), (1, 0), (1, 0), (1, 1), (0, 0), (0, 0)]), True),
        # server: a circle too big to store still compares as a value (values are not covered)
        (P(0.5, 0.5), circ(0, 0, 15_000_000), True),
    ],
)
def test_cmp_geo_answers_as_the_server(bin_value: Any, value: Any, answer: bool) -> None:
    assert geo.matches(g(bin_value), g(value)) is answer


@pytest.mark.parametrize(
    ("point", "answer"),
    [
        # server: the square's boundary, as S2 decides it for the centre of the point's leaf
        # cell: the vertex (0,0) and three edges are in, the vertex (1,1) is not
        ((0, 0), True),
        ((1, 1), False),
        ((0.5, 0), True),
        ((0, 0.5), True),
        ((1, 0.5), True),
        ((0.5, 1), True),
        ((1, 0), True),
        ((0, 1), True),
    ],
)
def test_points_on_a_square_s_boundary(point: tuple[float, float], answer: bool) -> None:
    assert geo.matches(g(P(*point)), g(SQUARE)) is answer
    assert geo.matches(g(P(*point)), g(SQUARE_CW)) is answer


def test_recorded_cmp_geo_runs_on_edges_vertices_and_circle_boundaries() -> None:
    # server: 550 cases near polygon edges and vertices (1e-12..1e-3 degrees off), across the
    # antimeridian, around a pole, a self-crossing loop, circles at radius x (1 +- 1e-12..1e-6)
    doc = json.loads((DATA / "geo_cmp_server.json").read_text())
    for bin_value, value, answer in doc["cases"]:
        if answer == 160:  # the bin could not be written: a region the cover refuses
            with pytest.raises(OpError) as err:
                geo.storable(g(bin_value))
            assert err.value.code == 160
        else:
            assert geo.matches(g(bin_value), g(value)) is answer, (bin_value, value)


def test_an_invalid_value_is_a_parameter_error_and_an_invalid_bin_matches_nothing() -> None:
    # server: CmpGeo with an invalid GeoJSON value -> InvalidRequest (4)
    with pytest.raises(OpError) as err:
        geo.matches(g(P(0, 0)), g({"type": "Line"}))
    assert err.value.code == 4
    assert "unknown top-level type: Line" in err.value.msg
    assert geo.matches(g({"type": "Line"}), g(SQUARE)) is False  # unknown: no match


# --- invalid GeoJSON ------------------------------------------------------------------------

# server: every one of these is refused on a bin write with 160 (InvalidGeoJSON) and as a
# CmpGeo value with 4; the message is ours (the server only logs it), worded as the server's log.
INVALID = [
    ('{"type":"Point","coordinates":[true,2]}', "longitude not numeric value"),
    ('{"type":"Point","coordinates":[1,"2"]}', "latitude not numeric value"),
    ('{"type":"Point","coordinates":[1,2,3]}', "expected 2 coordinates, saw 3"),
    ('{"type":"Point","coordinates":[1]}', "expected 2 coordinates, saw 1"),
    ('{"type":"Point","coordinates":null}', "coordinates are not array"),
    ('{"type":"Point"}', "missing coordinates"),
    ('{"type":"Point","coordinates":[0,90.0000001]}', "invalid latitude-longitude"),
    ('{"type":"Point","coordinates":[180.5,0]}', "invalid latitude-longitude"),
    ('{"type":"Point","coordinates":[NaN,0]}', "invalid token NaN"),
    ('{"type":"Point","coordinates":[99999999999999999999,0]}', "too big integer"),
    ('{"type":"Point","coordinates":[1e400,0]}', "real number overflow"),
    ('{"type":5,"coordinates":[1,2]}', "top-level type is not string"),
    ('{"coordinates":[1,2]}', "missing top-level type in geojson element"),
    ('{"type":"point","coordinates":[1,2]}', "unknown top-level type: point"),
    ('{"type":"LineString","coordinates":[[0,0],[1,1]]}', "unknown top-level type: LineString"),
    ('{"type":"MultiPoint","coordinates":[[0,0],[1,1]]}', "unknown top-level type: MultiPoint"),
    ('{"type":"GeometryCollection","geometries":[]}', "unknown top-level type: GeometryCollection"),
    ('{"type":"Feature"}', "missing geometry element"),
    ('{"type":"Feature","geometry":null}', "geometry is not object"),
    (
        '{"type":"Feature","geometry":{"type":"Feature","geometry":{}}}',
        "unknown geometry type: Feature",
    ),
    ('{"type":"Feature","geometry":{"coordinates":[1,2]}}', "missing geometry type"),
    ('{"type":"Polygon","coordinates":[[]]}', "loop contains less than 4 points"),
    ('{"type":"Polygon","coordinates":[5]}', "vertices are not array"),
    ('{"type":"MultiPolygon","coordinates":[5]}', "polygon body is not array"),
    ('{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}', "loop not closed"),
    ('{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}', "loop contains less than 4 points"),
    ('{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,0],[1,0],[0,0]]]}', "less than 4 points"),
    ('{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1,1],[0,0]]]}', "expected 2 coordinates"),
    ('{"type":"AeroCircle","coordinates":[[0,0],"1000"]}', "radius not numeric value"),
    ('{"type":"AeroCircle","coordinates":[[0,0],1000,1]}', "malformed circle coordinate array"),
    ('{"type":"AeroCircle","coordinates":[[0,100],1000]}', "invalid latitude-longitude"),
    ("[1,2]", "top level geojson element not object"),
    ('{"type":"Point",', "failed to parse geojson"),
]


@pytest.mark.parametrize(("text", "what"), INVALID)
def test_invalid_geojson_is_refused_with_what_is_wrong(text: str, what: str) -> None:
    for check in (geo.parse, geo.storable):
        with pytest.raises(OpError) as err:
            check(text)
        assert err.value.code == 160
        assert err.value.msg.startswith("AEROSPIKE_ERR_GEO_INVALID_GEOJSON: ")
        assert what in err.value.msg
    with pytest.raises(OpError) as err:
        geo.query_shape(text)
    assert err.value.code == 4
    assert what in err.value.msg


@pytest.mark.parametrize(
    "value",
    [
        # server: all stored by a bin write
        P(1, 2),
        P(0, 90),
        P(180, 0),
        P(-180, 0),
        {"type": "Point", "coordinates": [1, 2], "foo": [1]},
        {"type": "Feature", "geometry": P(1, 2)},
        {"type": "Polygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": [[]]},
        circ(0, 0, 1000),
        circ(0, 0, 0),
        circ(0, 0, -1000),  # an empty cap
        circ(0, 0, 10_000_000),
    ],
)
def test_valid_geojson_is_stored(value: dict[str, Any]) -> None:
    geo.storable(g(value))


def test_duplicate_keys_keep_the_last_as_jansson_does() -> None:
    # server: {"type":"Polygon","type":"Point",...} is stored, a point (CmpGeo with the square)
    shape = geo.parse('{"type":"Polygon","type":"Point","coordinates":[0.5,0.5]}')
    assert isinstance(shape, geo.Point)


# --- the cover limit on stored regions ------------------------------------------------------


def test_a_region_the_cover_cannot_hold_is_refused_on_write_only() -> None:
    # server: a 15,000 km circle or a self-crossing loop (it normalises to the whole sphere)
    # cannot be written (160); as a CmpGeo value both are fine; as a query region, 4.
    for value in (circ(0, 0, 15_000_000), poly([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])):
        assert isinstance(geo.parse(g(value)), geo.Region)
        with pytest.raises(OpError) as err:
            geo.storable(g(value))
        assert err.value.code == 160
        with pytest.raises(OpError) as err:
            geo.query_shape(g(value))
        assert err.value.code == 4


def test_recorded_big_region_writes() -> None:
    # server: 300 circles of 7,000..13,000 km, polygons up to 170 x 150 degrees, and
    # MultiPolygons of three such boxes: stored, or refused with 160
    doc = json.loads((DATA / "geo_cover_server.json").read_text())
    for value, stored in doc["cases"]:
        try:
            geo.storable(g(value))
            ok = True
        except OpError as err:
            assert err.code == 160
            ok = False
        assert ok is stored, value


lng_st = st.floats(-180, 180)
lat_st = st.floats(-89.9, 89.9)


def _coverer() -> Any:
    cov = s2.S2RegionCoverer()
    cov.set_min_level(1)
    cov.set_max_level(30)
    cov.set_max_cells(12)
    return cov


@given(lng_st, lat_st, st.floats(1, 20_000_000))
def test_the_level_1_count_agrees_with_s2_s_coverer_for_circles(
    lng: float, lat: float, r: float
) -> None:
    region = geo.parse(g(circ(lng, lat, r)))
    assert isinstance(region, geo.Region)
    too_big = len(_coverer().GetCovering(region.parts[0])) > geo.COVER_MAX_CELLS
    assert (region.cover_cells_at_least() > geo.COVER_MAX_CELLS) is too_big


# --- property tests ---------------------------------------------------------------------------

EARTH = geo.EARTH_RADIUS_M


def _distance_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lng2 - lng1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH * math.asin(min(1.0, math.sqrt(h)))


@given(lng_st, lat_st, lng_st, lat_st, st.floats(10, 5_000_000))
def test_a_point_is_within_a_circle_iff_its_distance_is_under_the_radius(
    clng: float, clat: float, plng: float, plat: float, r: float
) -> None:
    d = _distance_m(clng, clat, plng, plat)
    assume(abs(d - r) > 0.05 + r * 1e-9)  # away from the boundary (leaf cells are ~1 cm)
    assert geo.matches(g(P(plng, plat)), g(circ(clng, clat, r))) is (d < r)
    assert geo.matches(g(circ(clng, clat, r)), g(P(plng, plat))) is (d < r)


Vec = tuple[float, float, float]


def _unit(lng: float, lat: float) -> Vec:
    la, lo = math.radians(lat), math.radians(lng)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def _lnglat(v: Vec) -> tuple[float, float]:
    x, y, z = v
    return math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y)))


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


@st.composite
def triangles(draw: st.DrawFn) -> list[tuple[float, float]]:
    lng, lat = draw(lng_st), draw(st.floats(-80, 80))
    size = draw(st.floats(0.001, 20))

    def vertex() -> tuple[float, float]:
        x = (lng + draw(st.floats(-1, 1)) * size + 540) % 360 - 180
        return x, max(-89.0, min(89.0, lat + draw(st.floats(-1, 1)) * size))

    return [vertex() for _ in range(3)]


@given(triangles(), st.floats(0.1, 1), st.floats(0.1, 1), st.floats(0.1, 1), st.booleans())
def test_a_polygon_contains_its_interior_points_whichever_way_it_winds(
    tri: list[tuple[float, float]], wa: float, wb: float, wc: float, reverse: bool
) -> None:
    a, b, c = (_unit(*p) for p in tri)
    inside = tuple(wa * a[i] + wb * b[i] + wc * c[i] for i in range(3))
    norm = math.sqrt(_dot(inside, inside))
    for u, v in ((a, b), (b, c), (c, a)):  # well inside: 1e-7 rad (~64 cm) from every edge
        n = _cross(u, v)
        assume(_dot(n, n) > 0)
        assume(abs(_dot(inside, n)) / (norm * math.sqrt(_dot(n, n))) > 1e-7)
    ring = [*tri, tri[0]]
    region = poly(ring[::-1] if reverse else ring)
    point = P(*_lnglat(inside))
    assert geo.matches(g(point), g(region)) is True
    assert geo.matches(g(region), g(point)) is True


@given(lng_st, lat_st, lng_st, lat_st, st.floats(1, 5_000_000))
def test_cmp_geo_is_symmetric_between_a_point_and_a_region(
    clng: float, clat: float, plng: float, plat: float, r: float
) -> None:
    point, region = g(P(plng, plat)), g(circ(clng, clat, r))
    assert geo.matches(point, region) is geo.matches(region, point)
    assert geo.query_matches(point, geo.query_shape(region)) is geo.within(point, geo.parse(region))
    assert geo.query_matches(region, geo.query_shape(point)) is geo.contains(
        region, geo.parse(point)
    )


@given(lng_st, lat_st)
def test_a_point_is_its_leaf_cell(lng: float, lat: float) -> None:
    shape = geo.parse(g(P(lng, lat)))
    assert isinstance(shape, geo.Point)
    cell = s2.S2CellId(shape.cell)
    assert cell.is_leaf()
    assert cell.id() == s2.S2CellId(s2.S2LatLng.FromDegrees(lat, lng).ToPoint()).id()


def test_parse_is_cached_by_text() -> None:
    text = '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}'
    assert geo.parse(text) is geo.parse(GeoJSON(text))


# --- queries --------------------------------------------------------------------------------


def test_a_query_asks_what_its_geometry_asks() -> None:
    # server: geo_within_geojson_region with a Point finds the regions holding it, and
    # geo_contains_geojson_point with a Polygon finds the points inside it: the geometry
    # decides, not the predicate
    point, square = geo.query_shape(g(P(0.5, 0.5))), geo.query_shape(g(SQUARE))
    assert geo.query_matches(g(SQUARE), point) and not geo.query_matches(g(P(0.5, 0.5)), point)
    assert geo.query_matches(g(P(0.5, 0.5)), square) and not geo.query_matches(g(SQUARE), square)


def test_a_query_circle_uses_the_namespace_earth_radius() -> None:
    # 1 degree of arc is ~111.2 km on the default earth; on an earth twice as big, ~222.4 km
    q = geo.circle(0, 0, 150_000)
    assert geo.within(g(P(1, 0)), geo.parse(q))
    assert not geo.within(g(P(1, 0)), geo.parse(q, earth_radius_m=2 * EARTH))


# --- through the client ---------------------------------------------------------------------


def test_a_client_write_of_invalid_geojson_raises_invalid_geojson(make_client: Any) -> None:
    # server: InvalidGeoJSON (160), and nothing is written
    client = make_client()
    key = ("test", "geo_set", "k")
    with pytest.raises(aerospike.exception.InvalidGeoJSON):
        client.put(key, {"g": aerospike.GeoJSON({"type": "Point", "coordinates": [1, 200]})})
    with pytest.raises(aerospike.exception.RecordNotFound):
        client.get(key)
    client.put(key, {"g": aerospike.GeoJSON(SQUARE)})
    assert client.get(key)[2]["g"].unwrap() == SQUARE
