"""Info commands, answered the way a server node answers them (text in, text out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..command import CITRUSLEAF_EPOCH
from . import sindex_info
from .counters import namespace_totals, set_totals

if TYPE_CHECKING:
    from .engine import Engine

ERR_PARAMETER = 4

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
        return statistics(engine)
    if name.startswith("namespace/"):
        return namespace_info(engine, name[len("namespace/") :], now)
    if name == "sets" or name.startswith("sets/"):
        parts = name.split("/")
        return sets_info(
            engine, parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None
        )
    if name in ("truncate", "truncate-namespace"):
        p = _params(arg)
        ns = p.get("namespace", "")
        if not ns:
            return "ERROR:20:missing 'namespace' value"  # as a server: NamespaceNotFound
        set_name = p.get("set") if name == "truncate" else None
        if name == "truncate" and not set_name:
            return "ERROR:4:missing 'set' value"
        lut = p.get("lut")
        if lut and not (lut.isascii() and lut.isdigit() and len(lut) <= 20):
            return "ERROR:4:invalid 'lut' value (nanoseconds, a decimal number)"
        return truncate(engine, ns, set_name, int(lut) if lut else None, now)
    if name in _SINDEX_COMMANDS:
        return _SINDEX_COMMANDS[name](engine, arg)
    if name == "sindex" or name.startswith("sindex/"):
        return sindex_info.old_sindex(engine, name)
    if name == "features":
        return "batch-any;batch-index;blob-bits;cdt-list;cdt-map;cluster-stable;float;geo;" \
               "sindex-exists;peers;pipelining;pscans;query-show;relaxed-sc;replicas;" \
               "replicas-all;replicas-master;truncate-namespace;udf"
    if name == "partitions":
        return "4096"
    if name in _UDF_COMMANDS:
        return "ERROR:4:UDFs are not supported by aeromodel"
    return "ERROR:4:unrecognized command"


_UDF_COMMANDS = frozenset(("udf-put", "udf-get", "udf-remove", "udf-list", "udf-clear-cache"))


_SINDEX_COMMANDS = {
    "sindex-create": sindex_info.create,
    "sindex-delete": sindex_info.delete,
    "sindex-exists": sindex_info.exists,
    "sindex-list": sindex_info.list_indexes,
    "sindex-stat": sindex_info.stat,
}

# What a node answers to an empty request.
DEFAULT_REQUESTS = ("build", "edition", "features", "node", "partitions", "version")


def respond(engine: Engine, request: str, now: float) -> str:
    """The protocol text for a request: ``name\tvalue\n`` for each of its lines.

    Statistics count records until nsup removes them; a sweep that is due by the engine's clock
    runs first, so counts never lag behind a clock that moved (a test's fake one, say)."""
    names = [line for line in request.split("\n") if line] or list(DEFAULT_REQUESTS)
    if any(n == "statistics" or n.startswith(("namespace/", "sets")) for n in names):
        engine.nsup()
    return "".join(f"{name}\t{answer(engine, name, now)}\n" for name in names)


def truncate(
    engine: Engine, ns_name: str, set_name: str | None, lut_nanos: int | None, now: float
) -> str:
    """Remove records last updated before the cut (now when lut is None); answers 'ok'."""
    ns = engine.namespaces.get(ns_name)
    if ns is None:
        return "ok"  # as a server does: nothing to truncate
    now_ms = int(now * 1000)
    if lut_nanos is None:
        cut = now_ms
    else:
        cut = lut_nanos // 1_000_000
        if cut > now_ms:
            return f"ERROR:{ERR_PARAMETER}:would truncate in the future"
        if server_ms(cut) <= 0:  # at or before 2010-01-01: the server's "last update 0"
            return f"ERROR:{ERR_PARAMETER}:would truncate to 0"
    ns.truncate(set_name, cut)
    return "ok"


def server_ms(unix_ms: int) -> int:
    """A time in unix milliseconds on the server's clock (milliseconds since 2010; 0 stays 0)."""
    return unix_ms - CITRUSLEAF_EPOCH * 1000 if unix_ms else 0


def statistics(engine: Engine) -> str:
    """``statistics``: the node's figures."""
    namespaces = list(engine.namespaces.values())
    objects = sum(namespace_totals(ns).objects for ns in namespaces)
    return ";".join(
        [
            "cluster_size=1",
            "cluster_integrity=true",
            f"objects={objects}",
            "uptime=0",
        ]
    )


def namespace_info(engine: Engine, name: str, now: float) -> str:
    """``namespace/<ns>``: the statistics, then the configuration, as ``key=value;...``."""
    ns = engine.namespaces.get(name)
    if ns is None:
        return "type=unknown"
    totals = namespace_totals(ns)
    stats = {
        "ns_cluster_size": 1,
        "effective_replication_factor": 1,
        "objects": totals.objects,
        "tombstones": 0,
        "xdr_tombstones": 0,
        "master_objects": totals.objects,
        "prole_objects": 0,
        "non_replica_objects": 0,
        "stop_writes": "false",
        "current_time": int(now) - CITRUSLEAF_EPOCH,
        "non_expirable_objects": totals.non_expirable,
        "evicted_objects": 0,
        "truncate_lut": server_ms(ns.truncate_lut),
        "truncating": "false",
        "data_used_bytes": totals.data_used_bytes,
    }
    config = {
        "allow-ttl-without-nsup": str(ns.allow_ttl_without_nsup).lower(),
        "apply-ttl-reductions": "true",
        "default-ttl": ns.default_ttl,
        "max-record-size": ns.max_record_size,
        "nsup-period": ns.nsup_period,
        "replication-factor": 1,
        "strong-consistency": "false",
        "storage-engine": "memory",
    }
    return ";".join(f"{k}={v}" for k, v in {**stats, **config}.items())


def sets_info(engine: Engine, ns_name: str | None, set_name: str | None) -> str:
    """``sets``, ``sets/<ns>`` and ``sets/<ns>/<set>``: colon-separated properties, ';' after each."""
    if ns_name is not None and ns_name not in engine.namespaces:
        return "ns_type=unknown"
    out = []
    for ns in list(engine.namespaces.values()):
        if ns_name is not None and ns.name != ns_name:
            continue
        for s, (objects, used) in set_totals(ns).items():
            if set_name is not None and s != set_name:
                continue
            props = (
                f"objects={objects}:tombstones=0:data_used_bytes={used}:"
                f"truncate_lut={server_ms(ns.set_truncate_lut.get(s, 0))}:"
                f"sindexes={ns.sindexes.for_set(s)}:"
                "index_populating=false:truncating=false:default-read-touch-ttl-pct=0:"
                "default-ttl=0:disable-eviction=false:enable-index=false:"
                "stop-writes-count=0:stop-writes-size=0;"
            )
            out.append(props if set_name is not None else f"ns={ns.name}:set={s}:{props}")
    return "".join(out)
