"""Indexes on a field of models held in a list (or a map): an expression index over the values of
that field in every element (Aerospike 8.1), its sync, and queries through it (``lines__sku="a"``,
``Order.lines.any.qty >= 3``), with the index and, without it, as a filter expression. Every test
taking ``client`` runs on the embedded, forwarding and official clients."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import aeromodel
import aeromodel.client as aerospike
from aeromodel import (
    Field,
    Index,
    MissingIndexError,
    Model,
    ModelDefinitionError,
    QueryError,
    check_indexes,
    sync_indexes,
)
from aeromodel import conditions as c
from aeromodel.client import predicates as p
from aeromodel.connection import dialect_of
from aeromodel.indexes import IndexSpec, index_name
from aeromodel.query import Query
from aeromodel.query.compile import compile_query

from .app import User

SKUS = ["a", "b", "c", "d"]


class Line(BaseModel):
    sku: str = Field(index=True)
    qty: int = Field(1, index=True)
    price: float = 0.0
    note: str | None = None


class Order(Model, namespace="test", set="orders"):
    id: int = Field(primary_key=True)
    lines: list[Line] = Field(default_factory=list)
    stock: dict[str, Line] = Field(default_factory=dict)
    status: str = "open"


SPECS = {s.field: s for s in Order.__aeromodel__.indexes}
LIST_INDEXES = [SPECS["lines.sku"], SPECS["lines.qty"]]


def orders(seed: int = 7, n: int = 30) -> list[Order]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        lines = [Line(sku=rnd.choice(SKUS), qty=rnd.randint(0, 6), price=rnd.choice([0.5, 1.0, 2.5]))
                 for _ in range(rnd.randint(0, 3))]
        stock = {f"w{k}": Line(sku=rnd.choice(SKUS), qty=rnd.randint(0, 6)) for k in range(rnd.randint(0, 2))}
        o = Order(id=i, lines=lines, stock=stock, status=rnd.choice(["open", "shipped"]))
        o.save()
        out.append(o)
    return out


def ids(q: Query[Order]) -> list[int]:
    return sorted(o.id for o in q.all())


def expect(items: list[Order], pred: Any) -> list[int]:
    return sorted(o.id for o in items if pred(o))


# -- declaration -------------------------------------------------------------------------------


def test_a_field_of_models_in_a_list_declares_an_expression_index() -> None:
    sku = SPECS["lines.sku"]
    assert (sku.name, sku.bin, sku.collection, sku.datatype) == (
        "orders_lines_sku_list_idx", "lines", "list", "string")
    assert sku.ctx == (("each", "list"), ("map_key", "sku")) and sku.expression_based
    assert sku.index_type == aerospike.INDEX_TYPE_LIST and sku.client_ctx() is None
    assert SPECS["lines.qty"].datatype == "numeric"
    # a map of models: the same over its values
    assert SPECS["stock.sku"].name == "orders_stock_sku_list_idx"
    assert SPECS["stock.sku"].ctx == (("each", "map"), ("map_key", "sku"))
    # the expression: every element's value of the field, as a list
    from aeromodel.client.helpers import cdt_ctx
    from aeromodel.client.helpers import expressions as exp

    want = exp.SelectByPath([cdt_ctx.cdt_ctx_all_children(), cdt_ctx.cdt_ctx_map_key("sku")],
                            exp.ResultType.LIST, aerospike.EXP_PATH_SELECT_VALUE, exp.ListBin("lines"))
    assert sku.expression().compile() == want.compile()
    with pytest.raises(ValueError):
        IndexSpec("x", "test", None, "b", "default", "numeric", (), "b").expression()


def test_declarations_through_a_list_stored_keys_names_and_model_level() -> None:
    class Part(BaseModel):
        code: str = Field(bin="c", index=True)

    class Kit(Model, namespace="test", set="k" * 50, indexes=[Index("parts.code", name="kit_codes")]):
        parts: list[Part] = Field(default_factory=list)
        others: list[Part] = Field(default_factory=list)

    by_field = {s.field: s for s in Kit.__aeromodel__.indexes if s.name != "kit_codes"}
    long = by_field["parts.code"]
    assert long.ctx == (("each", "list"), ("map_key", "c"))  # the stored key
    assert len(long.name) == 63 and long.name.startswith("k" * 50 + "_par")
    assert index_name("kit", "parts", long.ctx, "list") == "kit_parts_c_list_idx"
    named = next(s for s in Kit.__aeromodel__.indexes if s.name == "kit_codes")
    assert named.ctx == long.ctx and named.field == "parts.code"


class ListInside(BaseModel):
    tags: list[str] = Field(default_factory=list, index=True)


class ListKind(BaseModel):
    code: str = Field(index="list")


class GeoInside(BaseModel):
    where: aeromodel.GeoPoint | None = Field(None, index=True)


@pytest.mark.parametrize("element", [ListInside, ListKind, GeoInside])
def test_what_cannot_be_indexed_inside_a_list_of_models(element: type[BaseModel]) -> None:
    with pytest.raises(ModelDefinitionError, match="inside a list"):
        type(Model)("Holder", (Model,), {
            "__module__": __name__, "__annotations__": {"items": list[element]},  # type: ignore[valid-type]
            "items": Field(default_factory=list),
        }, namespace="test")


def test_a_model_nested_in_itself_through_a_list_is_taken_at_the_first_level() -> None:
    class Comment(Model, namespace="test"):
        id: int = Field(primary_key=True)
        author: str = Field(index=True)
        replies: list[Comment] = Field(default_factory=list)

    assert [s.name for s in Comment.__aeromodel__.indexes] == ["comment_author_idx"]


# -- conditions and the planner (pure) ---------------------------------------------------------


def test_the_planner_serves_any_element_conditions_from_the_expression_index() -> None:
    def plan(cond: c.Condition) -> Any:
        return compile_query(cond, LIST_INDEXES, namespace="test", set_name="orders")

    lt = aerospike.INDEX_TYPE_LIST
    pl = plan(Order.lines.any.sku == "a")
    assert pl.predicate is not None and pl.predicate.by_name
    assert pl.predicate.predicate == p.contains(None, lt, "a") and pl.filter is None
    assert plan(Order.lines.any.qty >= 3).predicate.predicate == p.range(None, lt, 3, 2**63 - 1)
    assert plan(Order.lines.any.qty < 3).predicate.predicate == p.range(None, lt, -(2**63), 2)
    assert plan(Order.lines.any.qty.between(2, 4)).predicate.predicate == p.range(None, lt, 2, 4)
    inexact = plan(Order.lines.any.qty.is_in([1, 5]))
    assert inexact.predicate.predicate == p.range(None, lt, 1, 5) and inexact.filter is not None
    both = plan((Order.lines.any.qty > 2) & (Order.lines.any.sku == "b") & (Order.status == "open"))
    assert both.predicate.index.name == "orders_lines_sku_list_idx"
    assert both.filter == (Order.lines.any.qty > 2) & (Order.status == "open")
    # no index for != or a string range; the index that would serve names the nested field
    assert plan(Order.lines.any.sku != "a").scan
    missing = compile_query(Order.lines.any.qty > 1, [], namespace="test", set_name="orders").missing
    assert missing is not None and missing.name == "orders_lines_qty_list_idx"
    assert missing.field == "lines.qty"


def test_lookups_and_refs_through_a_list() -> None:
    q = Order.query().where(lines__sku="a", lines__qty__gte=3, lines__price__lt=2)
    assert q.condition == (
        (Order.lines.any.sku == "a") & (Order.lines.any.qty >= 3) & (Order.lines.any.price < 2)
    )
    assert Order.query().where(lines__qty__between=(1, 2)).condition == Order.lines.any.qty.between(1, 2)
    for bad in ({"lines__sku__startswith": "a"}, {"lines__sku": None}, {"lines__note__exists": True},
                {"lines__nothing": 1}):
        with pytest.raises(QueryError):
            Order.query().where(**bad)
    with pytest.raises(TypeError):
        Order.lines.any.sku.startswith("a")
    with pytest.raises(TypeError):
        Order.lines.any.qty.increment(1)  # a condition path, not a place to write
    with pytest.raises(TypeError):
        Order.lines.any.sku.read()
    with pytest.raises(TypeError):
        User.tags.any  # type: ignore[misc]  # noqa: B018  (a list of strings)
    from aeromodel.query.compile import render

    assert render(Order.lines.any.sku == "a") == "Order.lines[*].sku == 'a'"


# -- on a cluster ------------------------------------------------------------------------------


def test_sync_creates_and_checks_expression_indexes(client: Any) -> None:
    class Cart(Model, namespace="test", set="carts"):
        id: int = Field(primary_key=True)
        lines: list[Line] = Field(default_factory=list)

    plan = sync_indexes([Cart])
    assert [(a.kind, a.name) for a in plan.applied] == [
        ("create", "carts_lines_sku_list_idx"), ("create", "carts_lines_qty_list_idx")]
    assert "expression (values of bin lines[*][map_key='sku'])" in plan.render()
    check = check_indexes([Cart])
    assert check.in_sync and [a.kind for a in check.actions] == ["match", "match"]
    assert sync_indexes([Cart]).applied == ()  # idempotent
    listed = client.info_random_node("sindex-list:ns=test;b64=true")
    entry = next(e for e in listed.split(";") if "carts_lines_sku_list_idx" in e)
    assert "bin=null" in entry and "indextype=list" in entry.lower()
    compiled = Cart.__aeromodel__.indexes[0].expression(dialect_of(client)).compile()
    assert f"exp={client.get_expression_base64(compiled)}" in entry

    # the index follows the lists: writes, updates, removal
    Cart(id=1, lines=[Line(sku="a", qty=2), Line(sku="b", qty=5)]).save()
    Cart(id=2, lines=[Line(sku="b", qty=1)]).save()
    q = Cart.query().where(lines__sku="a")
    e = q.explain()
    assert (e.mode, e.index, e.predicate) == (
        "query", "carts_lines_sku_list_idx", p.contains(None, aerospike.INDEX_TYPE_LIST, "a"))
    assert e.filter is None and q.ids() == [1]
    assert sorted(Cart.query().where(lines__sku="b").ids()) == [1, 2]
    cart = Cart.get(2)
    cart.lines.append(Line(sku="a", qty=9))
    cart.save()
    assert sorted(q.ids()) == [1, 2] and Cart.query().where(lines__qty__gte=9).ids() == [2]
    Cart.get(1).update(Cart.lines.clear())
    assert q.ids() == [2]
    Cart.get(2).delete()
    assert q.ids() == [] and Cart.query().where(lines__qty__gte=0).ids() == []


def test_without_the_index_a_filter_or_missing_index_error(client: Any) -> None:
    items = orders(n=12)
    q = Order.query().where(lines__sku="a")
    e = q.explain()
    assert e.mode == "scan" and e.filter == "Order.lines[*].sku == 'a'"
    assert e.missing == 'Order: indexes=[Index("lines.sku")] (or Field(..., index=True) in the ' \
        'element model) (declared, but the cluster does not have it: sync the indexes)'
    with pytest.raises(MissingIndexError, match="orders_lines_sku_list_idx"):
        q.all()
    assert ids(q.allow_scan()) == expect(items, lambda o: any(x.sku == "a" for x in o.lines))


def _any(o: Order, attr: str, test: Any) -> bool:
    return any(test(getattr(x, attr)) for x in o.lines)


LOOKUPS = [  # (lookups, Python filter, served by an index)
    ({"lines__sku": "a"}, lambda o: _any(o, "sku", lambda v: v == "a"), True),
    ({"lines__sku__ne": "a"}, lambda o: not _any(o, "sku", lambda v: v == "a"), False),
    ({"lines__sku__in": ["b", "d"]}, lambda o: _any(o, "sku", lambda v: v in ("b", "d")), False),
    ({"lines__sku__gt": "b"}, lambda o: _any(o, "sku", lambda v: v > "b"), False),
    ({"lines__sku__lte": "b"}, lambda o: _any(o, "sku", lambda v: v <= "b"), False),
    ({"lines__sku__between": ("b", "c")}, lambda o: _any(o, "sku", lambda v: "b" <= v <= "c"), False),
    ({"lines__qty": 3}, lambda o: _any(o, "qty", lambda v: v == 3), True),
    ({"lines__qty__gte": 5}, lambda o: _any(o, "qty", lambda v: v >= 5), True),
    ({"lines__qty__gt": 5}, lambda o: _any(o, "qty", lambda v: v > 5), True),
    ({"lines__qty__lt": 1}, lambda o: _any(o, "qty", lambda v: v < 1), True),
    ({"lines__qty__lte": 1}, lambda o: _any(o, "qty", lambda v: v <= 1), True),
    ({"lines__qty__between": (2, 3)}, lambda o: _any(o, "qty", lambda v: 2 <= v <= 3), True),
    ({"lines__qty__in": [0, 6]}, lambda o: _any(o, "qty", lambda v: v in (0, 6)), True),
    ({"lines__price__lt": 1}, lambda o: _any(o, "price", lambda v: v < 1), False),
    ({"lines__price__gte": 1}, lambda o: _any(o, "price", lambda v: v >= 1), False),
    ({"lines__sku": "a", "lines__qty__gte": 4, "status": "open"},
     lambda o: _any(o, "sku", lambda v: v == "a") and _any(o, "qty", lambda v: v >= 4)
     and o.status == "open", True),
]


def test_every_lookup_with_and_without_the_index(client: Any, admin: Any) -> None:
    items = orders()
    for lookups, pred, _ in LOOKUPS:
        assert ids(Order.query().where(**lookups).allow_scan()) == expect(items, pred), lookups
    stock = Order.query().where(Order.stock.any.qty.between(2, 4)).allow_scan()
    want_stock = expect(items, lambda o: any(2 <= x.qty <= 4 for x in o.stock.values()))
    assert ids(stock) == want_stock
    sync_indexes([Order], admin)
    Query.refresh_indexes()
    for lookups, pred, indexed in LOOKUPS:
        q = Order.query().where(**lookups)
        assert (q.explain().mode == "query") == indexed, lookups
        assert ids(q.allow_scan()) == expect(items, pred), lookups
    q = Order.query().where(Order.stock.any.qty.between(2, 4))
    assert q.explain().index == "orders_stock_qty_list_idx" and ids(q) == want_stock


# -- against a Python filter -------------------------------------------------------------------

_LINES = st.lists(st.builds(Line, sku=st.sampled_from(SKUS), qty=st.integers(-3, 3)), max_size=3)


@settings(max_examples=25, deadline=None)
@given(data=st.lists(_LINES, max_size=12), sku=st.sampled_from(SKUS), lo=st.integers(-4, 4),
       hi=st.integers(-4, 4), mode=st.integers(0, 2))
def test_index_and_filter_agree_with_python(data: list[list[Line]], sku: str, lo: int, hi: int,
                                            mode: int) -> None:
    inner = aerospike.client({"embedded": {"name": f"listidx-{id(data)}-{lo}-{hi}-{mode}"}})
    aeromodel.connect(inner)
    try:
        inner.truncate("test", "orders", 0)
        for i, lines in enumerate(data):
            Order(id=i, lines=lines).save()
        a = Order.lines.any.sku == sku
        r = Order.lines.any.qty.between(lo, hi)
        cond = a & r if mode == 0 else a | r if mode == 1 else r & ~a

        def want(lines: list[Line]) -> bool:
            x, y = any(ln.sku == sku for ln in lines), any(lo <= ln.qty <= hi for ln in lines)
            return x and y if mode == 0 else x or y if mode == 1 else y and not x

        expected = [i for i, lines in enumerate(data) if want(lines)]
        assert sorted(Order.query().where(cond).allow_scan().ids()) == expected
        sync_indexes([Order], inner)
        q = Order.query().where(cond).allow_scan()
        assert (q.explain().mode == "query") == (mode == 0 or (mode == 2 and lo <= hi))
        assert sorted(q.ids()) == expected
    finally:
        Query.refresh_indexes(inner)
        aeromodel.disconnect()
        inner.close()
