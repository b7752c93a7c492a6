"""Index sync: compare the indexes the models declare with what the cluster reports
(``sindex-list``), plan the difference, apply it, and wait for new indexes to be built.

Planning is a pure function of (declarations, live indexes); only ``read_live``, ``apply`` and
``wait_ready`` talk to the cluster, through the client's documented API."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .connection import dialect_of, get_client
from .discovery import find_models
from .errors import IndexSyncError
from .indexes import IndexSpec
from .paths import EACH
from .query import catalog
from .query.catalog import ClusterIndex

# What a plan does with each index. `building` and `match` need nothing; `create` and `rename` are
# one create call (the server renames an index created again under a new name); `drop` only with
# prune; `conflict` and `undeclared` are reported and left alone.
CREATE, RENAME, MATCH, BUILDING, CONFLICT, UNDECLARED, DROP = (
    "create", "rename", "match", "building", "conflict", "undeclared", "drop",
)
Progress = Callable[[str, float], None]  # (index name, percent built)


@dataclass(frozen=True)
class IndexAction:
    """One line of a plan: ``kind`` (see the module constants), the index, what is declared and
    what the cluster has."""

    kind: str
    namespace: str
    name: str
    declared: IndexSpec | None = None
    live: ClusterIndex | None = None
    detail: str = ""

    def __str__(self) -> str:
        what = describe(self.declared) if self.declared else describe_live(self.live)
        tail = f"  ({self.detail})" if self.detail else ""
        return f"{self.kind:<10} {self.namespace}.{self.name}: {what}{tail}"


@dataclass(frozen=True)
class SyncPlan:
    """What index sync does (or, for a check, what differs)."""

    actions: tuple[IndexAction, ...]
    prune: bool = False
    applied: tuple[IndexAction, ...] = field(default=(), compare=False)

    def of(self, *kinds: str) -> list[IndexAction]:
        return [a for a in self.actions if a.kind in kinds]

    @property
    def changes(self) -> list[IndexAction]:
        """The actions that change the cluster."""
        return self.of(CREATE, RENAME, DROP)

    @property
    def conflicts(self) -> list[IndexAction]:
        return self.of(CONFLICT)

    @property
    def in_sync(self) -> bool:
        """Every declared index present and built, under its name (and, with prune, nothing
        undeclared): what ``--check`` gates on."""
        return not self.of(CREATE, RENAME, CONFLICT, BUILDING, DROP)

    def render(self) -> str:
        if not self.actions:
            return "no indexes declared, none on the models' sets"
        return "\n".join(str(a) for a in self.actions)


def describe(spec: IndexSpec | None) -> str:
    if spec is None:
        return "?"
    ctx = "".join("[*]" if kind == EACH else f"[{kind}={v!r}]" for kind, v in spec.ctx)
    where = f"{spec.namespace}.{spec.set or '(no set)'}"
    if spec.expression_based:
        return (f"{where} expression (values of bin {spec.bin}{ctx}) {spec.collection} "
                f"{spec.datatype} (field {spec.field})")
    return f"{where} bin {spec.bin}{ctx} {spec.collection} {spec.datatype} (field {spec.field})"


def describe_live(ix: ClusterIndex | None) -> str:
    if ix is None:
        return "?"
    if ix.expression is not None:
        return f"{ix.namespace}.{ix.set or '(no set)'} expression {ix.datatype}"
    ctx = f" context {ix.context}" if ix.context else ""
    return f"{ix.namespace}.{ix.set or '(no set)'} bin {ix.bin}{ctx} {ix.collection} {ix.datatype}"


def _definition(spec: IndexSpec, ctx_b64: str | None, exp_b64: str | None = None) -> tuple[Any, ...]:
    if spec.expression_based:
        return (spec.set, None, spec.datatype, spec.collection, None, exp_b64)
    return (spec.set, spec.bin, spec.datatype, spec.collection, ctx_b64, None)


def _live_definition(ix: ClusterIndex) -> tuple[Any, ...]:
    return (ix.set, ix.bin, ix.datatype, ix.collection, ix.context, ix.expression)


def plan(
    declared: Iterable[IndexSpec],
    live: Iterable[ClusterIndex],
    ctx_b64: Callable[[IndexSpec], str | None],
    *,
    prune: bool = False,
    building: Iterable[str] = (),
    exp_b64: Callable[[IndexSpec], str | None] | None = None,
) -> SyncPlan:
    """The plan turning ``live`` into ``declared``. Pure. ``ctx_b64(spec)`` is the base64 of a
    declaration's context and ``exp_b64(spec)`` of an expression index's compiled expression
    (what ``sindex-list`` shows); ``building`` names live indexes still being built. Undeclared
    indexes count only on the sets (and namespaces) the declarations use."""
    specs = list(declared)
    live_list = list(live)
    slow = set(building)
    by_name = {(ix.namespace, ix.name): ix for ix in live_list}
    by_def = {(ix.namespace, _live_definition(ix)): ix for ix in live_list}
    actions: list[IndexAction] = []
    claimed: set[tuple[str, str]] = set()
    for spec in specs:
        if spec.expression_based:
            want = _definition(spec, None, None if exp_b64 is None else exp_b64(spec))
        else:
            want = _definition(spec, ctx_b64(spec) if spec.ctx else None)
        have = by_name.get((spec.namespace, spec.name))
        if have is not None:
            claimed.add((spec.namespace, spec.name))
            if _live_definition(have) != want:
                actions.append(IndexAction(
                    CONFLICT, spec.namespace, spec.name, spec, have,
                    f"the cluster has {describe_live(have)}; drop it, or name the declaration "
                    "otherwise with Index(name=...)",
                ))
            elif not have.ready or have.name in slow:
                actions.append(IndexAction(BUILDING, spec.namespace, spec.name, spec, have, "not ready"))
            else:
                actions.append(IndexAction(MATCH, spec.namespace, spec.name, spec, have))
            continue
        other = by_def.get((spec.namespace, want))
        if other is not None:
            claimed.add((spec.namespace, other.name))
            actions.append(IndexAction(RENAME, spec.namespace, spec.name, spec, other,
                                       f"now named {other.name!r}"))
        else:
            actions.append(IndexAction(CREATE, spec.namespace, spec.name, spec))
    managed = {(s.namespace, s.set) for s in specs}
    for ix in live_list:
        if (ix.namespace, ix.name) in claimed or (ix.namespace, ix.set) not in managed:
            continue
        actions.append(IndexAction(DROP if prune else UNDECLARED, ix.namespace, ix.name, None, ix,
                                   "" if prune else "kept; --prune drops it"))
    return SyncPlan(tuple(actions), prune)


# Talking to the cluster.


def read_live(client: Any, namespace: str) -> tuple[list[ClusterIndex], set[str]]:
    """Every index the cluster reports for ``namespace`` (an index counts as built only when every
    node says so), and the names of those still building."""
    answers = client.info_all(f"sindex-list:ns={namespace};b64=true")
    seen: dict[str, ClusterIndex] = {}
    building: set[str] = set()
    for err, text in answers.values():
        if err is not None or text is None:
            continue
        for ix in catalog.parse_sindex_list(text):
            if not ix.ready:
                building.add(ix.name)
            seen.setdefault(ix.name, ix)
    return list(seen.values()), building


def load_pct(client: Any, namespace: str, name: str) -> float:
    """How far an index is built: the lowest ``load_pct`` any node reports (0 when a node does
    not know it yet)."""
    answers = client.info_all(f"sindex-stat:namespace={namespace};indexname={name}")
    low = 100.0
    for err, text in answers.values():
        if err is not None or text is None:
            return 0.0
        stats = dict(p.partition("=")[::2] for p in text.strip().split(";") if "=" in p)
        low = min(low, float(stats.get("load_pct", 0)))
    return low


def _clients(models: list[Any], client: Any) -> list[tuple[Any, list[Any]]]:
    groups: list[tuple[Any, list[Any]]] = []
    for m in models:
        c = client if client is not None else get_client(m.__aeromodel__.connection)
        for have, members in groups:
            if have is c:
                members.append(m)
                break
        else:
            groups.append((c, [m]))
    return groups


def _plan_for(client: Any, models: list[Any], prune: bool) -> SyncPlan:
    specs = [spec for m in models for spec in m.__aeromodel__.indexes]
    live: list[ClusterIndex] = []
    building: set[str] = set()
    for ns in sorted({s.namespace for s in specs} | {m.__aeromodel__.namespace for m in models}):
        found, slow = read_live(client, ns)
        live += found
        building |= slow

    d = dialect_of(client)

    def ctx_b64(spec: IndexSpec) -> str | None:
        return client.get_cdtctx_base64(spec.client_ctx(d))  # type: ignore[no-any-return]

    def exp_b64(spec: IndexSpec) -> str | None:
        return client.get_expression_base64(spec.expression(d).compile())  # type: ignore[no-any-return]

    return plan(specs, live, ctx_b64, prune=prune, building=building, exp_b64=exp_b64)


def _create(client: Any, spec: IndexSpec) -> None:
    if spec.expression_based:
        client.index_expr_create(spec.namespace, spec.set, spec.index_type, spec.index_datatype,
                                 spec.expression(dialect_of(client)).compile(), spec.name)
        return
    make = {
        "default": client.index_single_value_create, "list": client.index_list_create,
        "mapkeys": client.index_map_keys_create, "mapvalues": client.index_map_values_create,
    }[spec.collection]
    make(spec.namespace, spec.set, spec.bin, spec.index_datatype, spec.name, None,
         spec.client_ctx(dialect_of(client)))


def wait_ready(client: Any, names: Iterable[tuple[str, str]], *, timeout: float | None = None,
               progress: Progress | None = None, poll: float = 0.2,
               clock: Callable[[], float] = time.monotonic) -> None:
    """Poll ``sindex-stat`` until every (namespace, index name) is built, reporting each one's
    ``load_pct`` to ``progress``. Raises IndexSyncError after ``timeout`` seconds."""
    pending = list(names)
    deadline = None if timeout is None else clock() + timeout
    while pending:
        still = []
        for ns, name in pending:
            pct = load_pct(client, ns, name)
            if progress is not None:
                progress(name, pct)
            if pct < 100:
                still.append((ns, name))
        pending = still
        if not pending:
            return
        if deadline is not None and clock() >= deadline:
            raise IndexSyncError(f"indexes still building after {timeout} s: "
                                 + ", ".join(n for _, n in pending))
        time.sleep(poll)


def plan_indexes(models: Any, client: Any = None, *, prune: bool = False) -> SyncPlan:
    """The sync plan for ``models`` (a module or package, its dotted name, or model classes) on
    ``client`` (default: each model's connection). Changes nothing."""
    found = find_models(models)
    actions: list[IndexAction] = []
    for c, group in _clients(found, client):
        actions += _plan_for(c, group, prune).actions
    return SyncPlan(tuple(actions), prune)


def sync_indexes(models: Any, client: Any = None, *, prune: bool = False, dry_run: bool = False,
                 wait: bool = False, timeout: float | None = None,
                 progress: Progress | None = None,
                 on_action: Callable[[IndexAction], None] | None = None) -> SyncPlan:
    """Make the cluster's indexes match the models' declarations: create what is missing (or
    renamed), drop undeclared indexes on the models' sets when ``prune``, and with ``wait`` wait
    until new and still-building indexes are built. Running it again is a no-op. Answers the plan
    (``applied``: what was done). Raises IndexSyncError, changing nothing, when the plan has a
    conflict (an index of a declared name with another definition); IndexSyncError when
    ``wait`` times out."""
    found = find_models(models)
    actions: list[IndexAction] = []
    applied: list[IndexAction] = []
    groups = _clients(found, client)
    plans = [(c, _plan_for(c, group, prune)) for c, group in groups]
    for _, p in plans:
        actions += p.actions
    whole = SyncPlan(tuple(actions), prune)
    if whole.conflicts:
        raise IndexSyncError(
            "index conflict(s), nothing changed:\n" + "\n".join(str(a) for a in whole.conflicts),
            whole,
        )
    if dry_run:
        return whole
    for c, p in plans:
        to_wait = []
        for action in p.actions:
            if action.kind in (CREATE, RENAME, DROP):
                if action.kind == DROP:
                    c.index_remove(action.namespace, action.name)
                elif action.declared is not None:
                    _create(c, action.declared)
                applied.append(action)
                if on_action is not None:
                    on_action(action)
            if action.kind in (CREATE, RENAME, BUILDING):
                to_wait.append((action.namespace, action.name))
        catalog.forget(c)  # queries list the indexes again
        if wait and to_wait:
            wait_ready(c, to_wait, timeout=timeout, progress=progress)
    return SyncPlan(whole.actions, prune, tuple(applied))


def check_indexes(models: Any, client: Any = None, *, prune: bool = False) -> SyncPlan:
    """What differs between the models' declarations and the cluster; ``plan.in_sync`` is the
    verdict (an index still building is not ready, a conflict is drift; with ``prune``, an
    undeclared index on a model's set too). Changes nothing."""
    return plan_indexes(models, client, prune=prune)
