"""What is checked and derived when a model class is defined."""

from __future__ import annotations

from typing import Any

import pytest

import aeromodel
from aeromodel import Field, Index, ListIndex, MapKey, Model, ModelDefinitionError
from aeromodel.connection import dialect_of

from .app import Counter, Everything, User


def test_namespace_and_set_from_keywords_meta_and_defaults() -> None:
    assert (User.__aeromodel__.namespace, User.__aeromodel__.set) == ("test", "users")
    assert Everything.__aeromodel__.set == "everything"

    class UserProfile(Model):
        class Meta:
            namespace = "bar"
            ttl = 60

        x: int = 0

    info = UserProfile.__aeromodel__
    assert (info.namespace, info.set, info.ttl) == ("bar", "user_profile", 60)

    class Child(UserProfile):
        y: int = 0

    assert (Child.__aeromodel__.namespace, Child.__aeromodel__.set, Child.__aeromodel__.ttl) == ("bar", "child", 60)
    assert issubclass(Child.DoesNotExist, UserProfile.DoesNotExist)
    assert Child.DoesNotExist is not UserProfile.DoesNotExist


def test_unknown_meta_option() -> None:
    with pytest.raises(ModelDefinitionError, match="tll"):
        class M(Model):
            class Meta:
                tll = 5


def test_bin_names_checked_at_definition() -> None:
    with pytest.raises(ModelDefinitionError, match="15"):
        class Long(Model, namespace="test"):
            a_very_long_field_name: int = 0

    class Short(Model, namespace="test"):
        a_very_long_field_name: int = Field(0, bin="long")

    assert Short.__aeromodel__.fields["a_very_long_field_name"].bin == "long"
    with pytest.raises(ModelDefinitionError, match="both use bin"):
        class Dup(Model, namespace="test"):
            a: int = Field(0, bin="x")
            x: int = 0
    with pytest.raises(ModelDefinitionError):
        class Multi(Model, namespace="test"):
            é_é_é_é_é_é_é_é: int = 0  # 16 bytes in UTF-8


def test_field_names_may_not_shadow_the_api() -> None:
    with pytest.raises(ModelDefinitionError, match="save"):
        class M(Model, namespace="test"):
            save: int = 0


def test_primary_key_checks() -> None:
    with pytest.raises(ModelDefinitionError, match="two primary keys"):
        class Two(Model, namespace="test"):
            a: str = Field(primary_key=True)
            b: str = Field(primary_key=True)
    with pytest.raises(ModelDefinitionError, match="primary key"):
        class Floaty(Model, namespace="test"):
            a: float = Field(primary_key=True)


def test_field_refs_on_the_class_values_on_instances() -> None:
    assert isinstance(User.age, aeromodel.NumberRef)
    assert isinstance(User.name, aeromodel.StrRef)
    assert isinstance(User.tags, aeromodel.ListRef)
    assert isinstance(User.visits, aeromodel.MapRef)
    assert isinstance(Everything.address, aeromodel.ModelRef)
    assert isinstance(Everything.where, aeromodel.GeoRef)
    assert type(Everything.color) is aeromodel.FieldRef
    with pytest.raises(AttributeError):
        User.nothing  # noqa: B018
    with pytest.raises(TypeError):
        bool(User.age)


def test_index_declarations_and_stable_names() -> None:
    got = {(i.name, i.bin, i.collection, i.datatype, i.ctx) for i in User.__aeromodel__.indexes}
    assert got == {
        ("users_age_idx", "age", "default", "numeric", ()),
        ("users_tags_list_idx", "tags", "list", "string", ()),
    }
    nested = {(i.name, i.bin, i.datatype, i.ctx, i.field) for i in Everything.__aeromodel__.indexes}
    # a nested model's declaration becomes a context; in a list of models, an expression index
    assert nested == {
        ("everything_address_city_idx", "address", "string", (("map_key", "city"),), "address.city"),
        ("everything_addresses_city_list_idx", "addresses", "string",
         (("each", "list"), ("map_key", "city")), "addresses.city"),
    }
    (counter,) = Counter.__aeromodel__.indexes
    assert (counter.name, counter.collection, counter.datatype, counter.ctx) == (
        "counters_hits_daily_values_idx", "mapvalues", "numeric", (("map_key", "daily"),)
    )
    assert counter.index_type == aeromodel.client.INDEX_TYPE_MAPVALUES
    assert counter.index_datatype == aeromodel.client.INDEX_NUMERIC
    assert counter.client_ctx() is not None


def test_index_names_are_cut_to_63_bytes_stably() -> None:
    class Wide(Model, namespace="test", set="s" * 60):
        v: int = Field(0, index=True)

    (spec,) = Wide.__aeromodel__.indexes
    assert len(spec.name) == 63
    assert spec.name == Wide.__aeromodel__.indexes[0].name


def test_index_declarations_that_do_not_fit() -> None:
    with pytest.raises(ModelDefinitionError, match="map_keys"):
        class A(Model, namespace="test"):
            m: dict[str, int] = Field(default_factory=dict, index=True)
    with pytest.raises(ModelDefinitionError, match="list"):
        class B(Model, namespace="test"):
            m: int = Field(0, index="list")
    with pytest.raises(ModelDefinitionError, match="indexed"):
        class C(Model, namespace="test"):
            m: float = Field(0.0, index=True)
    with pytest.raises(ValueError):
        Field(index="sideways")

    class D(Model, namespace="test", indexes=[Index("m", "list", ctx=(MapKey("k"),)), Index("n", ctx=(ListIndex(0),))]):
        m: dict[str, list[int]] = Field(default_factory=dict)
        n: list[str] = Field(default_factory=list)

    assert [(i.collection, i.datatype, i.ctx) for i in D.__aeromodel__.indexes] == [
        ("list", "numeric", (("map_key", "k"),)),
        ("default", "string", (("list_index", 0),)),
    ]


def test_index_specs_create_real_indexes(client: Any, admin: Any) -> None:
    """The declarations are complete enough for the client's index calls (what sync will do),
    contexts built for the client's own package."""
    d = dialect_of(client)
    for spec in (*User.__aeromodel__.indexes, *Counter.__aeromodel__.indexes):
        c = client if spec.ctx else admin  # the official client waits 2 s per index: once will do
        create = {
            "default": c.index_single_value_create, "list": c.index_list_create,
            "mapkeys": c.index_map_keys_create, "mapvalues": c.index_map_values_create,
        }[spec.collection]
        assert create(spec.namespace, spec.set, spec.bin, spec.index_datatype, spec.name,
                      ctx=spec.client_ctx(d)) == 0
    listing = client.info_random_node("sindex-list:ns=test")
    assert "users_age_idx" in listing and "counters_hits_daily_values_idx" in listing


def test_public_names_are_pinned() -> None:
    assert sorted(aeromodel.__all__) == sorted([
        "Action", "AlreadyExistsError", "BulkError", "Condition", "ConflictError", "CustomType",
        "DoesNotExist", "Field", "FieldRef", "GeoPoint", "GeoRef", "GeoRegion", "Index",
        "IndexSpec", "ListIndex", "ListRef", "MapKey", "MapRef", "MissingIndexError", "Model",
        "ModelDefinitionError", "ModelError", "ModelInfo", "ModelRef", "NotConnectedError",
        "NumberRef", "QueryError", "RecordMeta", "Selection", "StrRef", "ValidationError",
        "connect", "disconnect", "get_client", "register_type", "retry_on_conflict",
        # deploy tooling
        "DeployError", "IndexSyncError", "MigrationError", "check_indexes", "sync_indexes",
    ])
    for name in aeromodel.__all__:
        assert hasattr(aeromodel, name)


def test_error_hierarchy() -> None:
    from aeromodel.client import exception

    for err, base in [
        (aeromodel.DoesNotExist, exception.RecordNotFound),
        (aeromodel.ConflictError, exception.RecordGenerationError),
        (aeromodel.AlreadyExistsError, exception.RecordExistsError),
        (aeromodel.NotConnectedError, exception.ClientError),
        (aeromodel.BulkError, exception.BatchFailed),
        (aeromodel.QueryError, exception.ClientError),
        (User.DoesNotExist, aeromodel.DoesNotExist),
    ]:
        assert issubclass(err, base) and issubclass(err, aeromodel.ModelError)
    assert issubclass(aeromodel.ValidationError, ValueError)
    assert issubclass(aeromodel.ModelDefinitionError, TypeError)


def test_primary_key_cannot_be_indexed() -> None:
    with pytest.raises(ModelDefinitionError, match="cannot be indexed"):
        class K(Model, namespace="test"):
            id: str = Field(primary_key=True, index=True)


def test_update_options_are_not_field_names() -> None:
    with pytest.raises(ModelDefinitionError, match="ttl"):
        class M(Model, namespace="test"):
            ttl: int = 0
