"""Model.query() run on the embedded client and on the forwarding client (documented API only):
lookups, and/or/not, index choice, explain, scan refusal, pages with resume, ids/count/exists/
first, order_by rules, only(), and a hypothesis test against a Python filter."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aeromodel
import aeromodel.client as aerospike
from aeromodel import Field, GeoPoint, GeoRegion, MissingIndexError, Model, QueryError
from aeromodel.query import Query

from .app import User

NOW = datetime(2024, 5, 1, tzinfo=timezone.utc)
NAMES = ["Ann", "Bob", "Cid", "Dee", "Eve", "Abe"]


def create_indexes(client: Any, model: Any) -> None:
    """Create the model's declared indexes through the documented client API."""
    make = {
        "default": client.index_single_value_create, "list": client.index_list_create,
        "mapkeys": client.index_map_keys_create, "mapvalues": client.index_map_values_create,
    }
    for s in model.__aeromodel__.indexes:
        make[s.collection](s.namespace, s.set, s.bin, s.index_datatype, s.name, ctx=s.client_ctx())
    Query.refresh_indexes()


def people(n: int = 30) -> list[User]:
    out = []
    for i in range(n):
        u = User(id=f"u{i:02}", name=NAMES[i % len(NAMES)], age=i, signed_up=NOW,
                 email=None if i % 4 == 0 else f"p{i}@x.org",
                 tags=["vip"] if i % 3 == 0 else ["new", "x"], visits={"home": i % 5} if i % 2 else {})
        u.save()
        out.append(u)
    return out


@pytest.fixture
def users(admin: Any) -> list[User]:
    create_indexes(admin, User)
    return people()


def ids(q: Query[User]) -> list[str]:
    return sorted(u.id for u in q.all())


def expect(users: list[User], pred: Any) -> list[str]:
    return sorted(u.id for u in users if pred(u))


@pytest.mark.parametrize(("lookups", "pred"), [
    ({"age": 7}, lambda u: u.age == 7),
    ({"age__eq": 7}, lambda u: u.age == 7),
    ({"age__ne": 7}, lambda u: u.age != 7),
    ({"age__gt": 25}, lambda u: u.age > 25),
    ({"age__gte": 25}, lambda u: u.age >= 25),
    ({"age__lt": 3}, lambda u: u.age < 3),
    ({"age__lte": 3}, lambda u: u.age <= 3),
    ({"age__between": (10, 14)}, lambda u: 10 <= u.age <= 14),
    ({"age__in": [1, 5, 29]}, lambda u: u.age in (1, 5, 29)),
    ({"name__in": ["Ann", "Eve"]}, lambda u: u.name in ("Ann", "Eve")),
    ({"tags__contains": "vip"}, lambda u: "vip" in u.tags),
    ({"visits__contains": 3}, lambda u: 3 in u.visits.values()),
    ({"visits__contains_key": "home"}, lambda u: "home" in u.visits),
    ({"visits__home__gte": 3}, lambda u: u.visits.get("home", -1) >= 3),
    ({"name__startswith": "A"}, lambda u: u.name.startswith("A")),
    ({"name__regex": "^[AE].e$"}, lambda u: u.name in ("Eve", "Abe")),
    ({"email__exists": True}, lambda u: u.email is not None),
    ({"email__exists": False}, lambda u: u.email is None),
    ({"email__isnull": True}, lambda u: u.email is None),
    ({"email": None}, lambda u: u.email is None),
    ({"age__gte": 10, "name": "Bob"}, lambda u: u.age >= 10 and u.name == "Bob"),
])
def test_every_lookup(users: list[User], lookups: dict[str, Any], pred: Any) -> None:
    assert ids(User.query().where(**lookups).allow_scan()) == expect(users, pred)


def test_and_or_not_and_typed_expressions(users: list[User]) -> None:
    q = User.query().where((User.age < 3) | (User.age > 27)).allow_scan()
    assert ids(q) == expect(users, lambda u: u.age < 3 or u.age > 27)
    q = User.query().where(~(User.name == "Ann") & User.age.between(0, 11))
    assert ids(q) == expect(users, lambda u: u.name != "Ann" and u.age <= 11)
    q = User.query().where(User.age.between(20, 30), name__startswith="A")
    assert ids(q) == expect(users, lambda u: u.age >= 20 and u.name.startswith("A"))
    q = User.query().where(User.age > 5).where(User.tags.contains("vip") | (User.name == "Bob"))
    assert ids(q) == expect(users, lambda u: u.age > 5 and ("vip" in u.tags or u.name == "Bob"))


def test_index_choice_uses_the_client_query_and_filter(users: list[User], calls: list[Any]) -> None:
    q = User.query().where(name="Ann", age__between=(0, 20))
    assert ids(q) == expect(users, lambda u: u.name == "Ann" and u.age <= 20)
    assert [name for name, _ in calls] == ["info_all", "query"]  # the index list, the query
    calls.clear()
    q.count()
    assert [name for name, _ in calls] == ["query"]  # the index list is cached
    e = q.explain()
    assert e.mode == "query" and e.index == "users_age_idx" and e.filter == "User.name == 'Ann'"
    assert "users_age_idx" in str(e)


def test_scan_refused_names_the_missing_index(client: Any) -> None:
    people(5)
    Query.refresh_indexes()
    with pytest.raises(MissingIndexError, match="users_age_idx") as info:
        User.query().where(age__gte=3).all()
    assert isinstance(info.value, QueryError) and isinstance(info.value, aerospike.exception.ClientError)
    e = User.query().where(age__gte=3).explain()
    assert e.mode == "scan" and "Field(..., index=True)" in (e.missing or "")
    assert "sync" in (e.missing or "")  # declared but not on the cluster
    with pytest.raises(MissingIndexError, match="OR"):
        User.query().where((User.age == 1) | (User.age == 2)).count()
    assert User.query().where(age__gte=3).allow_scan().count() == 2


def test_model_option_allows_scans(client: Any) -> None:
    class Note(Model, namespace="test", set="notes", allow_scan=True):
        id: int = Field(primary_key=True)
        text: str

    for i in range(5):
        Note(id=i, text="abc"[i % 3]).save()
    assert sorted(Note.query().where(text="a").ids()) == [0, 3]
    assert Note.query().count() == 5
    with pytest.raises(MissingIndexError):
        Note.query().allow_scan(False).count()


def test_index_created_later_is_seen_after_refresh(admin: Any) -> None:
    people(6)
    Query.refresh_indexes()
    q = User.query().where(age=2)
    assert q.explain().mode == "scan"
    create_indexes(admin, User)  # refreshes
    assert q.explain().mode == "query" and [u.id for u in q.all()] == ["u02"]


def test_dropped_index_replans(users: list[User], client: Any) -> None:
    q = User.query().where(age=2).allow_scan()
    assert q.explain().mode == "query"
    client.index_remove("test", "users_age_idx")
    assert [u.id for u in q.all()] == ["u02"]  # IndexNotFound -> re-plan -> scan
    assert q.explain().mode == "scan"


def test_first_count_exists_ids_limit(users: list[User]) -> None:
    q = User.query().where(age__gte=10)
    assert q.count() == 20 and q.exists()
    assert not User.query().where(age__gt=100).exists()
    assert User.query().where(age__gt=100).first() is None
    u = q.first()
    assert u is not None and u.age >= 10 and u.meta.generation == 1 and u.meta.ttl is not None
    assert sorted(q.ids()) == expect(users, lambda u: u.age >= 10)
    assert len(q.limit(7).all()) == 7 and q.limit(7).count() == 7 and len(list(q.limit(7))) == 7


def test_loaded_instances_are_generation_checked(users: list[User]) -> None:
    u = User.query().where(age=4).first()
    assert u is not None and u.meta.generation == 1
    u.name = "Zed"
    u.save()
    other = User.query().where(age=4).first()
    assert other is not None and other.name == "Zed"
    u.name = "Yan"
    u.save()
    other.name = "Old"
    with pytest.raises(aeromodel.ConflictError):
        other.save()


def test_streaming_iteration_in_chunks(users: list[User], monkeypatch: pytest.MonkeyPatch) -> None:
    import aeromodel.query.query as qm

    monkeypatch.setattr(qm, "CHUNK", 4)
    got = [u.id for u in User.query().where(age__gte=0)]
    assert sorted(got) == [u.id for u in users]
    assert len([u for u in User.query().where(age__gte=0).limit(9)]) == 9


@pytest.mark.parametrize("spare", [1, 0, -1])  # a chunk more than the matches, exactly, one less
def test_streaming_at_the_chunk_boundary(users: list[User], monkeypatch: pytest.MonkeyPatch,
                                         spare: int) -> None:
    import aeromodel.query.query as qm

    monkeypatch.setattr(qm, "CHUNK", len(users) + spare)
    got = [u.id for u in User.query().where(age__gte=0)]
    assert sorted(got) == [u.id for u in users]
    assert len([u for u in User.query().where(age__gte=0).limit(3)]) == 3


def test_pages_resume_from_a_string_cursor(users: list[User]) -> None:
    q = User.query().where(age__gte=5, name__ne="Bob")
    first = q.page(4)
    assert len(first) == 4 and isinstance(first.cursor, str)
    seen = [u.id for u in first]
    cursor = first.cursor
    while cursor is not None:  # a new query object each time: only the string travels
        page = User.query().where(age__gte=5, name__ne="Bob").page(4, cursor)
        seen += [u.id for u in page]
        cursor = page.cursor
    assert sorted(seen) == expect(users, lambda u: u.age >= 5 and u.name != "Bob")
    assert len(seen) == len(set(seen))
    assert sum(len(p) for p in q.pages(7)) == len(seen)
    with pytest.raises(QueryError, match="another query"):
        User.query().where(age__gte=6).page(4, first.cursor)
    with pytest.raises(QueryError, match="malformed"):
        q.page(4, "garbage")


def test_scan_pages(users: list[User]) -> None:
    q = User.query().where(name__startswith="A").allow_scan()
    got = [u.id for p in q.pages(3) for u in p]
    assert sorted(got) == expect(users, lambda u: u.name.startswith("A"))


def test_order_by_rules(users: list[User]) -> None:
    q = User.query().where(age__lt=10)
    with pytest.raises(QueryError, match="client-side"):
        q.order_by("-age").all()
    assert [u.age for u in q.order_by("-age").limit(3).all()] == [9, 8, 7]
    assert [u.age for u in q.order_by(User.age, in_memory=True).all()] == list(range(10))
    by_email = q.order_by("email", "-age", in_memory=True).all()
    assert [u.email for u in by_email][-3:] == [None, None, None]  # None last
    first = q.order_by("-age").first()
    assert first is not None and first.age == 9
    assert "client-side" in " ".join(q.order_by("age").limit(2).explain().notes)
    with pytest.raises(QueryError):
        q.order_by("age").page(3)
    with pytest.raises(QueryError):
        q.order_by("nope")


def test_only_reads_just_those_fields(users: list[User], calls: list[Any]) -> None:
    got = User.query().where(age=3).only("name", User.age).all()
    assert len(got) == 1 and got[0].name == "Dee" and got[0].id == "u03" and got[0].age == 3
    with pytest.raises(AttributeError):
        _ = got[0].tags
    assert got[0].meta.generation == 1


def test_query_is_immutable_and_lazy(users: list[User], calls: list[Any]) -> None:
    base = User.query()
    q = base.where(age=1).limit(3).only("name").order_by("name")
    assert base.condition is None and q.condition == (User.age == 1)
    assert calls == []  # nothing ran
    with pytest.raises(TypeError):
        bool(q)
    with pytest.raises(TypeError):
        User.query().where(True)  # type: ignore[arg-type]


class Place(Model, namespace="test", set="places", allow_scan=True):
    id: int = Field(primary_key=True)
    at: GeoPoint | None = Field(default=None, index=True)
    area: GeoRegion | None = Field(default=None, index=True)


def test_geo_lookups(admin: Any) -> None:
    create_indexes(admin, Place)
    Place(id=1, at=GeoPoint(lng=0.0, lat=0.0)).save()
    Place(id=2, at=GeoPoint(lng=10.0, lat=10.0)).save()
    Place(id=3, area=GeoRegion.polygon([(-1, -1), (1, -1), (1, 1), (-1, 1)])).save()
    assert Place.query().where(at__within_radius=(0.0, 0.0, 1000.0)).ids() == [1]
    assert Place.query().where(at__within_radius=(GeoPoint(lng=10.0, lat=10.0), 1000.0)).ids() == [2]
    square = GeoRegion.polygon([(5, 5), (15, 5), (15, 15), (5, 15)])
    q = Place.query().where(at__within_region=square)
    assert q.ids() == [2] and q.explain().mode == "query"
    assert Place.query().where(area__contains_point=GeoPoint(lng=0.5, lat=0.5)).ids() == [3]


class Item(Model, namespace="test", set="items"):
    """The hypothesis test's own model."""

    id: int = Field(primary_key=True)
    n: int = Field(index=True)
    s: str = "a"
    tags: list[str] = Field(default_factory=list)


def _matches(item: dict[str, Any], lo: int, hi: int, prefix: str, tag: str, mode: int) -> bool:
    in_range = lo <= item["n"] <= hi
    other = item["s"].startswith(prefix) or tag in item["tags"]
    return in_range and other if mode == 0 else in_range or other if mode == 1 else in_range and not other


@settings(max_examples=25, deadline=None)
@given(
    items=st.lists(st.fixed_dictionaries({
        "n": st.integers(-5, 5), "s": st.text("ab", max_size=3),
        "tags": st.lists(st.sampled_from(["x", "y", "z"]), max_size=3)}), max_size=25),
    lo=st.integers(-6, 6), hi=st.integers(-6, 6), prefix=st.text("ab", max_size=2),
    tag=st.sampled_from(["x", "y"]), mode=st.integers(0, 2),
)
def test_query_agrees_with_a_python_filter(items: list[dict[str, Any]], lo: int, hi: int,
                                           prefix: str, tag: str, mode: int) -> None:
    inner = aerospike.client({"embedded": {"name": f"hyp-{id(items)}-{lo}-{hi}-{mode}-{len(items)}"}})
    aeromodel.connect(inner)
    try:
        inner.truncate("test", "items", 0)
        create_indexes(inner, Item)
        for i, it in enumerate(items):
            Item(id=i, **it).save()
        r = Item.n.between(lo, hi)
        o = Item.s.startswith(prefix) | Item.tags.contains(tag)
        cond = r & o if mode == 0 else r | o if mode == 1 else r & ~o
        got = sorted(Item.query().where(cond).allow_scan().ids())
        want = [i for i, it in enumerate(items) if _matches(it, lo, hi, prefix, tag, mode)]
        assert got == want
        assert Item.query().where(cond).allow_scan().count() == len(want)
    finally:
        aeromodel.disconnect()
        inner.close()
