"""os.fork(): a child never inherits a lock held by one of the parent's threads, and gets its own
nsup thread when it needs one."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from _support import ManualClock

from aeromodel.client.command import INFO1_GET_ALL, INFO1_READ, INFO2_WRITE, OP_WRITE, Command
from aeromodel.client.engine.engine import Engine

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

D = bytes(range(20))


@pytest.fixture
def engine() -> Iterator[Engine]:
    name = f"engine-fork-{uuid.uuid4().hex}"
    eng = Engine.shared(name, clock=ManualClock(1_700_000_000.0))
    yield eng
    Engine.drop(name)


def write(value: int, ttl: int = 0) -> Command:
    return Command("test", "demo", D, None, 0, INFO2_WRITE, 0, 0, ttl, [(OP_WRITE, "a", value)])


def run_in_child_while_held(lock_holder: Callable[[], object], child: Callable[[], int]) -> int:
    """Fork while another thread holds ``lock_holder()``; answers the child's exit code (the
    child is killed after 10 s: a deadlock fails the test instead of hanging it)."""
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with lock_holder():  # type: ignore[attr-defined]
            held.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    assert held.wait(5)
    try:
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 99
            try:
                code = child()
            finally:
                os._exit(code)
    finally:
        release.set()
        t.join()
    deadline = time.monotonic() + 10
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return -9
        time.sleep(0.01)


def test_a_child_writes_to_a_partition_whose_lock_a_parent_thread_held(engine: Engine) -> None:
    engine.execute(write(1))
    part = engine.namespaces["test"].partition(D)

    def child() -> int:
        res = engine.execute(write(2))
        got = engine.execute(Command("test", "demo", D, None, INFO1_READ | INFO1_GET_ALL, 0, 0, 0,
                                     0, None))
        return 0 if (res.code, got.gen, dict(got.bins or {})) == (0, 2, {"a": 2}) else 1

    assert run_in_child_while_held(lambda: part.lock, child) == 0
    # The parent's record is its own: the child's write did not reach it.
    assert engine.namespaces["test"].get(D)["a"] == 1  # type: ignore[index]


def test_a_child_finds_engines_while_a_parent_thread_held_the_registry_lock(engine: Engine) -> None:
    def child() -> int:
        return 0 if Engine.shared(engine.name) is engine and Engine.shared("child-only") else 1

    assert run_in_child_while_held(lambda: Engine._registry_lock, child) == 0


def test_the_child_starts_its_own_nsup_thread_on_demand(engine: Engine) -> None:
    engine.execute(write(1, ttl=100))
    assert engine.nsup_running
    part = engine.namespaces["test"].partition(D)

    def child() -> int:
        if engine.nsup_running:  # threads do not survive a fork
            return 1
        engine.execute(write(2, ttl=100))
        return 0 if engine.nsup_running else 2

    assert run_in_child_while_held(lambda: part.lock, child) == 0
