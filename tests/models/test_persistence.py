"""save / insert / get / get_many / exists / refresh / delete, keys, ttl, None fields, extra bins."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

import aeromodel
import aeromodel.client as aerospike
from aeromodel.client import exception

from .app import Keyless, User

NOW = datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc)


def ann(**kw: Any) -> User:
    return User(**{"id": "u1", "name": "Ann", "age": 25, "signed_up": NOW, **kw})


def test_save_then_get_round_trips(client: Any) -> None:
    ann(tags=["a"], visits={"home": 2}).save()
    u = User.get("u1")
    assert u == ann(tags=["a"], visits={"home": 2})
    assert u.meta.generation == 1
    assert u.meta.key == ("test", "users", "u1")


def test_user_key_is_sent_and_pk_not_a_bin(client: Any) -> None:
    ann().save()
    br = client.batch_read([("test", "users", "u1")]).batch_records[0]
    assert "id" not in br.record[2]
    # the key is stored: a digest-only read answers it
    digest = aerospike.calc_digest("test", "users", "u1")
    u = User.get(digest=bytes(digest))
    assert u.name == "Ann"


def test_get_missing_raises_does_not_exist(client: Any) -> None:
    with pytest.raises(User.DoesNotExist) as info:
        User.get("nobody")
    assert isinstance(info.value, exception.RecordNotFound)
    assert isinstance(info.value, aeromodel.DoesNotExist)
    assert isinstance(info.value, aeromodel.ModelError)
    assert info.value.code == 2


def test_insert_refuses_existing(client: Any) -> None:
    ann().insert()
    with pytest.raises(aeromodel.AlreadyExistsError) as info:
        ann(name="Bob").insert()
    assert isinstance(info.value, exception.RecordExistsError)
    assert User.get("u1").name == "Ann"


def test_insert_does_not_write_none_fields(client: Any) -> None:
    ann(email=None).insert()
    bins = client.get(("test", "users", "u1"))[2]
    assert "email" not in bins


def test_none_removes_the_bin_on_update(client: Any) -> None:
    ann(email="a@x").save()
    u = User.get("u1")
    u.email = None
    u.save()
    assert "email" not in client.get(("test", "users", "u1"))[2]
    assert User.get("u1").email is None


def test_extra_bins_kept_and_never_dropped(client: Any) -> None:
    ann().save()
    client.put(("test", "users", "u1"), {"legacy": 7})
    u = User.get("u1")
    assert u.extra_bins == {"legacy": 7}
    u.age = 30
    u.save()
    fresh = User(id="u1", name="New", age=1, signed_up=NOW)
    fresh.save()  # a new instance over an existing record: its undeclared bins stay
    assert client.get(("test", "users", "u1"))[2]["legacy"] == 7


def test_exists(client: Any) -> None:
    assert not User.exists("u1")
    ann().save()
    assert User.exists("u1")


def test_refresh(client: Any) -> None:
    ann().save()
    u = User.get("u1")
    client.put(("test", "users", "u1"), {"age": 40})
    u.refresh()
    assert u.age == 40
    assert u.meta.generation == 2


def test_delete(client: Any) -> None:
    ann().save()
    u = User.get("u1")
    u.delete()
    assert not User.exists("u1")
    assert u.meta.generation is None


def test_get_many_one_batch_call_and_missing_modes(client: Any, calls: list[Any]) -> None:
    ann().save()
    ann(id="u2", name="Bob").save()
    calls.clear()
    got = User.get_many(["u1", "zz", "u2"])
    assert [u.name if u else None for u in got] == ["Ann", None, "Bob"]
    assert [c[0] for c in calls] == ["batch_read"]
    assert [u.id for u in User.get_many(["u1", "zz", "u2"], missing="skip")] == ["u1", "u2"]
    with pytest.raises(User.DoesNotExist) as info:
        User.get_many(["u1", "zz", "yy"], missing="raise")
    assert info.value.key == ["zz", "yy"]
    with pytest.raises(ValueError):
        User.get_many(["u1"], missing="ignore")  # type: ignore[call-overload]


def test_get_many_instances_carry_generation(client: Any) -> None:
    ann().save()
    u = User.get_many(["u1"])[0]
    assert u is not None and u.meta.generation == 1


def test_keyless_model_takes_key_separately(client: Any) -> None:
    k = Keyless(title="t")
    with pytest.raises(ValueError):
        k.save()
    k.save(key="k1")
    assert k.meta.key == ("test", "free", "k1")
    got = Keyless.get("k1")
    assert got.title == "t"
    got.count = 3
    got.save()
    assert Keyless.get("k1").count == 3


def test_ttl_per_model_and_per_call(client: Any) -> None:
    class Session(aeromodel.Model, namespace="test", set="sessions", ttl=100):
        sid: str = aeromodel.Field(primary_key=True)
        data: str = ""

    s = Session(sid="s").save()
    assert s.meta.ttl is not None and 95 <= s.meta.ttl <= 100
    s.data = "x"
    s.save(ttl=500)
    assert s.meta.ttl is not None and 495 <= s.meta.ttl <= 500
    assert 495 <= Session.get("s").meta.ttl <= 500  # type: ignore[operator]
    u = ann().save(ttl=50)
    assert u.meta.ttl is not None and u.meta.ttl <= 50


def test_save_without_changes_writes_nothing(client: Any, calls: list[Any]) -> None:
    ann().save()
    u = User.get("u1")
    calls.clear()
    u.save()
    assert calls == []


def test_bulk_save_and_delete_in_one_call_each(client: Any, calls: list[Any]) -> None:
    users = [ann(id=f"u{i}", age=i) for i in range(5)]
    calls.clear()
    User.save_many(users)
    assert [c[0] for c in calls] == ["batch_write"]
    assert all(u.meta.generation == 1 for u in users)
    loaded = [u for u in User.get_many([f"u{i}" for i in range(5)]) if u]
    for u in loaded:
        u.age += 100
    calls.clear()
    User.save_many(loaded)
    assert [c[0] for c in calls] == ["batch_write"]
    assert User.get("u3").age == 103
    calls.clear()
    User.delete_many([loaded[0], "u1", "missing"])
    assert [c[0] for c in calls] == ["batch_write"]
    assert [u is None for u in User.get_many(["u0", "u1", "u2"])] == [True, True, False]


def test_bulk_save_reports_conflicts(client: Any) -> None:
    User.save_many([ann(id="a"), ann(id="b")])
    a, b = User.get_many(["a", "b"], missing="raise")
    client.put(("test", "users", "b"), {"age": 1})
    a.age, b.age = 50, 60
    with pytest.raises(aeromodel.BulkError) as info:
        User.save_many([a, b])
    assert list(info.value.errors) == [1]
    assert isinstance(info.value.errors[1], aeromodel.ConflictError)
    assert User.get("a").age == 50
    assert User.get("b").age == 1


def test_abstract_model_refuses_io(client: Any) -> None:
    class Base(aeromodel.Model):
        name: str = ""

    with pytest.raises(aeromodel.ModelDefinitionError):
        Base(name="x").save(key="k")


def test_not_connected(client: Any) -> None:
    aeromodel.disconnect()
    with pytest.raises(aeromodel.NotConnectedError):
        User.get("u1")
    aeromodel.connect(client)


def test_raw_client(client: Any) -> None:
    assert User.raw_client() is client


def test_changing_the_key_of_a_loaded_instance_is_refused(client: Any) -> None:
    ann().save()
    u = User.get("u1")
    u.id = "u2"
    with pytest.raises(ValueError, match="primary key"):
        u.save()
    fresh = User(**u.model_dump())
    fresh.save()  # a new instance writes the other record
    assert User.exists("u2") and User.exists("u1")


def test_named_connections(client: Any) -> None:
    other = aerospike.client({"embedded": {"name": "models-other-connection"}})
    aeromodel.connect(other, name="other")

    class Elsewhere(aeromodel.Model, namespace="test", connection="other"):
        id: str = aeromodel.Field(primary_key=True)
        n: int = 0

    try:
        Elsewhere(id="x").save()
        assert other.exists(("test", "elsewhere", "x"))[1] is not None
        assert client.exists(("test", "elsewhere", "x"))[1] is None
        assert Elsewhere.raw_client() is other
    finally:
        aeromodel.disconnect("other", close=True)


def test_a_record_needs_a_bin(client: Any) -> None:
    class OnlyKey(aeromodel.Model, namespace="test"):
        id: str = aeromodel.Field(primary_key=True)
        note: str | None = None

    with pytest.raises(ValueError, match="at least one bin"):
        OnlyKey(id="x").insert()
