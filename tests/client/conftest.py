"""Fixtures for behaviour tests on the embedded engine: isolated clients and a controllable clock."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel.client.engine.engine import Engine

START = 1_700_000_000.25


class FakeClock:
    """A clock the test moves by hand: ``clock()`` is the time in float seconds."""

    def __init__(self, start: float = START) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds``."""
        self.now += seconds


ClientFactory = Callable[..., aerospike.Client]


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock, starting at a fixed time; pass it as ``{"embedded": {"clock": clock}}``."""
    return FakeClock()


@pytest.fixture
def make_client() -> Iterator[ClientFactory]:
    """Factory of embedded clients: ``make_client(name=None, **embedded_settings)``.

    Each name defaults to a fresh one (an isolated engine). Every client made is closed and every
    engine used is dropped afterwards.
    """
    made: list[aerospike.Client] = []
    names: set[str] = set()

    def factory(
        name: str | None = None, config: dict[str, Any] | None = None, **settings: Any
    ) -> aerospike.Client:
        name = name or f"test-{uuid.uuid4().hex}"
        names.add(name)
        c = aerospike.client({**(config or {}), "embedded": {"name": name, **settings}})
        made.append(c)
        return c

    yield factory
    for c in made:
        c.close()
    for name in names:
        Engine.drop(name)


@pytest.fixture
def client(make_client: ClientFactory) -> aerospike.Client:
    """A client on its own, fresh embedded engine (real time)."""
    return make_client()


@pytest.fixture
def timed_client(make_client: ClientFactory, clock: FakeClock) -> aerospike.Client:
    """A client on its own embedded engine whose time is ``clock``."""
    return make_client(clock=clock)
