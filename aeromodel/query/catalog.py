"""What the cluster says about its secondary indexes (``sindex-list``), parsed and cached per
client and namespace until an explicit refresh; and which of a model's indexes it therefore has."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from ..indexes import IndexSpec
from ..schema import ModelInfo


@dataclass(frozen=True)
class ClusterIndex:
    """One ``sindex-list`` entry (``context`` as base64, or None)."""

    name: str
    namespace: str
    set: str | None
    bin: str | None
    datatype: str
    collection: str
    context: str | None
    expression: str | None
    ready: bool


def parse_sindex_list(answer: str) -> list[ClusterIndex]:
    """The entries of a ``sindex-list:...;b64=true`` answer (one node's). Pure."""
    out = []
    for entry in answer.strip().split(";"):
        if not entry:
            continue
        fields: dict[str, str] = {}
        for part in entry.split(":"):
            key, _, value = part.partition("=")
            fields[key] = value

        def opt(name: str, fields: dict[str, str] = fields) -> str | None:
            v = fields.get(name, "null")
            return None if v in ("null", "NULL", "") else v

        out.append(ClusterIndex(
            name=fields.get("indexname", ""), namespace=fields.get("ns", ""), set=opt("set"),
            bin=opt("bin"), datatype=fields.get("type", "").lower(),
            collection=fields.get("indextype", "default").lower(), context=opt("context"),
            expression=opt("exp"), ready=fields.get("state", "RW") == "RW",
        ))
    return out


_cache: dict[tuple[int, str], tuple[Any, tuple[ClusterIndex, ...]]] = {}
_lock = threading.Lock()


def cluster_indexes(client: Any, namespace: str, *, refresh: bool = False) -> tuple[ClusterIndex, ...]:
    """The ready indexes every node of ``client``'s cluster reports for ``namespace`` (cached;
    ``refresh`` asks again)."""
    key = (id(client), namespace)
    with _lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] is client and not refresh:
        return hit[1]
    answers = client.info_all(f"sindex-list:ns={namespace};b64=true")
    common: dict[str, ClusterIndex] | None = None
    for err, text in answers.values():
        if err is not None or text is None:
            continue
        found = {ix.name: ix for ix in parse_sindex_list(text) if ix.ready}
        common = found if common is None else {n: ix for n, ix in common.items() if found.get(n) == ix}
    result = tuple((common or {}).values())
    with _lock:
        _cache[key] = (client, result)
    return result


def forget(client: Any | None = None) -> None:
    """Drop the cached index lists (of one client, or all)."""
    with _lock:
        for key in [k for k, v in _cache.items() if client is None or v[0] is client]:
            del _cache[key]


def usable(info: ModelInfo, found: tuple[ClusterIndex, ...], ctx_b64: Any,
           exp_b64: Any = None) -> list[IndexSpec]:
    """The model's indexes the cluster has: its declarations matched by definition (any name:
    the server keys an index by its definition), then undeclared indexes on a field's bin.
    ``ctx_b64(spec)`` is the base64 of a declaration's context (``client.get_cdtctx_base64``),
    ``exp_b64(spec)`` of an expression index's compiled expression
    (``client.get_expression_base64``; None: expression indexes are not looked for)."""
    out: list[IndexSpec] = []
    on_set = [ix for ix in found if ix.expression is None and ix.set in (info.set, None) and ix.bin]
    on_exp = [ix for ix in found if ix.expression is not None and ix.set in (info.set, None)]
    matched: set[str] = set()
    for spec in info.indexes:
        if spec.expression_based:
            text = exp_b64(spec) if exp_b64 is not None and on_exp else None
            for ix in on_exp:
                if (ix.expression, ix.datatype, ix.collection) == (text, spec.datatype, spec.collection):
                    out.append(IndexSpec(ix.name, spec.namespace, ix.set, spec.bin, spec.collection,
                                         spec.datatype, spec.ctx, spec.field))
                    break
            continue
        ctx = ctx_b64(spec) if spec.ctx else None
        for ix in on_set:
            if (ix.bin, ix.datatype, ix.collection, ix.context) == (spec.bin, spec.datatype, spec.collection, ctx):
                out.append(IndexSpec(ix.name, spec.namespace, ix.set, spec.bin, spec.collection,
                                     spec.datatype, spec.ctx, spec.field))
                matched.add(ix.name)
                break
    for ix in on_set:
        field = info.by_bin.get(ix.bin or "")
        if ix.name in matched or ix.context is not None or field is None:
            continue
        out.append(IndexSpec(ix.name, info.namespace or "", ix.set, field.bin, ix.collection,
                             ix.datatype, (), field.name))
    return out
