"""``Query``: what ``Model.query()`` returns — lazy, immutable, chainable, generic in the model.
Building one does no I/O; running it plans with the cluster's indexes (``compile``) and runs one
client query (index predicate + filter expression) or, where allowed, one scan with the filter."""

from __future__ import annotations

import base64
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .. import conditions as c
from ..connection import _plain, get_client, get_dialect
from ..dialect import AEROMODEL
from ..errors import MissingIndexError, QueryError
from ..indexes import IndexSpec
from ..refs import FieldRef
from . import catalog, cursor
from .compile import Plan, compile_query, declaration, describe, render
from .lookups import resolve

if TYPE_CHECKING:
    from ..models import Model

M = TypeVar("M", bound="Model")
CHUNK = 1000  # records a streaming run reads at a time
_INDEX_NOT_FOUND = 201


@dataclass(frozen=True)
class Page(Generic[M]):
    """One page of a query: its ``items`` and the ``cursor`` of the next page (None: the last)."""

    items: list[M]
    cursor: str | None

    def __iter__(self) -> Iterator[M]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Explanation:
    """What ``explain()`` says: how the query runs and, for a scan, the index that would avoid it."""

    mode: str  # "query" or "scan"
    index: str | None
    predicate: tuple[Any, ...] | None
    strength: str
    filter: str | None
    expression: str | None  # base64 of the compiled filter expression
    missing: str | None  # the index declaration that would avoid the scan
    reason: str
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        lines = [f"{self.mode.upper()}"]
        if self.index is not None:
            lines.append(f"  index: {self.index} ({self.strength})")
            lines.append(f"  predicate: {self.predicate!r}")
        else:
            lines.append(f"  no index: {self.reason}")
        lines.append(f"  filter: {self.filter or 'none'}")
        if self.expression:
            lines.append(f"  filter expression (base64): {self.expression}")
        if self.missing:
            lines.append(f"  to avoid the scan, declare: {self.missing}")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


@dataclass(frozen=True)
class _Spec:
    condition: c.Condition | None = None
    only: tuple[str, ...] | None = None
    limit: int | None = None
    order: tuple[tuple[str, bool], ...] = ()
    sort_all: bool = False
    allow_scan: bool | None = None


class Query(Generic[M]):
    """A query over ``model``'s set. Every builder method returns a new query."""

    __slots__ = ("_model", "_plans", "_spec")

    def __init__(self, model: type[M], spec: _Spec | None = None) -> None:
        self._model = model
        self._spec = spec or _Spec()
        self._plans: tuple[Any, Plan] | None = None  # (index list it was made from, plan)

    def __repr__(self) -> str:
        return f"<Query {self._model.__name__} {self._spec.condition!r}>"

    def __bool__(self) -> bool:
        raise TypeError("a query has no truth value: use .exists() or .first()")

    def _with(self, **changes: Any) -> Query[M]:
        return Query(self._model, replace(self._spec, **changes))

    # Building.

    def where(self, *conditions: c.Condition, **lookups: Any) -> Query[M]:
        """Add conditions (ANDed with those already there): condition objects
        (``User.age > 3``, ``(a) | (b)``) and lookups (``age__between=(20, 30)``,
        ``name__startswith="A"``, ``address__city="Paris"``). Raises QueryError for an unknown
        field or lookup, TypeError for something that is not a condition."""
        found = [] if self._spec.condition is None else [self._spec.condition]
        for cond in conditions:
            if not isinstance(cond, c.Condition):
                raise TypeError(f"where() takes conditions such as {self._model.__name__}.field > 3, not {cond!r}")
            found.append(cond)
        found.extend(resolve(self._model, name, value) for name, value in lookups.items())
        if not found:
            return self
        joined = found[0]
        for cond in found[1:]:
            joined = joined & cond
        return self._with(condition=joined)

    def only(self, *fields: str | FieldRef[Any]) -> Query[M]:
        """Read only these fields (bins). The instances are read-only views holding just them
        (and the key): reading another field raises AttributeError; load the record with
        ``get()`` to change it."""
        info = self._model.__aeromodel__
        names = []
        for f in fields:
            name = f.path.field if isinstance(f, FieldRef) else f
            spec = info.fields.get(name)
            if spec is None:
                raise QueryError(QueryError.code, f"{self._model.__name__} has no field {name!r}")
            if not spec.primary_key:
                names.append(name)
        return self._with(only=tuple(names))

    def limit(self, n: int) -> Query[M]:
        """At most ``n`` records (counted after the filter, on the server)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise QueryError(QueryError.code, "limit() takes a positive int")
        return self._with(limit=n)

    def order_by(self, *fields: str | FieldRef[Any], in_memory: bool = False) -> Query[M]:
        """Sort by fields (``"-age"`` descending; ``None`` last). Aerospike returns records in
        partition order, so this sorts **client-side**: every match is read, then sorted. It is
        allowed with a ``limit`` (the first n after sorting) or with ``in_memory=True``."""
        info = self._model.__aeromodel__
        order = []
        for f in fields:
            desc = False
            if isinstance(f, FieldRef):
                name = f.path.field
            else:
                desc, name = f.startswith("-"), f.lstrip("-")
            if name not in info.fields:
                raise QueryError(QueryError.code, f"{self._model.__name__} has no field {name!r}")
            order.append((name, desc))
        return self._with(order=tuple(order), sort_all=in_memory)

    def allow_scan(self, allow: bool = True) -> Query[M]:
        """Let this query scan the set (with its filter expression) when no index serves it,
        whatever the model's ``allow_scan`` option says."""
        return self._with(allow_scan=allow)

    @property
    def condition(self) -> c.Condition | None:
        """The condition tree (None: every record)."""
        return self._spec.condition

    # Planning.

    def plan(self, *, refresh: bool = False) -> Plan:
        """Compile against the indexes the cluster has (cached; ``refresh`` asks it again)."""
        info = self._model._info()
        client = get_client(info.connection)
        found = catalog.cluster_indexes(client, info.namespace or "", refresh=refresh)
        if self._plans is not None and self._plans[0] is found:
            return self._plans[1]
        d = get_dialect(info.connection)
        usable = catalog.usable(info, found, lambda spec: client.get_cdtctx_base64(spec.client_ctx(d)),
                                lambda spec: client.get_expression_base64(spec.expression(d).compile()))
        plan = compile_query(self._spec.condition, usable, namespace=info.namespace or "",
                             set_name=info.set)
        self._plans = (found, plan)
        return plan

    def explain(self, *, refresh: bool = False) -> Explanation:
        """How the query would run: index and predicate, filter expression, and for a scan the
        declaration of the index that would avoid it. Runs nothing but the index listing."""
        plan = self.plan(refresh=refresh)
        info = self._model.__aeromodel__
        notes = []
        if self._spec.order:
            notes.append("order_by sorts client-side: every match is read, then sorted")
        if plan.scan:
            notes.append("scans allowed" if self._scan_allowed() else
                         "scans not allowed: running it raises MissingIndexError")
        if plan.predicate is not None and not plan.predicate.exact:
            notes.append("the index predicate is wider than its condition: the filter checks it")
        missing = None
        if plan.missing is not None:
            declared = any(s.name == plan.missing.name for s in info.indexes)
            missing = declaration(plan.missing, self._model.__name__)
            if declared:
                missing = f"{missing} (declared, but the cluster does not have it: sync the indexes)"
        expr = plan.expression(AEROMODEL)  # the wire bytes, whichever client sends them
        pred = plan.predicate
        return Explanation(
            mode="scan" if pred is None else "query",
            index=None if pred is None else pred.index.name,
            predicate=None if pred is None else pred.predicate,
            strength=describe(plan),
            filter=None if plan.filter is None else render(plan.filter),
            expression=None if expr is None else base64.b64encode(expr).decode(),
            missing=missing, reason=plan.reason, notes=tuple(notes),
        )

    def _scan_allowed(self) -> bool:
        allow = self._spec.allow_scan
        return self._model.__aeromodel__.allow_scan if allow is None else allow

    def _checked_plan(self, refresh: bool = False) -> Plan:
        plan = self.plan(refresh=refresh)
        if plan.scan and not self._scan_allowed():
            name = self._model.__name__
            if plan.missing is not None:
                need = (f"it needs the index {plan.missing.name}: declare "
                        f"{declaration(plan.missing, name)} and create it")
            else:
                need = plan.reason
            raise get_dialect(self._model.__aeromodel__.connection).model_error(MissingIndexError)(
                MissingIndexError.code,
                f"{name} query would scan the set ({need}); or allow scans with .allow_scan() "
                f"or the model option allow_scan=True",
            )
        return plan

    # Running.

    def _stream(self, plan: Plan, *, nobins: bool = False, max_records: int = 0) -> Any:
        info = self._model.__aeromodel__
        client = get_client(info.connection)
        d = get_dialect(info.connection)
        policy: dict[str, Any] = {}
        expr = plan.expression(d)
        if expr is not None:
            policy["expressions"] = expr
        if plan.predicate is not None:
            q = client.query(info.namespace, info.set)
            if plan.predicate.by_name:
                q.where_with_index_name(plan.predicate.index.name, plan.predicate.predicate)
            else:
                q.where(plan.predicate.predicate, plan.predicate.ctx(d))
            q.max_records = max_records
        else:
            q = client.scan(info.namespace, info.set)
            if max_records:
                policy["max_records"] = max_records
        if self._spec.only is not None and not nobins:
            q.select(*(info.fields[n].bin for n in self._spec.only))
        return q, policy

    def _fetch(self, q: Any, plan: Plan, policy: dict[str, Any], nobins: bool) -> list[Any]:
        if _plain.get(self._model.__aeromodel__.connection) is not None:
            # an aeromodel.client query: plain (key, meta, bins) tuples, no Records to take apart
            return q._plain_results(policy, {"nobins": True} if nobins else None)  # type: ignore[no-any-return]
        if plan.predicate is not None:
            return q.results(policy, {"nobins": True} if nobins else None)  # type: ignore[no-any-return]
        if not nobins:
            return q.results(policy)  # type: ignore[no-any-return]
        out: list[Any] = []
        q.foreach(lambda *rec: out.append(rec[-1]), policy, {"nobins": True})
        return out

    def _run(self, *, nobins: bool = False, max_records: int = 0) -> list[Any]:
        return self._retrying(  # type: ignore[no-any-return]
            lambda plan: self._fetch(*self._prepared(plan, nobins, max_records), nobins))

    def _prepared(self, plan: Plan, nobins: bool, max_records: int) -> tuple[Any, Plan, dict[str, Any]]:
        q, policy = self._stream(plan, nobins=nobins, max_records=max_records)
        return q, plan, policy

    def _retrying(self, fn: Callable[[Plan], Any]) -> Any:
        """Run ``fn(plan)``; an index dropped since it was listed re-plans once."""
        plan = self._checked_plan()
        try:
            return fn(plan)
        except Exception as err:
            if getattr(err, "code", None) != _INDEX_NOT_FOUND or plan.predicate is None:
                raise
        return fn(self._checked_plan(refresh=True))

    def _loader(self) -> Callable[[list[Any]], list[M]]:
        """What turns a list of records into instances."""
        model = self._model
        if self._spec.only is None:
            return model._load_many
        names = self._spec.only
        return lambda records: [_load_partial(model, names, rec) for rec in records]

    def _needs_sort(self) -> bool:
        if not self._spec.order:
            return False
        if self._spec.limit is None and not self._spec.sort_all:
            raise QueryError(
                QueryError.code,
                "order_by sorts client-side, reading every match: add .limit(n), or pass "
                "order_by(..., in_memory=True) to sort them all",
            )
        return True

    def all(self) -> list[M]:
        """Every match (up to the limit), as model instances, in one client call."""
        load = self._loader()
        if self._needs_sort():
            return self._sorted(_load_all(load, self._run()))
        return _load_all(load, self._run(max_records=self._spec.limit or 0))

    def __iter__(self) -> Iterator[M]:
        """Stream the matches, reading ``CHUNK`` records a run (pages of the partition cursor,
        past the first chunk)."""
        if self._needs_sort():
            yield from self.all()
            return
        load = self._loader()
        left = self._spec.limit
        plan = self._checked_plan()
        # Tracking the partitions (so that a run resumes where the last one stopped) costs
        # about as much as reading 250 records, every run. When at most a chunk is wanted, or
        # found, one untracked run does: it asks for one record more than a chunk, and only
        # when that many match does the stream start over in tracked chunks (so a stream of
        # more than a chunk reads its first chunk twice).
        q, policy = self._stream(plan, max_records=CHUNK + 1 if left is None or left > CHUNK else left)
        records = self._fetch(q, plan, policy, False)
        if len(records) <= CHUNK:
            items = _load_all(load, records)
            # by index: a list iterator is an object the cyclic collector tracks (a range
            # iterator is not), and making one just after _load_all would run the collector at
            # once, over the instances just loaded
            for i in range(len(items)):
                yield items[i]
            return
        del records
        q, policy = self._stream(plan, max_records=CHUNK if left is None else min(CHUNK, left))
        q.paginate()
        while True:
            records = self._fetch(q, plan, policy, False)
            items = _load_all(load, records)
            for i in range(len(items)):
                yield items[i]
            if left is not None:
                left -= len(records)
                if left <= 0:
                    return
                if plan.predicate is not None:
                    q.max_records = min(CHUNK, left)
                else:
                    policy["max_records"] = min(CHUNK, left)
            if q.is_done():
                return

    def first(self) -> M | None:
        """The first match (by the sort when there is an ``order_by``), or None."""
        if self._spec.order:
            found = self.limit(1).all()
        else:
            found = _load_all(self._loader(), self._run(max_records=1))
        return found[0] if found else None

    def count(self) -> int:
        """How many records match (up to the limit); no bins are read."""
        return len(self._run(nobins=True, max_records=self._spec.limit or 0))

    def exists(self) -> bool:
        """Whether anything matches (reads at most one record, no bins)."""
        return bool(self._run(nobins=True, max_records=1))

    def ids(self) -> list[Any]:
        """The primary-key values of the matches (no bins read); a record stored without its
        user key answers its digest (bytes)."""
        if self._spec.order:
            raise QueryError(QueryError.code, "ids() reads no bins, so it cannot be ordered")
        kf = self._model.__aeromodel__.key_field
        decode = kf.decode if kf is not None else None
        out = []
        for key, _, _ in self._run(nobins=True, max_records=self._spec.limit or 0):
            user = key[2]
            if user is None:
                out.append(bytes(key[3]))
            else:
                out.append(decode(user) if decode is not None else user)
        return out

    # Pages.

    def page(self, size: int, cursor: str | None = None) -> Page[M]:
        """One page of ``size`` matches, starting where ``cursor`` (from the previous page)
        left off. The page's ``cursor`` is None after the last page (a page exactly at the end
        may be followed by an empty last page). Raises QueryError for a cursor of another query,
        or with ``order_by`` or ``limit`` (pages are the limit)."""
        if self._spec.order or self._spec.limit is not None:
            raise QueryError(QueryError.code, "page() works in partition order, without order_by or limit")
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise QueryError(QueryError.code, "page size must be a positive int")
        return self._page(size, cursor, self._loader())

    def pages(self, size: int, cursor: str | None = None) -> Iterator[Page[M]]:
        """Every page from ``cursor`` on (an empty page only when nothing is left at all)."""
        first = True
        while True:
            page = self.page(size, cursor)
            if page.items or first:
                yield page
            first = False
            if page.cursor is None:
                return
            cursor = page.cursor

    def _page(self, size: int, token: str | None, load: Callable[[list[Any]], list[M]]) -> Page[M]:
        def run(plan: Plan) -> Page[M]:
            q, policy = self._stream(plan, max_records=size)
            fp = cursor.fingerprint(plan.predicate and plan.predicate.predicate, repr(plan.filter),
                                    self._spec.only)
            pf: dict[str, Any] = {"begin": 0, "count": cursor.N_PARTITIONS}
            if token is not None:
                pf["partition_status"] = cursor.decode(token, fp)
            policy["partition_filter"] = pf
            records = self._fetch(q, plan, policy, False)
            status = q.get_partitions_status()
            nxt = None if status.get("done") else cursor.encode(status, fp)
            return Page(_load_all(load, records), nxt)

        result: Page[M] = self._retrying(run)
        return result

    # Sorting.

    def _sorted(self, items: list[M]) -> list[M]:
        for name, desc in reversed(self._spec.order):
            present = [i for i in items if getattr(i, name, None) is not None]
            absent = [i for i in items if getattr(i, name, None) is None]
            present.sort(key=lambda i, n=name: getattr(i, n), reverse=desc)  # type: ignore[misc]
            items = present + absent
        return items[: self._spec.limit] if self._spec.limit is not None else items

    @staticmethod
    def refresh_indexes(client: Any | None = None) -> None:
        """Forget the cached index lists (of ``client``, or every client): the next query asks
        the cluster again. Call it after creating or removing indexes outside aeromodel."""
        catalog.forget(client)


def _load_all(load: Callable[[list[Any]], list[M]], records: list[Any]) -> list[M]:
    """``load(records)``, with the cyclic collector paused as the client pauses it for the
    records: loaded instances cannot form cycles, and a list of many small containers would
    otherwise run it again and again (a fifth of a 100-record query's time)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return load(records)
    finally:
        if paused:
            gc.enable()


def _load_partial(model: Any, names: tuple[str, ...], rec: Any) -> Any:
    """An instance holding only ``names`` (and the key), for ``only()``."""
    from ..state import State

    key, meta, bins = rec
    info = model.__aeromodel__
    values: dict[str, Any] = {}
    for name in names:
        spec = info.fields[name]
        v = bins.get(spec.bin)
        if v is None:
            v = None if spec.required else spec.default.get_default(call_default_factory=True)
        elif spec.decode is not None:
            v = spec.decode(v)
        values[name] = v
    kf = info.key_field
    if kf is not None and key[2] is not None:
        values[kf.name] = kf.decode(key[2]) if kf.decode else key[2]
    obj = model.__new__(model)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    object.__setattr__(obj, "_am", State(key, meta["gen"], meta["ttl"], bins, {}))
    return obj


__all__ = ["Explanation", "IndexSpec", "Page", "Query"]
