"""Info commands, answered the way a server node answers them (text in, text out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Engine

SERVER_VERSION = "8.1.2.0"
EDITION = "Aerospike Community Edition"


def _params(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in text.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def answer(engine: Engine, request: str, now: float) -> str:
    """The answer to one info request (without the echoed name); an unknown request is an error."""
    name, _, arg = request.partition(":")
    if name == "namespaces":
        return ";".join(engine.namespaces)
    if name == "build":
        return SERVER_VERSION
    if name == "version":
        return f"{EDITION} build {SERVER_VERSION}"
    if name == "edition":
        return EDITION
    if name == "node":
        return engine.node_name
    if name == "service" or name == "services" or name == "service-clear-std":
        return "127.0.0.1:3000" if name != "services" else ""
    if name == "cluster-name":
        return "null"
    if name == "statistics":
        return engine.statistics(now)
    if name.startswith("namespace/"):
        return engine.namespace_info(name[len("namespace/") :], now)
    if name == "sets" or name.startswith("sets/"):
        parts = name.split("/")
        return engine.sets_info(
            parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None, now
        )
    if name in ("truncate", "truncate-namespace"):
        p = _params(arg)
        ns = p.get("namespace", "")
        set_name = p.get("set") if name == "truncate" else None
        if name == "truncate" and not set_name:
            return "ERROR:4:missing 'set' value"
        lut = p.get("lut")
        if lut and not (lut.isascii() and lut.isdigit() and len(lut) <= 20):
            return "ERROR:4:invalid 'lut' value (nanoseconds, a decimal number)"
        return engine.truncate(ns, set_name, int(lut) if lut else None, now)
    if name == "features":
        return "batch-any;batch-index;blob-bits;cdt-list;cdt-map;cluster-stable;float;geo;" \
               "sindex-exists;peers;pipelining;pscans;query-show;relaxed-sc;replicas;" \
               "replicas-all;replicas-master;truncate-namespace;udf"
    if name == "partitions":
        return "4096"
    return "ERROR:4:unrecognized command"


# What a node answers to an empty request.
DEFAULT_REQUESTS = ("build", "edition", "features", "node", "partitions", "version")


def respond(engine: Engine, request: str, now: float) -> str:
    """The protocol text for a request: ``name\tvalue\n`` for each of its lines."""
    names = [line for line in request.split("\n") if line] or list(DEFAULT_REQUESTS)
    return "".join(f"{name}\t{answer(engine, name, now)}\n" for name in names)
