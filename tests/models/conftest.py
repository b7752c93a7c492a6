"""Every model test runs three ways: on the embedded client, on a client forwarding only the
documented API, and on the official ``aerospike`` client against ``aeromodel serve`` (in-process,
over a fresh engine). Each test gets its own engine (isolated data) as the default connection."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

import aeromodel
import aeromodel.client as aerospike
from aeromodel.connection import dialect_of

from .forwarding import forwarding
from .serving import serving

_ids = itertools.count()
_PORT = pytest.StashKey[int]()


@pytest.fixture(params=["embedded", "forwarding", "official"])
def client(request: pytest.FixtureRequest) -> Iterator[Any]:
    name = f"models-{next(_ids)}"
    if request.param == "official":
        official = pytest.importorskip("aerospike")
        with serving(name) as port:
            request.node.stash[_PORT] = port
            c = official.client({"hosts": [("127.0.0.1", port)]}).connect()
            aeromodel.connect(c)
            yield c
            aeromodel.disconnect()
            c.close()
        return
    inner = aerospike.client({"embedded": {"name": name}})
    c = inner if request.param == "embedded" else forwarding(inner)
    aeromodel.connect(c)
    yield c
    aeromodel.disconnect()
    inner.close()


@pytest.fixture
def calls(client: Any) -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """The client calls the model layer makes during the test (a recording forwarding client,
    speaking the dialect of the client it wraps)."""
    log: list[tuple[str, tuple[Any, ...]]] = []
    aeromodel.connect(forwarding(client, log), dialect=dialect_of(client).name)
    yield log
    aeromodel.connect(client)


@pytest.fixture
def admin(client: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A client for a test's setup (creating indexes): ``client`` itself, except on the official
    client, whose index calls wait 2 s for the index to build, where it is our cluster transport
    to the same ``aeromodel serve``."""
    port = request.node.stash.get(_PORT, None)
    if port is None:
        yield client
        return
    ours = aerospike.client({"hosts": [("127.0.0.1", port)]}).connect()
    yield ours
    ours.close()
