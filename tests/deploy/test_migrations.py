"""Migrations: ordering, dependencies, recording, checksums, failures and resuming, the lock
(concurrent runners, expiry on a fake clock), --to, makemigration, checkpointed data changes."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel import MigrationError
from aeromodel.migrations import Lock, Migration, Runner, load_dir, makemigration, migrate

COUNTER = """
id = {ident!r}
depends = {depends!r}

def up(ctx):
    ctx.client.increment((ctx.namespace, "ran", {ident!r}), "n", 1)

def down(ctx):
    ctx.client.remove((ctx.namespace, "ran", {ident!r}))
"""


def write(d: Path, ident: str, depends: list[str], body: str = COUNTER) -> Path:
    path = d / f"{ident}.py"
    path.write_text(body.format(ident=ident, depends=depends))
    return path


def ran(client: aerospike.Client, ident: str) -> int:
    try:
        return int(client.get(("test", "ran", ident)).bins["n"])
    except aerospike.exception.RecordNotFound:
        return 0


@pytest.fixture
def mdir(tmp_path: Path) -> Path:
    d = tmp_path / "migrations"
    d.mkdir()
    write(d, "0001_a", [])
    write(d, "0002_b", ["0003_c"])   # ordering follows dependencies, then ids
    write(d, "0003_c", ["0001_a"])
    return d


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_order_and_record(client: aerospike.Client, mdir: Path) -> None:
    assert [m.id for m in load_dir(mdir)] == ["0001_a", "0003_c", "0002_b"]
    assert migrate(mdir, client) == ["+0001_a", "+0003_c", "+0002_b"]
    assert migrate(mdir, client) == []
    assert [ran(client, i) for i in ("0001_a", "0002_b", "0003_c")] == [1, 1, 1]
    st = Runner(mdir, client, "test").status()
    assert [st.state(m) for m in st.migrations] == ["applied"] * 3


def test_missing_dependency_and_cycle(client: aerospike.Client, mdir: Path) -> None:
    write(mdir, "0004_d", ["0009_nope"])
    with pytest.raises(MigrationError, match="0004_d depends on '0009_nope'"):
        migrate(mdir, client)
    write(mdir, "0004_d", ["0005_e"])
    write(mdir, "0005_e", ["0004_d"])
    with pytest.raises(MigrationError, match="cycle"):
        load_dir(mdir)


def test_changed_applied_migration_is_refused(client: aerospike.Client, mdir: Path) -> None:
    migrate(mdir, client)
    path = mdir / "0003_c.py"
    path.write_text(path.read_text() + "\n# edited\n")
    write(mdir, "0004_d", ["0002_b"])
    with pytest.raises(MigrationError, match=r"changed since they were applied.*0003_c"):
        migrate(mdir, client)
    assert ran(client, "0004_d") == 0
    assert "changed" in Runner(mdir, client, "test").status().render()


def test_failure_half_way_says_what_was_done(client: aerospike.Client, mdir: Path) -> None:
    write(mdir, "0004_d", ["0002_b"], "id = {ident!r}\ndepends = {depends!r}\n"
                                      "def up(ctx):\n    raise ValueError('boom')\n")
    write(mdir, "0005_e", ["0004_d"])
    with pytest.raises(MigrationError) as info:
        migrate(mdir, client)
    msg = str(info.value)
    assert "migration 0004_d failed in up(): ValueError: boom" in msg
    assert "done in this run: +0001_a, +0003_c, +0002_b" in msg
    assert "not done: +0004_d, +0005_e" in msg and "aeromodel migrate" in msg
    write(mdir, "0004_d", ["0002_b"])
    assert migrate(mdir, client) == ["+0004_d", "+0005_e"]


def test_to_applies_up_to_and_rolls_back(client: aerospike.Client, mdir: Path) -> None:
    assert migrate(mdir, client, to="0003_c") == ["+0001_a", "+0003_c"]
    assert migrate(mdir, client) == ["+0002_b"]
    assert migrate(mdir, client, to="0001_a") == ["-0002_b", "-0003_c"]
    assert (ran(client, "0003_c"), ran(client, "0001_a")) == (0, 1)
    with pytest.raises(MigrationError, match="no such migration"):
        migrate(mdir, client, to="0042")


def test_concurrent_runners_apply_each_once(client: aerospike.Client, mdir: Path) -> None:
    slow = "id = {ident!r}\ndepends = {depends!r}\nimport time\n" \
           "def up(ctx):\n    time.sleep(0.05)\n    ctx.client.increment((ctx.namespace, 'ran', {ident!r}), 'n', 1)\n"
    write(mdir, "0004_slow", ["0002_b"], slow)
    results: list[Any] = []

    def runner() -> None:
        results.append(migrate(mdir, client, lock_wait=10))

    threads = [threading.Thread(target=runner) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(len, results)) == [0, 0, 0, 0, 0, 4]
    assert [ran(client, i) for i in ("0001_a", "0002_b", "0003_c", "0004_slow")] == [1, 1, 1, 1]


def test_lock_expires_on_the_clock(make_clock_client: Any, mdir: Path) -> None:
    client, clock = make_clock_client()
    crashed = Lock(client, "test", ttl=30, clock=clock, owner="crashed")
    assert crashed.try_acquire()
    with pytest.raises(MigrationError, match="crashed"):
        migrate(mdir, client, lock_wait=0, clock=clock)
    clock.now += 31
    assert migrate(mdir, client, lock_wait=0, clock=clock) == ["+0001_a", "+0003_c", "+0002_b"]
    with pytest.raises(MigrationError, match="lost the migration lock"):
        crashed.renew()


def test_lock_taken_over_by_expires_without_record_ttl(make_clock_client: Any) -> None:
    client, clock = make_clock_client()
    a = Lock(client, "test", ttl=30, clock=clock)
    assert a.try_acquire()
    client.touch(a.key, -1)  # as if the record had no ttl: the `expires` bin still decides
    b = Lock(client, "test", ttl=30, clock=clock)
    assert not b.try_acquire()
    clock.now += 31
    assert b.try_acquire() and not a.try_acquire()


@pytest.fixture
def make_clock_client(engine_name: str) -> Any:
    made: list[aerospike.Client] = []

    def make() -> tuple[aerospike.Client, Clock]:
        clock = Clock()
        c = aerospike.client({"embedded": {"name": f"{engine_name}-clock", "clock": clock}})
        made.append(c)
        return c, clock

    yield make
    for c in made:
        c.close()


def test_makemigration(tmp_path: Path, mdir: Path, client: aerospike.Client) -> None:
    path = makemigration(mdir, "Add display name")
    assert path.name == "0004_add_display_name.py"
    (m,) = [m for m in load_dir(mdir) if m.id == "0004_add_display_name"]
    assert m.depends == ("0002_b",) and m.down is not None
    assert migrate(mdir, client)[-1] == "+0004_add_display_name"
    assert makemigration(tmp_path / "new", "first").name == "0001_first.py"
    with pytest.raises(MigrationError):
        makemigration(mdir, "!!!")


# Checkpointed data changes.

calls: list[Any] = []
stop_after: list[int] = []


def change(bins: dict[str, Any]) -> dict[str, Any] | None:
    calls.append(bins["n"])
    if stop_after and len(calls) >= stop_after[0]:
        stop_after.clear()
        raise RuntimeError("interrupted")
    return {"double": bins["n"] * 2}


def test_backfill_resumes_without_redoing_pages(client: aerospike.Client, tmp_path: Path) -> None:
    for i in range(1000):
        client.put(("test", "people", i), {"n": i})
    fill = Migration("0001_fill", (), lambda ctx: ctx.backfill("people", change, page_size=100),
                     None, "x")
    calls.clear()
    stop_after[:] = [450]               # dies in the 5th page of 100
    with pytest.raises(MigrationError) as info:
        Runner(tmp_path, client, "test", migrations=[fill]).run()
    assert "backfill:people: stopped after 400 records (4 page(s) checkpointed)" in str(info.value)
    assert "checkpoints" in str(info.value)
    first = list(calls)
    calls.clear()
    assert Runner(tmp_path, client, "test", migrations=[fill]).run() == ["+0001_fill"]
    assert not set(first[:400]) & set(calls)          # finished pages are not read again
    assert sorted(set(first[:400]) | set(calls)) == list(range(1000))
    assert len(calls) == 600
    assert all(client.get(("test", "people", i)).bins["double"] == 2 * i for i in range(1000))


def test_rename_bin_keeps_ttl_and_skips_records_without_it(client: aerospike.Client, tmp_path: Path) -> None:
    for i in range(50):
        client.put(("test", "things", i), {"qty": i} if i % 2 else {"other": i}, meta={"ttl": 1000})
    (tmp_path / "0001_r.py").write_text("def up(ctx):\n    ctx.rename_bin('things', 'qty', 'stock')\n")
    migrate(tmp_path, client)
    rec = client.get(("test", "things", 3))
    assert rec.bins == {"stock": 3} and 990 < rec.meta["ttl"] <= 1000
    assert client.get(("test", "things", 4)).bins == {"other": 4}


def test_example_migrations_run(client: aerospike.Client) -> None:
    root = Path(__file__).resolve().parents[2] / "migrations"
    client.put(("test", "products", "p1"), {"qty": 3})
    client.put(("test", "customers", 1), {"spent": 20_000})
    assert migrate(root, client) == ["+0001_plans", "+0002_rename_qty", "+0003_customer_tier"]
    assert client.get(("test", "products", "p1")).bins == {"stock": 3}
    assert client.get(("test", "customers", 1)).bins["tier"] == "silver"
    started = time.perf_counter()
    assert migrate(root, client) == [] and time.perf_counter() - started < 1
