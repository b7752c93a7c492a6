"""The info commands a client tends a cluster with, answered as a one-node cluster owning every
partition; anything else goes to the engine's info."""

from __future__ import annotations

import base64
from collections.abc import Callable

from ..engine.engine import Engine

N_PARTITIONS = 4096
_ALL_OWNED = base64.b64encode(b"\xff" * (N_PARTITIONS // 8)).decode()


class ClusterInfo:
    """Answers of a node alone in its cluster, listening on ``port``."""

    def __init__(self, engine: Engine, port: int) -> None:
        self.engine = engine
        self.port = port
        self.fixed: dict[str, Callable[[str], str]] = {
            "node": lambda _: engine.node_name,
            "partition-generation": lambda _: "0",
            "peers-generation": lambda _: "0",
            "peers-clear-std": lambda _: f"0,{self.port},[]",
            "peers-clear-alt": lambda _: f"0,{self.port},[]",
            "peers-tls-std": lambda _: f"0,{self.port},[]",
            "services": lambda _: "",
            "services-alumni": lambda _: "",
            "service-clear-std": lambda _: f"127.0.0.1:{self.port}",
            "features": lambda _: "batch-index;blob-bits;cdt-list;cdt-map;float;geo;pipelining;"
            "peers;pquery;pscans;query-show;relaxed-sc;replicas;sindex-exists;truncate-namespace;"
            "udf",
            "cluster-name": lambda _: "null",
            "partitions": lambda _: "4096",
            "replicas": self._replicas,
            "replicas-all": self._replicas,
            "replicas-master": self._masters,
            "user-agent-set": lambda _: "ok",
        }

    def _replicas(self, _: str) -> str:
        return ";".join(f"{ns}:0,1,{_ALL_OWNED}" for ns in self.engine.namespaces)

    def _masters(self, _: str) -> str:
        return ";".join(f"{ns}:{_ALL_OWNED}" for ns in self.engine.namespaces)

    def answer(self, lines: list[str]) -> str:
        """The answer text to these request lines (``name\\tvalue\\n`` each); no line at all
        is answered with the node's default set, as a server answers an empty request."""
        if not lines:
            return self.engine.info("")
        out = []
        for line in lines:
            handler = self.fixed.get(line.partition(":")[0])
            if handler is not None:
                out.append(f"{line}\t{handler(line)}\n")
            else:
                out.append(self.engine.info(line))
        return "".join(out)
