"""Index sync: plans (pure), apply, idempotence, conflicts, prune, --check, building indexes."""

from __future__ import annotations

from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel import IndexSyncError, check_indexes, sync_indexes
from aeromodel.indexes import IndexSpec
from aeromodel.query.catalog import ClusterIndex
from aeromodel.sync import plan, wait_ready

from . import shop

MODELS = [shop.Customer, shop.Product]


def spec(name: str, bin: str, set: str = "s", datatype: str = "numeric") -> IndexSpec:
    return IndexSpec(name, "test", set, bin, "default", datatype, (), bin)


def live(name: str, bin: str, set: str = "s", datatype: str = "numeric", ready: bool = True) -> ClusterIndex:
    return ClusterIndex(name, "test", set, bin, datatype, "default", None, None, ready)


def listing(client: aerospike.Client) -> str:
    return str(client.info_random_node("sindex-list:ns=test"))


def kinds(p: Any) -> list[tuple[str, str]]:
    return [(a.kind, a.name) for a in p.actions]


def test_plan_kinds() -> None:
    declared = [spec("a_idx", "a"), spec("b_idx", "b"), spec("c_idx", "c"), spec("d_idx", "d"),
                spec("e_idx", "e")]
    found = [live("a_idx", "a"), live("b_idx", "b", datatype="string"), live("old_c", "c"),
             live("e_idx", "e", ready=False), live("x_idx", "x"), live("y_idx", "y", set="other")]
    p = plan(declared, found, lambda s: None)
    assert kinds(p) == [("match", "a_idx"), ("conflict", "b_idx"), ("rename", "c_idx"),
                        ("create", "d_idx"), ("building", "e_idx"), ("undeclared", "x_idx")]
    assert not p.in_sync and [a.name for a in p.changes] == ["c_idx", "d_idx"]
    pruned = plan(declared, found, lambda s: None, prune=True)
    assert ("drop", "x_idx") in kinds(pruned) and ("drop", "y_idx") not in kinds(pruned)


def test_plan_matches_contexts_by_base64() -> None:
    ctx_spec = IndexSpec("c_idx", "test", "s", "m", "default", "string", (("map_key", "k"),), "m.k")
    assert kinds(plan([ctx_spec], [live("c_idx", "m", datatype="string")], lambda s: "KGs=")) == [
        ("conflict", "c_idx")]
    with_ctx = ClusterIndex("c_idx", "test", "s", "m", "string", "default", "KGs=", None, True)
    assert kinds(plan([ctx_spec], [with_ctx], lambda s: "KGs=")) == [("match", "c_idx")]


def test_sync_creates_then_is_a_noop(client: aerospike.Client) -> None:
    assert not check_indexes(MODELS).in_sync
    first = sync_indexes(MODELS)
    assert sorted(a.name for a in first.applied) == sorted(
        s.name for m in MODELS for s in m.__aeromodel__.indexes)
    second = sync_indexes(MODELS)
    assert second.applied == () and {a.kind for a in second.actions} == {"match"}
    assert check_indexes("tests.deploy.shop").in_sync
    shop.Customer(id="c1", name="Ann", age=30, prefs={"lang": "en"}).save()
    assert shop.Customer.query().where(prefs__contains_key="lang").ids() == ["c1"]


def test_conflict_changes_nothing(client: aerospike.Client) -> None:
    client.index_single_value_create("test", "customers", "name", aerospike.INDEX_STRING, "customers_age_idx")
    with pytest.raises(IndexSyncError) as info:
        sync_indexes(MODELS)
    assert "customers_age_idx" in str(info.value) and "Index(name=" in str(info.value)
    assert [a.kind for a in info.value.plan.conflicts] == ["conflict"]
    assert "customers_tags_list_idx" not in listing(client)
    assert not check_indexes(MODELS).in_sync


def test_prune_drops_undeclared_on_model_sets_only(client: aerospike.Client) -> None:
    client.index_single_value_create("test", "customers", "name", aerospike.INDEX_STRING, "stray_idx")
    client.index_single_value_create("test", "elsewhere", "name", aerospike.INDEX_STRING, "theirs_idx")
    kept = sync_indexes(MODELS)
    assert [a.name for a in kept.of("undeclared")] == ["stray_idx"] and check_indexes(MODELS).in_sync
    assert not check_indexes(MODELS, prune=True).in_sync
    pruned = sync_indexes(MODELS, prune=True)
    assert [a.name for a in pruned.applied] == ["stray_idx"]
    now = listing(client)
    assert "stray_idx" not in now and "theirs_idx" in now


def test_check_reports_drift_after_a_drop(client: aerospike.Client) -> None:
    sync_indexes(MODELS)
    client.index_remove("test", "products_price_idx")
    report = check_indexes(MODELS)
    assert not report.in_sync and [a.name for a in report.of("create")] == ["products_price_idx"]


class Building:
    """Forwards to a client, reporting ``name`` as still building for ``polls`` sindex polls."""

    def __init__(self, inner: Any, name: str, polls: int) -> None:
        self.inner, self.name, self.polls = inner, name, polls

    def __getattr__(self, item: str) -> Any:
        return getattr(self.inner, item)

    def info_all(self, command: str, policy: Any = None) -> Any:
        answers = self.inner.info_all(command, policy)
        if self.polls <= 0:
            return answers
        if command.startswith("sindex-list"):
            return {n: (e, _building(t, self.name)) for n, (e, t) in answers.items()}
        if command.startswith("sindex-stat") and self.name in command:
            self.polls -= 1
            return {n: (e, t.replace("load_pct=100", "load_pct=40")) for n, (e, t) in answers.items()}
        return answers


def _building(text: str, name: str) -> str:
    return ";".join(e.replace("state=RW", "state=WO") if f"indexname={name}:" in e else e
                    for e in text.split(";"))


def test_a_building_index_is_not_ready(client: aerospike.Client) -> None:
    sync_indexes(MODELS)
    slow = Building(client, "products_price_idx", polls=2)
    report = check_indexes(MODELS, slow)
    assert not report.in_sync
    assert [(a.kind, a.detail) for a in report.of("building")] == [("building", "not ready")]
    seen: list[tuple[str, float]] = []
    sync_indexes(MODELS, slow, wait=True, progress=lambda n, pct: seen.append((n, pct)))
    assert seen[:2] == [("products_price_idx", 40.0), ("products_price_idx", 40.0)]
    assert seen[-1] == ("products_price_idx", 100.0)
    assert check_indexes(MODELS, slow).in_sync


def test_wait_times_out(client: aerospike.Client) -> None:
    sync_indexes(MODELS)
    slow = Building(client, "products_price_idx", polls=100)
    ticks = iter(range(100))
    with pytest.raises(IndexSyncError, match="still building"):
        wait_ready(slow, [("test", "products_price_idx")], timeout=2, poll=0,
                   clock=lambda: float(next(ticks)))
