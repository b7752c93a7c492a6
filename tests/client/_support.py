"""Helpers shared by the client tests (conftest fixtures build on them).

Plain helpers, not pytest fixtures, so that hypothesis state machines can use them too: a fake clock
and a pool of embedded clients, each on its own engine, torn down (closed and dropped) together.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
import uuid
from types import ModuleType
from typing import Any

from aeromodel.client.engine.engine import Engine
from aeromodel.client.server.app import start

TRANSPORTS = ("embedded", "cluster", "official")
"""The ways a client reaches an engine: in-process, our cluster transport over ``aeromodel serve``,
or the official ``aerospike`` client from PyPI over ``aeromodel serve`` (a module opts in with
``pytestmark = pytest.mark.transports``)."""

NAMED_RESULTS = "answers plain tuples and dicts; named-tuple results (rec.bins, meta.gen) are ours"
FAKE_CLOCK_TTL = "reckons ttl from the void time against the real clock, not the engine's fake clock"
API_3X = "has no get_many, exists_many, select_many, batch_get_ops (3.x API our checklist keeps)"
TRUNCATE_HOLDS_GIL = (
    "keeps the GIL while truncate() waits for its answer, so the in-process serve cannot answer"
)
SERIALIZERS = "refuses types the server has none for (19.x dropped the 3.x serializers ours keeps)"
POLICY_CHECKS = "sends policy values unchecked and ignores unknown policy keys (ours refuses both)"
API_3X_CDT = (
    "has no list_* and map_* record methods nor the map_write_mode policy (3.x API our checklist keeps)"
)
CDT_ARGS_CHECKED = (
    "sends a map order other than 0, 1, 3, a key list or put items of another type for the server"
    " to refuse; ours refuses them before sending (ParamError)"
)
BIN_NAMES_CUT = (
    "cuts bin names to 15 bytes in select and remove_bin and sends them; ours refuses a longer"
    " name with BinNameError (21) before sending"
)
FLOAT_BOOL_MAP_KEYS = "drops map entries with float or bool keys silently; ours refuses them (ParamError)"
NEGATIVE_META_GEN = "sends a negative meta gen; ours refuses it (ParamError)"
NOT_UTF8 = (
    "says ClientError (-1) for text with lone surrogates in values and bin names, crashes (SIGSEGV)"
    " on one in an append operand or a user key and sends one in a set name; ours refuses them all"
    " before sending (ParamError, -2)"
)
BYTES_DIGEST = (
    "refuses a bytes digest in a key tuple without a user key (only a bytearray); ours takes both"
)
BYTES_KEY_PARTITION = "refuses a bytes key in get_key_partition_id; ours takes it as a blob key"
CTX_FLAG_0X100 = "builds contexts in C: the test sends the 0x100 context flag by patching our encoder"
"""Reasons a test is marked ``ours_only``: what the official client does differently by design."""

AnyClient = Any
"""A client of any transport: ours (``aeromodel.client.Client``) or the official one."""

API_MODULES = {
    "aerospike": ("aeromodel.client", "aerospike"),
    "exception": ("aeromodel.client.exception", "aerospike.exception"),
    "predicates": ("aeromodel.client.predicates", "aerospike.predicates"),
    "op": ("aeromodel.client.helpers.operations.operations", "aerospike_helpers.operations.operations"),
    "list_operations": (
        "aeromodel.client.helpers.operations.list_operations",
        "aerospike_helpers.operations.list_operations",
    ),
    "map_operations": (
        "aeromodel.client.helpers.operations.map_operations",
        "aerospike_helpers.operations.map_operations",
    ),
    "bitwise_operations": (
        "aeromodel.client.helpers.operations.bitwise_operations",
        "aerospike_helpers.operations.bitwise_operations",
    ),
    "hll_operations": (
        "aeromodel.client.helpers.operations.hll_operations",
        "aerospike_helpers.operations.hll_operations",
    ),
    "expression_operations": (
        "aeromodel.client.helpers.operations.expression_operations",
        "aerospike_helpers.operations.expression_operations",
    ),
    "helpers": ("aeromodel.client.helpers", "aerospike_helpers"),
    "exp": ("aeromodel.client.helpers.expressions", "aerospike_helpers.expressions"),
    "br": ("aeromodel.client.helpers.batch.records", "aerospike_helpers.batch.records"),
    "cdt_ctx": ("aeromodel.client.helpers.cdt_ctx", "aerospike_helpers.cdt_ctx"),
}
"""The client-facing modules a test body uses, by the name it uses them under: ours, and the
official client's module of the same name. ``exception`` and ``predicates`` are attributes of the
official ``aerospike`` extension module rather than importable submodules."""


def api_module(name: str, transport: str) -> ModuleType:
    """The module ``name`` (a key of ``API_MODULES``) as the client of ``transport`` needs it: the
    official client's under ``"official"`` (its expressions, operations and predicates are its own
    objects, its exceptions its own classes), ours otherwise."""
    ours, official = API_MODULES[name]
    if transport != "official":
        return importlib.import_module(ours)
    parent, _, attr = official.rpartition(".")
    if parent == "aerospike":
        module: ModuleType = getattr(importlib.import_module(parent), attr)
        return module
    return importlib.import_module(official)


class Servers:
    """``aeromodel serve`` on free ports, one per engine, on one background event loop."""

    _loop: asyncio.AbstractEventLoop | None = None

    def __init__(self) -> None:
        self.servers: dict[str, tuple[asyncio.Server, int]] = {}

    @classmethod
    def loop(cls) -> asyncio.AbstractEventLoop:
        if cls._loop is None:
            cls._loop = asyncio.new_event_loop()
            threading.Thread(target=cls._loop.run_forever, daemon=True).start()
        return cls._loop

    def port(self, engine: Engine) -> int:
        """The port serving ``engine`` (started on first use)."""
        found = self.servers.get(engine.name)
        if found is None:
            coro = start(engine, "127.0.0.1", 0)
            server = asyncio.run_coroutine_threadsafe(coro, self.loop()).result(10)
            found = self.servers[engine.name] = (server, server.sockets[0].getsockname()[1])
        return found[1]

    def close(self) -> None:
        for server, _port in self.servers.values():
            self.loop().call_soon_threadsafe(server.close)
        self.servers.clear()

CLOCK_START = 1_700_000_000.0


class ManualClock:
    """A clock moved by hand: ``clock()`` answers the time in float seconds."""

    def __init__(self, start: float = CLOCK_START) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds``."""
        self.now += seconds


class ClientPool:
    """Makes clients of one transport, each on a fresh engine unless a name is given; ``close()``
    ends all. Over the wire, each engine is served by ``aeromodel serve`` on a free port."""

    def __init__(self, transport: str = "embedded") -> None:
        self.clients: list[AnyClient] = []
        self.names: set[str] = set()
        self.engine_of: dict[int, str] = {}
        self.transport = transport
        self.servers = Servers()

    def make(
        self, name: str | None = None, config: dict[str, Any] | None = None, **settings: Any
    ) -> AnyClient:
        """A client on the engine ``name`` (a fresh one by default) with these embedded settings;
        ``config`` holds other client config keys (policies, serialization, ...).

        A ``clock`` setting is the engine's time. Our cluster transport is told it too, for its ttl
        arithmetic; the official client reckons ttl from the void time against the real clock, so
        tests that read a ttl on a fake clock are marked ``ours_only(FAKE_CLOCK_TTL)``."""
        name = name or f"support-{uuid.uuid4().hex}"
        self.names.add(name)
        client = api_module("aerospike", self.transport).client
        if self.transport in ("cluster", "official"):
            clock = settings.pop("clock", None)
            engine = Engine.shared(name, settings.pop("namespaces", None), clock)
            if settings:
                raise ValueError(f"embedded settings {sorted(settings)} do not cross the wire")
            port = self.servers.port(engine)
            c = client({**(config or {}), "hosts": [("127.0.0.1", port)]}).connect()
            if clock is not None and self.transport == "cluster":
                c._now = c._transport.now = clock
        else:
            c = client({**(config or {}), "embedded": {"name": name, **settings}})
        self.clients.append(c)
        self.engine_of[id(c)] = name
        return c

    def ours_beside(self, c: AnyClient) -> AnyClient:
        """``c`` itself, or for an official client, a client of our cluster transport on its engine
        (through the same ``aeromodel serve``): for setup only the official client makes slow,
        such as an index, whose create sleeps 2 s before it first asks whether the build is done."""
        if self.transport != "official":
            return c
        name = self.engine_of[id(c)]
        port = self.servers.port(Engine.shared(name))
        ours = api_module("aerospike", "cluster").client({"hosts": [("127.0.0.1", port)]})
        self.clients.append(ours.connect())
        return ours

    def close(self) -> None:
        """Close every client made and drop every engine used."""
        for c in self.clients:
            c.close()
        self.servers.close()
        for name in self.names:
            Engine.drop(name)
        self.clients.clear()
        self.names.clear()


def strict_equal(a: Any, b: Any) -> bool:
    """Equality that also compares types (True is not 1, a tuple is not a list), maps as dicts."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(strict_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return False
        # Keys are int, str or bytes: equal keys have one type, so look each up by value.
        return all(
            type(ka) is type(kb) and strict_equal(a[ka], b[kb])
            for ka in a
            for kb in b
            if ka == kb
        )
    return bool(a == b)
