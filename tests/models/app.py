"""Models the tests share."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from aeromodel import Field, GeoPoint, GeoRegion, Index, MapKey, Model


class User(Model, namespace="test", set="users"):
    id: str = Field(primary_key=True)
    name: str
    age: int = Field(index=True)
    email: str | None = None
    tags: list[str] = Field(default_factory=list, index="list")
    visits: dict[str, int] = Field(default_factory=dict)
    signed_up: datetime


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Address(BaseModel):
    city: str = Field(index=True)
    zip: str | None = None
    floor: int = 0


class Everything(Model, namespace="test"):
    id: int = Field(primary_key=True)
    s: str = "x"
    i: int = 0
    f: float = 0.0
    b: bool = False
    raw: bytes = b""
    when: datetime | None = None
    day: date | None = None
    price: Decimal | None = None
    uid: uuid.UUID | None = None
    color: Color = Color.RED
    mode: Literal["a", "b"] = "a"
    scores: list[int] = Field(default_factory=list)
    stats: dict[str, dict[str, int]] = Field(default_factory=dict, bin="st")
    address: Address | None = None
    addresses: list[Address] = Field(default_factory=list)
    where: GeoPoint | None = None
    area: GeoRegion | None = None
    history: list[datetime] = Field(default_factory=list)


class Keyless(Model, namespace="test", set="free"):
    """A model without a primary-key field: keys are passed separately."""

    title: str
    count: int = 0


class Counter(Model, namespace="test", set="counters", indexes=[Index("hits", "map_values", ctx=(MapKey("daily"),))]):
    name: str = Field(primary_key=True)
    hits: dict[str, dict[str, int]] = Field(default_factory=dict)
    total: int = 0
