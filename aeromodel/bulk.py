"""Bulk saves and deletes: one ``batch_write`` each, every record as its single-record call would
be (changes only, generation-checked when loaded); failures gathered into one ``BulkError``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import client as aerospike
from . import errors, versioning
from .connection import get_client, get_dialect
from .state import changes, remember

if TYPE_CHECKING:
    from .models import Model

_WRITE = aerospike.OPERATOR_WRITE


def save_many(cls: type[Model], instances: Sequence[Model], ttl: int | None) -> None:
    """See ``Model.save_many``."""
    info = cls._info()
    d = get_dialect(info.connection)
    pol = info.policies
    plan = []
    for inst in instances:
        k = inst._key()
        st = inst._state()
        new = inst._encoded()
        gen = st.gen if info.check_generation else None
        if st.bins is None:
            versioning.stamp(info, new)
            ops = [{"op": _WRITE, "bin": b, "val": v} for b, v in new.items()]
            policy = pol["upsert"]
            written, fresh = new, True
        else:
            ops, written = changes({**new, **(st.pending or {})}, st.bins, d)
            if not ops:
                continue
            policy = pol["update_gen"] if gen is not None else pol["update"]
            fresh = False
        record = d.batch.Write(k, d.values(ops) if info.geo else ops, inst._meta(ttl, gen), dict(policy))
        plan.append((inst, k, written, fresh, record))
    if not plan:
        return
    get_client(info.connection).batch_write(d.batch.BatchRecords([p[4] for p in plan]))
    failed: dict[int, Exception] = {}
    for i, (inst, k, written, fresh, br) in enumerate(plan):
        if br.result != 0:
            failed[i] = errors.translate(d.error(br.result, "batch write failed"), cls, k[2], d)
            continue
        st = inst._state()
        st.key, st.gen, st.ttl = k, br.record[1]["gen"], br.record[1]["ttl"]
        st.pending = None
        remember(st, written, fresh, info.copiers)
    if failed:
        raise d.model_error(errors.BulkError)(
            f"{len(failed)} of {len(plan)} {cls.__name__} saves failed", failed)


def delete_many(cls: type[Model], items: Iterable[Any]) -> None:
    """See ``Model.delete_many``."""
    info = cls._info()
    d = get_dialect(info.connection)
    recs: list[Any] = []
    for item in items:
        if isinstance(item, cls):
            st = item._state()
            if st.gen is not None and info.check_generation:
                policy = {"gen": aerospike.POLICY_GEN_EQ, "generation": st.gen}
                recs.append(d.batch.Remove(item._key(), policy))
            else:
                recs.append(d.batch.Remove(item._key()))
        else:
            recs.append(d.batch.Remove(cls.key_for(item)))
    if not recs:
        return
    get_client(info.connection).batch_write(d.batch.BatchRecords(recs))
    failed: dict[int, Exception] = {}
    for i, br in enumerate(recs):
        if br.result not in (0, 2):
            failed[i] = errors.translate(d.error(br.result, "batch remove failed"), cls, br.key[2], d)
    if failed:
        raise d.model_error(errors.BulkError)(
            f"{len(failed)} {cls.__name__} deletes failed", failed)
