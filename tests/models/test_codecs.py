"""Every field type: what is stored, and the round trip."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Any

import pydantic
import pytest

import aeromodel
from aeromodel import CustomType, Field, GeoPoint, GeoRegion, Model

from .app import Address, Color, Everything

KEY = ("test", "everything", 1)


def test_defaults_round_trip(client: Any) -> None:
    Everything(id=1).save()
    assert Everything.get(1) == Everything(id=1)


def test_every_type_round_trips_and_stores_as_documented(client: Any) -> None:
    when = datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=timezone(timedelta(hours=2)))
    uid = uuid.UUID("12345678-1234-5678-1234-567812345678")
    e = Everything(
        id=1, s="s", i=-5, f=1.5, b=True, raw=b"\x00\x01", when=when, day=date(1969, 12, 31),
        price=Decimal("12.30"), uid=uid, color=Color.BLUE, mode="b", scores=[3, 1],
        stats={"d": {"x": 1}}, address=Address(city="Oslo"), addresses=[Address(city="A", floor=2)],
        where=GeoPoint(lng=10.0, lat=59.9), area=GeoRegion.circle(10.0, 59.9, 1000),
        history=[when],
    )
    e.save()
    bins = client.get(KEY)[2]
    micros = int((when - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds()) * 10**6 + 678901
    assert bins["when"] == micros
    assert bins["day"] == -1
    assert bins["price"] == "12.30"
    assert bins["uid"] == str(uid)
    assert bins["color"] == "blue"
    assert bins["b"] is True
    assert bins["st"] == {"d": {"x": 1}}
    assert bins["address"] == {"city": "Oslo", "floor": 0}  # None fields left out of the map
    assert bins["addresses"] == [{"city": "A", "floor": 2}]
    assert bins["where"].unwrap() == {"type": "Point", "coordinates": [10.0, 59.9]}
    assert bins["history"] == [micros]
    got = Everything.get(1)
    assert got == e
    assert got.when == when and got.when.tzinfo == timezone.utc  # the same instant, in UTC
    assert isinstance(got.price, Decimal) and got.uid == uid and got.color is Color.BLUE


def test_naive_datetimes_are_refused(client: Any) -> None:
    with pytest.raises(pydantic.ValidationError):
        Everything(id=1, when=datetime(2024, 1, 1))
    e = Everything(id=1)
    with pytest.raises(pydantic.ValidationError):
        e.when = datetime(2024, 1, 1)


def test_datetimes_sort_in_time_order() -> None:
    from aeromodel.codecs import DatetimeCodec

    c = DatetimeCodec()
    a = datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=5)))  # 07:00 UTC
    b = datetime(2024, 1, 1, 8, tzinfo=timezone.utc)
    assert c.encode(a) < c.encode(b)
    assert c.decode(c.encode(a)) == a


def test_custom_type(client: Any) -> None:
    class Money:
        def __init__(self, cents: int) -> None:
            self.cents = cents

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Money) and other.cents == self.cents

    money = CustomType(encode=lambda m: m.cents, decode=Money, kind="int")

    class Invoice(Model, namespace="test"):
        model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
        id: str = Field(primary_key=True)
        total: Annotated[Money, money]

    Invoice(id="i", total=Money(1250)).save()
    assert client.get(("test", "invoice", "i"))[2]["total"] == 1250
    assert Invoice.get("i").total == Money(1250)

    class Tag:
        def __init__(self, v: str) -> None:
            self.v = v

    aeromodel.register_type(Tag, CustomType(encode=lambda t: t.v, decode=Tag, kind="str"))

    class Tagged(Model, namespace="test"):
        model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
        id: str = Field(primary_key=True)
        tag: Tag

    Tagged(id="t", tag=Tag("x")).save()
    assert Tagged.get("t").tag.v == "x"


def test_unknown_type_is_a_definition_error() -> None:
    class Opaque:
        pass

    with pytest.raises(aeromodel.ModelDefinitionError, match="register"):
        class Bad(Model, namespace="test"):
            model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
            x: Opaque


def test_stored_data_that_does_not_validate(client: Any) -> None:
    client.put(("test", "everything", 9), {"i": "not an int"})
    e = Everything.get(9)  # trusted by default: loaded as stored
    assert e.i == "not an int"  # type: ignore[comparison-overlap]

    class Strict(Model, namespace="test", set="everything", validate_on_load=True):
        id: int = Field(primary_key=True)
        i: int = 0

    with pytest.raises(aeromodel.ValidationError):
        Strict.get(9)
    client.put(("test", "everything", 10), {"i": 3})
    assert Strict.get(10).i == 3


def test_missing_required_bin_validates(client: Any) -> None:
    from .app import User

    client.put(("test", "users", "x"), {"name": "N"})
    with pytest.raises(aeromodel.ValidationError):
        User.get("x")
