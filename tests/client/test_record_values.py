"""Bin values round-tripping through the embedded engine, and the serializers for other types."""

from __future__ import annotations

import json
import pickle

import pytest
from _support import SERIALIZERS

import aeromodel.client as our_aerospike
from aeromodel.client import exception as our_exception

pytestmark = pytest.mark.transports

KEY = ("test", "demo", "val-1")


class Point:
    """A user type the server has no type for."""

    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and (other.x, other.y) == (self.x, self.y)

    __hash__ = None  # type: ignore[assignment]


@pytest.fixture
def module_serializers():
    """Module-level serializers are process-wide: always unset them afterwards."""
    our_aerospike.unset_serializers()
    yield
    our_aerospike.unset_serializers()


# -- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        0,
        -1,
        2**63 - 1,
        -(2**63),
        1.25,
        -0.0,
        float("inf"),
        "",
        "text",
        "unicodé ✓",
        b"",
        b"\x00\xff",
        [],
        [1, "a", 2.5, b"b", None, [1, [2]], {"k": "v"}],
        {},
        {"a": [1, {"b": {"c": 3}}]},
    ],
)
def test_values_round_trip(client, value):
    client.put(KEY, {"v": value})
    got = client.get(KEY)[2]["v"]
    assert got == value
    assert type(got) is type(value)


def test_nan_round_trips(client):
    client.put(KEY, {"v": float("nan")})
    got = client.get(KEY)[2]["v"]
    assert isinstance(got, float) and got != got


def test_bytearray_reads_back_as_bytes(client):
    client.put(KEY, {"v": bytearray(b"\x01\x02"), "l": [bytearray(b"\x03")]})
    bins = client.get(KEY)[2]
    assert bins == {"v": b"\x01\x02", "l": [b"\x03"]}
    assert type(bins["v"]) is bytes
    assert type(bins["l"][0]) is bytes


def test_bool_stays_bool_by_default(client):
    client.put(KEY, {"t": True, "f": False, "l": [True, 1], "m": {"k": False}})
    bins = client.get(KEY)[2]
    assert bins == {"t": True, "f": False, "l": [True, 1], "m": {"k": False}}
    assert bins["t"] is True and bins["f"] is False
    assert bins["l"][0] is True and type(bins["l"][1]) is int
    assert bins["m"]["k"] is False


def test_send_bool_as_integer_stores_ints(make_client, aerospike):
    c = make_client(config={"send_bool_as": aerospike.INTEGER})
    c.put(KEY, {"t": True, "l": [False]})
    bins = c.get(KEY)[2]
    assert bins == {"t": 1, "l": [0]}
    assert type(bins["t"]) is int and type(bins["l"][0]) is int


@pytest.mark.ours_only(SERIALIZERS)
def test_tuples_are_unsupported_and_pickled(client, module_serializers):
    # The 3.x manual's serialization example: "tuple is an unsupported type", read back as a tuple.
    client.put(KEY, {"t": (1, 2, 3), "l": [(4, 5)]})
    bins = client.get(KEY)[2]
    assert bins == {"t": (1, 2, 3), "l": [(4, 5)]}
    assert type(bins["t"]) is tuple


def test_unordered_map_comes_back_sorted_by_key(client):
    client.put(KEY, {"m": {"b": 1, b"z": 2, 10: 3, "a": 4, -5: 5, b"a": 6}})
    m = client.get(KEY)[2]["m"]
    assert type(m) is dict
    assert list(m.items()) == [(-5, 5), (10, 3), ("a", 4), ("b", 1), (b"a", 6), (b"z", 2)]


def test_key_ordered_dict_reads_back_as_key_ordered_dict(client, aerospike):
    ko = aerospike.KeyOrderedDict({"z": 1, "a": {"y": 2, "b": 3}})
    client.put(KEY, {"m": ko})
    m = client.get(KEY)[2]["m"]
    assert type(m) is aerospike.KeyOrderedDict
    assert m == {"a": {"b": 3, "y": 2}, "z": 1}
    assert list(m) == ["a", "z"]
    assert type(m["a"]) is dict


def test_geojson_round_trips(client, aerospike):
    point = aerospike.GeoJSON({"type": "Point", "coordinates": [-122.5, 37.25]})
    poly = aerospike.geojson(
        '{"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [0, 0]]]}'
    )
    client.put(KEY, {"p": point, "poly": poly})
    bins = client.get(KEY)[2]
    assert type(bins["p"]) is aerospike.GeoJSON
    # compared by content: the official GeoJSON has no __eq__ (ours compares by value)
    assert bins["p"].unwrap() == point.unwrap()
    assert bins["p"].unwrap() == {"type": "Point", "coordinates": [-122.5, 37.25]}
    assert bins["poly"].unwrap() == poly.unwrap()
    assert json.loads(bins["poly"].dumps())["type"] == "Polygon"


def test_read_values_are_copies_of_the_stored_ones(client):
    value = {"l": [1, 2], "m": {"a": [3]}}
    client.put(KEY, {"v": value})
    value["l"].append(99)
    got = client.get(KEY)[2]["v"]
    assert got == {"l": [1, 2], "m": {"a": [3]}}
    got["m"]["a"].append(4)
    assert client.get(KEY)[2]["v"] == {"l": [1, 2], "m": {"a": [3]}}


def test_select_and_operate_give_the_same_values_as_get(client, aerospike):
    bins = {
        "l": [1, {"b": 1, "a": 2}],
        "ko": aerospike.KeyOrderedDict({"y": 1, "x": 2}),
        "bl": True,
        "by": b"\x00",
    }
    client.put(KEY, bins)
    got = client.get(KEY)[2]
    assert client.select(KEY, list(bins))[2] == got
    ops = [{"op": aerospike.OPERATOR_READ, "bin": name} for name in bins]
    assert client.operate(KEY, ops)[2] == got
    assert type(client.select(KEY, ["ko"])[2]["ko"]) is aerospike.KeyOrderedDict


# -- serializers ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [{1, 2, 3}, frozenset({"a"}), Point(1, 2), complex(1, 2)])
@pytest.mark.ours_only(SERIALIZERS)
def test_unsupported_types_are_pickled_by_default(client, module_serializers, value):
    client.put(KEY, {"v": value, "n": 1})
    got = client.get(KEY)[2]
    assert got == {"v": value, "n": 1}
    assert type(got["v"]) is type(value)


@pytest.mark.ours_only(SERIALIZERS)
def test_pickled_values_nest_inside_lists_and_maps(client, module_serializers):
    client.put(KEY, {"l": [{1, 2}, Point(3, 4)], "m": {"k": Point(5, 6)}})
    assert client.get(KEY)[2] == {"l": [{1, 2}, Point(3, 4)], "m": {"k": Point(5, 6)}}


@pytest.mark.ours_only(SERIALIZERS)
def test_serializer_python_pickles(client, module_serializers, aerospike):
    client.put(KEY, {"v": {7}}, serializer=aerospike.SERIALIZER_PYTHON)
    assert client.get(KEY)[2] == {"v": {7}}


@pytest.mark.ours_only(SERIALIZERS)
def test_serializer_none_refuses_unsupported_types(client, module_serializers, aerospike, exception):
    with pytest.raises(exception.ParamError) as excinfo:
        client.put(KEY, {"v": Point(1, 1)}, serializer=aerospike.SERIALIZER_NONE)
    assert excinfo.value.code == -2
    assert client.exists(KEY)[1] is None
    # Supported types need no serializer.
    client.put(KEY, {"v": [1, "a"]}, serializer=aerospike.SERIALIZER_NONE)
    assert client.get(KEY)[2] == {"v": [1, "a"]}


@pytest.mark.ours_only(SERIALIZERS)
def test_serializer_user_without_a_serializer_is_param_error(client, module_serializers, aerospike, exception):
    with pytest.raises(exception.ParamError) as excinfo:
        client.put(KEY, {"v": {1}}, serializer=aerospike.SERIALIZER_USER)
    assert excinfo.value.code == -2
    assert client.exists(KEY)[1] is None


def to_json(value):
    return json.dumps(sorted(value) if isinstance(value, (set, frozenset)) else value.__dict__)


def from_json(data):
    return ("decoded", json.loads(data))


@pytest.mark.ours_only(SERIALIZERS)
def test_module_level_serializer_pair_with_serializer_user(client, module_serializers, aerospike):
    aerospike.set_serializer(to_json)
    aerospike.set_deserializer(from_json)
    client.put(
        KEY, {"s": {3, 1, 2}, "p": Point(1, 2), "n": 5}, serializer=aerospike.SERIALIZER_USER
    )
    assert client.get(KEY)[2] == {
        "s": ("decoded", [1, 2, 3]),
        "p": ("decoded", {"x": 1, "y": 2}),
        "n": 5,
    }


@pytest.mark.ours_only(SERIALIZERS)
def test_module_level_serializer_is_used_only_when_asked_for(client, module_serializers, aerospike):
    # 3.x manual: "To use this function with put() the argument to serializer should be
    # aerospike.SERIALIZER_USER"; without it the built-in pickling applies.
    calls = []
    aerospike.set_serializer(lambda v: calls.append(v) or b"user")
    client.put(KEY, {"s": {1, 2}})
    assert calls == []
    assert client.get(KEY)[2] == {"s": {1, 2}}


@pytest.mark.ours_only(SERIALIZERS)
def test_module_level_deserializer_applies_to_plain_blobs(client, module_serializers, aerospike):
    aerospike.set_deserializer(from_json)
    client.put(KEY, {"b": b"[1, 2]", "s": "[3]"})
    assert client.get(KEY)[2] == {"b": ("decoded", [1, 2]), "s": "[3]"}
    aerospike.unset_serializers()
    assert client.get(KEY)[2] == {"b": b"[1, 2]", "s": "[3]"}


@pytest.mark.ours_only(SERIALIZERS)
def test_unset_serializers_goes_back_to_pickling(client, module_serializers, aerospike, exception):
    aerospike.set_serializer(to_json)
    aerospike.set_deserializer(from_json)
    aerospike.unset_serializers()
    client.put(KEY, {"s": {1, 2}})
    assert client.get(KEY)[2] == {"s": {1, 2}}
    with pytest.raises(exception.ParamError) as excinfo:
        client.put(KEY, {"s": {3}}, serializer=aerospike.SERIALIZER_USER)
    assert excinfo.value.code == -2
    assert client.get(KEY)[2] == {"s": {1, 2}}


def test_set_serializer_needs_a_callable(module_serializers):
    for setter in (our_aerospike.set_serializer, our_aerospike.set_deserializer):
        with pytest.raises(our_exception.ParamError) as excinfo:
            setter("not callable")
        assert excinfo.value.code == -2


@pytest.mark.ours_only(SERIALIZERS)
def test_instance_level_serialization_config(make_client, module_serializers):
    calls = []

    def ser(value):
        calls.append(value)
        return pickle.dumps(("wrapped", sorted(value)))

    def deser(data):
        return pickle.loads(data)

    c = make_client(config={"serialization": (ser, deser)})
    c.put(KEY, {"s": {2, 1}, "n": 1})
    assert calls == [{1, 2}]
    assert c.get(KEY)[2] == {"s": ("wrapped", [1, 2]), "n": 1}


@pytest.mark.ours_only(SERIALIZERS)
def test_instance_serializer_wins_over_the_module_one(make_client, module_serializers, aerospike):
    aerospike.set_serializer(lambda v: b"module")
    aerospike.set_deserializer(lambda b: ("module", b))
    c = make_client(config={"serialization": (lambda v: b"instance", lambda b: ("instance", b))})
    c.put(KEY, {"s": {1}})
    assert c.get(KEY)[2] == {"s": ("instance", b"instance")}
    c.put(KEY, {"s": {2}}, serializer=aerospike.SERIALIZER_USER)
    assert c.get(KEY)[2] == {"s": ("instance", b"instance")}


@pytest.mark.ours_only(SERIALIZERS)
def test_explicit_serializer_python_bypasses_the_instance_serializer(make_client, aerospike):
    c = make_client(config={"serialization": (lambda v: b"instance", lambda b: ("instance", b))})
    c.put(KEY, {"s": {1, 2}}, serializer=aerospike.SERIALIZER_PYTHON)
    assert c.get(KEY)[2] == {"s": {1, 2}}


@pytest.mark.ours_only(SERIALIZERS)
def test_failing_user_serializer_is_param_error(client, module_serializers, aerospike, exception):
    def boom(value):
        raise RuntimeError("nope")

    aerospike.set_serializer(boom)
    with pytest.raises(exception.ParamError) as excinfo:
        client.put(KEY, {"s": {1}}, serializer=aerospike.SERIALIZER_USER)
    assert excinfo.value.code == -2
    assert client.exists(KEY)[1] is None


@pytest.mark.ours_only(SERIALIZERS)
def test_bad_serialization_config_is_param_error(make_client, exception):
    for bad in ((len,), "ser", (len, "deser")):
        with pytest.raises(exception.ParamError) as excinfo:
            make_client(config={"serialization": bad})
        assert excinfo.value.code == -2
