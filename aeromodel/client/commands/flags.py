"""Resolved policies and record metadata as wire flags: what a command carries, and ``Net``, what
travels beside it. Pure functions, computed once per call (once per client for default policies)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from .. import constants as C
from .. import exception
from ..command import (
    INFO1_COMPRESS_RESPONSE,
    INFO1_READ,
    INFO1_READ_MODE_AP_ALL,
    INFO2_CREATE_ONLY,
    INFO2_DURABLE_DELETE,
    INFO2_GENERATION,
    INFO2_GENERATION_GT,
    INFO3_COMMIT_MASTER,
    INFO3_CREATE_OR_REPLACE,
    INFO3_REPLACE_ONLY,
    INFO3_SC_READ_RELAX,
    INFO3_SC_READ_TYPE,
    INFO3_UPDATE_ONLY,
    TTL_DONT_UPDATE,
    TTL_NEVER_EXPIRE,
    Net,
)

_EXISTS_FLAGS = {
    C.POLICY_EXISTS_IGNORE: (0, 0),
    C.POLICY_EXISTS_CREATE: (INFO2_CREATE_ONLY, 0),
    C.POLICY_EXISTS_UPDATE: (0, INFO3_UPDATE_ONLY),
    C.POLICY_EXISTS_REPLACE: (0, INFO3_REPLACE_ONLY),
    C.POLICY_EXISTS_CREATE_OR_REPLACE: (0, INFO3_CREATE_OR_REPLACE),
}
_SC_READ_FLAGS = {
    C.POLICY_READ_MODE_SC_SESSION: 0,
    C.POLICY_READ_MODE_SC_LINEARIZE: INFO3_SC_READ_TYPE,
    C.POLICY_READ_MODE_SC_ALLOW_REPLICA: INFO3_SC_READ_RELAX,
    C.POLICY_READ_MODE_SC_ALLOW_UNAVAILABLE: INFO3_SC_READ_TYPE | INFO3_SC_READ_RELAX,
}
_new = tuple.__new__
META_KEYS = frozenset({"gen", "ttl"})
TTL_CLIENT_DEFAULT = 0xFFFFFFFD


class ReadFlags(NamedTuple):
    """The wire form of a read policy: info1 (READ, read mode AP, compression), info3 (read mode
    SC), whether the user key is sent, the filter expression, and the read-touch percent a read
    carries in its ttl field."""

    info1: int
    info3: int
    send_key: bool
    filter_exp: Any
    touch: int


class WriteFlags(NamedTuple):
    """The wire form of a write-kind policy and a call's meta. ``read_info1``/``read_info3`` are
    added when the command also reads (operate)."""

    info1: int
    info2: int
    info3: int
    gen: int
    ttl: int
    send_key: bool
    filter_exp: Any
    read_info1: int
    read_info3: int
    read_touch: int  # the ttl field of a command that only reads (operate of reads)


def _read_bits(policy: Mapping[str, Any]) -> tuple[int, int]:
    """(info1, info3) bits of a policy's read modes. The 3.x ``consistency_level`` ALL and
    ``linearize_read`` are the older names of read_mode_ap ALL and read_mode_sc LINEARIZE."""
    info1 = 0
    if (
        policy.get("read_mode_ap") == C.POLICY_READ_MODE_AP_ALL
        or policy.get("consistency_level") == C.POLICY_CONSISTENCY_ALL
    ):
        info1 |= INFO1_READ_MODE_AP_ALL
    info3 = _SC_READ_FLAGS.get(policy.get("read_mode_sc", 0), 0)
    if policy.get("linearize_read"):
        info3 |= INFO3_SC_READ_TYPE
    return info1, info3


def touch_percent(policy: Mapping[str, Any]) -> int:
    """A policy's ``read_touch_ttl_percent`` as a read's ttl field carries it: 0 (the server's
    default), 1 to 100, or -1 (never) as 0xFFFFFFFF."""
    pct = policy.get("read_touch_ttl_percent", 0)
    return 0xFFFFFFFF if pct == -1 else int(pct or 0)


def read_flags(policy: Mapping[str, Any]) -> ReadFlags:
    """The wire form of a resolved read (or batch) policy."""
    info1, info3 = _read_bits(policy)
    info1 |= INFO1_READ
    if policy.get("compress"):
        info1 |= INFO1_COMPRESS_RESPONSE
    return ReadFlags(
        info1, info3, policy.get("key") == C.POLICY_KEY_SEND, policy.get("expressions"),
        touch_percent(policy),
    )


def net_of(policy: Mapping[str, Any]) -> Net:
    """What only a network transport needs from a resolved policy (timeouts, retries, replica)."""
    return Net(
        policy.get("total_timeout", 1000),
        policy.get("socket_timeout", 30000),
        policy.get("max_retries", 0),
        policy.get("sleep_between_retries", 0),
        policy.get("replica", C.POLICY_REPLICA_SEQUENCE),
    )


def wire_ttl(ttl: Any, policy_ttl: Any = 0) -> int:
    """A user ttl as the unsigned 32-bit wire value. Raises ParamError for a bad ttl.

    -1 / TTL_NEVER_EXPIRE never expire, -2 / TTL_DONT_UPDATE keep the current ttl, 0 takes the
    namespace default, -3 / TTL_CLIENT_DEFAULT takes the policy's ttl.
    """
    if isinstance(ttl, bool) or not isinstance(ttl, int):
        raise exception.error(exception.ParamError, "Ttl should be an int or long")  # official
    if ttl == -3 or ttl == TTL_CLIENT_DEFAULT:
        return wire_ttl(policy_ttl) if policy_ttl not in (-3, TTL_CLIENT_DEFAULT) else 0
    if ttl == -1:
        return TTL_NEVER_EXPIRE
    if ttl == -2:
        return TTL_DONT_UPDATE
    if not 0 <= ttl <= 0xFFFFFFFF:
        raise exception.error(
            exception.ParamError, f"ttl {exception.describe(ttl)} is out of range"
        )
    return ttl


def check_meta(meta: Any) -> Mapping[str, Any] | None:
    """A call's meta: None, or a dict of ``gen`` and ``ttl``. Raises ParamError naming any other
    key (``{"tll": 60}`` must not silently write without a ttl)."""
    if meta is None:
        return None
    if not isinstance(meta, Mapping):
        raise exception.error(exception.ParamError, "Metadata should be of type dictionary")
    for k in meta:
        if k not in META_KEYS:
            raise exception.error(
                exception.ParamError,
                f"unknown meta key {exception.describe(k)}: meta takes 'gen' and 'ttl'",
            )
    return meta


def write_flags(
    policy: Mapping[str, Any], meta: Mapping[str, Any] | None, gen: int | None = None
) -> WriteFlags:
    """Resolve a write-kind policy (write, operate, remove, batch_write, ...) and a call's meta
    into flags; ``gen`` is an expected generation from the policy itself (remove's
    ``generation``), used when meta gives none. Raises ParamError for bad meta."""
    e2, e3 = _EXISTS_FLAGS.get(policy.get("exists", C.POLICY_EXISTS_IGNORE), (0, 0))
    info2 = e2
    info3 = e3
    gen_policy = policy.get("gen", C.POLICY_GEN_IGNORE)
    if gen_policy == C.POLICY_GEN_EQ:
        info2 |= INFO2_GENERATION
    elif gen_policy == C.POLICY_GEN_GT:
        info2 |= INFO2_GENERATION_GT
    if policy.get("commit_level") == C.POLICY_COMMIT_LEVEL_MASTER:
        info3 |= INFO3_COMMIT_MASTER
    if policy.get("durable_delete"):
        info2 |= INFO2_DURABLE_DELETE
    info1 = INFO1_COMPRESS_RESPONSE if policy.get("compress") else 0
    read_info1, read_info3 = _read_bits(policy)
    policy_ttl = policy.get("ttl", 0)
    flags = WriteFlags(
        info1, info2, info3, gen or 0, wire_ttl(policy_ttl) if policy_ttl else 0,
        policy.get("key") == C.POLICY_KEY_SEND, policy.get("expressions"),
        read_info1 | INFO1_READ, read_info3, touch_percent(policy),
    )
    return flags if meta is None else with_meta(flags, meta)


def with_meta(flags: WriteFlags, meta: Any) -> WriteFlags:
    """``flags`` of a write-kind policy (made without meta) with a call's meta over them: meta's
    ``gen`` replaces the policy's expected generation, meta's ``ttl`` the policy's
    (TTL_CLIENT_DEFAULT keeps it). Apart so that a remembered policy's flags take each call's meta.
    Raises ParamError for bad meta."""
    if type(meta) is not dict or not META_KEYS.issuperset(meta):
        meta = check_meta(meta)
        if meta is None:
            return flags
    f0, f1, f2, gen, ttl, f5, f6, f7, f8, f9 = flags
    if "gen" in meta:
        g = meta["gen"]
        if type(g) is not int and (isinstance(g, bool) or not isinstance(g, int)):
            raise exception.error(exception.ParamError, "Generation should be an int or long")
        if not 0 <= g <= 0xFFFFFFFF:
            raise exception.error(
                exception.ParamError,
                f"meta 'gen' must be a non-negative int, not {exception.describe(g)}",
            )
        gen = g
    if "ttl" in meta:
        ttl = wire_ttl(meta["ttl"], ttl)
    return _new(WriteFlags, (f0, f1, f2, gen, ttl, f5, f6, f7, f8, f9))

