"""Fixtures for client behaviour tests: isolated clients, a controllable clock, and the client
module with its helpers as the transport under test needs them (ours, or the official client's)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from _support import TRANSPORTS, AnyClient, ClientPool, ManualClock, api_module

START = 1_700_000_000.25
FakeClock = ManualClock

ClientFactory = Callable[..., AnyClient]


@pytest.fixture
def clock() -> ManualClock:
    """A fake clock, starting at a fixed time; pass it as ``{"embedded": {"clock": clock}}``."""
    return ManualClock(START)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Modules marked ``transports`` run each client test three ways: embedded, over our cluster
    transport and over the official client (both against ``aeromodel serve``)."""
    if metafunc.definition.get_closest_marker("transports") and "pool" in metafunc.fixturenames:
        metafunc.parametrize("transport", TRANSPORTS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked ``ours_only(reason)`` checks what only our client does (see _support for the
    reasons): it is not run over the official client."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        marker = item.get_closest_marker("ours_only")
        if marker and callspec is not None and callspec.params.get("transport") == "official":
            item.add_marker(pytest.mark.skip(reason=f"official client: {marker.args[0]}"))


@pytest.fixture
def transport() -> str:
    """How clients reach their engine (parametrized by modules marked ``transports``)."""
    return "embedded"


# A test body builds its operations, expressions, predicates and expected exceptions from the
# fixtures below, so that the official client gets its own objects and raises its own classes
# (see _support.API_MODULES). Nothing translates between the two clients.


@pytest.fixture
def aerospike(transport: str) -> ModuleType:
    """The client module: ``aeromodel.client``, or the official ``aerospike``."""
    return api_module("aerospike", transport)


@pytest.fixture
def exception(transport: str) -> ModuleType:
    """The exception module whose classes the transport's client raises."""
    return api_module("exception", transport)


@pytest.fixture
def predicates(transport: str) -> ModuleType:
    """Query predicates (``aerospike.predicates``) for the transport's client."""
    return api_module("predicates", transport)


@pytest.fixture
def op(transport: str) -> ModuleType:
    """Record operations (``aerospike_helpers.operations.operations``)."""
    return api_module("op", transport)


@pytest.fixture
def list_operations(transport: str) -> ModuleType:
    """List operations (``aerospike_helpers.operations.list_operations``)."""
    return api_module("list_operations", transport)


@pytest.fixture
def map_operations(transport: str) -> ModuleType:
    """Map operations (``aerospike_helpers.operations.map_operations``)."""
    return api_module("map_operations", transport)


@pytest.fixture
def bitwise_operations(transport: str) -> ModuleType:
    """Bit operations (``aerospike_helpers.operations.bitwise_operations``)."""
    return api_module("bitwise_operations", transport)


@pytest.fixture
def hll_operations(transport: str) -> ModuleType:
    """HyperLogLog operations (``aerospike_helpers.operations.hll_operations``)."""
    return api_module("hll_operations", transport)


@pytest.fixture
def expression_operations(transport: str) -> ModuleType:
    """Expression operations (``aerospike_helpers.operations.expression_operations``)."""
    return api_module("expression_operations", transport)


@pytest.fixture
def helpers(transport: str) -> ModuleType:
    """``aerospike_helpers`` itself (``HyperLogLog``)."""
    return api_module("helpers", transport)


@pytest.fixture
def exp(transport: str) -> ModuleType:
    """Expressions (``aerospike_helpers.expressions``, every submodule's names)."""
    return api_module("exp", transport)


@pytest.fixture
def br(transport: str) -> ModuleType:
    """Batch records (``aerospike_helpers.batch.records``)."""
    return api_module("br", transport)


@pytest.fixture
def cdt_ctx(transport: str) -> ModuleType:
    """CDT contexts (``aerospike_helpers.cdt_ctx``)."""
    return api_module("cdt_ctx", transport)


@pytest.fixture
def pool(transport: str) -> Iterator[ClientPool]:
    """Clients each on a fresh engine; all closed and dropped afterwards."""
    p = ClientPool(transport)
    yield p
    p.close()


@pytest.fixture
def make_client(pool: ClientPool) -> ClientFactory:
    """Factory of clients: ``make_client(name=None, config=None, **embedded_settings)``."""

    def factory(
        name: str | None = None, config: dict[str, Any] | None = None, **settings: Any
    ) -> AnyClient:
        return pool.make(name, config, **settings)

    return factory


@pytest.fixture
def client(make_client: ClientFactory) -> AnyClient:
    """A client on its own, fresh engine (real time)."""
    return make_client()


@pytest.fixture
def timed_client(make_client: ClientFactory, clock: ManualClock) -> AnyClient:
    """A client on its own engine whose time is ``clock``."""
    return make_client(clock=clock)
