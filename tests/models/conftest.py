"""Every model test runs twice: on the embedded client, and on a client forwarding only the
documented API. Each test gets its own engine (isolated data) as the default connection."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

import aeromodel
import aeromodel.client as aerospike

from .forwarding import forwarding

_ids = itertools.count()


@pytest.fixture(params=["embedded", "forwarding"])
def client(request: pytest.FixtureRequest) -> Iterator[Any]:
    inner = aerospike.client({"embedded": {"name": f"models-{next(_ids)}"}})
    c = inner if request.param == "embedded" else forwarding(inner)
    aeromodel.connect(c)
    yield c
    aeromodel.disconnect()
    inner.close()


@pytest.fixture
def calls(client: Any) -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """The client calls the model layer makes during the test (a recording forwarding client)."""
    log: list[tuple[str, tuple[Any, ...]]] = []
    aeromodel.connect(forwarding(client, log))
    yield log
    aeromodel.connect(client)
