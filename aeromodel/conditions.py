"""Query conditions: a small immutable tree the query compiler reads, built by field references
(``User.age > 3``) or lookups. Values are held as stored (already encoded by the field's codec).

Leaves: ``Compare`` (eq ne gt ge lt le), ``Between`` (both ends included), ``In``, ``StartsWith``,
``Regex``, ``Contains`` (a list element or map value), ``ContainsKey``, ``Exists``, ``GeoWithin``
(a point field in a region), ``GeoContains`` (a region field holding a point). Branches: ``And``,
``Or``, ``Not``. Every node compiles itself to a filter expression with ``to_expression()``.
A condition refuses ``bool()`` so that ``if User.age == 3:`` fails loudly.

A path through every element of a list or map of models (``Order.lines.any.sku``) selects many
values: ``Compare``, ``Between`` and ``In`` on it hold when one of them matches (``!=``: when none
equals), compiled without a loop over the list of values a path expression answers.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from . import client as aerospike
from .codecs import FLOAT, LIST, STR
from .dialect import AEROMODEL, Dialect
from .paths import MAP_KEY, FieldPath

OPS = ("eq", "ne", "gt", "ge", "lt", "le")
_EXPR = {"eq": "Eq", "ne": "NE", "gt": "GT", "ge": "GE", "lt": "LT", "le": "LE"}
_ERE_SPECIALS = re.compile(r"([.\[\]()*+?{}|^$\\])")


class Condition(ABC):
    """Base of every condition node: combine with ``&``, ``|``, ``~``."""

    __slots__ = ()

    def __bool__(self) -> bool:
        raise TypeError(
            "a query condition has no truth value: combine conditions with &, |, ~ "
            "(not and/or/not) and pass them to a query"
        )

    def __and__(self, other: Condition) -> Condition:
        if not isinstance(other, Condition):
            return NotImplemented
        return And((*_flatten(self, And), *_flatten(other, And)))

    def __or__(self, other: Condition) -> Condition:
        if not isinstance(other, Condition):
            return NotImplemented
        return Or((*_flatten(self, Or), *_flatten(other, Or)))

    def __invert__(self) -> Condition:
        return self.item if isinstance(self, Not) else Not(self)

    @abstractmethod
    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        """This condition as an (uncompiled) filter expression of ``aeromodel.client.helpers.expressions``
        (of the official ``aerospike_helpers.expressions`` with ``d=aeromodel.dialect.official()``);
        ``.compile()`` it for a policy's ``expressions``."""

    @abstractmethod
    def paths(self) -> tuple[FieldPath, ...]:
        """Every field path the condition reads."""


def _flatten(cond: Condition, kind: type) -> tuple[Condition, ...]:
    return cond.items if isinstance(cond, kind) else (cond,)  # type: ignore[attr-defined]


@dataclass(frozen=True, eq=True)
class Leaf(Condition):
    path: FieldPath

    def __post_init__(self) -> None:
        if self.path.each and not (
            isinstance(self, (Between, In)) or (isinstance(self, Compare) and self.value is not None)
        ):
            raise TypeError(
                f"{self.path.label}: through every element, conditions are ==, !=, <, <=, >, >=, "
                "between and is_in (any element matching)"
            )

    def paths(self) -> tuple[FieldPath, ...]:
        return (self.path,)


def _some_value(path: FieldPath, value: Any) -> Any:
    # ints and doubles never compare equal in a list (different types): match the field's
    return float(value) if path.kind == FLOAT and type(value) is int else value


def _count_eq(d: Dialect, values: Any, value: Any) -> Any:
    return d.exp.ListGetByValue(None, aerospike.LIST_RETURN_COUNT, value, values)


def _count_range(d: Dialect, values: Any, low: Any, high: Any) -> Any:
    """How many values are in [low, high) (high None: no bound above, sent as the infinity
    value — a nil end is the nil value, the lowest, on a server; low None: nil, the lowest)."""
    end = d.infinity if high is None else high
    return d.exp.ListGetByValueRange(None, aerospike.LIST_RETURN_COUNT, low, end, values)


def _some(d: Dialect, path: FieldPath, op: str, value: Any) -> Any:
    """Some value ``path`` selects (through every element) is ``op`` ``value``."""
    exp = d.exp
    values = path.values_expression(d)
    v = _some_value(path, value)
    step = type(v) is int  # the next int up closes a range exactly
    if op == "eq":
        return exp.GT(_count_eq(d, values, v), 0)
    if op == "ne":
        return exp.Not(exp.GT(_count_eq(d, values, v), 0))
    if op == "ge":
        return exp.GT(_count_range(d, values, v, None), 0)
    if op == "gt":
        if step:
            return exp.GT(_count_range(d, values, v + 1, None), 0)
        return exp.GT(_count_range(d, values, v, None), _count_eq(d, values, v))
    if op == "lt":
        return exp.GT(_count_range(d, values, None, v), 0)
    if step:  # le
        return exp.GT(_count_range(d, values, None, v + 1), 0)
    return exp.Or(exp.GT(_count_range(d, values, None, v), 0), exp.GT(_count_eq(d, values, v), 0))


@dataclass(frozen=True, eq=True)
class Compare(Leaf):
    """``path <op> value``; ``eq None`` / ``ne None`` mean the value is absent / present."""

    op: str
    value: Any

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        exp = d.exp
        if self.path.each:
            return _some(d, self.path, self.op, self.value)
        if self.value is None and self.op in ("eq", "ne"):
            present = Exists(self.path).to_expression(d)
            return present if self.op == "ne" else exp.Not(present)
        return getattr(exp, _EXPR[self.op])(self.path.value_expression(d), self.value)


@dataclass(frozen=True, eq=True)
class Between(Leaf):
    """``low <= path <= high``, both ends included (as a secondary-index range)."""

    low: Any
    high: Any

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        exp = d.exp
        if self.path.each:
            values = self.path.values_expression(d)
            low, high = _some_value(self.path, self.low), _some_value(self.path, self.high)
            try:
                if high < low:
                    return exp.Val(False)
            except TypeError:
                pass  # values of two types: the server orders them
            if type(high) is int:
                return exp.GT(_count_range(d, values, low, high + 1), 0)
            return exp.Or(exp.GT(_count_range(d, values, low, high), 0),
                          exp.GT(_count_eq(d, values, high), 0))
        v = self.path.value_expression(d)
        return exp.And(exp.GE(v, self.low), exp.LE(v, self.high))


@dataclass(frozen=True, eq=True)
class In(Leaf):
    values: tuple[Any, ...]

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        exp = d.exp
        if not self.values:
            return exp.Val(False)
        if self.path.each:
            wanted = [_some_value(self.path, x) for x in self.values]
            found = exp.ListGetByValueList(None, aerospike.LIST_RETURN_COUNT, wanted,
                                           self.path.values_expression(d))
            return exp.GT(found, 0)
        v = self.path.value_expression(d)
        if len(self.values) == 1:
            return exp.Eq(v, self.values[0])
        return exp.Or(*(exp.Eq(v, x) for x in self.values))


@dataclass(frozen=True, eq=True)
class StartsWith(Leaf):
    prefix: str

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        exp = d.exp
        pattern = "^" + _ERE_SPECIALS.sub(r"\\\1", self.prefix)
        return exp.CmpRegex(aerospike.REGEX_EXTENDED, pattern, self.path.value_expression(d, STR))


@dataclass(frozen=True, eq=True)
class Regex(Leaf):
    """A POSIX regex match; ``flags`` are ``aerospike.REGEX_*`` (extended syntax by default)."""

    pattern: str
    flags: int = aerospike.REGEX_EXTENDED

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        return d.exp.CmpRegex(self.flags, self.pattern, self.path.value_expression(d, STR))


@dataclass(frozen=True, eq=True)
class Contains(Leaf):
    """A list holding ``value`` as an element, or a map holding it as a value."""

    value: Any

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        exp = d.exp
        ctx, container = self.path.ctx(d), self.path.container_expression(d)
        count: Any
        if self.path.kind == LIST:
            count = exp.ListGetByValue(ctx, aerospike.LIST_RETURN_COUNT, self.value, container)
        else:
            count = exp.MapGetByValue(ctx, aerospike.MAP_RETURN_COUNT, self.value, container)
        return exp.GT(count, 0)


@dataclass(frozen=True, eq=True)
class ContainsKey(Leaf):
    key: Any

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        exp = d.exp
        container = self.path.container_expression(d)
        count = exp.MapGetByKey(
            self.path.ctx(d), aerospike.MAP_RETURN_COUNT, exp.ResultType.INTEGER, self.key, container
        )
        return exp.GT(count, 0)


@dataclass(frozen=True, eq=True)
class Exists(Leaf):
    """The bin (or the map entry / list element) is there."""

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        exp = d.exp
        path = self.path
        if not path.steps:
            return exp.BinExists(path.bin)
        kind, last = path.steps[-1]
        parent_steps = path.steps[:-1]
        parent_ctx = path.ctx(d, parent_steps)
        container = path.container_expression(d)
        if kind == MAP_KEY:
            count = exp.MapGetByKey(
                parent_ctx, aerospike.MAP_RETURN_COUNT, exp.ResultType.INTEGER, last, container
            )
            return exp.GT(count, 0)
        size = exp.ListSize(parent_ctx, container)
        return exp.GT(size, last) if last >= 0 else exp.GE(size, -last)


@dataclass(frozen=True, eq=True)
class GeoWithin(Leaf):
    """A point field inside ``region`` (a GeoJSON polygon or AeroCircle, stored form)."""

    region: Any

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        return d.exp.CmpGeo(self.path.value_expression(d), d.values(self.region))


@dataclass(frozen=True, eq=True)
class GeoContains(Leaf):
    """A region field holding ``point`` (stored form)."""

    point: Any

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        return d.exp.CmpGeo(self.path.value_expression(d), d.values(self.point))


@dataclass(frozen=True, eq=True)
class And(Condition):
    items: tuple[Condition, ...]

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        return d.exp.And(*(c.to_expression(d) for c in self.items))

    def paths(self) -> tuple[FieldPath, ...]:
        return tuple(p for c in self.items for p in c.paths())


@dataclass(frozen=True, eq=True)
class Or(Condition):
    items: tuple[Condition, ...]

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        return d.exp.Or(*(c.to_expression(d) for c in self.items))

    def paths(self) -> tuple[FieldPath, ...]:
        return tuple(p for c in self.items for p in c.paths())


@dataclass(frozen=True, eq=True)
class Not(Condition):
    item: Condition

    def to_expression(self, d: Dialect = AEROMODEL) -> Any:
        return d.exp.Not(self.item.to_expression(d))

    def paths(self) -> tuple[FieldPath, ...]:
        return self.item.paths()

