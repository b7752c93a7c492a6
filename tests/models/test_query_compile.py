"""The query compiler as a pure function: conditions + usable indexes -> (predicate, filter).
No client, no engine."""

from __future__ import annotations

from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel import QueryError
from aeromodel import conditions as c
from aeromodel.client import predicates as p
from aeromodel.dialect import AEROMODEL
from aeromodel.query.catalog import parse_sindex_list
from aeromodel.query.compile import INT_MAX, INT_MIN, compile_query, declaration, render
from aeromodel.query.lookups import resolve

from .app import Counter, Everything, User

USER = {s.field: s for s in User.__aeromodel__.indexes}
AGE, TAGS = USER["age"], USER["tags"]


def plan(cond: c.Condition | None, *indexes: Any) -> Any:
    return compile_query(cond, indexes, namespace="test", set_name="users")


def test_equality_beats_range_whatever_the_order() -> None:
    from aeromodel.indexes import IndexSpec

    name_ix = IndexSpec("users_name_idx", "test", "users", "name", "default", "string", (), "name")
    cond = User.age.between(20, 30) & (User.name == "Ann")
    pl = plan(cond, AGE, name_ix)
    assert pl.predicate is not None and pl.predicate.index is name_ix
    assert pl.predicate.predicate == p.equals("name", "Ann")
    assert pl.filter == User.age.between(20, 30)


def test_bounded_range_beats_half_open_and_ties_go_first() -> None:
    cond = (User.age > 3) & User.age.between(5, 9)
    assert plan(cond, AGE).predicate.predicate == p.between("age", 5, 9)  # type: ignore[union-attr]
    cond = (User.age > 3) & (User.age < 9)
    pl = plan(cond, AGE)
    assert pl.predicate.predicate == p.between("age", 4, INT_MAX)  # type: ignore[union-attr]
    assert pl.filter == (User.age < 9)


@pytest.mark.parametrize(("cond", "pred"), [
    (User.age == 3, p.equals("age", 3)),
    (User.age >= 3, p.between("age", 3, INT_MAX)),
    (User.age < 3, p.between("age", INT_MIN, 2)),
    (User.age <= 3, p.between("age", INT_MIN, 3)),
    (User.age.is_in([7]), p.equals("age", 7)),
    (User.tags.contains("vip"), p.contains("tags", aerospike.INDEX_TYPE_LIST, "vip")),
])
def test_each_indexable_condition(cond: c.Condition, pred: Any) -> None:
    pl = plan(cond, AGE, TAGS)
    assert pl.predicate is not None and pl.predicate.predicate == pred
    assert pl.filter is None and not pl.scan


def test_in_of_several_ints_is_a_wider_range_kept_in_the_filter() -> None:
    pl = plan(User.age.is_in([3, 9, 5]), AGE)
    assert pl.predicate is not None and pl.predicate.predicate == p.between("age", 3, 9)
    assert not pl.predicate.exact and pl.filter == User.age.is_in([3, 9, 5])


@pytest.mark.parametrize("cond", [
    User.age != 3, User.name.startswith("A"), User.age.exists(), ~(User.age == 3),
    User.age == None,  # noqa: E711
])
def test_unindexable_conditions_scan(cond: c.Condition) -> None:
    pl = plan(cond, AGE, TAGS)
    assert pl.scan and pl.filter == cond


def test_or_at_the_top_scans_with_the_whole_tree() -> None:
    cond = (User.age < 3) | (User.age > 18)
    pl = plan(cond, AGE)
    assert pl.scan and pl.filter == cond and "OR" in pl.reason


def test_and_branch_minus_the_predicate_is_the_filter() -> None:
    inner = (User.name == "A") | (User.name == "B")
    cond = (User.age == 5) & inner & User.tags.contains("x")
    pl = plan(cond, AGE)
    assert pl.filter == c.And((inner, User.tags.contains("x")))
    assert pl.expression(AEROMODEL) == pl.filter.to_expression().compile()  # type: ignore[union-attr]


def test_missing_index_is_suggested() -> None:
    pl = plan(User.age.between(1, 2) & User.name.startswith("A"))
    assert pl.scan and pl.missing is not None and pl.missing.name == "users_age_idx"
    assert declaration(pl.missing, "User") == "User.age: Field(..., index=True)"
    pl = plan(User.visits.contains_key("home"))
    assert pl.missing is not None and pl.missing.collection == "mapkeys"
    assert declaration(pl.missing, "User") == 'User.visits: Field(..., index="map_keys")'


def test_nested_and_context_indexes() -> None:
    city = next(s for s in Everything.__aeromodel__.indexes if s.field == "address.city")
    cond = Everything.address.city == "Paris"
    pl = compile_query(cond, [city], namespace="test", set_name="everything")
    assert pl.predicate is not None and repr(pl.predicate.ctx(AEROMODEL)) == repr(city.client_ctx())
    assert pl.predicate.predicate == p.equals("address", "Paris")
    daily = Counter.__aeromodel__.indexes[0]
    pl = compile_query(Counter.hits["daily"].contains(3), [daily], namespace="test", set_name="counters")
    assert pl.predicate is not None and pl.predicate.predicate[-1] == aerospike.INDEX_TYPE_MAPVALUES
    # the same condition one level up is not what the index holds
    assert compile_query(Counter.hits.contains({"a": 1}), [daily], namespace="test", set_name="counters").scan
    pl = compile_query(Everything.stats["x"]["logins"] > 3, [], namespace="test", set_name="everything")
    assert pl.missing is not None
    assert declaration(pl.missing, "Everything") == (
        "Everything: indexes=[Index(\"stats\", ctx=(MapKey('x'), MapKey('logins'),))]")


def test_value_of_another_type_is_not_served() -> None:
    assert plan(User.age == 3.5, AGE).scan  # numeric indexes hold no floats


def test_render() -> None:
    cond = (User.age >= 18) & ((User.name == "A") | ~User.email.exists())
    assert render(cond) == "User.age >= 18 AND (User.name == 'A' OR NOT (User.email exists))"


def test_lookups_build_the_same_tree_as_references() -> None:
    assert resolve(User, "age", 3) == (User.age == 3)
    assert resolve(User, "age__gte", 3) == (User.age >= 3)
    assert resolve(User, "age__between", (1, 2)) == User.age.between(1, 2)
    assert resolve(User, "visits__home__gt", 2) == (User.visits["home"] > 2)
    assert resolve(User, "email__isnull", True) == User.email.isnull()
    assert resolve(Everything, "address__city__startswith", "P") == Everything.address.city.startswith("P")
    assert resolve(Everything, "stats__x__logins__lt", 3) == (Everything.stats["x"]["logins"] < 3)
    with pytest.raises(QueryError, match="no such field"):
        resolve(User, "nope", 1)
    with pytest.raises(QueryError, match="startswith"):
        resolve(User, "age__startswith", "1")
    with pytest.raises(QueryError, match="no lookup"):
        resolve(User, "age__bogus", 1)
    with pytest.raises(QueryError, match="primary key"):
        resolve(User, "id", "u1")


def test_parse_sindex_list() -> None:
    text = ("ns=test:indexname=a:set=users:bin=age:type=numeric:indextype=default:context=null:exp=null:state=RW;"
            "ns=test:indexname=b:set=null:bin=st:type=string:indextype=mapvalues:context=kiKnA2xvZ2lucw==:exp=null:state=WO\n")
    a, b = parse_sindex_list(text)
    assert (a.name, a.set, a.bin, a.datatype, a.collection, a.context, a.ready) == ("a", "users", "age", "numeric", "default", None, True)
    assert (b.set, b.context, b.ready) == (None, "kiKnA2xvZ2lucw==", False)
    assert parse_sindex_list("\n") == []
