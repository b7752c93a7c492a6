"""Optimistic locking (generation checks), its opt-outs, retry_on_conflict, ETags, dirty tracking."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

import aeromodel
import aeromodel.client as aerospike
from aeromodel import ConflictError, retry_on_conflict
from aeromodel.client import exception

from .app import User

NOW = datetime(2024, 5, 1, tzinfo=timezone.utc)
KEY = ("test", "users", "u1")


def ann(**kw: Any) -> User:
    return User(**{"id": "u1", "name": "Ann", "age": 25, "signed_up": NOW, **kw})


def test_concurrent_write_between_load_and_save_is_a_conflict(client: Any) -> None:
    ann().save()
    mine, theirs = User.get("u1"), User.get("u1")
    theirs.age = 99
    theirs.save()
    mine.name = "Mine"
    with pytest.raises(ConflictError) as info:
        mine.save()
    assert isinstance(info.value, exception.RecordGenerationError)
    assert info.value.code == 3
    stored = client.get(KEY)
    assert stored[2]["name"] == "Ann" and stored[2]["age"] == 99


def test_update_and_delete_are_checked_too(client: Any) -> None:
    ann().save()
    mine = User.get("u1")
    client.put(KEY, {"age": 1})
    with pytest.raises(ConflictError):
        mine.update(User.tags.append("x"))
    assert mine.tags == []
    with pytest.raises(ConflictError):
        mine.update(name="B")
    assert mine.name == "Ann"  # the assignment is undone
    with pytest.raises(ConflictError):
        mine.delete()
    assert User.exists("u1")


def test_last_writer_wins_opt_out(client: Any) -> None:
    ann().save()
    mine = User.get("u1")
    client.put(KEY, {"age": 1})
    mine.name = "Mine"
    mine.save(check_generation=False)
    stored = client.get(KEY)[2]
    assert stored["name"] == "Mine" and stored["age"] == 1  # only the change was sent

    class Loose(aeromodel.Model, namespace="test", check_generation=False):
        id: str = aeromodel.Field(primary_key=True)
        n: int = 0

    Loose(id="a").save()
    a = Loose.get("a")
    Loose.get("a").save()
    a.n = 2
    client_key = ("test", "loose", "a")
    client.put(client_key, {"n": 5})
    a.save()
    assert Loose.get("a").n == 2
    a2 = Loose.get("a")
    client.put(client_key, {"n": 6})
    a2.delete()


def test_deleted_record_is_does_not_exist_on_save(client: Any) -> None:
    ann().save()
    mine = User.get("u1")
    client.remove(KEY)
    mine.age = 3
    with pytest.raises(User.DoesNotExist):
        mine.save()


def test_expect_generation_etag_round_trip(client: Any) -> None:
    ann().save()
    etag = User.get("u1").meta.generation
    assert etag == 1
    # an instance rebuilt from a request body, with the ETag it was served with
    body = User.get("u1").model_dump()
    body["age"] = 31
    User(**body).save(expect_generation=etag)
    assert User.get("u1").meta.generation == 2
    body["age"] = 32
    with pytest.raises(ConflictError):
        User(**body).save(expect_generation=etag)
    assert User.get("u1").age == 31


def test_retry_on_conflict_reruns(client: Any) -> None:
    ann().save()
    runs = []

    @retry_on_conflict(attempts=5)
    def birthday() -> int:
        u = User.get("u1")
        runs.append(u.age)
        if len(runs) < 3:
            client.put(KEY, {"age": u.age + 10})  # someone else writes meanwhile
        u.age += 1
        u.save()
        return u.age

    assert birthday() == 46
    assert runs == [25, 35, 45]


def test_retry_on_conflict_gives_up(client: Any) -> None:
    ann().save()

    @retry_on_conflict(attempts=2)
    def always_loses() -> None:
        u = User.get("u1")
        client.put(KEY, {"age": 0})
        u.age = 1
        u.save()

    with pytest.raises(ConflictError):
        always_loses()
    with pytest.raises(ValueError):
        retry_on_conflict(attempts=0)


def test_retry_does_not_retry_other_errors() -> None:
    runs = []

    @retry_on_conflict(attempts=3)
    def fails() -> None:
        runs.append(1)
        raise KeyError("x")

    with pytest.raises(KeyError):
        fails()
    assert runs == [1]


def _ops(calls: list[Any]) -> list[dict[str, Any]]:
    (name, args), = calls
    assert name == "operate"
    return list(args[1])


def test_dirty_save_sends_only_changed_bins_in_one_checked_operate(client: Any, calls: list[Any]) -> None:
    ann(visits={"home": 1, "work": 2, "gym": 3}).save()
    u = User.get("u1")
    calls.clear()
    u.age = 26
    u.visits["home"] = 5
    u.visits["new"] = 1
    del u.visits["gym"]
    u.save()
    (_name, args), = calls
    _key, ops, meta, policy = args
    assert meta == {"gen": 1}
    assert policy["gen"] == aerospike.POLICY_GEN_EQ
    assert [(o["op"], o["bin"]) for o in ops] == [
        (aerospike.OPERATOR_WRITE, "age"),
        (aerospike.OP_MAP_REMOVE_BY_KEY_LIST, "visits"),
        (aerospike.OP_MAP_PUT_ITEMS, "visits"),
    ]
    assert ops[2]["val"] == {"home": 5, "new": 1}
    assert client.get(KEY)[2]["visits"] == {"home": 5, "work": 2, "new": 1}
    assert User.get("u1").visits == {"home": 5, "work": 2, "new": 1}


def test_in_place_list_mutation_is_seen(client: Any, calls: list[Any]) -> None:
    ann(tags=["a"]).save()
    u = User.get("u1")
    u.tags.append("b")
    calls.clear()
    u.save()
    assert [o["bin"] for o in _ops(calls)] == ["tags"]
    assert User.get("u1").tags == ["a", "b"]
    calls.clear()
    u.save()
    assert calls == []  # saved state is the new baseline


def test_a_saved_instance_is_tracked_like_a_loaded_one(client: Any, calls: list[Any]) -> None:
    u = ann(tags=["a"]).save()
    u.tags.append("b")
    u.name = "B"
    calls.clear()
    u.save()
    assert sorted(o["bin"] for o in _ops(calls)) == ["name", "tags"]
