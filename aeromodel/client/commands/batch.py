"""Batch commands: one BatchCommand per call — the batch policy's flags and filter, and one
sub-command per record, in key order, as the batch message carries them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..command import (
    BATCH_ALLOW_INLINE,
    BATCH_ALLOW_INLINE_SSD,
    BATCH_RESPOND_ALL_KEYS,
    INFO1_GET_ALL,
    INFO1_GET_NOBINDATA,
    INFO2_RESPOND_ALL_OPS,
    INFO2_WRITE,
    BatchCommand,
    Command,
    Op,
    new,
)
from . import records
from .flags import ReadFlags, WriteFlags, read_flags
from .records import ParsedKey

READ_ALL = INFO1_GET_ALL
"""``what`` for reads of whole records."""
READ_META = INFO1_GET_NOBINDATA
"""``what`` for reads of metadata only."""


def batch_flags(policy: Mapping[str, Any]) -> int:
    """The batch field's flags from a resolved batch policy."""
    flags = 0
    if policy.get("allow_inline", True):
        flags |= BATCH_ALLOW_INLINE
    if policy.get("allow_inline_ssd", False):
        flags |= BATCH_ALLOW_INLINE_SSD
    if policy.get("respond_all_keys", True):
        flags |= BATCH_RESPOND_ALL_KEYS
    return flags


def sub_read(key: ParsedKey, what: int, ops: Sequence[Op] | None, flags: ReadFlags) -> Command:
    """One record's read: whole record (READ_ALL), metadata (READ_META) or operations (``what``
    0, ``ops`` given)."""
    return new(Command, (
        key[0], key[1], key[3], None, flags[0] | what, 0, flags[1], 0, flags[4], ops, flags[3]
    ))


def sub_write(
    key: ParsedKey, ops: list[Op], flags: WriteFlags, respond_all: bool = False
) -> Command:
    """One record's operations in a batch: as operate(); a batch write answers every operation (a
    written bin reads back None), as the server does for batch writes. Its read bits only when
    it reads, as the official client sets them."""
    cmd = records.operate(key, ops, flags, respond_all)
    if not cmd.info2 & INFO2_WRITE:
        return cmd
    return cmd._replace(info2=cmd.info2 | INFO2_RESPOND_ALL_OPS)


def sub_remove(key: ParsedKey, flags: WriteFlags) -> Command:
    """One record's delete: as remove(), answering as a batch write does (RESPOND_ALL_OPS, as
    the official client sends a batch remove)."""
    cmd = records.remove(key, flags)
    return cmd._replace(info2=cmd.info2 | INFO2_RESPOND_ALL_OPS)


def reads(
    keys: Sequence[ParsedKey], what: int, ops: Sequence[Op] | None, policy: Mapping[str, Any]
) -> BatchCommand:
    """get_many, exists_many, select_many, batch_get_ops, batch_read: the same read of every key
    under one batch policy."""
    rf = read_flags(policy)
    info1 = rf.info1 | what
    info3 = rf.info3
    touch = rf.touch
    return BatchCommand(
        batch_flags(policy),
        [new(Command, (k[0], k[1], k[3], None, info1, 0, info3, 0, touch, ops, None)) for k in keys],
        policy.get("expressions"),
    )


def mixed(subs: list[Command], policy: Mapping[str, Any]) -> BatchCommand:
    """batch_write, batch_operate, batch_remove: records built one by one (sub_read, sub_write,
    sub_remove) under one batch policy."""
    return BatchCommand(batch_flags(policy), subs, policy.get("expressions"))


def generation_of(policy: Mapping[str, Any]) -> int | None:
    """The expected generation a remove policy names (``generation``), if any."""
    return policy.get("generation") or None
