"""Query types mypy must see (checked by test_query_typing; never run)."""

from __future__ import annotations

from collections.abc import Iterator

from typing_extensions import assert_type

from aeromodel import Condition, Field, Model
from aeromodel.query import Explanation, Page, Query


class Person(Model, namespace="test", set="people"):
    id: str = Field(primary_key=True)
    name: str
    age: int = Field(index=True)


def cases() -> None:
    q = Person.query()
    assert_type(q, Query[Person])
    assert_type(q.where(age__gte=3), Query[Person])
    assert_type(q.where(Person.age.between(20, 30) | (Person.name == "A")), Query[Person])
    assert_type(Person.age > 3, Condition)
    assert_type(q.only("name").limit(3).order_by("-age").allow_scan(), Query[Person])
    assert_type(q.first(), Person | None)
    assert_type(q.all(), list[Person])
    assert_type(iter(q), Iterator[Person])
    assert_type(q.count(), int)
    assert_type(q.exists(), bool)
    assert_type(q.page(10), Page[Person])
    assert_type(q.page(10).items, list[Person])
    assert_type(q.page(10).cursor, str | None)
    assert_type(q.explain(), Explanation)
    for p in q:
        assert_type(p, Person)
