"""Lazy schema upgrades: an old record is upgraded on read, written back on the next save."""

from __future__ import annotations

from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel import Field, Model, ModelDefinitionError


def split_name(bins: dict[str, Any], version: int) -> dict[str, Any]:
    if version < 2:
        first, _, last = bins.pop("fullname").partition(" ")
        bins.update(first=first, last=last)
    return bins


class Person(Model, namespace="test", set="people", schema_version=2, upgrade=split_name):
    id: str = Field(primary_key=True)
    first: str
    last: str
    age: int = 0


def test_old_record_upgraded_on_read_and_written_on_save(client: aerospike.Client) -> None:
    key = ("test", "people", "p1")
    client.put(key, {"fullname": "Ada Lovelace", "age": 36, "legacy": 1})
    p = Person.get("p1")
    assert (p.first, p.last, p.age, p.extra_bins) == ("Ada", "Lovelace", 36, {"legacy": 1})
    assert client.get(key).bins == {"fullname": "Ada Lovelace", "age": 36, "legacy": 1}  # lazy
    p.save()
    assert client.get(key).bins == {"first": "Ada", "last": "Lovelace", "age": 36, "legacy": 1,
                                    "_schema": 2}
    again = Person.get("p1")
    assert again.extra_bins == {"legacy": 1} and again.first == "Ada"
    again.save()
    assert client.get(key).meta.gen == 2  # nothing left to write


def test_new_records_carry_the_version(client: aerospike.Client) -> None:
    Person(id="p2", first="A", last="B").save()
    Person(id="p3", first="C", last="D").insert()
    Person.save_many([Person(id="p4", first="E", last="F")])
    for k in ("p2", "p3", "p4"):
        assert client.get(("test", "people", k)).bins["_schema"] == 2


def test_upgrade_via_save_many_and_queries(client: aerospike.Client) -> None:
    client.put(("test", "people", "p5"), {"fullname": "Grace Hopper"})
    (p,) = Person.get_many(["p5"])
    assert p is not None and p.last == "Hopper"
    Person.save_many([p])
    assert client.get(("test", "people", "p5")).bins == {"first": "Grace", "last": "Hopper", "age": 0, "_schema": 2}


def test_definition_errors() -> None:
    with pytest.raises(ModelDefinitionError, match="go together"):
        class Bad(Model, namespace="test", schema_version=2):
            x: int = 0
