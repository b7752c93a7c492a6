"""The partition map: for each namespace and replica (0: master), the node of each of the 4,096
partitions, built from the nodes' ``replicas`` answers.

A ``replicas`` answer is ``ns:[regime,]count,bitmap0,bitmap1...;ns2:...``: one base64 bitmap of
4,096 bits per replica, bit ``pid`` (most significant first) set where the node holds it.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import random
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import constants as C

if TYPE_CHECKING:
    from .node import Node

N_PARTITIONS = 4096
_ALL = b"\xff" * (N_PARTITIONS // 8)


def parse_replicas(text: str) -> dict[str, list[bytes]]:
    """{namespace: one 512-byte bitmap per replica} of a ``replicas`` answer. Raises ValueError."""
    return {ns: bitmaps for ns, (_regime, bitmaps) in parse_replicas_regime(text).items()}


def parse_replicas_regime(text: str) -> dict[str, tuple[int, list[bytes]]]:
    """{namespace: (regime, one 512-byte bitmap per replica)} of a ``replicas`` answer (regime 0
    when the answer has none). Raises ValueError."""
    out: dict[str, tuple[int, list[bytes]]] = {}
    for entry in text.strip().split(";"):
        if not entry:
            continue
        ns, sep, rest = entry.partition(":")
        if not sep:
            raise ValueError(f"malformed replicas entry: {entry!r}")
        parts = rest.split(",")
        # With a regime: regime, count, bitmaps; without: count, bitmaps.
        nums = 2 if len(parts) >= 2 and parts[1].isdigit() and len(parts) == int(parts[1]) + 2 else 1
        regime = int(parts[0]) if nums == 2 else 0
        count = int(parts[nums - 1])
        maps = parts[nums:]
        if len(maps) != count:
            raise ValueError(f"replicas of {ns!r}: {len(maps)} bitmaps for {count} replicas")
        try:
            bitmaps = [base64.b64decode(m, validate=True) for m in maps]
        except binascii.Error:
            raise ValueError(f"replicas of {ns!r}: a bitmap that is not base64") from None
        if any(len(b) != N_PARTITIONS // 8 for b in bitmaps):
            raise ValueError(f"replicas of {ns!r}: a bitmap that is not 4,096 bits")
        out[ns] = (regime, bitmaps)
    return out


def _owned(bitmap: bytes) -> Iterable[int]:
    for i, byte in enumerate(bitmap):
        if byte:
            for bit in range(8):
                if byte & (0x80 >> bit):
                    yield i * 8 + bit


class PartitionMap:
    """Immutable once built: the tender swaps in a new map when the nodes' answers change.

    Where two nodes claim one place (a node answering from before a migration), the claim with
    the higher regime wins, as in the C client; among equal regimes, the later node's."""

    __slots__ = ("tables",)

    def __init__(self, nodes: Iterable[Node] = ()) -> None:
        self.tables: dict[str, list[list[Node | None]]] = {}
        regimes: dict[str, list[int]] = {}
        for node in nodes:
            for ns, (regime, bitmaps) in node.replicas.items():
                table = self.tables.setdefault(ns, [])
                seen = regimes.setdefault(ns, [-1] * N_PARTITIONS)
                while len(table) < len(bitmaps):
                    table.append([None] * N_PARTITIONS)
                for index, bitmap in enumerate(bitmaps):
                    row = table[index]
                    if bitmap == _ALL and regime >= max(seen):
                        row[:] = [node] * N_PARTITIONS
                        seen[:] = [regime] * N_PARTITIONS
                        continue
                    for pid in _owned(bitmap):
                        if regime >= seen[pid]:
                            row[pid] = node
                            seen[pid] = regime

    def replicas(self, ns: str, pid: int) -> list[Node]:
        """The nodes holding partition ``pid`` of ``ns``, master first."""
        table = self.tables.get(ns)
        if table is None:
            return []
        return [n for row in table if (n := row[pid]) is not None]


_any_counter = itertools.count()


def start_index(replica: int, is_read: bool) -> int:
    """The replica a command tries first (the C client's rule): a read with POLICY_REPLICA_ANY
    goes round the replicas, RANDOM picks one; everything else starts at the master."""
    if replica == C.POLICY_REPLICA_RANDOM:
        return random.randrange(3)
    if is_read and replica == C.POLICY_REPLICA_ANY:
        return next(_any_counter)
    return 0


def pick(nodes: list[Node], replica: int, index: int) -> Node | None:
    """The node to try for this attempt: the master for POLICY_REPLICA_MASTER, else the
    ``index``-th replica (retries step through them), skipping nodes that are gone."""
    if not nodes:
        return None
    if replica == C.POLICY_REPLICA_MASTER:
        return nodes[0] if nodes[0].active else None
    n = len(nodes)
    for step in range(n):
        node = nodes[(index + step) % n]
        if node.active:
            return node
    return None
