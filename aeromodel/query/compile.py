"""Compiling a query's condition tree: a pure function from (conditions, usable indexes) to a
``Plan`` — the one secondary-index predicate the best indexed condition gives, and one filter
expression for everything else. No client, no I/O: tested without a backend.

Strategy: only a conjunct of the top-level AND can become the predicate (an OR at the top needs a
scan). Equality (and list / map membership) beats a bounded range and a geo match, which beat a
half-open range; ties go to the condition written first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import client as aerospike
from .. import conditions as c
from ..client import predicates as p
from ..codecs import LIST, MAP
from ..dialect import Dialect
from ..indexes import IndexSpec, index_name
from ..paths import LIST_INDEX, MAP_KEY, FieldPath

INT_MIN, INT_MAX = -(2**63), 2**63 - 1
_DATATYPE = {int: "numeric", str: "string", bytes: "blob"}
EQUALITY, RANGE, HALF_OPEN = 3, 2, 1
_STRENGTH = {EQUALITY: "equality", RANGE: "range", HALF_OPEN: "half-open range"}


@dataclass(frozen=True)
class Predicate:
    """The secondary-index part of a plan: ``predicate`` (a predicate tuple, the same in
    ``aeromodel.client.predicates`` and the official ``aerospike.predicates``) over ``index``;
    ``exact`` when the index answers exactly ``condition`` (otherwise the condition stays in
    the filter too)."""

    index: IndexSpec
    predicate: tuple[Any, ...]
    condition: c.Condition
    strength: int
    exact: bool = True

    def ctx(self, d: Dialect) -> list[Any] | None:
        """The index's ``cdt_ctx`` list (of dialect ``d``'s package) for ``Query.where``."""
        return self.index.client_ctx(d)

    @property
    def by_name(self) -> bool:
        """The predicate names its index (``Query.where_with_index_name``; its bin is None):
        an expression index."""
        return self.index.expression_based


@dataclass(frozen=True)
class Plan:
    """How a query runs: ``predicate`` None is a scan; ``filter`` is the condition left for the
    filter expression (None: no filter); ``missing`` the index declaration that would turn a scan
    into a query, with ``reason`` saying why no index serves it."""

    predicate: Predicate | None
    filter: c.Condition | None
    missing: IndexSpec | None = None
    reason: str = ""

    @property
    def scan(self) -> bool:
        return self.predicate is None

    def expression(self, d: Dialect) -> Any:
        """The filter expression compiled by dialect ``d``'s package (None without a filter)."""
        return None if self.filter is None else self.filter.to_expression(d).compile()


def conjuncts(cond: c.Condition | None) -> tuple[c.Condition, ...]:
    if cond is None:
        return ()
    return cond.items if isinstance(cond, c.And) else (cond,)


def _kind(value: Any) -> str | None:
    return _DATATYPE.get(type(value))


def serve(leaf: c.Condition, spec: IndexSpec) -> Predicate | None:
    """The predicate ``spec`` gives for ``leaf``, or None when it cannot serve it."""
    if not isinstance(leaf, c.Leaf) or leaf.path.bin != spec.bin or spec.ctx != leaf.path.steps:
        return None
    if spec.expression_based:
        return _serve_each(leaf, spec)
    b = spec.bin

    def make(pred: tuple[Any, ...] | None, strength: int, exact: bool = True) -> Predicate | None:
        return None if pred is None else Predicate(spec, pred, leaf, strength, exact)

    if spec.collection == "default":
        if isinstance(leaf, c.Compare) and leaf.value is not None:
            v = leaf.value
            if leaf.op == "eq" and _kind(v) == spec.datatype:
                return make(p.equals(b, v), EQUALITY)
            if spec.datatype == "numeric" and type(v) is int:
                bounds = {"gt": (v + 1, INT_MAX), "ge": (v, INT_MAX), "lt": (INT_MIN, v - 1),
                          "le": (INT_MIN, v)}.get(leaf.op)
                if bounds is not None and bounds[0] <= bounds[1]:
                    return make(p.between(b, *bounds), HALF_OPEN)
            return None
        if isinstance(leaf, c.Between) and spec.datatype == "numeric":
            if type(leaf.low) is int and type(leaf.high) is int and leaf.low <= leaf.high:
                return make(p.between(b, leaf.low, leaf.high), RANGE)
            return None
        if isinstance(leaf, c.In) and leaf.values:
            vs = leaf.values
            if len(vs) == 1 and _kind(vs[0]) == spec.datatype:
                return make(p.equals(b, vs[0]), EQUALITY)
            if spec.datatype == "numeric" and all(type(x) is int for x in vs):
                return make(p.between(b, min(vs), max(vs)), HALF_OPEN, exact=False)
            return None
        if spec.datatype == "geo2dsphere":
            if isinstance(leaf, c.GeoWithin):
                return make(p.geo_within_geojson_region(b, leaf.region), RANGE)
            if isinstance(leaf, c.GeoContains):
                return make(p.geo_contains_geojson_point(b, leaf.point), RANGE)
        return None
    member = (spec.collection, leaf.path.kind) in (("list", LIST), ("mapvalues", MAP))
    if isinstance(leaf, c.Contains) and member and _kind(leaf.value) == spec.datatype:
        return make(p.contains(b, spec.index_type, leaf.value), EQUALITY)
    if isinstance(leaf, c.ContainsKey) and spec.collection == "mapkeys" and _kind(leaf.key) == spec.datatype:
        return make(p.contains(b, spec.index_type, leaf.key), EQUALITY)
    return None


def _serve_each(leaf: c.Leaf, spec: IndexSpec) -> Predicate | None:
    """An expression index over the values of a field in every element (a LIST index, queried by
    name with a bin-less predicate): any element equal, in a range, or one of a few values."""
    lt = aerospike.INDEX_TYPE_LIST

    def make(pred: tuple[Any, ...] | None, strength: int, exact: bool = True) -> Predicate | None:
        return None if pred is None else Predicate(spec, pred, leaf, strength, exact)

    numeric = spec.datatype == "numeric"
    if isinstance(leaf, c.Compare):
        v = leaf.value
        if leaf.op == "eq" and _kind(v) == spec.datatype:
            return make(p.contains(None, lt, v), EQUALITY)
        if numeric and type(v) is int:
            bounds = {"gt": (v + 1, INT_MAX), "ge": (v, INT_MAX), "lt": (INT_MIN, v - 1),
                      "le": (INT_MIN, v)}.get(leaf.op)
            if bounds is not None and bounds[0] <= bounds[1]:
                return make(p.range(None, lt, *bounds), HALF_OPEN)
        return None
    if isinstance(leaf, c.Between):
        if numeric and type(leaf.low) is int and type(leaf.high) is int and leaf.low <= leaf.high:
            return make(p.range(None, lt, leaf.low, leaf.high), RANGE)
        return None
    if isinstance(leaf, c.In) and leaf.values:
        vs = leaf.values
        if len(vs) == 1 and _kind(vs[0]) == spec.datatype:
            return make(p.contains(None, lt, vs[0]), EQUALITY)
        if numeric and all(type(x) is int for x in vs):
            return make(p.range(None, lt, min(vs), max(vs)), HALF_OPEN, exact=False)
    return None


def wanted(leaf: c.Condition, namespace: str, set_name: str | None) -> IndexSpec | None:
    """The index that would serve ``leaf`` (for ``explain()`` and the missing-index error)."""
    if not isinstance(leaf, c.Leaf):
        return None
    path = leaf.path
    collection, value = "default", None
    if isinstance(leaf, c.Compare) and leaf.value is not None and (leaf.op == "eq" or type(leaf.value) is int):
        value = leaf.value
    elif isinstance(leaf, c.Between):
        value = leaf.low
    elif isinstance(leaf, c.In) and leaf.values:
        value = leaf.values[0]
    elif isinstance(leaf, c.Contains):
        collection, value = ("list" if path.kind == LIST else "mapvalues"), leaf.value
    elif isinstance(leaf, c.ContainsKey):
        collection, value = "mapkeys", leaf.key
    if path.each:
        collection = "list"
    datatype = _kind(value)
    if isinstance(leaf, (c.GeoWithin, c.GeoContains)):
        datatype = "geo2dsphere"
    if datatype is None:
        return None
    spec = IndexSpec(index_name(set_name, path.bin, path.steps, collection), namespace, set_name,
                     path.bin, collection, datatype, path.steps, _dotted(path))
    return spec if serve(leaf, spec) is not None else None


def _dotted(path: FieldPath) -> str:
    label = path.label.replace("[*]", "")  # through every element: the nested field's name
    label = label.split(".", 1)[1] if "." in label else path.field
    return label if "[" not in label else path.field


def declaration(spec: IndexSpec, model_name: str) -> str:
    """How to declare ``spec`` on the model, as code."""
    arg = {"default": "True", "list": '"list"', "mapkeys": '"map_keys"', "mapvalues": '"map_values"'}
    nested = "." in spec.field
    if spec.expression_based:
        return f'{model_name}: indexes=[Index("{spec.field}")] (or Field(..., index=True) in the element model)'
    map_steps = [v for kind, v in spec.ctx if kind == MAP_KEY]
    if not spec.ctx:
        return f"{model_name}.{spec.field}: Field(..., index={arg[spec.collection]})"
    if nested and len(map_steps) == len(spec.ctx):
        coll = "" if spec.collection == "default" else f", {arg[spec.collection]}"
        return f'{model_name}: indexes=[Index("{spec.field}"{coll})]'
    steps = ", ".join(f"MapKey({v!r})" if kind == MAP_KEY else f"ListIndex({v!r})"
                      for kind, v in spec.ctx if kind in (MAP_KEY, LIST_INDEX))
    coll = "" if spec.collection == "default" else f', "{spec.collection}"'
    return f'{model_name}: indexes=[Index("{spec.field}"{coll}, ctx=({steps},))]'


def compile_query(
    condition: c.Condition | None,
    indexes: Sequence[IndexSpec],
    *,
    namespace: str,
    set_name: str | None,
) -> Plan:
    """Plan ``condition`` over the usable ``indexes`` (those the cluster has). Pure."""
    parts = conjuncts(condition)
    best: Predicate | None = None
    for leaf in parts:
        for spec in indexes:
            pred = serve(leaf, spec)
            if pred is not None and (best is None or pred.strength > best.strength):
                best = pred
    if best is not None:
        rest = [x for x in parts if not (best.exact and x is best.condition)]
        return Plan(best, _join(rest))
    missing: IndexSpec | None = None
    reason = "no condition"
    if isinstance(condition, c.Or):
        reason = "an OR at the top of the conditions cannot use an index"
    elif parts:
        reason = "no index serves any condition"
        ranked = [(s, i, w) for i, leaf in enumerate(parts)
                  if (w := wanted(leaf, namespace, set_name)) is not None
                  and (s := serve(leaf, w)) is not None]
        if ranked:
            missing = max(ranked, key=lambda t: (t[0].strength, -t[1]))[2]
            reason = f"no index on {missing.field} ({missing.name})"
    return Plan(None, condition, missing, reason)


def _join(items: Sequence[c.Condition]) -> c.Condition | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else c.And(tuple(items))


def describe(plan: Plan) -> str:
    """The strength of the plan's predicate in words."""
    return "" if plan.predicate is None else _STRENGTH[plan.predicate.strength]


__all__ = ["Plan", "Predicate", "compile_query", "conjuncts", "declaration", "serve", "wanted"]



_OP_TEXT = {"eq": "==", "ne": "!=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}


def render(cond: c.Condition) -> str:
    """A condition as text for ``explain()``: ``User.age >= 18 AND User.name startswith 'A'``."""
    if isinstance(cond, (c.And, c.Or)):
        word = " AND " if isinstance(cond, c.And) else " OR "
        return word.join(f"({render(x)})" if isinstance(x, (c.And, c.Or)) else render(x) for x in cond.items)
    if isinstance(cond, c.Not):
        return f"NOT ({render(cond.item)})"
    if not isinstance(cond, c.Leaf):
        return repr(cond)
    label = cond.path.label
    if isinstance(cond, c.Compare):
        return f"{label} {_OP_TEXT[cond.op]} {cond.value!r}"
    if isinstance(cond, c.Between):
        return f"{label} between {cond.low!r} and {cond.high!r}"
    if isinstance(cond, c.In):
        return f"{label} in {list(cond.values)!r}"
    if isinstance(cond, c.StartsWith):
        return f"{label} startswith {cond.prefix!r}"
    if isinstance(cond, c.Regex):
        return f"{label} matches {cond.pattern!r}"
    if isinstance(cond, c.Contains):
        return f"{label} contains {cond.value!r}"
    if isinstance(cond, c.ContainsKey):
        return f"{label} has key {cond.key!r}"
    if isinstance(cond, c.Exists):
        return f"{label} exists"
    if isinstance(cond, c.GeoWithin):
        return f"{label} within {cond.region}"
    if isinstance(cond, c.GeoContains):
        return f"{label} contains point {cond.point}"
    return repr(cond)
