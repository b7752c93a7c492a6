"""Single-record commands: reads (get, select, exists), writes (put, remove_bin, append, prepend,
increment, touch), remove and operate. Each builder takes the parsed key ``(ns, set, user key,
digest)`` and the flags of the resolved policy, and answers the Command the call sends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..command import (
    INFO1_GET_ALL,
    INFO1_GET_NOBINDATA,
    INFO2_DELETE,
    INFO2_RESPOND_ALL_OPS,
    INFO2_WRITE,
    OP_READ,
    OP_TOUCH,
    READ_OPS,
    Command,
    Op,
    new,
)
from .flags import ReadFlags, WriteFlags

ParsedKey = tuple[str, "str | None", Any, bytes]


def _sent_key(user_key: Any, send: bool) -> Any:
    """The user key as a command carries it: only under POLICY_KEY_SEND; a bytearray as bytes."""
    if not send:
        return None
    return bytes(user_key) if type(user_key) is bytearray else user_key


def get(key: ParsedKey, flags: ReadFlags) -> Command:
    """get(): read every bin."""
    return new(Command, (
        key[0], key[1], key[3], _sent_key(key[2], True) if flags[2] else None,
        flags[0] | INFO1_GET_ALL, 0, flags[1], 0, flags[4], None, flags[3],
    ))


def select(key: ParsedKey, bins: Sequence[str], flags: ReadFlags) -> Command:
    """select(): read the named bins (names already checked)."""
    return Command(
        key[0], key[1], key[3], _sent_key(key[2], flags.send_key), flags.info1, 0, flags.info3, 0,
        flags.touch, [(OP_READ, b, None) for b in bins], flags.filter_exp,
    )


def exists(key: ParsedKey, flags: ReadFlags) -> Command:
    """exists(): read the metadata only."""
    return new(Command, (
        key[0], key[1], key[3], _sent_key(key[2], True) if flags[2] else None,
        flags[0] | INFO1_GET_NOBINDATA, 0, flags[1], 0, flags[4], None, flags[3],
    ))


def write(key: ParsedKey, ops: list[Op], flags: WriteFlags) -> Command:
    """put(), remove_bin(), append(), prepend(), increment(), touch(): write operations only."""
    return new(Command, (
        key[0], key[1], key[3], _sent_key(key[2], True) if flags[5] else None, flags[0],
        flags[1] | INFO2_WRITE, flags[2], flags[3], flags[4], ops, flags[6],
    ))


def touch(key: ParsedKey, flags: WriteFlags) -> Command:
    """touch(): a touch operation; the ttl is in ``flags`` (from the call's ``val``)."""
    return write(key, [(OP_TOUCH, "", None)], flags)


def remove(key: ParsedKey, flags: WriteFlags) -> Command:
    """remove(): delete the record (a generation check when the policy asks for one)."""
    return Command(
        key[0], key[1], key[3], _sent_key(key[2], flags.send_key), flags.info1,
        flags.info2 | INFO2_WRITE | INFO2_DELETE, flags.info3, flags.gen, 0, None,
        flags.filter_exp,
    )


def operate(
    key: ParsedKey, ops: list[Op], flags: WriteFlags, respond_all: bool = False
) -> Command:
    """operate(), operate_ordered(): a write command when any operation writes (with the read
    flags when one reads too), else a read command carrying the read modes only.
    ``respond_all``: every operation answers (nil for nothing), which the official client asks
    for when a map operation is among them."""
    reads = any(op[0] in READ_OPS for op in ops)
    every = INFO2_RESPOND_ALL_OPS if respond_all else 0
    if all(op[0] in READ_OPS for op in ops):
        return Command(
            key[0], key[1], key[3], _sent_key(key[2], flags.send_key),
            flags.read_info1 | flags.info1, every, flags.read_info3, 0, flags.read_touch, ops,
            flags.filter_exp,
        )
    return new(Command, (
        key[0], key[1], key[3], _sent_key(key[2], flags.send_key),
        flags.info1 | (flags.read_info1 if reads else 0), flags.info2 | INFO2_WRITE | every,
        flags.info3 | (flags.read_info3 if reads else 0), flags.gen, flags.ttl, ops,
        flags.filter_exp,
    ))
