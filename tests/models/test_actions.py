"""CDT field helpers through instance.update(...), nested paths, partial reads (Model.select)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

import aeromodel.client as aerospike

from .app import Address, Counter, Everything, User

NOW = datetime(2024, 5, 1, tzinfo=timezone.utc)
KEY = ("test", "users", "u1")


@pytest.fixture
def ann(client: Any) -> User:
    return User(id="u1", name="Ann", age=25, signed_up=NOW, tags=["a", "b"], visits={"home": 1}).save()


def test_update_is_one_checked_operate_and_refreshes(ann: User, calls: list[Any]) -> None:
    calls.clear()
    ann.update(User.tags.append("vip"), User.visits["home"].increment(1), name="Ann B.")
    (name, (_key, _ops, meta, policy)), = calls
    assert name == "operate" and meta == {"gen": 1} and policy["gen"] == aerospike.POLICY_GEN_EQ
    assert ann.tags == ["a", "b", "vip"]
    assert ann.visits == {"home": 2}
    assert ann.name == "Ann B."
    assert ann.meta.generation == 2
    assert User.get("u1") == ann


def test_update_keeps_other_pending_changes_pending(ann: User) -> None:
    ann.age = 40
    ann.update(User.tags.append("x"))
    assert ann.age == 40 and User.get("u1").age == 25
    ann.save()
    assert User.get("u1").age == 40


def test_list_actions(ann: User) -> None:
    ann.update(User.tags.extend(["c", "d"]))
    ann.update(User.tags.insert(0, "z"))
    assert ann.tags == ["z", "a", "b", "c", "d"]
    ann.update(User.tags.add_unique("a"), User.tags.add_unique("new"))
    assert ann.tags == ["z", "a", "b", "c", "d", "new"]
    ann.update(User.tags.remove("b", "c"))
    assert ann.tags == ["z", "a", "d", "new"]
    ann.update(User.tags.pop())
    ann.update(User.tags.pop(0))
    assert ann.tags == ["a", "d"]
    ann.update(User.tags[0].set("A"))
    assert ann.tags == ["A", "d"]
    ann.update(User.tags.clear())
    assert ann.tags == []
    assert User.get("u1").tags == []


def test_map_actions(ann: User) -> None:
    ann.update(User.visits.put("work", 3), User.visits.put_many({"gym": 1, "pool": 2}))
    assert ann.visits == {"home": 1, "work": 3, "gym": 1, "pool": 2}
    ann.update(User.visits.remove_keys("gym", "pool"), User.visits["new"].increment(5))
    assert ann.visits == {"home": 1, "work": 3, "new": 5}
    ann.update(User.visits["home"].delete())
    assert ann.visits == {"work": 3, "new": 5}
    ann.update(User.visits["work"].set(9), User.age.increment(2))
    assert ann.visits["work"] == 9 and ann.age == 27
    assert User.get("u1") == ann


def test_nested_contexts(client: Any, calls: list[Any]) -> None:
    e = Everything(id=1, stats={"daily": {"mon": 1}}, address=Address(city="Paris")).save()
    e.update(
        Everything.stats["daily"]["mon"].increment(2),
        Everything.stats["weekly"]["w1"].increment(1),  # the missing map is created
        Everything.address.city.set("Lyon"),
        Everything.address.floor.increment(3),
    )
    assert e.stats == {"daily": {"mon": 3}, "weekly": {"w1": 1}}
    assert e.address == Address(city="Lyon", floor=3)
    stored = client.get(("test", "everything", 1))[2]
    assert stored["st"] == {"daily": {"mon": 3}, "weekly": {"w1": 1}}
    assert stored["address"] == {"city": "Lyon", "floor": 3}


def test_action_values_go_through_codecs(client: Any) -> None:
    e = Everything(id=2).save()
    e.update(Everything.history.append(NOW), Everything.addresses.append(Address(city="Oslo")))
    assert e.history == [NOW]
    assert e.addresses == [Address(city="Oslo")]
    assert client.get(("test", "everything", 2))[2]["history"] == [1714521600000000]


def test_actions_of_another_model_are_refused(ann: User) -> None:
    with pytest.raises(ValueError):
        ann.update(Counter.total.increment(1))
    with pytest.raises(TypeError):
        ann.update("tags")  # type: ignore[arg-type]


def test_update_validates_assignments_before_sending(ann: User, calls: list[Any]) -> None:
    calls.clear()
    with pytest.raises(ValueError):
        ann.update(age="old")
    assert calls == [] and ann.age == 25
    with pytest.raises(AttributeError):
        ann.update(nope=1)
    with pytest.raises(ValueError):
        ann.update(id="other")


def test_update_of_missing_record_is_does_not_exist(client: Any) -> None:
    u = User(id="ghost", name="G", age=1, signed_up=NOW)
    with pytest.raises(User.DoesNotExist):
        u.update(User.age.increment(1))


def test_select_reads_parts_without_the_bin(ann: User, calls: list[Any]) -> None:
    ann.update(User.tags.extend(["c", "d", "e"]))
    calls.clear()
    got = User.select("u1", User.tags[-2:], User.tags[1:3], User.tags[0], User.visits["home"],
                      User.visits["none"], User.tags.size(), User.name)
    assert got == [["d", "e"], ["b", "c"], "a", 1, None, 5, "Ann"]
    assert [c[0] for c in calls] == ["operate_ordered"]
    with pytest.raises(User.DoesNotExist):
        User.select("ghost", User.tags[0:2])
    with pytest.raises(ValueError):
        User.tags[1:-1]


def test_select_decodes(client: Any) -> None:
    Everything(id=3, history=[NOW, NOW]).save()
    assert Everything.select(3, Everything.history[0:1]) == [[NOW]]
    assert Everything.select(3, Everything.history[1]) == [NOW]


def test_counter_model_level_index_and_update(client: Any) -> None:
    c = Counter(name="site").save()
    c.update(Counter.hits["daily"]["2024-05-01"].increment(1), Counter.total.increment(1))
    assert c.hits == {"daily": {"2024-05-01": 1}} and c.total == 1
