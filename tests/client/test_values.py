"""The module surface, the value model, typed results, the value order, the codec and logging."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _support import ClientPool, strict_equal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.codec import Codec
from aeromodel.client.helpers import operations as op
from aeromodel.client.ordering import compare, sort_key

NEVER = 4294967295
REPLACE = {"exists": aerospike.POLICY_EXISTS_CREATE_OR_REPLACE}
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cl(pool: ClientPool) -> aerospike.Client:
    return pool.make()


@pytest.fixture(scope="module")
def module_client() -> Iterator[aerospike.Client]:
    """One client for the property tests (hypothesis runs many examples per test function)."""
    p = ClientPool()
    yield p.make()
    p.close()


# -- module surface ------------------------------------------------------------------------


def test_version_is_the_project_version() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    match = re.search(r'^version = "([^"]+)"', text, re.MULTILINE)
    assert match is not None
    assert aerospike.__version__ == match.group(1)
    assert isinstance(aerospike.__version__, str)


def test_null_is_one_object() -> None:
    assert aerospike.null() is aerospike.null()
    assert isinstance(aerospike.null(), aerospike.NullType)
    assert aerospike.NullType() is aerospike.null()


def test_null_removes_a_bin(cl: aerospike.Client) -> None:
    key = ("test", "v", "null")
    cl.put(key, {"a": 1, "b": 2})
    cl.put(key, {"b": aerospike.null()})
    assert cl.get(key)[1:] == ({"gen": 2, "ttl": NEVER}, {"a": 1})


def test_null_alone_on_a_missing_record_is_not_found(cl: aerospike.Client) -> None:
    with pytest.raises(exception.RecordNotFound) as info:
        cl.put(("test", "v", "nothing"), {"x": aerospike.null()})
    assert info.value.code == 2


def test_null_inside_a_list_reads_back_none(cl: aerospike.Client) -> None:
    key = ("test", "v", "null-list")
    cl.put(key, {"l": [1, aerospike.null(), None]})
    assert cl.get(key).bins == {"l": [1, None, None]}


POINT = {"type": "Point", "coordinates": [-122.5, 37.25]}
POLYGON = {
    "type": "Polygon",
    "coordinates": [[[-122.5, 37.0], [-121.0, 37.0], [-121.0, 38.08], [-122.5, 37.0]]],
}


def test_geojson_wrap_unwrap() -> None:
    g = aerospike.GeoJSON()
    g.wrap(POINT)
    assert g.unwrap() == POINT
    assert aerospike.GeoJSON(POINT).unwrap() == POINT


def test_geojson_loads_dumps() -> None:
    g = aerospike.GeoJSON()
    g.loads(json.dumps(POLYGON))
    assert g.unwrap() == POLYGON
    assert json.loads(g.dumps()) == POLYGON
    assert g.dumps() == json.dumps(POLYGON)


def test_geojson_str_is_the_json_text_and_repr_the_quoted_string() -> None:
    g = aerospike.GeoJSON(POINT)
    text = json.dumps(POINT)
    assert str(g) == text
    assert repr(g) == repr(text)
    assert repr(g) == "'" + text + "'"


def test_geodata_and_geojson_constructors() -> None:
    a = aerospike.geodata(POINT)
    b = aerospike.geojson(json.dumps(POINT))
    assert isinstance(a, aerospike.GeoJSON) and isinstance(b, aerospike.GeoJSON)
    assert a.unwrap() == b.unwrap() == POINT
    assert a == b


def test_geojson_text_that_is_not_json_is_a_client_error() -> None:
    # As the official client: -1, where JSON of the wrong shape is a ParamError (below).
    for call in (lambda: aerospike.GeoJSON().loads("{not json"), lambda: aerospike.GeoJSON("abc")):
        with pytest.raises(exception.ClientError) as info:
            call()
        assert info.value.code == -1
        assert "Unable to load GeoJSON" in info.value.msg


def test_geojson_bad_input_is_param_error() -> None:
    for call in (
        lambda: aerospike.GeoJSON().loads("[1, 2]"),
        lambda: aerospike.GeoJSON().wrap([1, 2]),  # type: ignore[arg-type]
        lambda: aerospike.geojson(5),  # type: ignore[arg-type]
    ):
        with pytest.raises(exception.ParamError) as info:
            call()
        assert info.value.code == -2


def test_geojson_bin_round_trip(cl: aerospike.Client) -> None:
    key = ("test", "v", "geo")
    cl.put(key, {"loc": aerospike.GeoJSON(POINT), "area": aerospike.geodata(POLYGON)})
    bins = cl.get(key).bins
    assert isinstance(bins["loc"], aerospike.GeoJSON)
    assert bins["loc"].unwrap() == POINT
    assert bins["area"].unwrap() == POLYGON


def test_key_ordered_dict_is_a_dict() -> None:
    d = aerospike.KeyOrderedDict({"b": 1, "a": 2})
    assert isinstance(d, dict)
    assert issubclass(aerospike.KeyOrderedDict, dict)
    assert d == {"a": 2, "b": 1}


def test_key_ordered_dict_reads_back_as_key_ordered_dict(cl: aerospike.Client) -> None:
    key = ("test", "v", "kod")
    cl.put(key, {"m": aerospike.KeyOrderedDict({"b": 1, "a": 2}), "u": {"b": 1, "a": 2}})
    bins = cl.get(key).bins
    assert type(bins["m"]) is aerospike.KeyOrderedDict
    assert list(bins["m"].items()) == [("a", 2), ("b", 1)]
    assert type(bins["u"]) is dict
    assert list(bins["u"].items()) == [("a", 2), ("b", 1)]


# -- typed results -------------------------------------------------------------------------


def test_get_unpacks_and_has_attributes(cl: aerospike.Client) -> None:
    k = ("test", "v", "typed")
    cl.put(k, {"a": 1})
    cl.put(k, {"b": "x"})
    key, meta, bins = cl.get(k)
    rec = cl.get(k)
    assert key == ("test", "v", None, aerospike.calc_digest("test", "v", "typed"))
    assert bins == {"a": 1, "b": "x"}
    assert rec.bins == bins
    assert rec.key == key
    assert rec.meta.gen == 2 and rec.meta.ttl == NEVER
    assert meta["gen"] == 2 and meta["ttl"] == NEVER
    assert meta == {"gen": 2, "ttl": NEVER}
    assert isinstance(meta, dict)
    assert isinstance(rec, aerospike.Record)
    assert isinstance(rec, tuple) and len(rec) == 3
    assert rec.key.namespace == "test" and rec.key.set_name == "v" and rec.key.user_key is None
    assert rec.key.digest == aerospike.calc_digest("test", "v", "typed")


def test_get_with_key_send_echoes_user_key(cl: aerospike.Client) -> None:
    k = ("test", "v", 42)
    cl.put(k, {"a": 1})
    rec = cl.get(k, {"key": aerospike.POLICY_KEY_SEND})
    assert rec.key == ("test", "v", 42, aerospike.calc_digest("test", "v", 42))


def test_exists_result_unpacks(cl: aerospike.Client) -> None:
    k = ("test", "v", "ex")
    key, meta = cl.exists(k)
    assert meta is None
    assert key == ("test", "v", "ex", aerospike.calc_digest("test", "v", "ex"))
    cl.put(k, {"a": 1}, meta={"ttl": 100})
    res = cl.exists(k)
    assert isinstance(res, aerospike.ExistsResult)
    key, meta = res
    assert res.meta is meta
    assert meta.gen == 1 and meta["gen"] == 1
    assert res.key == key


def test_operate_ordered_result(cl: aerospike.Client) -> None:
    k = ("test", "v", "ordered")
    res = cl.operate_ordered(
        k,
        [
            op.write("a", 1),
            op.read("a"),
            op.increment("n", 2),
            op.read("n"),
            op.read("missing"),
            op.append("a2", "x"),
            op.read("a"),
        ],
    )
    assert isinstance(res, aerospike.OperateOrderedResult)
    key, meta, ordered = res
    assert key == ("test", "v", "ordered", aerospike.calc_digest("test", "v", "ordered"))
    assert meta == {"gen": 1, "ttl": NEVER}
    assert res.meta.gen == 1
    assert ordered == [("a", 1), ("n", 2), ("a", 1)]
    assert res.ordered_bins is ordered
    assert all(isinstance(b, aerospike.BinTuple) for b in ordered)
    assert [(b.name, b.value) for b in ordered] == [("a", 1), ("n", 2), ("a", 1)]


def test_operate_ordered_write_only_gives_empty_list(cl: aerospike.Client) -> None:
    res = cl.operate_ordered(("test", "v", "wo"), [op.write("a", 1)])
    assert res.ordered_bins == []
    assert res.meta == {"gen": 1, "ttl": NEVER}


def test_operate_result_last_read_wins(cl: aerospike.Client) -> None:
    k = ("test", "v", "operate")
    rec = cl.operate(k, [op.write("a", 1), op.read("a"), op.increment("a", 5), op.read("a")])
    assert isinstance(rec, aerospike.Record)
    assert rec.bins == {"a": 6}
    assert rec.meta.gen == 1


# -- the value order -----------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    INT64,
    st.text(max_size=8),
    st.binary(max_size=8),
    st.floats(allow_nan=False),
)
MAP_KEYS = st.one_of(INT64, st.text(max_size=6), st.binary(max_size=6))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(MAP_KEYS, inner, max_size=4),
    ),
    max_leaves=12,
)

# SERVER-FACTS: nil < bool < int < str < list < map < bytes < float (geojson last).
RANK_OF_TYPE = {
    type(None): 0,
    bool: 1,
    int: 2,
    str: 3,
    list: 4,
    tuple: 4,  # the engine may keep a list of immutable values as a tuple
    dict: 5,
    bytes: 6,
    float: 7,
    aerospike.GeoJSON: 8,
}
def rank_of(value: Any) -> int:
    """The documented type rank of a stored value (stored containers may be subclasses)."""
    for t in type(value).__mro__:
        if t in RANK_OF_TYPE:
            return RANK_OF_TYPE[t]
    raise KeyError(type(value))


GEO = st.sampled_from([aerospike.GeoJSON(POINT), aerospike.GeoJSON(POLYGON)])
KEY_RANK = {int: 0, str: 1, bytes: 2}  # SERVER-FACTS: maps are kept sorted by key, int < str < bytes


def as_stored(value: Any) -> Any:
    """A value as the server keeps it: maps sorted by key (the order values are compared in)."""
    if isinstance(value, list):
        return [as_stored(v) for v in value]
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: (KEY_RANK[type(kv[0])], kv[0]))
        return {k: as_stored(v) for k, v in items}
    return value


STORED = st.one_of(
    VALUES.map(as_stored), GEO, VALUES.map(lambda v: as_stored(Codec().to_wire(v)))
)


def as_list(value: Any) -> Any:
    """A stored value with its tuples (stored lists) as lists."""
    if isinstance(value, (list, tuple)):
        return [as_list(v) for v in value]
    if isinstance(value, dict):
        return {k: as_list(v) for k, v in value.items()}
    return value


def sign(n: int) -> int:
    return (n > 0) - (n < 0)


def test_value_order_example() -> None:
    values = [
        aerospike.GeoJSON(POINT),
        2.5,
        b"a",
        {1: 1},
        [1],
        "a",
        5,
        True,
        None,
        -1.5,
        b"",
        {},
        [],
        "",
        -1,
        False,
    ]
    assert sorted(values, key=sort_key) == [
        None,
        False,
        True,
        -1,
        5,
        "",
        "a",
        [],
        [1],
        {},
        {1: 1},
        b"",
        b"a",
        -1.5,
        2.5,
        aerospike.GeoJSON(POINT),
    ]


@settings(max_examples=300, deadline=None)
@given(STORED, STORED, STORED)
def test_value_order_is_a_total_order(a: Any, b: Any, c: Any) -> None:
    for x, y in ((a, b), (b, c), (a, c)):
        ab = compare(x, y)
        assert ab in (-1, 0, 1)
        assert compare(y, x) == -ab
        # Equal in the order exactly when equal as values (types included).
        assert (ab == 0) == strict_equal(as_list(x), as_list(y))
    assert compare(a, a) == 0
    # Transitivity, for every arrangement of the triple.
    for x, y, z in ((a, b, c), (a, c, b), (b, a, c), (b, c, a), (c, a, b), (c, b, a)):
        if compare(x, y) <= 0 and compare(y, z) <= 0:
            assert compare(x, z) <= 0
        if compare(x, y) < 0 and compare(y, z) <= 0:
            assert compare(x, z) < 0


@settings(max_examples=300, deadline=None)
@given(STORED, STORED)
def test_value_order_type_ranks(a: Any, b: Any) -> None:
    ra, rb = rank_of(a), rank_of(b)
    if ra != rb:
        assert compare(a, b) == sign(ra - rb)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8), st.text(max_size=8))
def test_strings_order_as_utf8_bytes(a: str, b: str) -> None:
    ea, eb = a.encode(), b.encode()
    assert compare(a, b) == sign((ea > eb) - (ea < eb))


@settings(max_examples=200, deadline=None)
@given(INT64, INT64, st.floats(allow_nan=False), st.floats(allow_nan=False))
def test_numbers_order_by_value_within_type(i: int, j: int, f: float, g: float) -> None:
    assert compare(i, j) == sign((i > j) - (i < j))
    assert compare(f, g) == sign((f > g) - (f < g))


@settings(max_examples=200, deadline=None)
@given(st.lists(SCALARS, max_size=4), st.lists(SCALARS, max_size=4))
def test_lists_order_element_by_element_then_length(a: list[Any], b: list[Any]) -> None:
    for x, y in zip(a, b):
        c = compare(x, y)
        if c:
            assert compare(a, b) == c
            return
    assert compare(a, b) == sign(len(a) - len(b))


# -- the codec: what is written reads back -------------------------------------------------

WRITABLE_SCALARS = st.one_of(
    INT64,
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.binary(max_size=12),
    st.binary(max_size=12).map(bytearray),
    st.booleans(),
    st.none(),
)
WRITABLE = st.recursive(
    WRITABLE_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(MAP_KEYS, inner, max_size=5),
    ),
    max_leaves=20,
)
BIN_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=15)


def expected_read(value: Any) -> Any:
    """What a written value reads back as: bytearray as bytes, else the same value."""
    if isinstance(value, bytearray):
        return bytes(value)
    if isinstance(value, list):
        return [expected_read(v) for v in value]
    if isinstance(value, dict):
        return {expected_read(k): expected_read(v) for k, v in value.items()}
    return value


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(BIN_NAMES, WRITABLE.filter(lambda v: v is not None), min_size=1, max_size=4))
def test_codec_round_trip(module_client: aerospike.Client, bins: dict[str, Any]) -> None:
    key = ("test", "roundtrip", "k")
    assert module_client.put(key, bins, policy=REPLACE) == 0
    got = module_client.get(key).bins
    expected = expected_read(bins)
    assert strict_equal(got, expected), (got, expected)
    # Reading a second time gives an equal, independent copy.
    again = module_client.get(key).bins
    assert strict_equal(again, expected)
    assert all(again[name] is not got[name] or type(got[name]) in (int, float, str, bool, bytes)
               for name in got)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(WRITABLE)
def test_codec_round_trip_inside_a_list_keeps_none(module_client: aerospike.Client, value: Any) -> None:
    key = ("test", "roundtrip", "list")
    module_client.put(key, {"l": [None, value, None]}, policy=REPLACE)
    assert strict_equal(module_client.get(key).bins, {"l": [None, expected_read(value), None]})


def test_codec_round_trip_examples(cl: aerospike.Client) -> None:
    key = ("test", "v", "examples")
    bins = {
        "i": -(2**63),
        "j": 2**63 - 1,
        "f": -0.0,
        "inf": float("inf"),
        "s": "héllo",
        "b": bytearray(b"\x00\x01"),
        "t": True,
        "l": [None, 1, [2, {"x": None}]],
        "m": {b"k": 1, 2: "two", "s": [1.5]},
    }
    cl.put(key, bins)
    got = cl.get(key).bins
    assert strict_equal(got, expected_read(bins))
    assert type(got["b"]) is bytes and got["b"] == b"\x00\x01"
    assert str(got["f"]) == "-0.0"


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, [2**64], {"k": 2**63}], ids=repr)
def test_int_outside_64_bits_is_param_error(cl: aerospike.Client, value: Any) -> None:
    key = ("test", "v", "big")
    with pytest.raises(exception.ParamError) as info:
        cl.put(key, {"v": value})
    assert info.value.code == -2
    assert cl.exists(key).meta is None


@pytest.mark.parametrize("bad_map", [{1.5: 1}, {True: 1}, {(1, 2): 1}], ids=repr)
def test_map_with_unsupported_key_type_is_param_error(cl: aerospike.Client, bad_map: Any) -> None:
    key = ("test", "v", "badmap")
    with pytest.raises(exception.ParamError) as info:
        cl.put(key, {"m": bad_map})
    assert info.value.code == -2
    assert cl.exists(key).meta is None


# -- digests -------------------------------------------------------------------------------

USER_KEYS = st.one_of(st.text(max_size=20), INT64, st.binary(min_size=1, max_size=20))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(USER_KEYS, st.sampled_from(["digests", "other", None]))
def test_calc_digest_is_the_records_digest(
    module_client: aerospike.Client, user_key: Any, set_name: str | None
) -> None:
    key = ("test", set_name, user_key)
    module_client.put(key, {"v": 1})
    digest = aerospike.calc_digest("test", set_name, user_key)
    assert isinstance(digest, bytearray) and len(digest) == 20
    assert module_client.get(key).key[3] == digest
    assert module_client.exists(key).key[3] == digest
    # The record can be read back by digest alone.
    assert module_client.get(("test", set_name, None, digest)).bins == {"v": 1}
    if isinstance(user_key, bytes):
        assert aerospike.calc_digest("test", set_name, bytearray(user_key)) == digest


def test_calc_digest_ignores_namespace_but_not_set() -> None:
    assert aerospike.calc_digest("test", "s", 1) == aerospike.calc_digest("bar", "s", 1)
    assert aerospike.calc_digest("test", "s", 1) != aerospike.calc_digest("test", "t", 1)
    assert aerospike.calc_digest("test", "s", 1) != aerospike.calc_digest("test", "s", "1")


def test_bool_keys_are_the_integer_keys_as_in_the_official_client() -> None:
    assert aerospike.calc_digest("test", "s", True) == aerospike.calc_digest("test", "s", 1)
    assert aerospike.calc_digest("test", "s", False) == aerospike.calc_digest("test", "s", 0)


@pytest.mark.parametrize("args", [("test", "s", 1.5), (1, "s", 1),
                                  ("test", 5, 1), ("test", "s", None), ("test", "s", 2**63)],
                         ids=repr)
def test_calc_digest_bad_args(args: tuple[Any, ...]) -> None:
    with pytest.raises(exception.ParamError) as info:
        aerospike.calc_digest(*args)
    assert info.value.code == -2


# -- logging -------------------------------------------------------------------------------


@pytest.fixture
def log_calls() -> Iterator[list[tuple[Any, ...]]]:
    logger = logging.getLogger("aeromodel.client")
    level = logger.level
    calls: list[tuple[Any, ...]] = []
    aerospike.set_log_handler(lambda *args: calls.append(args))
    yield calls
    aerospike.set_log_handler(None)
    logger.setLevel(level)


def test_log_handler_gets_five_arguments(log_calls: list[tuple[Any, ...]]) -> None:
    aerospike.set_log_level(aerospike.LOG_LEVEL_DEBUG)
    logging.getLogger("aeromodel.client").error("boom %d", 5)
    assert len(log_calls) == 1
    assert len(log_calls[0]) == 5
    level, func, path, line, msg = log_calls[0]
    assert level == aerospike.LOG_LEVEL_ERROR
    assert func == "test_log_handler_gets_five_arguments"
    assert Path(path).resolve() == Path(__file__).resolve()
    assert isinstance(line, int) and line > 0
    assert msg == "boom 5"


def test_log_levels_map_to_log_level_constants(log_calls: list[tuple[Any, ...]]) -> None:
    aerospike.set_log_level(aerospike.LOG_LEVEL_DEBUG)
    log = logging.getLogger("aeromodel.client.engine")  # a child logger reaches the handler too
    log.error("e")
    log.warning("w")
    log.info("i")
    log.debug("d")
    assert [(c[0], c[4]) for c in log_calls] == [
        (aerospike.LOG_LEVEL_ERROR, "e"),
        (aerospike.LOG_LEVEL_WARN, "w"),
        (aerospike.LOG_LEVEL_INFO, "i"),
        (aerospike.LOG_LEVEL_DEBUG, "d"),
    ]


def test_log_level_filters(log_calls: list[tuple[Any, ...]]) -> None:
    aerospike.set_log_level(aerospike.LOG_LEVEL_WARN)
    log = logging.getLogger("aeromodel.client")
    log.info("hidden")
    log.warning("shown")
    aerospike.set_log_level(aerospike.LOG_LEVEL_OFF)
    log.error("hidden too")
    assert [c[4] for c in log_calls] == ["shown"]


def test_removing_the_log_handler(log_calls: list[tuple[Any, ...]]) -> None:
    aerospike.set_log_level(aerospike.LOG_LEVEL_DEBUG)
    aerospike.set_log_handler(None)
    logging.getLogger("aeromodel.client").error("nobody listens")
    assert log_calls == []


def test_log_levels_outside_the_constants_clamp_as_the_official_client(
    log_calls: list[tuple[Any, ...]],
) -> None:
    log = logging.getLogger("aeromodel.client")
    assert aerospike.set_log_level(9) == 0  # above TRACE: everything
    log.log(5, "trace")
    assert aerospike.set_log_level(loglevel=-5) == 0  # the official keyword; below OFF: nothing
    log.critical("hidden")
    assert [c[4] for c in log_calls] == ["trace"]
    with pytest.raises(TypeError):
        aerospike.set_log_level()


@pytest.mark.parametrize("level", [2**63, "debug", None, True, 1.0], ids=repr)
def test_invalid_log_level_is_param_error(level: Any) -> None:
    with pytest.raises(exception.ParamError) as info:
        aerospike.set_log_level(level)
    assert info.value.code == -2


def test_log_handler_must_be_callable() -> None:
    with pytest.raises(exception.ParamError) as info:
        aerospike.set_log_handler("print")  # type: ignore[arg-type]
    assert info.value.code == -2
