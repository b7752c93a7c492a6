"""The embedded engine: an in-process Aerospike node with server semantics.

Engines are looked up by name, so that clients configured alike in one process share one engine and
see the same data, as clients of one cluster do.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from .. import exception
from ..command import (
    BATCH_RESPOND_ALL_KEYS,
    CITRUSLEAF_EPOCH,
    INFO1_GET_ALL,
    BatchCommand,
    BatchResult,
    Command,
    Result,
    new,
)
from . import info as info_mod
from . import messages as m
from .records import execute
from .size import record_size
from .storage import LIMIT_MAX_RECORD_SIZE, MAX_TTL, Namespace

DEFAULT_NAMESPACES: dict[str, dict[str, Any]] = {"test": {}, "bar": {}}

ERR_NAMESPACE_NOT_FOUND = 20
ERR_PARAMETER = 4


class EngineConfigError(ValueError):
    """An embedded configuration the engine cannot run."""


def _setting(cfg: Mapping[str, Any], name: str, default: int) -> int:
    for k in (name, name.replace("-", "_")):
        if k in cfg:
            v = cfg[k]
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise EngineConfigError(f"namespace setting {name!r} must be a non-negative int")
            return v
    return default


class Engine:
    """One embedded server node: namespaces of records, and the commands that act on them."""

    _registry: dict[str, Engine] = {}
    _registry_lock = threading.Lock()

    def __init__(
        self,
        name: str = "default",
        namespaces: Mapping[str, Mapping[str, Any]] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = name
        self.clock = clock
        self.node_name = "BB9" + format(abs(hash(name)) & 0xFFFFFFFFFFFF, "012X") + "0"
        self.namespaces: dict[str, Namespace] = {}
        for ns_name, cfg in {**DEFAULT_NAMESPACES, **dict(namespaces or {})}.items():
            self.add_namespace(ns_name, cfg)

    @classmethod
    def shared(
        cls,
        name: str,
        namespaces: Mapping[str, Mapping[str, Any]] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> Engine:
        """The process-wide engine of this name, created on first use.

        Namespaces named in a later lookup are added if the engine lacks them.
        Raises EngineConfigError for a name that is not a str, namespaces that are not a dict,
        or a clock that is not a callable answering seconds.
        """
        if not isinstance(name, str):
            raise EngineConfigError(f"engine name must be a str, not {type(name).__name__}")
        if namespaces is not None and not isinstance(namespaces, Mapping):
            raise EngineConfigError("'namespaces' must be a dict of namespace name -> settings")
        if clock is not None:
            now = clock() if callable(clock) else None
            if isinstance(now, bool) or not isinstance(now, (int, float)) or not 0 <= now < 2**40:
                raise EngineConfigError("'clock' must be a callable answering the time in seconds")
        with cls._registry_lock:
            eng = cls._registry.get(name)
            if eng is None:
                eng = cls(name, namespaces, clock or time.time)
                cls._registry[name] = eng
            else:
                for ns_name, cfg in (namespaces or {}).items():
                    if ns_name not in eng.namespaces:
                        eng.add_namespace(ns_name, cfg)
            return eng

    @classmethod
    def drop(cls, name: str) -> None:
        """Forget the shared engine of this name (its data goes with it)."""
        with cls._registry_lock:
            cls._registry.pop(name, None)

    def add_namespace(self, name: str, cfg: Mapping[str, Any]) -> Namespace:
        """Configure a namespace (default-ttl, max-record-size, nsup-period)."""
        if not isinstance(name, str) or not name or len(name) > 31:
            raise EngineConfigError(f"invalid namespace name {exception.describe(name)}")
        if not isinstance(cfg, Mapping):
            raise EngineConfigError(f"settings of namespace {name!r} must be a dict")
        known = {"default-ttl", "max-record-size", "nsup-period", "allow-ttl-without-nsup"}
        for k in cfg:
            if not isinstance(k, str) or k.replace("_", "-") not in known:
                raise EngineConfigError(
                    f"unknown setting {exception.describe(k)} for namespace {name!r}"
                )
        size = _setting(cfg, "max-record-size", 1024 * 1024)
        if not 0 < size <= LIMIT_MAX_RECORD_SIZE:
            raise EngineConfigError(
                f"max-record-size of namespace {name!r} must be between 1 and {LIMIT_MAX_RECORD_SIZE}"
            )
        allow = cfg.get("allow-ttl-without-nsup", cfg.get("allow_ttl_without_nsup", False))
        if not isinstance(allow, bool):
            raise EngineConfigError("namespace setting 'allow-ttl-without-nsup' must be a bool")
        ns = Namespace(
            name,
            default_ttl=_setting(cfg, "default-ttl", 0),
            max_record_size=size,
            nsup_period=_setting(cfg, "nsup-period", 1),
            allow_ttl_without_nsup=allow,
        )
        if ns.default_ttl and not ns.nsup_period and not allow:
            raise EngineConfigError(
                f"namespace {name!r}: a default-ttl needs nsup-period > 0 "
                "(or allow-ttl-without-nsup true), as on the server"
            )
        if ns.default_ttl > MAX_TTL:
            raise EngineConfigError(f"namespace {name!r}: default-ttl exceeds max-ttl {MAX_TTL}")
        self.namespaces[name] = ns
        return ns

    # -- commands --------------------------------------------------------------------------

    def execute(self, cmd: Command, net: object = None) -> Result:
        """Run one single-record command.

        ``net`` (timeouts, retries) means nothing in-process and is not looked at.
        A whole-record read of a live record takes no lock: a stored record never changes (a write
        stores a new one), so the read sees one consistent version.
        """
        ns = self.namespaces.get(cmd[0])
        if ns is None:
            return Result(ERR_NAMESPACE_NOT_FOUND, msg=m.namespace_not_found(cmd.ns))
        if cmd[4] & INFO1_GET_ALL and not cmd[5] and cmd[10] is None:
            rec = ns.records.get(cmd[2])
            if rec is not None:
                vt = rec.void_time
                if not vt:
                    return new(Result, (0, rec.gen, 0, rec, None, rec.key, None))
                if vt >= int(self.clock()):
                    return new(Result, (0, rec.gen, vt - CITRUSLEAF_EPOCH, rec, None, rec.key, None))
        with ns.lock:
            return execute(ns, cmd, self.clock())

    def execute_batch(self, batch: BatchCommand, net: object = None) -> BatchResult:
        """Run each sub-command of a batch; every record gets its own result.

        Without BATCH_RESPOND_ALL_KEYS the batch stops at the first record that fails with an error
        other than not-found or filtered-out, and answers that error as its own.
        """
        run = self.execute
        results: list[Result] = []
        respond_all = batch.flags & BATCH_RESPOND_ALL_KEYS
        for cmd in batch.records:
            if cmd.filter_exp is None and batch.filter_exp is not None:
                cmd = cmd._replace(filter_exp=batch.filter_exp)
            res = run(cmd)
            results.append(res)
            if not respond_all and res.code and res.code not in (2, 27):
                return BatchResult(res.code, results, res.msg)
        return BatchResult(0, results)

    def info(self, request: str) -> str:
        """Answer info requests as a node does: one ``name\tvalue\n`` line per request line
        (an empty request answers a default set)."""
        return info_mod.respond(self, request, self.clock())

    # -- info helpers ----------------------------------------------------------------------

    def truncate(self, ns_name: str, set_name: str | None, lut_nanos: int | None, now: float) -> str:
        """Remove records last updated before the cut (now when lut is None); answers 'ok'."""
        ns = self.namespaces.get(ns_name)
        if ns is None:
            return "ok"  # as a server does: nothing to truncate
        now_ms = int(now * 1000)
        if lut_nanos is None:
            cut = now_ms
        else:
            cut = lut_nanos // 1_000_000
            if cut > now_ms:
                return f"ERROR:{ERR_PARAMETER}:would truncate in the future"
        with ns.lock:
            if set_name:
                ns.set_truncate_lut[set_name] = cut
                dead = [d for d, r in ns.records.items() if r.set_name == set_name and int(r.lut * 1000) < cut]
            else:
                ns.truncate_lut = cut
                dead = [d for d, r in ns.records.items() if int(r.lut * 1000) < cut]
            for d in dead:
                del ns.records[d]
        return "ok"

    def statistics(self, now: float) -> str:
        objects = sum(len(ns.records) for ns in self.namespaces.values())
        return ";".join(
            [
                "cluster_size=1",
                "cluster_integrity=true",
                f"objects={objects}",
                "uptime=0",
                f"namespaces={len(self.namespaces)}",
            ]
        )

    def namespace_info(self, name: str, now: float) -> str:
        """``namespace/<ns>``: the statistics, then the configuration, as ``key=value;...``."""
        ns = self.namespaces.get(name)
        if ns is None:
            return "type=unknown"
        with ns.lock:
            ns.expire(int(now))
            objects = len(ns.records)
            never = sum(1 for r in ns.records.values() if not r.void_time)
            used = sum((record_size(r, r.key, r.set_name, r.void_time != 0) + 15) & ~15
                       for r in ns.records.values())
        stats = {
            "ns_cluster_size": 1,
            "effective_replication_factor": 1,
            "objects": objects,
            "tombstones": 0,
            "xdr_tombstones": 0,
            "master_objects": objects,
            "prole_objects": 0,
            "non_replica_objects": 0,
            "stop_writes": "false",
            "current_time": int(now) - CITRUSLEAF_EPOCH,
            "non_expirable_objects": never,
            "evicted_objects": 0,
            "truncate_lut": ns.truncate_lut,
            "truncating": "false",
            "data_used_bytes": used,
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

    def sets_info(self, ns_name: str | None, set_name: str | None, now: float) -> str:
        """``sets``, ``sets/<ns>`` and ``sets/<ns>/<set>``: colon-separated properties, ';' after each."""
        if ns_name is not None and ns_name not in self.namespaces:
            return "ns_type=unknown"
        out = []
        for ns in self.namespaces.values():
            if ns_name is not None and ns.name != ns_name:
                continue
            with ns.lock:
                ns.expire(int(now))
                counts: dict[str, list[int]] = {}
                for r in ns.records.values():
                    if r.set_name:
                        c = counts.setdefault(r.set_name, [0, 0])
                        c[0] += 1
                        c[1] += (record_size(r, r.key, r.set_name, r.void_time != 0) + 15) & ~15
                names = list(ns.sets)
            for s in names:
                if set_name is not None and s != set_name:
                    continue
                objects, used = counts.get(s, [0, 0])
                props = (
                    f"objects={objects}:tombstones=0:data_used_bytes={used}:"
                    f"truncate_lut={ns.set_truncate_lut.get(s, 0)}:sindexes=0:"
                    "index_populating=false:truncating=false:default-read-touch-ttl-pct=0:"
                    "default-ttl=0:disable-eviction=false:enable-index=false:"
                    "stop-writes-count=0:stop-writes-size=0;"
                )
                out.append(props if set_name is not None else f"ns={ns.name}:set={s}:{props}")
        return "".join(out)
