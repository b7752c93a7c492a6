"""Policies and record metadata resolved into wire flags, once per call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import constants as C
from . import exception
from .command import (
    INFO1_READ_MODE_AP_ALL,
    INFO2_CREATE_ONLY,
    INFO2_DURABLE_DELETE,
    INFO2_GENERATION,
    INFO2_GENERATION_GT,
    INFO3_COMMIT_MASTER,
    INFO3_CREATE_OR_REPLACE,
    INFO3_REPLACE_ONLY,
    INFO3_UPDATE_ONLY,
    TTL_DONT_UPDATE,
    TTL_NEVER_EXPIRE,
)

_EXISTS_FLAGS = {
    C.POLICY_EXISTS_IGNORE: (0, 0),
    C.POLICY_EXISTS_CREATE: (INFO2_CREATE_ONLY, 0),
    C.POLICY_EXISTS_UPDATE: (0, INFO3_UPDATE_ONLY),
    C.POLICY_EXISTS_REPLACE: (0, INFO3_REPLACE_ONLY),
    C.POLICY_EXISTS_CREATE_OR_REPLACE: (0, INFO3_CREATE_OR_REPLACE),
}

TTL_CLIENT_DEFAULT = 0xFFFFFFFD


class WriteFlags:
    """The wire form of a write's policy and metadata."""

    __slots__ = ("filter_exp", "gen", "info1", "info2", "info3", "send_key", "ttl")

    def __init__(
        self, info1: int, info2: int, info3: int, gen: int, ttl: int, send_key: bool, filter_exp: Any
    ) -> None:
        self.info1 = info1
        self.info2 = info2
        self.info3 = info3
        self.gen = gen
        self.ttl = ttl
        self.send_key = send_key
        self.filter_exp = filter_exp


def wire_ttl(ttl: Any, policy_ttl: Any = 0) -> int:
    """A user ttl as the unsigned 32-bit wire value. Raises ParamError for a bad ttl.

    -1 / TTL_NEVER_EXPIRE never expire, -2 / TTL_DONT_UPDATE keep the current ttl, 0 takes the
    namespace default, -3 / TTL_CLIENT_DEFAULT takes the policy's ttl.
    """
    if isinstance(ttl, bool) or not isinstance(ttl, int):
        raise exception.error(exception.ParamError, f"ttl must be an int, not {type(ttl).__name__}")
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


def write_flags(policy: Mapping[str, Any], meta: Mapping[str, Any] | None) -> WriteFlags:
    """Resolve a write-kind policy (write, operate, remove, ...) and a call's meta into flags.

    Raises ParamError for bad meta.
    """
    info2 = 0
    info3 = 0
    exists = policy.get("exists", C.POLICY_EXISTS_IGNORE)
    e2, e3 = _EXISTS_FLAGS.get(exists, (0, 0))
    info2 |= e2
    info3 |= e3
    gen_policy = policy.get("gen", C.POLICY_GEN_IGNORE)
    if gen_policy == C.POLICY_GEN_EQ:
        info2 |= INFO2_GENERATION
    elif gen_policy == C.POLICY_GEN_GT:
        info2 |= INFO2_GENERATION_GT
    if policy.get("commit_level") == C.POLICY_COMMIT_LEVEL_MASTER:
        info3 |= INFO3_COMMIT_MASTER
    if policy.get("durable_delete"):
        info2 |= INFO2_DURABLE_DELETE
    info1 = INFO1_READ_MODE_AP_ALL if policy.get("read_mode_ap") == C.POLICY_READ_MODE_AP_ALL else 0
    policy_ttl = policy.get("ttl", 0)
    gen = 0
    ttl: int | None = None
    if meta is not None:
        if not isinstance(meta, Mapping):
            raise exception.error(exception.ParamError, "meta must be a dict with 'gen' and/or 'ttl'")
        if "gen" in meta:
            g = meta["gen"]
            if isinstance(g, bool) or not isinstance(g, int) or not 0 <= g <= 0xFFFFFFFF:
                raise exception.error(
                    exception.ParamError,
                    f"meta 'gen' must be a non-negative int, not {exception.describe(g)}",
                )
            gen = g
        if "ttl" in meta:
            ttl = wire_ttl(meta["ttl"], policy_ttl)
    if ttl is None:
        ttl = wire_ttl(policy_ttl) if policy_ttl else 0
    return WriteFlags(
        info1, info2, info3, gen, ttl, policy.get("key") == C.POLICY_KEY_SEND,
        policy.get("expressions"),
    )


def read_flags(policy: Mapping[str, Any]) -> int:
    """info1 bits a read policy implies (besides READ itself)."""
    from .command import INFO1_READ

    info1 = INFO1_READ
    if policy.get("read_mode_ap") == C.POLICY_READ_MODE_AP_ALL:
        info1 |= INFO1_READ_MODE_AP_ALL
    return info1
