"""The embedded engine: an in-process Aerospike node with server semantics.

Engines are looked up by name, so that clients configured alike in one process share one engine and
see the same data, as clients of one cluster do.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from ..command import (
    BATCH_RESPOND_ALL_KEYS,
    CITRUSLEAF_EPOCH,
    INFO1_GET_ALL,
    INFO1_GET_NOBINDATA,
    INFO2_DELETE,
    INFO2_WRITE,
    INFO3_SC_READ_RELAX,
    INFO3_SC_READ_TYPE,
    BatchCommand,
    BatchResult,
    Command,
    Result,
    ScanCommand,
    ScanResult,
    new,
)
from . import commands, query, scan
from . import info as info_mod
from . import messages as m
from .codes import (
    ERR_ENTERPRISE_ONLY,
    ERR_FILTERED_OUT,
    ERR_NAMESPACE_NOT_FOUND,
    ERR_NOT_FOUND,
    ERR_PARAMETER,
    OpError,
)
from .config import EngineConfigError, NamespaceConfig, check_name, parse
from .exp import filter_of
from .expiry import NsupThread
from .storage import PARTITION_MASK, Namespace

__all__ = ["DEFAULT_NAMESPACES", "Engine", "EngineConfigError"]

DEFAULT_NAMESPACES: dict[str, dict[str, Any]] = {"test": {}, "bar": {}}

_WRITE_OR_DELETE = INFO2_WRITE | INFO2_DELETE
_NOT_FOUND = Result(ERR_NOT_FOUND, msg=m.NOT_FOUND)
_LINEARIZE_REFUSED = Result(ERR_ENTERPRISE_ONLY, msg=m.LINEARIZE)
_NO_READ_TOUCH = 0xFFFFFFFF  # read_touch_ttl_percent -1: never touch (0: the namespace default)
_BAD_READ_TOUCH = Result(ERR_PARAMETER, msg=m.READ_TOUCH_PCT)
_SC_READ = INFO3_SC_READ_TYPE | INFO3_SC_READ_RELAX

_engines: weakref.WeakSet[Engine] = weakref.WeakSet()  # every engine alive (for fork)


def node_name_of(name: str) -> str:
    """A node name for an engine, the same in every process: 'BB9', 12 hex digits, '0'."""
    digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
    return "BB9" + digest.upper() + "0"


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
        self.node_name = node_name_of(name)
        # Replaced, never changed in place: a reader iterating it never sees it change size.
        self.namespaces: dict[str, Namespace] = {}
        self._nsup: NsupThread | None = None
        self._nsup_lock = threading.Lock()
        for ns_name, cfg in {**DEFAULT_NAMESPACES, **dict(namespaces or {})}.items():
            self.add_namespace(ns_name, cfg)
        _engines.add(self)

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
        a clock that is not a callable answering seconds, or a namespace the engine has with other
        settings.
        """
        if not isinstance(name, str):
            raise EngineConfigError(f"engine name must be a str, not {type(name).__name__}")
        if namespaces is not None and not isinstance(namespaces, Mapping):
            raise EngineConfigError("'namespaces' must be a dict of namespace name -> settings")
        if clock is not None:
            try:
                now = clock() if callable(clock) else None
            except Exception as err:  # a clock that fails is a bad setting, not our crash
                raise EngineConfigError(f"'clock' failed when called: {err!r}") from None
            if isinstance(now, bool) or not isinstance(now, (int, float)) or not 0 <= now < 2**40:
                raise EngineConfigError("'clock' must be a callable answering the time in seconds")
        with cls._registry_lock:
            eng = cls._registry.get(name)
            if eng is None:
                eng = cls(name, namespaces, clock or time.time)
                cls._registry[name] = eng
            else:
                if clock is not None and clock is not eng.clock:
                    raise EngineConfigError(
                        f"engine {name!r} already runs on another clock: clients of one engine "
                        "share its clock"
                    )
                configs = [
                    (check_name(ns_name), parse(ns_name, cfg))
                    for ns_name, cfg in (namespaces or {}).items()
                ]
                for ns_name, config in configs:
                    eng.check_namespace(ns_name, config)
                for ns_name, config in configs:
                    if ns_name not in eng.namespaces:
                        eng._add(ns_name, config)
            return eng

    @classmethod
    def drop(cls, name: str) -> None:
        """Forget the shared engine of this name (its data goes with it; its sweeps stop)."""
        with cls._registry_lock:
            eng = cls._registry.pop(name, None)
        if eng is not None:
            eng.stop()

    def stop(self) -> None:
        """Stop the background sweep (a later expiring write starts it again)."""
        with self._nsup_lock:
            if self._nsup is not None:
                self._nsup.stop()
                self._nsup = None

    def add_namespace(self, name: str, cfg: Mapping[str, Any]) -> Namespace:
        """Configure a namespace (default-ttl, max-record-size, nsup-period,
        allow-ttl-without-nsup). Raises EngineConfigError for a bad name or settings."""
        return self._add(check_name(name), parse(name, cfg))

    def check_namespace(self, name: str, config: NamespaceConfig) -> None:
        """Raise EngineConfigError if this engine has namespace ``name`` with other settings."""
        ns = self.namespaces.get(name)
        if ns is None:
            return
        diffs = ns.config.differences(config)
        if diffs:
            setting, have, want = diffs[0]
            raise EngineConfigError(
                f"namespace {name!r} of engine {self.name!r} has {setting} {have!r}, "
                f"not {want!r}: clients of one engine must configure a namespace alike"
            )

    def _add(self, name: str, config: NamespaceConfig) -> Namespace:
        ns = Namespace(name, config)
        if config.nsup_period:
            ns.next_nsup = commands.server_now(self.clock()) + config.nsup_period
        self.namespaces = {**self.namespaces, name: ns}
        return ns

    # -- commands --------------------------------------------------------------------------

    def execute(self, cmd: Command, net: object = None) -> Result:
        """Run one single-record command.

        ``net`` (timeouts, retries) means nothing in-process and is not looked at.
        A read takes no lock: a stored record never changes (a write stores a new one), so the
        read sees one consistent version.
        """
        ns = self.namespaces.get(cmd[0])
        if ns is None:
            return Result(ERR_NAMESPACE_NOT_FOUND, msg=m.namespace_not_found(cmd.ns))
        if cmd[6] & _SC_READ == INFO3_SC_READ_TYPE:
            return _LINEARIZE_REFUSED  # linearized reads need strong consistency: Enterprise only
        if (cmd[8] or ns.read_touch_pct) and not cmd[5] & _WRITE_OR_DELETE and (
            cmd[8] != _NO_READ_TOUCH
        ):
            return self._read_touching(ns, cmd)  # a read's ttl field is its read-touch percent
        if cmd[10] is not None:
            return self._filtered(ns, cmd)
        if not cmd[5] & _WRITE_OR_DELETE:
            d = cmd[2]
            rec = ns.stores[(d[0] | d[1] << 8) & PARTITION_MASK].get(d)  # ns.get(d), in line
            if rec is None:
                return _NOT_FOUND
            vt = rec.void_time
            if vt and vt < int(self.clock()) - CITRUSLEAF_EPOCH:
                return _NOT_FOUND  # expired: gone, though nsup has not removed it yet
            info1 = cmd[4]
            if info1 & INFO1_GET_ALL:
                return new(Result, (0, rec.gen, vt, rec, None, rec.key, None))
            if info1 & INFO1_GET_NOBINDATA:
                return new(Result, (0, rec.gen, vt, None, None, rec.key, None))
            return commands.read(cmd, rec, self.clock)
        if cmd[5] & INFO2_DELETE:
            return commands.delete(ns, cmd, self.clock)
        res = commands.write(ns, cmd, self.clock)
        if res[2] and self._nsup is None:
            self.start_nsup()
        return res

    def _read_touching(self, ns: Namespace, cmd: Command) -> Result:
        """A read carrying a read-touch percent (``read_touch_ttl_percent``), as the server's
        read-touch: the read answers as any read does; then, if the record expires and has lived
        past ``percent`` of the ttl it was last written with (0: the namespace's
        default-read-touch-ttl-pct), its ttl starts over (void time now + that ttl, last update now,
        generation unchanged). A percent over 100 is InvalidRequest (4) — only for a record that
        expires, as there."""
        pct = cmd[8] or ns.read_touch_pct
        res = self.execute(cmd._replace(ttl=_NO_READ_TOUCH))  # the read itself, as any read
        if res[0]:
            return res
        d = cmd[2]
        part = ns.partition(d)
        with part.lock:
            rec = part.get(d)
            if rec is None or not rec.void_time:
                return res
            if pct > 100:
                return _BAD_READ_TOUCH
            now = self.clock()
            sec = int(now) - CITRUSLEAF_EPOCH
            vt = rec.void_time
            write_ttl = vt - (int(rec.lut) - CITRUSLEAF_EPOCH)
            if sec < vt - write_ttl * pct // 100 or sec + write_ttl <= vt:
                return res  # not yet due, or a write has just moved the void time on
            touched = type(rec)(rec)
            touched.size = rec.size
            touched.gen = rec.gen
            touched.ident = rec.ident
            touched.void_time = sec + write_ttl
            touched.lut = now
            part.put(d, rec, touched)
        return res

    def _filtered(self, ns: Namespace, cmd: Command) -> Result:
        """A command with a filter expression: a live record that does not pass it is answered
        FilteredOut (27) and left as it is. As on the server, the filter is built only when there
        is a record to filter: a missing one is still not found, and a write that creates the
        record ignores the filter (even a malformed one)."""
        data = cmd[10]
        if cmd[5] & INFO2_DELETE:
            return commands.delete(ns, cmd, self.clock, data)
        if cmd[5] & INFO2_WRITE:
            res = commands.write(ns, cmd, self.clock, data)
            if res[2] and self._nsup is None:
                self.start_nsup()
            return res
        digest = cmd[2]
        rec = ns.get(digest)
        now = self.clock()
        if rec is None or (rec.void_time and rec.void_time < int(now) - CITRUSLEAF_EPOCH):
            return _NOT_FOUND
        refused = commands.filtered_out(data, rec, digest, now)
        if refused is not None:
            return refused
        return commands.read(cmd, rec, self.clock)

    def execute_scan(self, cmd: ScanCommand, net: object = None) -> ScanResult:
        """Run a scan (no predicate) or a query: the records stream lazily in the server's
        order. Errors found before any record is read (unknown namespace, no matching index,
        a malformed filter or region) are the result's code, with no records."""
        ns = self.namespaces.get(cmd.ns)
        if ns is None:
            return ScanResult(ERR_NAMESPACE_NOT_FOUND, iter(()), m.namespace_not_found(cmd.ns))
        try:
            flt = None if cmd.filter_exp is None else filter_of(cmd.filter_exp)
            if cmd.predicate is None:
                return ScanResult(0, scan.stream(ns, cmd, flt, self.clock))
            return ScanResult(0, query.stream(ns, cmd, flt, self.clock))
        except OpError as err:
            return ScanResult(err.code, iter(()), err.msg)

    def execute_batch(self, batch: BatchCommand, net: object = None) -> BatchResult:
        """Run each sub-command of a batch; every record gets its own result.

        Every sub-command runs, as on the server. Without BATCH_RESPOND_ALL_KEYS the batch's own
        code is the first error a record met other than not-found or filtered-out (the server then
        stops sending the rest of its answer, but every sub-transaction has run); with it, 0.
        """
        run = self.execute
        results: list[Result] = []
        append = results.append
        respond_all = batch.flags & BATCH_RESPOND_ALL_KEYS
        shared_exp = batch.filter_exp
        if shared_exp is not None:
            # The batch's own filter is built once, before any record: a malformed one fails the
            # whole batch (no record is answered), as on the server.
            try:
                filter_of(shared_exp)
            except OpError as err:
                return BatchResult(err.code, [], err.msg)
        namespaces = self.namespaces
        expired_before = int(self.clock()) - CITRUSLEAF_EPOCH  # one clock reading per batch
        first_error: Result | None = None
        for cmd in batch.records:
            if shared_exp is not None and cmd[10] is None:
                cmd = cmd._replace(filter_exp=shared_exp)
            ns = namespaces.get(cmd[0])
            if (
                ns is not None and cmd[4] & INFO1_GET_ALL and not cmd[5] and cmd[10] is None
                and not cmd[6] & _SC_READ and not cmd[8] and not ns.read_touch_pct
            ):
                # A whole-record read, in line (what execute() does for it, without the call).
                d = cmd[2]
                rec = ns.stores[(d[0] | d[1] << 8) & PARTITION_MASK].get(d)
                if rec is None or (rec.void_time and rec.void_time < expired_before):
                    append(_NOT_FOUND)
                else:
                    ident = rec.ident  # rec.key, in line: a property call costs a batch dearly
                    user_key = ident[1] if type(ident) is tuple else None
                    append(new(Result, (0, rec.gen, rec.void_time, rec, None, user_key, None)))
                continue
            res = run(cmd)
            append(res)
            code = res[0]
            if (
                code and not respond_all and first_error is None
                and code != ERR_NOT_FOUND and code != ERR_FILTERED_OUT
                # An unknown namespace is found by a cluster client before sending (no node has
                # it): a record error, not the batch's.
                and code != ERR_NAMESPACE_NOT_FOUND
            ):
                first_error = res
        if first_error is not None:
            return BatchResult(first_error[0], results, first_error.msg)
        return BatchResult(0, results)

    def info(self, request: str) -> str:
        """Answer info requests as a node does: one ``name\tvalue\n`` line per request line
        (an empty request answers a default set)."""
        return info_mod.respond(self, request, self.clock())

    # -- expiry ----------------------------------------------------------------------------

    def nsup(self, force: bool = False) -> int:
        """Remove expired records from every namespace whose sweep is due (every nsup-period
        seconds of this engine's clock; ``force``: due now). Answers how many records went.

        The background thread calls this; tests driving a fake clock call it directly.
        """
        sec = commands.server_now(self.clock())
        gone = 0
        for ns in self.namespaces.values():
            if ns.nsup_period and (force or sec >= ns.next_nsup):
                ns.next_nsup = sec + ns.nsup_period
                gone += ns.expire(sec)
        return gone

    def start_nsup(self) -> None:
        """Start the background sweep if it is not running."""
        with self._nsup_lock:
            if self._nsup is None or not self._nsup.is_alive():
                self._nsup = NsupThread(self, self.name)

    @property
    def nsup_running(self) -> bool:
        """Whether the background sweep runs."""
        return self._nsup is not None and self._nsup.is_alive()

    def _after_fork(self) -> None:
        """In a forked child: fresh locks (a thread of the parent may have held one), and no sweep
        thread (threads do not survive a fork; the next expiring write starts one)."""
        self._nsup_lock = threading.Lock()
        self._nsup = None
        for ns in self.namespaces.values():
            ns.reinit_locks()

    # -- info helpers ----------------------------------------------------------------------

    def truncate(self, ns_name: str, set_name: str | None, lut_nanos: int | None, now: float) -> str:
        """Remove records last updated before the cut (now when lut is None); answers 'ok'."""
        return info_mod.truncate(self, ns_name, set_name, lut_nanos, now)


def _reinit_after_fork() -> None:
    Engine._registry_lock = threading.Lock()
    for eng in list(_engines):
        eng._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reinit_after_fork)
