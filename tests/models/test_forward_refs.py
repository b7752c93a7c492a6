"""Models naming models defined after them (forward references), models nested in themselves (a
tree) and models naming each other: completed on first use, stored as nested maps, queried and
changed through their nested fields."""

from __future__ import annotations

from typing import Any

import pytest

import aeromodel
from aeromodel import Field, Model, ModelDefinitionError


class Order(Model, namespace="test", set="fwd_orders", allow_scan=True):
    id: str = Field(primary_key=True)
    lines: list[Line] = Field(default_factory=list)
    main: Line | None = None


class Line(Model):  # abstract (no namespace): a nested value only
    sku: str
    qty: int = 1


class Comment(Model, namespace="test", set="fwd_comments"):
    id: str = Field(primary_key=True)
    text: str = ""
    author: str = Field(default="", index=True)
    replies: list[Comment] = Field(default_factory=list)


class Team(Model, namespace="test", set="fwd_teams"):
    id: str = Field(primary_key=True)
    lead: Person | None = None


class Person(Model):
    name: str
    team: Team | None = None


class Dangling(Model, namespace="test", set="fwd_dangling"):
    id: str = Field(primary_key=True)
    other: Undefined | None = None  # type: ignore[name-defined]  # noqa: F821


def test_a_model_naming_a_later_model_round_trips(client: Any) -> None:
    Order(id="o1", lines=[Line(sku="a", qty=2), Line(sku="b")], main=Line(sku="a")).save()
    o = Order.get("o1")
    assert o.lines == [Line(sku="a", qty=2), Line(sku="b")] and o.main == Line(sku="a")
    raw = client.get(("test", "fwd_orders", "o1"))[2]
    assert raw["main"] == {"sku": "a", "qty": 1}  # a nested model is a map of its fields


def test_nested_fields_of_a_completed_model_query_and_update(client: Any) -> None:
    Order(id="o1", main=Line(sku="a", qty=1)).save()
    Order(id="o2", main=Line(sku="b", qty=5)).save()
    assert [o.id for o in Order.query().where(main__qty__gte=2).all()] == ["o2"]
    o = Order.get("o1")
    o.update(Order.main.qty.increment(4), Order.lines.append(Line(sku="z")))
    assert Order.get("o1").main == Line(sku="a", qty=5)
    assert Order.get("o1").lines == [Line(sku="z")]


def test_a_model_nested_in_itself_stores_a_tree(client: Any) -> None:
    leaf = Comment(id="c3", text="leaf", author="cy")
    tree = Comment(id="c1", text="root", replies=[
        Comment(id="c2", text="reply", replies=[leaf]), Comment(id="c4", text="other"),
    ])
    tree.save()
    back = Comment.get("c1")
    assert back == tree
    assert back.replies[0].replies[0].text == "leaf"
    raw = client.get(("test", "fwd_comments", "c1"))[2]
    assert raw["replies"][0]["replies"][0]["text"] == "leaf"


def test_an_index_inside_a_recursive_model_is_declared_once() -> None:
    # the top-level field only: the model's fields are at every depth of its replies
    assert [i.name for i in Comment.__aeromodel__.indexes] == ["fwd_comments_author_idx"]


def test_two_models_naming_each_other(client: Any) -> None:
    t = Team(id="t1", lead=Person(name="Ann", team=Team(id="t0")))
    t.save()
    back = Team.get("t1")
    assert back.lead is not None and back.lead.name == "Ann"
    assert back.lead.team is not None and back.lead.team.id == "t0"


def test_a_forward_reference_still_undefined_is_a_definition_error() -> None:
    with pytest.raises(ModelDefinitionError, match="'Undefined' is not defined"):
        aeromodel.sync_indexes([Dangling], client=aeromodel.client.client({"embedded": {}}))
    with pytest.raises(ModelDefinitionError, match="Undefined"):
        Dangling.get("x")
