"""Aerospike expressions in the engine: the compiled msgpack decoded (``wire``), built into a plan
of closures type-checked as the server builds it (``build`` and the op families ``logic``,
``arith``, ``meta``, ``call``), and run as a filter or as a value (``plan``)."""

from __future__ import annotations

from .plan import Plan, build, evaluate, filter_of
from .types import UNK

__all__ = ["UNK", "Plan", "build", "evaluate", "filter_of"]
