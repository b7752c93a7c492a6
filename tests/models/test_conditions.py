"""Condition objects: the tree field references build, its rules, and each node compiled to a
filter expression that the engine evaluates as a Python predicate would."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from aeromodel import GeoPoint, GeoRegion
from aeromodel import conditions as c
from aeromodel.connection import dialect_of

from .app import Address, Everything, User

NOW = datetime(2024, 5, 1, tzinfo=timezone.utc)


def test_comparisons_build_leaves_with_stored_values() -> None:
    cond = User.age > 3
    assert isinstance(cond, c.Compare) and (cond.op, cond.value) == ("gt", 3)
    assert (User.age == 3).op == "eq"  # type: ignore[attr-defined]
    assert (User.age != 3).op == "ne"  # type: ignore[attr-defined]
    assert [(x.op) for x in (User.age >= 1, User.age < 1, User.age <= 1)] == ["ge", "lt", "le"]  # type: ignore[attr-defined]
    b = User.signed_up.between(NOW, NOW + timedelta(days=1))
    assert isinstance(b, c.Between)
    assert (b.low, b.high) == (1714521600000000, 1714608000000000)  # encoded by the field's codec
    assert User.age.is_in([1, 2]) == c.In(User.age.path, (1, 2))
    assert User.name.startswith("A") == c.StartsWith(User.name.path, "A")
    assert User.tags.contains("x") == c.Contains(User.tags.path, "x")
    assert User.visits.contains_key("home") == c.ContainsKey(User.visits.path, "home")
    assert User.email.exists() == c.Exists(User.email.path)
    assert User.email.isnull() == c.Not(c.Exists(User.email.path))


def test_combinators_flatten_and_invert() -> None:
    a, b, d = User.age > 1, User.age < 9, User.name == "x"
    assert (a & b & d) == c.And((a, b, d))
    assert (a | b | d) == c.Or((a, b, d))
    assert ((a & b) | d) == c.Or((c.And((a, b)), d))
    assert ~a == c.Not(a)
    assert ~~a == a
    assert (a & b).paths() == (User.age.path, User.age.path)


def test_a_condition_refuses_bool() -> None:
    with pytest.raises(TypeError, match="truth value"):
        if User.age == 3:
            pass
    with pytest.raises(TypeError):
        _ = (User.age > 1) and (User.age < 3)
    with pytest.raises(TypeError):
        bool(User.age)


def test_nested_paths_carry_contexts() -> None:
    cond = Everything.stats["daily"]["mon"] > 3
    assert cond.paths()[0].bin == "st"
    assert cond.paths()[0].steps == (("map_key", "daily"), ("map_key", "mon"))
    city = Everything.address.city == "Oslo"
    assert city.paths()[0].steps == (("map_key", "city"),)


RECORDS: list[dict[str, Any]] = [
    {"id": 1, "s": "Ann", "i": 5, "f": 1.5, "scores": [1, 2], "stats": {"d": {"m": 3}},
     "address": Address(city="Oslo"), "where": GeoPoint(lng=10.75, lat=59.91), "when": NOW},
    {"id": 2, "s": "bob", "i": 20, "scores": [], "stats": {}, "address": Address(city="Rome", floor=2)},
    {"id": 3, "s": "A.b", "i": -1, "scores": [7], "stats": {"d": {"m": 10}},
     "area": GeoRegion.circle(10.75, 59.91, 5000), "when": NOW + timedelta(days=3)},
]
E = Everything
CASES: list[tuple[str, Any, set[int]]] = [
    ("eq", E.i == 5, {1}),
    ("ne", E.i != 5, {2, 3}),
    ("gt", E.i > 4, {1, 2}),
    ("between", E.i.between(-1, 5), {1, 3}),
    ("in", E.i.is_in([20, -1]), {2, 3}),
    ("in-none", E.i.is_in([]), set()),
    ("startswith", E.s.startswith("A."), {3}),
    ("startswith-escapes", E.s.startswith("A"), {1, 3}),
    ("regex", E.s.regex("^[a-z]+$"), {2}),
    ("contains", E.scores.contains(7), {3}),
    ("contains_key", E.stats.contains_key("d"), {1, 3}),
    ("nested", E.stats["d"]["m"] > 5, {3}),
    ("nested-model", E.address.city == "Rome", {2}),
    ("nested-exists", E.stats["d"].exists(), {1, 3}),
    ("exists", E.when.exists(), {1, 3}),
    ("isnull", E.when.isnull(), {2}),
    ("eq-none", E.when == None, {2}),  # noqa: E711
    ("datetime", E.when > NOW, {3}),
    ("and", (E.i > 0) & (E.s != "bob"), {1}),
    ("or", (E.i < 0) | (E.i > 10), {2, 3}),
    ("not", ~(E.i > 0), {3}),
    ("geo-within", E.where.within_radius(10.75, 59.91, 1000), {1}),
    ("geo-contains", E.area.contains_point(GeoPoint(lng=10.76, lat=59.91)), {3}),
]


@pytest.mark.parametrize(("name", "cond", "expected"), CASES, ids=[c[0] for c in CASES])
def test_to_expression_filters_as_expected(client: Any, name: str, cond: Any, expected: set[int]) -> None:
    for rec in RECORDS:
        Everything(**rec).save()
    d = dialect_of(client)  # the expressions (and exceptions) of the client's own package
    compiled = cond.to_expression(d).compile()
    passed = set()
    for rec in RECORDS:
        try:
            client.get(("test", "everything", rec["id"]), {"expressions": compiled})
            passed.add(rec["id"])
        except d.exception.FilteredOut:
            pass
    assert passed == expected
