"""Each deploy test gets its own embedded engine, connected as the models' default client."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

import aeromodel
import aeromodel.client as aerospike
from aeromodel.query import catalog

_ids = itertools.count()


@pytest.fixture
def engine_name() -> str:
    return f"deploy-{next(_ids)}"


@pytest.fixture
def client(engine_name: str) -> Iterator[aerospike.Client]:
    c = aerospike.client({"embedded": {"name": engine_name}})
    aeromodel.connect(c)
    yield c
    aeromodel.disconnect()
    catalog.forget()
    c.close()
