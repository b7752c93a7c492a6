"""Fixtures for behaviour tests on the embedded engine: isolated clients and a controllable clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from _support import TRANSPORTS, ClientPool, ManualClock

import aeromodel.client as aerospike

START = 1_700_000_000.25
FakeClock = ManualClock

ClientFactory = Callable[..., aerospike.Client]


@pytest.fixture
def clock() -> ManualClock:
    """A fake clock, starting at a fixed time; pass it as ``{"embedded": {"clock": clock}}``."""
    return ManualClock(START)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Modules marked ``transports`` run each client test embedded and over the cluster
    transport (against ``aeromodel serve``)."""
    if metafunc.definition.get_closest_marker("transports") and "pool" in metafunc.fixturenames:
        metafunc.parametrize("transport", TRANSPORTS)


@pytest.fixture
def transport() -> str:
    """How clients reach their engine (parametrized by modules marked ``transports``)."""
    return "embedded"


@pytest.fixture
def pool(transport: str) -> Iterator[ClientPool]:
    """Clients each on a fresh engine; all closed and dropped afterwards."""
    p = ClientPool(transport)
    yield p
    p.close()


@pytest.fixture
def make_client(pool: ClientPool) -> ClientFactory:
    """Factory of embedded clients: ``make_client(name=None, config=None, **embedded_settings)``."""

    def factory(
        name: str | None = None, config: dict[str, Any] | None = None, **settings: Any
    ) -> aerospike.Client:
        return pool.make(name, config, **settings)

    return factory


@pytest.fixture
def client(make_client: ClientFactory) -> aerospike.Client:
    """A client on its own, fresh embedded engine (real time)."""
    return make_client()


@pytest.fixture
def timed_client(make_client: ClientFactory, clock: ManualClock) -> aerospike.Client:
    """A client on its own embedded engine whose time is ``clock``."""
    return make_client(clock=clock)
