"""Checked by mypy --strict in test_typing.py: the model layer's public types."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel
from typing_extensions import assert_type

from aeromodel import (
    Action,
    Condition,
    Field,
    FieldRef,
    GeoPoint,
    GeoRef,
    ListRef,
    MapRef,
    Model,
    ModelRef,
    NumberRef,
    RecordMeta,
    Selection,
    StrRef,
    retry_on_conflict,
)


class Address(BaseModel):
    city: str = ""


class User(Model, namespace="test", set="users"):
    id: str = Field(primary_key=True)
    name: str
    age: int = Field(index=True)
    score: float = 0.0
    email: str | None = None
    tags: list[str] = Field(default_factory=list, index="list")
    visits: dict[str, int] = Field(default_factory=dict)
    stats: dict[str, dict[str, int]] = Field(default_factory=dict)
    address: Address | None = None
    addresses: list[Address] = Field(default_factory=list)
    by_name: dict[str, Address] = Field(default_factory=dict)
    where: GeoPoint | None = None
    signed_up: datetime


def check() -> None:
    u = User(id="u1", name="Ann", age=25, signed_up=datetime.now(timezone.utc))
    assert_type(u.age, int)
    assert_type(u.tags, list[str])
    assert_type(u.save(), User)
    assert_type(User.get("u1"), User)
    assert_type(User.get_many(["u1"]), list[User | None])
    assert_type(User.get_many(["u1"], missing="skip"), list[User])
    assert_type(User.get_many(["u1"], missing="raise"), list[User])
    assert_type(u.update(User.tags.append("x"), name="B"), User)
    assert_type(u.refresh(), User)
    assert_type(u.meta, RecordMeta)
    assert_type(User.exists("u1"), bool)

    assert_type(User.age, NumberRef[int])
    assert_type(User.score, NumberRef[float])
    assert_type(User.name, StrRef)
    assert_type(User.email, StrRef)
    assert_type(User.tags, ListRef[str])
    assert_type(User.visits, MapRef[str, int])
    assert_type(User.address, ModelRef[Address])
    assert_type(User.addresses.any, ModelRef[Address])
    assert_type(User.addresses.any.city, StrRef)
    assert_type(User.by_name.any.city == "Oslo", Condition)
    assert_type(User.where, GeoRef[GeoPoint])
    assert_type(User.signed_up, FieldRef[datetime])

    assert_type(User.age > 3, Condition)
    assert_type(User.age == 3, Condition)
    assert_type(User.age.between(20, 30), Condition)
    assert_type((User.age < 3) | (User.age > 18), Condition)
    assert_type(~(User.name.startswith("A")) & User.tags.contains("vip"), Condition)
    assert_type(User.signed_up.between(datetime.now(timezone.utc), datetime.now(timezone.utc)), Condition)

    assert_type(User.tags.append("vip"), Action)
    assert_type(User.visits["home"], NumberRef[int])
    assert_type(User.visits["home"].increment(1), Action)
    assert_type(User.stats["daily"], MapRef[str, int])
    assert_type(User.stats["daily"]["mon"], NumberRef[int])
    assert_type(User.tags[0], StrRef)
    assert_type(User.tags[-5:], Selection)
    assert_type(User.select("u1", User.tags[-5:]), list[Any])

    @retry_on_conflict(attempts=3)
    def bump(user_id: str, by: int) -> int:
        user = User.get(user_id)
        user.age += by
        user.save()
        return user.age

    assert_type(bump("u1", 1), int)


def nested() -> None:
    assert_type(User.address.city, StrRef)
    assert_type(User.address.city == "Oslo", Condition)
    assert_type(User.address.city.startswith("O"), Condition)
