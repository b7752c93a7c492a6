"""The transport seam: every client call goes through one of these.

``EmbeddedTransport`` runs commands on an in-process engine; a wire transport carries the same
commands to a cluster; ``MockTransport`` answers from a script, for unit tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from .command import (
    BatchCommand,
    BatchResult,
    Command,
    Net,
    Result,
    ScanCommand,
    ScanRecord,
    ScanResult,
)
from .engine.engine import Engine


class Transport(Protocol):
    """What the client front-end needs from a backend."""

    def execute(self, cmd: Command, net: Net | None = None) -> Result:
        """Run one single-record command; ``net`` holds its timeouts and retries."""
        ...

    def execute_batch(self, batch: BatchCommand, net: Net | None = None) -> BatchResult:
        """Run a batch: one result per sub-command, in order."""
        ...

    def execute_scan(self, cmd: ScanCommand, net: Net | None = None) -> ScanResult:
        """Run a scan or query: a code (0, or the error met before any record) and the
        records, streamed in the server's order."""
        ...

    def now(self) -> float:
        """The time (unix seconds) the backend's void times are counted against."""
        ...

    def info(self, request: str, node: str | None = None) -> dict[str, str]:
        """Send an info request to one node (or all when node is None).

        Answers {node name: protocol text}, the text holding ``name\tvalue\n`` per request line.
        """
        ...

    def nodes(self) -> list[tuple[str, str, int]]:
        """The cluster's nodes as (name, address, port)."""
        ...

    def open(self) -> None:
        """Reach the backend (a cluster's seeds); a no-op when already open. Raises
        ConnectionError."""
        ...

    def close(self) -> None:
        """Release resources (connections); ``open`` (the client's connect()) reopens."""
        ...


class EmbeddedTransport:
    """Runs commands on a shared in-process engine."""

    ADDRESS = ("127.0.0.1", 3000)

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.execute = engine.execute
        self.execute_batch = engine.execute_batch
        self.execute_scan = engine.execute_scan
        self.now = engine.clock

    def info(self, request: str, node: str | None = None) -> dict[str, str]:
        return {self.engine.node_name: self.engine.info(request)}

    def nodes(self) -> list[tuple[str, str, int]]:
        return [(self.engine.node_name, *self.ADDRESS)]

    def open(self) -> None:
        return None

    def close(self) -> None:
        return None


class MockTransport:
    """A scripted transport: records every command and answers with ``respond(cmd)``."""

    def __init__(
        self, respond: Callable[[Command], Result] | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self.commands: list[Command] = []
        self.batches: list[BatchCommand] = []
        self.nets: list[Net] = []
        self.now = clock
        self.info_requests: list[str] = []
        self.respond = respond or (lambda cmd: Result(0))
        self.info_answers: dict[str, str] = {}
        self.scans: list[ScanCommand] = []
        self.scan_records: list[ScanRecord] = []

    def execute(self, cmd: Command, net: Net | None = None) -> Result:
        self.commands.append(cmd)
        if net is not None:
            self.nets.append(net)
        return self.respond(cmd)

    def execute_batch(self, batch: BatchCommand, net: Net | None = None) -> BatchResult:
        self.batches.append(batch)
        return BatchResult(0, [self.execute(c, net) for c in batch.records])

    def execute_scan(self, cmd: ScanCommand, net: Net | None = None) -> ScanResult:
        self.scans.append(cmd)
        return ScanResult(0, iter(self.scan_records))

    def info(self, request: str, node: str | None = None) -> dict[str, str]:
        self.info_requests.append(request)
        return {"MOCK": f"{request}\t{self.info_answers.get(request.partition(':')[0], '')}\n"}

    def nodes(self) -> list[tuple[str, str, int]]:
        return [("MOCK", "127.0.0.1", 3000)]

    def open(self) -> None:
        return None

    def close(self) -> None:
        return None


def embedded(settings: dict[str, Any]) -> EmbeddedTransport:
    """Transport for an ``embedded`` client config: the shared engine named by ``settings['name']``."""
    return EmbeddedTransport(
        Engine.shared(
            settings.get("name", "default"),
            settings.get("namespaces"),
            settings.get("clock"),
        )
    )
