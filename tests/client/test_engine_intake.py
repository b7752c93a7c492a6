"""Intake: the engine takes wire values and keeps its own stored form, whatever the caller does
with its objects afterwards."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from aeromodel.client.command import INFO1_GET_ALL, INFO1_READ, INFO2_WRITE, OP_WRITE, Command
from aeromodel.client.engine.engine import Engine
from aeromodel.client.values import NULL, FlatMap, GeoJSON, KeyOrderedDict, TypedBlob

D = bytes(range(20))


@pytest.fixture
def engine() -> Iterator[Engine]:
    name = f"engine-intake-{uuid.uuid4().hex}"
    eng = Engine.shared(name)
    yield eng
    Engine.drop(name)


def put(eng: Engine, bins: dict[str, Any]) -> int:
    ops = [(OP_WRITE, k, v) for k, v in bins.items()]
    return eng.execute(Command("test", "demo", D, None, 0, INFO2_WRITE, 0, 0, 0, ops)).code


def stored(eng: Engine) -> Any:
    res = eng.execute(Command("test", "demo", D, None, INFO1_READ | INFO1_GET_ALL, 0, 0, 0, 0, None))
    assert res.code == 0
    return res.bins


class Text(str):
    pass


class Number(enum.IntEnum):
    ONE = 1


def test_a_callers_containers_never_alias_stored_data(engine: Engine) -> None:
    inner = {"k": [1, 2]}
    outer = [inner, "x"]
    flat = [1, 2, 3]
    assert put(engine, {"l": outer, "f": flat, "m": inner}) == 0
    inner["k"].append(3)
    inner["new"] = 1
    outer.append("y")
    flat.append(4)
    bins = stored(engine)
    assert bins["l"] == [{"k": (1, 2)}, "x"]
    assert bins["f"] == (1, 2, 3)
    assert bins["m"] == {"k": (1, 2)}


def test_lists_of_immutable_items_are_stored_as_tuples(engine: Engine) -> None:
    put(engine, {"a": [1, "x", 2.5, b"b", None, True], "b": [[1]], "c": (1, 2)})
    bins = stored(engine)
    assert type(bins["a"]) is tuple
    assert type(bins["b"]) is list and type(bins["b"][0]) is tuple
    assert bins["c"] == (1, 2)


def test_maps_are_sorted_in_the_servers_key_order(engine: Engine) -> None:
    put(engine, {"m": {b"z": 1, "b": 2, 10: 3, "a": 4, -5: 5}, "n": {"x": [1]}})
    bins = stored(engine)
    assert list(bins["m"]) == [-5, 10, "a", "b", b"z"]
    assert type(bins["m"]) is FlatMap  # every value immutable
    assert type(bins["n"]) is dict


def test_key_ordered_maps_stay_key_ordered(engine: Engine) -> None:
    put(engine, {"k": KeyOrderedDict({"b": 1, "a": 2})})
    value = stored(engine)["k"]
    assert type(value) is KeyOrderedDict and list(value) == ["a", "b"]


def test_subclasses_and_bytearray_are_stored_as_plain_values(engine: Engine) -> None:
    put(engine, {"s": Text("t"), "i": Number.ONE, "b": bytearray(b"ab"),
                 "l": [Text("u"), bytearray(b"c")], "m": {Text("k"): Number.ONE}})
    bins = stored(engine)
    assert [type(bins[k]) for k in ("s", "i", "b")] == [str, int, bytes]
    assert [type(v) for v in bins["l"]] == [str, bytes]
    [(k, v)] = bins["m"].items()
    assert (type(k), type(v)) == (str, int)


def test_geojson_and_typed_blobs_are_copied(engine: Engine) -> None:
    geo = GeoJSON({"type": "Point", "coordinates": [1.0, 2.0]})
    blob = TypedBlob(9, b"pickled")
    put(engine, {"g": geo, "t": blob})
    geo.wrap({"type": "Point", "coordinates": [5.0, 5.0]})
    blob.data = b"changed"
    bins = stored(engine)
    assert bins["g"].unwrap()["coordinates"] == [1.0, 2.0]
    assert bins["t"] == TypedBlob(9, b"pickled")


def test_null_removes_a_bin_and_is_nil_inside_a_list(engine: Engine) -> None:
    put(engine, {"a": 1, "b": 2})
    put(engine, {"a": NULL, "l": [NULL, 1]})
    assert dict(stored(engine)) == {"b": 2, "l": (None, 1)}


@pytest.mark.parametrize(
    "value",
    [
        2**63,
        -(2**63) - 1,
        [2**64],
        {1.5: 1},
        {True: 1},
        {(1,): 1},
        object(),
        {"a": {1, 2}},
        "\ud800",
        {"\ud800": 1},
    ],
    ids=repr,
)
def test_what_is_not_a_wire_value_is_refused_and_changes_nothing(engine: Engine, value: Any) -> None:
    put(engine, {"a": 1})
    ops = [(OP_WRITE, "a", 2), (OP_WRITE, "b", value)]
    res = engine.execute(Command("test", "demo", D, None, 0, INFO2_WRITE, 0, 0, 0, ops))
    assert res.code == 4
    assert dict(stored(engine)) == {"a": 1}


def test_values_nested_too_deeply_are_refused(engine: Engine) -> None:
    deep: Any = 1
    for _ in range(300):
        deep = [deep]
    assert put(engine, {"d": deep}) == 4
    ok: Any = 1
    for _ in range(200):
        ok = [ok]
    assert put(engine, {"d": ok}) == 0
