"""Applying migrations: under the lock, read which are applied (records in ``am_migrations``),
check the applied ones did not change, run the pending ones' ``up`` in order, recording each as it
succeeds; ``to`` stops at (or rolls back to) a given id."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .. import client as aerospike
from ..errors import MigrationError
from . import data
from .files import Migration, load_dir
from .lock import Lock

APPLIED_SET = "am_migrations"
ProgressFactory = Callable[[int | None, str], Any]  # (total, label) -> a context manager with set()


@dataclass(frozen=True)
class Applied:
    id: str
    checksum: str
    applied_at: float


class MigrationContext:
    """What ``up(ctx)`` / ``down(ctx)`` get: the ``client`` and ``namespace``, ``log(...)``, and
    data helpers that page, checkpoint and resume (``backfill``, ``rename_bin``)."""

    def __init__(self, runner: Runner, migration: Migration) -> None:
        self.runner = runner
        self.migration = migration
        self.client = runner.client
        self.namespace = runner.namespace
        self.reports: list[data.Report] = []

    def log(self, message: str) -> None:
        self.runner.say(f"    {message}")

    def backfill(self, set_name: str, change: data.Change, *, name: str | None = None,
                 namespace: str | None = None, page_size: int = 1000,
                 bins: list[str] | None = None) -> data.Report:
        """Run ``change`` over every record of ``set_name`` (see ``data.run_change``), in pages,
        checkpointed; a rerun after an interruption resumes. ``name`` tells apart several
        changes of one migration (default: ``backfill:<set>``)."""
        ns = namespace or self.namespace
        label = name or f"backfill:{set_name}"
        total = data.set_size(self.client, ns, set_name)
        self.reports.append(data.Report(label))  # what a failure message reports, page by page
        slot = len(self.reports) - 1
        with self.runner.progress(total, f"{self.migration.id} {label}") as bar:

            def on_page(report: data.Report) -> None:
                self.reports[slot] = dataclasses.replace(report)  # as checkpointed
                bar.set(report.read)
                self.runner.lock_renew()

            report = data.run_change(
                self.client, ns, set_name, change, migration=self.migration.id, name=label,
                checkpoints=self.runner.checkpoints, page_size=page_size, bins=bins,
                on_page=on_page,
            )
        self.reports[slot] = report
        resumed = " (resumed from its checkpoint)" if report.resumed else ""
        self.log(f"{label}: {report.read} read, {report.changed} changed in {report.pages} page(s){resumed}")
        return report

    def rename_bin(self, set_name: str, old: str, new: str, *, namespace: str | None = None,
                   page_size: int = 1000) -> data.Report:
        """Move bin ``old`` to ``new`` in every record of the set (paged, checkpointed)."""
        return self.backfill(set_name, data.rename_change(old, new), name=f"rename:{set_name}.{old}",
                             namespace=namespace, page_size=page_size)


@dataclass
class Status:
    """Each migration's state: ``applied``, ``pending``, ``changed`` (applied, file edited
    since); ``unknown`` lists applied ids with no file."""

    migrations: list[Migration]
    applied: dict[str, Applied]
    unknown: list[str] = field(default_factory=list)

    def state(self, m: Migration) -> str:
        rec = self.applied.get(m.id)
        if rec is None:
            return "pending"
        return "applied" if rec.checksum == m.checksum else "changed"

    def render(self) -> str:
        lines = []
        for m in self.migrations:
            deps = f"  (after {', '.join(m.depends)})" if m.depends else ""
            doc = f"  {m.doc}" if m.doc else ""
            lines.append(f"  [{self.state(m):>7}] {m.id}{doc}{deps}")
        for ident in self.unknown:
            lines.append(f"  [applied] {ident}  (no file for it)")
        return "\n".join(lines) if lines else "  no migrations"


class Runner:
    """Runs a directory's migrations against a client. Thread-safe across runners (the lock)."""

    def __init__(self, directory: str | Path, client: Any, namespace: str, *,
                 out: TextIO | None = None, progress: ProgressFactory | None = None,
                 lock_ttl: int = 300, lock_wait: float = 60.0,
                 clock: Callable[[], float] = time.time,
                 migrations: Iterable[Migration] | None = None) -> None:
        self.directory = Path(directory)
        self.client = client
        self.namespace = namespace
        self.out = out
        self._progress = progress
        self.lock = Lock(client, namespace, ttl=lock_ttl, clock=clock)
        self.lock_wait = lock_wait
        self.clock = clock
        self.checkpoints = data.Checkpoints(client, namespace)
        self._migrations = list(migrations) if migrations is not None else None

    def say(self, text: str) -> None:
        if self.out is not None:
            print(text, file=self.out)

    def progress(self, total: int | None, label: str) -> Any:
        if self._progress is not None:
            return self._progress(total, label)
        return _Quiet()

    def lock_renew(self) -> None:
        if self.lock.gen is not None:
            self.lock.renew()

    def migrations(self) -> list[Migration]:
        if self._migrations is None:
            self._migrations = load_dir(self.directory)
        return self._migrations

    def applied(self) -> dict[str, Applied]:
        out = {}
        for _, _, bins in self.client.scan(self.namespace, APPLIED_SET).results():
            out[bins["id"]] = Applied(bins["id"], bins["checksum"], bins.get("applied_at", 0) / 1000)
        return out

    def status(self) -> Status:
        migrations = self.migrations()
        applied = self.applied()
        known = {m.id for m in migrations}
        return Status(migrations, applied, sorted(set(applied) - known))

    def _check(self, st: Status) -> None:
        changed = [m for m in st.migrations if st.state(m) == "changed"]
        if changed:
            raise MigrationError(
                "applied migration(s) changed since they were applied (checksum differs): "
                + ", ".join(f"{m.id} ({m.path})" for m in changed)
                + ". Put the file back as it was and write a new migration for the change."
            )

    def plan(self, to: str | None = None) -> tuple[list[Migration], list[Migration]]:
        """(to apply, to roll back) — changes nothing. Raises MigrationError for an unknown
        ``to``, a changed applied migration, or a rollback without ``down``."""
        st = self.status()
        self._check(st)
        return self._plan(st, to)

    def _plan(self, st: Status, to: str | None) -> tuple[list[Migration], list[Migration]]:
        order = st.migrations
        ids = [m.id for m in order]
        if to is not None and to not in ids:
            raise MigrationError(f"--to {to!r}: no such migration ({', '.join(ids) or 'none'})")
        if to is None:
            return [m for m in order if m.id not in st.applied], []
        cut = ids.index(to) + 1
        up = [m for m in order[:cut] if m.id not in st.applied]
        back = [m for m in reversed(order[cut:]) if m.id in st.applied]
        no_down = [m.id for m in back if m.down is None]
        if no_down:
            raise MigrationError(f"cannot roll back to {to}: {', '.join(no_down)} define(s) no down()")
        return up, back

    def run(self, to: str | None = None) -> list[str]:
        """Apply what is pending (up to ``to``; or roll back to it). Answers what was done,
        ``["+id", "-id", ...]``. Raises MigrationError (see ``plan``; also a failure half-way,
        saying what was done and how to resume; or the lock held by another run)."""
        self.migrations()  # a file that does not load fails before the lock is taken
        self.lock.acquire(wait=self.lock_wait)
        done: list[str] = []
        try:
            st = self.status()  # under the lock: another run may have just applied some
            self._check(st)
            up, back = self._plan(st, to)
            if not up and not back:
                self.say("nothing to apply: all migrations applied")
            for m in back:
                self._step(m, m.down, "down", done, up, back)  # type: ignore[arg-type]
                self.client.remove((self.namespace, APPLIED_SET, m.id))
                done.append(f"-{m.id}")
            for m in up:
                self._step(m, m.up, "up", done, up, back)
                self.client.put((self.namespace, APPLIED_SET, m.id),
                                {"id": m.id, "checksum": m.checksum,
                                 "applied_at": int(self.clock() * 1000), "by": self.lock.owner},
                                policy={"key": aerospike.POLICY_KEY_SEND})
                self.checkpoints.clear(m.id)
                done.append(f"+{m.id}")
                self.lock_renew()
        finally:
            self.lock.release()
        return done

    def _step(self, m: Migration, fn: Callable[[Any], Any], kind: str, done: list[str],
              up: list[Migration], back: list[Migration]) -> None:
        self.say(f"{'applying' if kind == 'up' else 'rolling back'} {m.id}" + (f": {m.doc}" if m.doc else ""))
        ctx = MigrationContext(self, m)
        started = time.perf_counter()
        try:
            fn(ctx)
        except MigrationError:
            raise
        except Exception as err:
            raise MigrationError(_failure(m, kind, err, done, up, back, ctx)) from err
        self.say(f"  {m.id} {kind} done ({time.perf_counter() - started:.2f} s)")


def _failure(m: Migration, kind: str, err: Exception, done: list[str], up: list[Migration],
             back: list[Migration], ctx: MigrationContext) -> str:
    steps = [f"-{x.id}" for x in back] + [f"+{x.id}" for x in up]
    left = [s for s in steps if s not in done]
    what = f"{type(err).__name__}: {getattr(err, 'msg', None) or err}"
    lines = [f"migration {m.id} failed in {kind}(): {what}",
             f"  done in this run: {', '.join(done) or 'nothing'}",
             f"  not done: {', '.join(left)} ({m.id} is not recorded as applied)"]
    for r in ctx.reports:
        state = "finished" if r.finished else f"stopped after {r.read} records ({r.pages} page(s) checkpointed)"
        lines.append(f"  {m.id} {r.name}: {state}")
    lines.append("  fix the cause and run `aeromodel migrate` again: it resumes "
                 + ("from the checkpoints (finished partitions are not redone)"
                    if ctx.reports else f"with {m.id}"))
    return "\n".join(lines)


class _Quiet:
    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def set(self, value: float) -> None:
        return None


def migrate(directory: str | Path, client: Any, namespace: str = "test", *, to: str | None = None,
            out: TextIO | None = None, progress: ProgressFactory | None = None,
            lock_ttl: int = 300, lock_wait: float = 60.0,
            clock: Callable[[], float] = time.time) -> list[str]:
    """Apply the pending migrations of ``directory`` (see ``Runner.run``)."""
    runner = Runner(directory, client, namespace, out=out, progress=progress, lock_ttl=lock_ttl,
                    lock_wait=lock_wait, clock=clock)
    return runner.run(to)


__all__ = ["APPLIED_SET", "MigrationContext", "Runner", "Status", "migrate"]
