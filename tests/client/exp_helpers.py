"""Shared helpers of the engine expression tests: records under a controlled clock, and running a
tree as a value or as a filter."""

from __future__ import annotations

from typing import Any

from exp_tree import compile_tree

from aeromodel.client.command import CITRUSLEAF_EPOCH
from aeromodel.client.engine import intake
from aeromodel.client.engine.exp import build, evaluate, filter_of
from aeromodel.client.engine.storage import Record

NOW = 1_800_000_000.25  # unix seconds
DIGEST = bytes(range(20))


def record(bins: dict[str, Any] | None = None, *, set_name: str | None = "s", key: Any = None,
           lut: float = NOW - 10.5, ttl: int = 0) -> Record:
    rec = Record({k: intake.stored(v) for k, v in (bins or {}).items()})
    rec.gen = 1
    rec.lut = lut
    rec.void_time = int(NOW) - CITRUSLEAF_EPOCH + ttl if ttl else 0
    rec.ident = (set_name, key) if key is not None else set_name
    rec.size = intake.record_size(dict(rec), key, set_name, bool(ttl))
    return rec


def ev(tree: Any, rec: Record | None = None, now: float = NOW) -> Any:
    return evaluate(build(compile_tree(tree)), rec if rec is not None else record(), DIGEST, now)


def passes(tree: Any, rec: Record | None = None, now: float = NOW) -> bool:
    return filter_of(compile_tree(tree))(rec if rec is not None else record(), DIGEST, now)
