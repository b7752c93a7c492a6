"""The dialect a connection speaks (``aeromodel/dialect.py``): chosen once at ``connect()``; the
model layer's errors are also the exceptions of the connected client's own package."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

import aeromodel
import aeromodel.client as ours
from aeromodel import (
    AlreadyExistsError,
    BulkError,
    ConflictError,
    DoesNotExist,
    GeoPoint,
    MissingIndexError,
)
from aeromodel.connection import dialect_of, get_dialect
from aeromodel.dialect import AEROMODEL, OFFICIAL, OURS, dialect_for, official

from .app import Everything, User
from .forwarding import forwarding

NOW = datetime(2024, 5, 1, tzinfo=timezone.utc)


def ann(**kw: Any) -> User:
    return User(**{"id": "ann", "name": "Ann", "age": 25, "signed_up": NOW, **kw})


def test_the_dialect_is_chosen_from_the_client() -> None:
    pytest.importorskip("aerospike")
    embedded = ours.client({"embedded": {"name": "dialect-choice"}})
    assert dialect_for(embedded) is AEROMODEL and dialect_for(forwarding(embedded)) is AEROMODEL
    assert dialect_for(forwarding(embedded), OFFICIAL) is official()
    with pytest.raises(ValueError, match="dialect"):
        dialect_for(embedded, "redis")
    aeromodel.connect(forwarding(embedded), name="wrapped", dialect=OFFICIAL)
    try:
        assert get_dialect("wrapped").name == OFFICIAL
    finally:
        aeromodel.disconnect("wrapped")
    assert get_dialect("wrapped") is AEROMODEL  # no connection: ours
    assert AEROMODEL.name == OURS


def test_official_client_gets_the_official_dialect(client: Any) -> None:
    d = get_dialect()
    assert d is dialect_of(client)
    if type(client).__module__ == "aerospike":
        import aerospike_helpers.expressions

        assert d is official() and d.exp is aerospike_helpers.expressions
    else:
        assert d is AEROMODEL


def test_errors_by_code_are_the_package_classes() -> None:
    pytest.importorskip("aerospike")
    import aerospike.exception

    assert type(official().error(2, "gone")) is aerospike.exception.RecordNotFound
    assert type(official().error(9999, "?")) is aerospike.exception.AerospikeError
    assert type(AEROMODEL.error(3, "moved")) is ours.exception.RecordGenerationError


def test_model_errors_are_also_the_client_package_exceptions(client: Any) -> None:
    exc = dialect_of(client).exception
    with pytest.raises(User.DoesNotExist) as dne:
        User.get("nobody")
    assert isinstance(dne.value, DoesNotExist) and isinstance(dne.value, exc.RecordNotFound)
    assert isinstance(dne.value, ours.exception.RecordNotFound) and dne.value.code == 2
    with pytest.raises(User.DoesNotExist) as many:
        User.get_many(["nobody"], missing="raise")
    assert isinstance(many.value, exc.RecordNotFound)

    ann().save()
    with pytest.raises(AlreadyExistsError) as exists:
        ann().insert()
    assert isinstance(exists.value, exc.RecordExistsError)

    mine = User.get("ann")
    client.put(("test", "users", "ann"), {"age": 30})
    mine.age = 40
    with pytest.raises(ConflictError) as conflict:
        mine.save()
    assert isinstance(conflict.value, exc.RecordGenerationError) and conflict.value.code == 3
    with pytest.raises(BulkError) as bulk:
        User.save_many([mine])
    assert isinstance(bulk.value, exc.BatchFailed)
    assert isinstance(bulk.value.errors[0], ConflictError)
    assert isinstance(bulk.value.errors[0], exc.RecordGenerationError)

    with pytest.raises(MissingIndexError) as missing:
        User.query().where(age=3).all()
    assert isinstance(missing.value, exc.ClientError)


def test_geojson_values_travel_as_the_client_package_geojson(client: Any) -> None:
    e = Everything(id=1, where=GeoPoint(lng=10.75, lat=59.91))
    e.save()
    assert Everything.get(1).where == GeoPoint(lng=10.75, lat=59.91)
    e.update(Everything.where.set(GeoPoint(lng=1.0, lat=2.0)))
    assert Everything.get(1).where == GeoPoint(lng=1.0, lat=2.0)
    Everything.save_many([Everything(id=2, where=GeoPoint(lng=3.0, lat=4.0))])
    assert Everything.get(2).where == GeoPoint(lng=3.0, lat=4.0)


def test_values_convert_nested_geojson_for_the_official_package() -> None:
    aerospike = pytest.importorskip("aerospike")

    point = ours.GeoJSON({"type": "Point", "coordinates": [1.0, 2.0]})
    ops = [{"op": 1, "bin": "g", "val": {"at": [point]}}]
    assert AEROMODEL.values(ops) is ops
    (converted,) = official().values(ops)
    (got,) = converted["val"]["at"]
    assert type(got) is aerospike.GeoJSON and got.unwrap() == point.unwrap()


def test_our_client_is_read_and_written_without_result_objects() -> None:
    """On an ``aeromodel.client`` client the model layer reads and writes through the client's
    plain calls (no Record built only to be taken apart); through a wrapper, the documented
    ``get`` / ``operate`` / ``batch_read``. Both load the same instances, with the same
    generation and ttl."""
    from aeromodel.connection import _plain

    embedded = ours.client({"embedded": {"name": "plain-paths"}})
    calls: list[tuple[str, tuple[Any, ...]]] = []
    loaded = []
    for name, client in (("plain", embedded), ("wrapped", forwarding(embedded, calls))):
        aeromodel.connect(client, name=name)
        try:
            assert (name in _plain) == (name == "plain")
            model = type(f"Plain{name}", (User,), {}, connection=name)
            saved = model(**{"id": name, "name": "Ann", "age": 25, "signed_up": NOW}).save()
            assert saved.meta.generation == 1 and saved.meta.ttl == ours.TTL_NEVER_EXPIRE
            saved.age = 26
            saved.save()  # plain writes: on our client sent as put() builds them
            got = model.get(name)
            assert (got.age, got.meta.generation, got.meta.ttl) == (26, 2, saved.meta.ttl)
            stale = model.get(name)
            got.visits = {"home": 1}  # a map field changed: map operations, through operate()
            got.email = "ann@example.com"
            got.save()
            got.visits = {"home": 2, "work": 1}
            got.save()
            got = model.get(name)
            assert (got.visits, got.email, got.meta.generation) == (
                {"home": 2, "work": 1}, "ann@example.com", 4
            )
            stale.age = 27  # loaded at generation 2: both paths check it
            with pytest.raises(aeromodel.ConflictError):
                stale.save()
            got.age = 26
            assert got.save().meta.generation == 4  # nothing changed: nothing sent
            loaded.append((got.model_dump(exclude={"id"}), got.meta.generation))
            with pytest.raises(model.DoesNotExist):
                model.get("nobody")
            many = model.get_many([name, "nobody"])
            assert many[1] is None and many[0] is not None
            assert (many[0].age, many[0].meta.generation, many[0].meta.ttl) == (26, 4, saved.meta.ttl)
            found = model.query().allow_scan().where(age=26).all()
            assert [(f.id, f.age, f.meta.generation, f.meta.ttl) for f in found] == [
                (name, 26, 4, saved.meta.ttl)
            ]
            assert found[0].meta.key[:3] == ("test", model.__aeromodel__.set, name)
            assert model.query().allow_scan().where(age=26).ids() == [name]
            assert model.query().allow_scan().where(age=99).count() == 0
            if name == "plain":  # the plain rows hold what results() holds, without its types
                set_name = model.__aeromodel__.set
                embedded.index_integer_create("test", set_name, "age", f"{set_name}_age")
                q = embedded.query("test", set_name)
                q.where(ours.predicates.equals("age", 26))
                rows, recs = q._plain_results(), q.results()
                assert [type(r) for r in rows] == [tuple] and type(rows[0][1]) is dict
                assert [((*r[0][:3], bytes(r[0][3])), dict(r[1]), r[2]) for r in recs] == rows
        finally:
            aeromodel.disconnect(name)
    assert loaded[0] == loaded[1]
    assert [c[0] for c in calls if c[0] != "info_all"] == [  # info_all: the planner's index list
        "operate", "operate", "get", "get", "operate", "operate", "get", "operate", "get",
        "batch_read", "scan", "scan", "scan",
    ]
    assert "plain" not in _plain
