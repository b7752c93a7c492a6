"""Policy dictionaries: every kind's documented keys and defaults, client overrides, call checks.

The tables below are the documentation in data form: kind -> {key: (default, validator)}. A client
resolves them once into read-only mappings, so a call without a policy costs one dict lookup.

Sources: the official client's doc/client.rst "Policies", doc/scan.rst and doc/query.rst
(aerospike-client-python 19.x) for keys and defaults, its src/main/aerospike.c for the accepted key
sets, its src/main/client/type.c for the deprecated top-level keys of ``config['policies']``, and the
C client's as_policy.h where the Python docs are silent. Keys documented only by the 3.x manual
(``consistency_level``, ``linearize_read``, ...) are accepted and kept, with their 3.x default.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from aeromodel.client import constants, exception
from aeromodel.client.policy_cache import PolicyKey, policy_key, remember
from aeromodel.client.values import Expression

__all__ = ["CONFIG_KINDS", "POLICY_KINDS", "PolicySet"]

_U32_MAX: Final = 0xFFFF_FFFF


class _Invalid(Exception):
    """A policy value failed its check: ``expected`` says what was wanted."""

    def __init__(self, expected: str, *, wrong_type: bool) -> None:
        super().__init__(expected)
        self.expected = expected
        self.wrong_type = wrong_type


_USE_DEFAULT: Final = object()
"""Returned by a validator when the value means "keep the default" (None for some keys)."""


class _Validator(ABC):
    """Checks one policy value and returns it in canonical form.

    Raises:
        _Invalid: the value has the wrong type or is out of range.
    """

    __slots__ = ("expected",)

    def __init__(self, expected: str) -> None:
        self.expected = expected

    @abstractmethod
    def __call__(self, value: Any) -> Any:
        """Check ``value``; return it in canonical form."""


def _as_int(value: Any) -> int:
    """The value as a plain int (IntEnum members included); bools and floats are refused."""
    if type(value) is int:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise _Invalid("an int", wrong_type=True)


class _Int(_Validator):
    """An int in [lo, hi]."""

    __slots__ = ("hi", "lo")

    def __init__(self, lo: int, hi: int, expected: str | None = None) -> None:
        super().__init__(expected or f"an int from {lo} to {hi}")
        self.lo = lo
        self.hi = hi

    def __call__(self, value: Any) -> Any:
        value = _as_int(value)
        if not self.lo <= value <= self.hi:
            raise _Invalid(self.expected, wrong_type=False)
        return value


class _Enum(_Validator):
    """One of the values of the named ``aerospike`` constants."""

    __slots__ = ("values",)

    def __init__(self, *names: str) -> None:
        values = {name: getattr(constants, name) for name in names}
        super().__init__(
            "one of " + ", ".join(f"aerospike.{name} ({value})" for name, value in values.items())
        )
        self.values = frozenset(values.values())

    def __call__(self, value: Any) -> Any:
        value = _as_int(value)
        if value not in self.values:
            raise _Invalid(self.expected, wrong_type=False)
        return value


class _Flags(_Validator):
    """0 or a bitwise or of the named ``aerospike`` flag constants."""

    __slots__ = ("mask",)

    def __init__(self, *names: str) -> None:
        values = {name: getattr(constants, name) for name in names}
        super().__init__(
            "0 or an | of " + ", ".join(f"aerospike.{name} ({v})" for name, v in values.items())
        )
        mask = 0
        for flag in values.values():
            mask |= flag
        self.mask = mask

    def __call__(self, value: Any) -> Any:
        value = _as_int(value)
        if value < 0 or value & ~self.mask:
            raise _Invalid(self.expected, wrong_type=False)
        return value


class _Bool(_Validator):
    """A bool; 0 and 1 are taken as False and True, as the official client does."""

    __slots__ = ()

    def __call__(self, value: Any) -> Any:
        if value is True or value is False:
            return value
        if type(value) is int and value in (0, 1):
            return bool(value)
        raise _Invalid(self.expected, wrong_type=True)


class _Ttl(_Validator):
    """A record ttl in seconds; -1 and -2 become TTL_NEVER_EXPIRE and TTL_DONT_UPDATE.

    TTL_CLIENT_DEFAULT is refused: a policy's ttl is the client default.
    """

    __slots__ = ()

    def __call__(self, value: Any) -> Any:
        value = _as_int(value)
        if value < 0:
            value += _U32_MAX + 1
        if not 0 <= value <= _U32_MAX or value == constants.TTL_CLIENT_DEFAULT:
            raise _Invalid(self.expected, wrong_type=False)
        return value


class _Type(_Validator):
    """An instance of one of ``types`` (None included only if listed)."""

    __slots__ = ("types",)

    def __init__(self, expected: str, *types: type) -> None:
        super().__init__(expected)
        self.types = types

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, self.types):
            raise _Invalid(self.expected, wrong_type=True)
        return value


class _Anything(_Validator):
    """Any value: checked where it is used (a Transaction, a MetricsPolicy)."""

    __slots__ = ()

    def __call__(self, value: Any) -> Any:
        return value


class _NotBuilt(_Validator):
    """A setting whose feature aeromodel does not have yet: only the value that asks for nothing
    passes; any other is refused, never ignored (a filter expression that is dropped would turn a
    conditional delete into an unconditional one)."""

    __slots__ = ("allowed", "inner")

    def __init__(self, inner: _Validator, allowed: tuple[Any, ...], feature: str) -> None:
        shown = " or ".join(repr(a) for a in allowed)
        super().__init__(f"{shown}: {feature} is not supported by aeromodel yet")
        self.inner = inner
        self.allowed = allowed

    def __call__(self, value: Any) -> Any:
        value = self.inner(value)
        if not any(value == a and type(value) is type(a) for a in self.allowed):
            raise _Invalid(self.expected, wrong_type=False)
        return value


class _NoneIsDefault(_Validator):
    """None keeps the default (the official client does so for these keys); else ``inner``."""

    __slots__ = ("inner",)

    def __init__(self, inner: _Validator) -> None:
        super().__init__(inner.expected + " or None")
        self.inner = inner

    def __call__(self, value: Any) -> Any:
        return _USE_DEFAULT if value is None else self.inner(value)


_ANY_VALUE: Final = _Anything("any value")
_MS: Final = _Int(0, _U32_MAX, f"an int from 0 to {_U32_MAX} (milliseconds)")
_U32: Final = _Int(0, _U32_MAX)
_U64: Final = _Int(0, 2**64 - 1)
_GENERATION: Final = _Int(0, 0xFFFF)
_TOUCH_PERCENT: Final = _Int(-1, 100, "-1 (never), 0 (the namespace default) or a percent from 1 to 100")
_DESERIALIZE: Final = _NotBuilt(
    _Bool("a bool"), (True,), "reading lists and maps back as raw msgpack bytes (deserialize=False)"
)
_BOOL: Final = _Bool("a bool")
_ON_LOCKING_ONLY: Final = _NotBuilt(
    _Bool("a bool"), (False,), "writing only records a transaction has locked (on_locking_only)"
)
_TTL: Final = _Ttl(
    f"a ttl in seconds from 0 to {constants.TTL_CLIENT_DEFAULT - 1}, "
    "or -1/aerospike.TTL_NEVER_EXPIRE, or -2/aerospike.TTL_DONT_UPDATE"
)
_EXPRESSIONS: Final = _Type(
    "a compiled expression (an aerospike_helpers.expressions expression's .compile()) or None",
    Expression,
    type(None),
)
_TXN: Final = _NotBuilt(_ANY_VALUE, (None,), "a multi-record transaction (txn)")
_PARTITION_FILTER: Final = _Type("a partition filter (dict) or None", Mapping, type(None))
_ANY: Final = _ANY_VALUE

_KEY: Final = _Enum("POLICY_KEY_DIGEST", "POLICY_KEY_SEND")
_EXISTS: Final = _Enum(
    "POLICY_EXISTS_IGNORE",
    "POLICY_EXISTS_CREATE",
    "POLICY_EXISTS_UPDATE",
    "POLICY_EXISTS_REPLACE",
    "POLICY_EXISTS_CREATE_OR_REPLACE",
)
_GEN: Final = _Enum("POLICY_GEN_IGNORE", "POLICY_GEN_EQ", "POLICY_GEN_GT")
_COMMIT_LEVEL: Final = _Enum("POLICY_COMMIT_LEVEL_ALL", "POLICY_COMMIT_LEVEL_MASTER")
_REPLICA: Final = _Enum(
    "POLICY_REPLICA_MASTER",
    "POLICY_REPLICA_ANY",
    "POLICY_REPLICA_SEQUENCE",
    "POLICY_REPLICA_PREFER_RACK",
    "POLICY_REPLICA_RANDOM",
)
_READ_MODE_AP: Final = _Enum("POLICY_READ_MODE_AP_ONE", "POLICY_READ_MODE_AP_ALL")
_READ_MODE_SC: Final = _Enum(
    "POLICY_READ_MODE_SC_SESSION",
    "POLICY_READ_MODE_SC_LINEARIZE",
    "POLICY_READ_MODE_SC_ALLOW_REPLICA",
    "POLICY_READ_MODE_SC_ALLOW_UNAVAILABLE",
)
_CONSISTENCY: Final = _Enum("POLICY_CONSISTENCY_ONE", "POLICY_CONSISTENCY_ALL")
_RETRY: Final = _Enum("POLICY_RETRY_NONE", "POLICY_RETRY_ONCE")
_QUERY_DURATION: Final = _Enum(
    "QUERY_DURATION_LONG", "QUERY_DURATION_SHORT", "QUERY_DURATION_LONG_RELAX_AP"
)
_AUTH_MODE: Final = _Enum("AUTH_INTERNAL", "AUTH_EXTERNAL", "AUTH_EXTERNAL_INSECURE", "AUTH_PKI")
_LIST_ORDER: Final = _Enum("LIST_UNORDERED", "LIST_ORDERED")
_LIST_WRITE_FLAGS: Final = _Flags(
    "LIST_WRITE_ADD_UNIQUE", "LIST_WRITE_INSERT_BOUNDED", "LIST_WRITE_NO_FAIL", "LIST_WRITE_PARTIAL"
)
_MAP_ORDER: Final = _Enum("MAP_UNORDERED", "MAP_KEY_ORDERED", "MAP_KEY_VALUE_ORDERED")
_MAP_WRITE_FLAGS: Final = _Flags(
    "MAP_WRITE_FLAGS_CREATE_ONLY",
    "MAP_WRITE_FLAGS_UPDATE_ONLY",
    "MAP_WRITE_FLAGS_NO_FAIL",
    "MAP_WRITE_FLAGS_PARTIAL",
)
_MAP_WRITE_MODE: Final = _Enum("MAP_UPDATE", "MAP_UPDATE_ONLY", "MAP_CREATE_ONLY")
_BIT_WRITE_FLAGS: Final = _Flags(
    "BIT_WRITE_CREATE_ONLY", "BIT_WRITE_UPDATE_ONLY", "BIT_WRITE_NO_FAIL", "BIT_WRITE_PARTIAL"
)
_HLL_WRITE_FLAGS: Final = _Flags(
    "HLL_WRITE_CREATE_ONLY", "HLL_WRITE_UPDATE_ONLY", "HLL_WRITE_NO_FAIL", "HLL_WRITE_ALLOW_FOLD"
)

_Spec = dict[str, tuple[Any, _Validator]]

# Base policies (client.rst "Base Policies"): every command policy has these keys.
_BASE: Final[_Spec] = {
    "max_retries": (0, _U32),
    "sleep_between_retries": (0, _MS),
    "socket_timeout": (30000, _MS),
    "total_timeout": (1000, _MS),
    "timeout_delay": (3000, _MS),
    "connect_timeout": (0, _MS),
    "compress": (False, _BOOL),
    "expressions": (None, _EXPRESSIONS),
    "txn": (None, _TXN),
}
# "Default for read and batch policies: 2".
_BASE_READ: Final[_Spec] = {**_BASE, "max_retries": (2, _U32)}
# "total_timeout: default for query and scan policies: 0". max_retries: the docs' "0 for the other
# policies" predates the C client's as_policy_base_query_init (5), which the official client uses.
_BASE_QUERY: Final[_Spec] = {**_BASE, "total_timeout": (0, _MS), "max_retries": (5, _U32)}

# Read keys the 3.x manual documents; replaced in 3.7.0 by read_mode_ap / read_mode_sc.
_READ_3X: Final[_Spec] = {
    "consistency_level": (constants.POLICY_CONSISTENCY_ONE, _CONSISTENCY),
    "linearize_read": (False, _BOOL),
}

_BATCH: Final[_Spec] = {
    **_BASE_READ,
    "read_mode_ap": (constants.POLICY_READ_MODE_AP_ONE, _READ_MODE_AP),
    "read_mode_sc": (constants.POLICY_READ_MODE_SC_SESSION, _READ_MODE_SC),
    "read_touch_ttl_percent": (0, _TOUCH_PERCENT),
    "replica": (constants.POLICY_REPLICA_SEQUENCE, _REPLICA),
    "concurrent": (False, _BOOL),
    "allow_inline": (True, _BOOL),
    "allow_inline_ssd": (False, _BOOL),
    "deserialize": (True, _DESERIALIZE),
    "respond_all_keys": (True, _BOOL),
    # 3.x manual only.
    **_READ_3X,
    "send_set_name": (False, _BOOL),
    "use_batch_direct": (False, _BOOL),
}

_INFO: Final[_Spec] = {
    "timeout": (1000, _MS),
    # Undocumented, but accepted by the official client.
    "send_as_is": (True, _BOOL),
    "check_bounds": (True, _BOOL),
}

_KIND_SPECS: Final[dict[str, _Spec]] = {
    "read": {
        **_BASE_READ,
        "deserialize": (True, _DESERIALIZE),
        "key": (constants.POLICY_KEY_DIGEST, _KEY),
        "read_mode_ap": (constants.POLICY_READ_MODE_AP_ONE, _READ_MODE_AP),
        "read_mode_sc": (constants.POLICY_READ_MODE_SC_SESSION, _READ_MODE_SC),
        "read_touch_ttl_percent": (0, _TOUCH_PERCENT),
        "replica": (constants.POLICY_REPLICA_SEQUENCE, _REPLICA),
        **_READ_3X,
    },
    "write": {
        **_BASE,
        "key": (constants.POLICY_KEY_DIGEST, _KEY),
        # The 3.x manual's "Default: POLICY_GEN_IGNORE" for exists is a typo: same value 0.
        "exists": (constants.POLICY_EXISTS_IGNORE, _EXISTS),
        "ttl": (constants.TTL_NAMESPACE_DEFAULT, _TTL),
        "gen": (constants.POLICY_GEN_IGNORE, _GEN),
        "commit_level": (constants.POLICY_COMMIT_LEVEL_ALL, _COMMIT_LEVEL),
        "durable_delete": (False, _BOOL),
        "compression_threshold": (0, _U32),
        "replica": (constants.POLICY_REPLICA_SEQUENCE, _REPLICA),
        "on_locking_only": (False, _ON_LOCKING_ONLY),
    },
    "operate": {
        **_BASE,
        "key": (constants.POLICY_KEY_DIGEST, _KEY),
        "gen": (constants.POLICY_GEN_IGNORE, _GEN),
        "ttl": (constants.TTL_NAMESPACE_DEFAULT, _TTL),
        "read_touch_ttl_percent": (0, _TOUCH_PERCENT),
        "replica": (constants.POLICY_REPLICA_SEQUENCE, _REPLICA),
        "commit_level": (constants.POLICY_COMMIT_LEVEL_ALL, _COMMIT_LEVEL),
        "read_mode_ap": (constants.POLICY_READ_MODE_AP_ONE, _READ_MODE_AP),
        "read_mode_sc": (constants.POLICY_READ_MODE_SC_SESSION, _READ_MODE_SC),
        "exists": (constants.POLICY_EXISTS_IGNORE, _EXISTS),
        "durable_delete": (False, _BOOL),
        "deserialize": (True, _DESERIALIZE),
        "on_locking_only": (False, _ON_LOCKING_ONLY),
        **_READ_3X,
    },
    "apply": {
        **_BASE,
        "key": (constants.POLICY_KEY_DIGEST, _KEY),
        "replica": (constants.POLICY_REPLICA_SEQUENCE, _REPLICA),
        "commit_level": (constants.POLICY_COMMIT_LEVEL_ALL, _COMMIT_LEVEL),
        "ttl": (constants.TTL_NAMESPACE_DEFAULT, _TTL),
        "durable_delete": (False, _BOOL),
        "on_locking_only": (False, _ON_LOCKING_ONLY),
        # 3.x manual only.
        "linearize_read": (False, _BOOL),
        "gen": (constants.POLICY_GEN_IGNORE, _GEN),
    },
    "remove": {
        **_BASE,
        "key": (constants.POLICY_KEY_DIGEST, _KEY),
        "commit_level": (constants.POLICY_COMMIT_LEVEL_ALL, _COMMIT_LEVEL),
        "gen": (constants.POLICY_GEN_IGNORE, _GEN),
        "generation": (0, _GENERATION),
        "durable_delete": (False, _BOOL),
        "replica": (constants.POLICY_REPLICA_SEQUENCE, _REPLICA),
    },
    "batch": _BATCH,
    "batch_write": {
        "key": (constants.POLICY_KEY_DIGEST, _KEY),
        "commit_level": (constants.POLICY_COMMIT_LEVEL_ALL, _COMMIT_LEVEL),
        "gen": (constants.POLICY_GEN_IGNORE, _GEN),
        "exists": (constants.POLICY_EXISTS_IGNORE, _EXISTS),
        "durable_delete": (False, _BOOL),
        "expressions": (None, _EXPRESSIONS),
        "ttl": (constants.TTL_NAMESPACE_DEFAULT, _TTL),
        "on_locking_only": (False, _ON_LOCKING_ONLY),
    },
    "batch_read": {
        "read_mode_ap": (constants.POLICY_READ_MODE_AP_ONE, _READ_MODE_AP),
        "read_mode_sc": (constants.POLICY_READ_MODE_SC_SESSION, _READ_MODE_SC),
        "expressions": (None, _EXPRESSIONS),
        "read_touch_ttl_percent": (0, _TOUCH_PERCENT),
    },
    "batch_remove": {
        "key": (constants.POLICY_KEY_DIGEST, _KEY),
        "commit_level": (constants.POLICY_COMMIT_LEVEL_ALL, _COMMIT_LEVEL),
        "gen": (constants.POLICY_GEN_IGNORE, _GEN),
        "generation": (0, _GENERATION),
        "durable_delete": (False, _BOOL),
        "expressions": (None, _EXPRESSIONS),
    },
    "batch_apply": {
        "key": (constants.POLICY_KEY_DIGEST, _KEY),
        "commit_level": (constants.POLICY_COMMIT_LEVEL_ALL, _COMMIT_LEVEL),
        "ttl": (constants.TTL_NAMESPACE_DEFAULT, _TTL),
        "durable_delete": (False, _BOOL),
        "expressions": (None, _EXPRESSIONS),
        "on_locking_only": (False, _ON_LOCKING_ONLY),
    },
    # Parent batch policy of batch_write / batch_operate with writes / batch_apply / batch_remove.
    "batch_parent_write": {**_BATCH, "max_retries": (0, _U32)},
    # Transaction verify and roll batches (as_policy_txn_verify_init / as_policy_txn_roll_init).
    "txn_verify": {
        **_BATCH,
        "socket_timeout": (3000, _MS),
        "total_timeout": (10000, _MS),
        "max_retries": (5, _U32),
        "sleep_between_retries": (1000, _MS),
        "replica": (constants.POLICY_REPLICA_MASTER, _REPLICA),
        "read_mode_sc": (constants.POLICY_READ_MODE_SC_LINEARIZE, _READ_MODE_SC),
    },
    "txn_roll": {
        **_BATCH,
        "socket_timeout": (3000, _MS),
        "total_timeout": (10000, _MS),
        "max_retries": (5, _U32),
        "sleep_between_retries": (1000, _MS),
        "replica": (constants.POLICY_REPLICA_MASTER, _REPLICA),
    },
    "scan": {
        **_BASE_QUERY,
        "durable_delete": (False, _BOOL),
        "records_per_second": (0, _U32),
        "max_records": (0, _U64),
        "partition_filter": (MappingProxyType({}), _PARTITION_FILTER),
        "replica": (constants.POLICY_REPLICA_SEQUENCE, _REPLICA),
        "ttl": (constants.TTL_NAMESPACE_DEFAULT, _TTL),
        # 3.x manual only; no effect since server 4.9.
        "fail_on_cluster_change": (False, _BOOL),
    },
    "query": {
        **_BASE_QUERY,
        "deserialize": (True, _DESERIALIZE),
        "expected_duration": (constants.QUERY_DURATION_LONG, _QUERY_DURATION),
        "short_query": (False, _BOOL),
        "partition_filter": (MappingProxyType({}), _PARTITION_FILTER),
        "replica": (constants.POLICY_REPLICA_SEQUENCE, _REPLICA),
        # Ignored since 7.0.0, which moved them to Query.max_records / Query.records_per_second.
        "max_records": (0, _U64),
        "records_per_second": (0, _U32),
    },
    "info": _INFO,
    "admin": {"timeout": (1000, _MS)},
    # Operation policies (map_policy, list_policy, ... of list/map/bit/HLL operations).
    "list": {
        "write_flags": (constants.LIST_WRITE_DEFAULT, _NoneIsDefault(_LIST_WRITE_FLAGS)),
        "list_order": (constants.LIST_UNORDERED, _NoneIsDefault(_LIST_ORDER)),
    },
    "map": {
        "map_write_flags": (constants.MAP_WRITE_FLAGS_DEFAULT, _MAP_WRITE_FLAGS),
        "map_order": (constants.MAP_UNORDERED, _MAP_ORDER),
        "persist_index": (False, _BOOL),
        # 3.x manual only; map_write_flags replaced it.
        "map_write_mode": (constants.MAP_UPDATE, _MAP_WRITE_MODE),
    },
    "bit": {"bit_write_flags": (constants.BIT_WRITE_DEFAULT, _BIT_WRITE_FLAGS)},
    "hll": {"flags": (constants.HLL_WRITE_DEFAULT, _NoneIsDefault(_HLL_WRITE_FLAGS))},
}

# Calls whose one policy dict carries the keys of two kinds: scan_apply (scan + info) and
# query_apply (write + info), as the official client reads them. Not settable in the config.
_COMPOSITE_KINDS: Final[dict[str, tuple[str, str]]] = {
    "scan_apply": ("scan", "info"),
    "query_apply": ("write", "info"),
}

POLICY_KINDS: Final[tuple[str, ...]] = (
    "read",
    "write",
    "operate",
    "apply",
    "remove",
    "batch",
    "batch_write",
    "batch_read",
    "batch_remove",
    "batch_apply",
    "batch_parent_write",
    "txn_verify",
    "txn_roll",
    "scan",
    "query",
    "scan_apply",
    "query_apply",
    "info",
    "admin",
    "list",
    "map",
    "bit",
    "hll",
)
"""Every kind ``PolicySet.resolve`` knows."""

CONFIG_KINDS: Final[tuple[str, ...]] = (
    "read",
    "write",
    "apply",
    "operate",
    "remove",
    "query",
    "scan",
    "batch",
    "batch_remove",
    "batch_apply",
    "batch_write",
    "batch_parent_write",
    "info",
    "admin",
    "txn_verify",
    "txn_roll",
)
"""The kinds ``config['policies']`` may hold a dict for (the official client's set)."""

# Keys documented as per-call only ("these policies do not accept expressions", txn and
# on_locking_only "do not work for config level policies").
_CALL_ONLY_KEYS: Final = frozenset({"expressions", "txn", "on_locking_only"})

# Deprecated top-level keys of config['policies'] and the kinds each sets a default for, as the
# official client's constructor applies them (under the per-kind dicts).
_TOP_LEVEL_DEFAULTS: Final[dict[str, tuple[str, ...]]] = {
    "total_timeout": ("read", "write", "apply", "operate", "remove", "query", "scan", "batch"),
    "socket_timeout": ("read", "write", "apply", "operate", "remove", "query", "scan", "batch"),
    "max_retries": ("read", "write", "apply", "operate", "remove", "query", "scan", "batch"),
    "key": ("read", "write", "apply", "operate", "remove"),
    "exists": ("write",),
    "replica": ("read", "write", "apply", "operate", "remove", "batch", "scan", "query"),
    "commit_level": ("write", "apply", "operate", "remove"),
    "read_mode_ap": ("read", "operate", "batch"),
    "read_mode_sc": ("read", "operate", "batch"),
    # 3.x manual: "set this individually as needed in the 'read', 'operate', 'batch' policies".
    "consistency_level": ("read", "operate", "batch"),
}

# Other top-level entries of config['policies']: client settings, not command policies.
_CLIENT_SETTINGS: Final[_Spec] = {
    "auth_mode": (constants.AUTH_INTERNAL, _NoneIsDefault(_AUTH_MODE)),
    "login_timeout_ms": (5000, _MS),
    "metrics": (None, _ANY),
    # Removed in 3.0.0; accepted and ignored.
    "retry": (constants.POLICY_RETRY_NONE, _RETRY),
}


def _spec_of(kind: str) -> _Spec:
    """The key table of a kind, composite kinds included."""
    parts = _COMPOSITE_KINDS.get(kind)
    if parts is None:
        return _KIND_SPECS[kind]
    return {key: entry for part in parts for key, entry in _KIND_SPECS[part].items()}


_VALIDATORS: Final[dict[str, dict[str, _Validator]]] = {
    kind: {key: validator for key, (_, validator) in _spec_of(kind).items()}
    for kind in POLICY_KINDS
}


def _param_error(msg: str) -> exception.AerospikeError:
    """A ParamError (-2) carrying ``msg``."""
    return exception.error(exception.ParamError, msg)


def _unknown_key(what: str, key: object, known: Mapping[str, Any], where: str) -> Exception:
    """The ParamError for a key ``what`` does not have: the official client's words (with
    validate_keys; aeromodel always checks), which its own suite compares."""
    noun = "client config" if what == "config['policies']" else "policy"
    shown = key if isinstance(key, str) else exception.describe(key)  # (a huge int: no str())
    return _param_error(f'"{shown}" is an invalid {noun} dictionary key')


def _bad_value(bad: _Invalid, value: Any, what: str, key: object, where: str) -> Exception:
    """The ParamError for a value of ``key`` that failed its check: a value of the wrong type in
    the official client's words, one out of range naming the key, the value and what is taken."""
    if bad.wrong_type:
        msg = f"{key} is invalid"
    else:
        msg = (
            f"invalid value {exception.describe(value)} for {what} key {key!r}{where}: "
            f"expected {bad.expected}"
        )
    return _param_error(msg)


def _checked(validator: _Validator, value: Any, what: str, key: str) -> Any:
    """``validator(value)`` for a top-level entry of config['policies'].

    Raises:
        ParamError: the value has the wrong type or is out of range.
    """
    try:
        return validator(value)
    except _Invalid as bad:
        raise _bad_value(bad, value, what, key, "") from None


def _check_into(
    into: dict[str, Any], kind: str, policy: Any, where: str, *, config: bool
) -> dict[str, Any]:
    """Check one policy dict of ``kind`` and write its items, in canonical form, into ``into``.

    Raises:
        ParamError: ``policy`` is not a dict, or has an unknown key or a bad value.
    """
    if type(policy) is not dict and not isinstance(policy, Mapping):
        raise _param_error(f"{kind} policy{where} must be a dict, not {type(policy).__name__}")
    validators = _VALIDATORS[kind]
    for key, value in policy.items():
        validator = validators.get(key)
        if validator is None:
            raise _unknown_key(f"{kind} policy", key, validators, where)
        if config and key in _CALL_ONLY_KEYS:
            raise _param_error(
                f"{kind} policy key {key!r} cannot be set in config['policies'], "
                "only in a call's policy"
            )
        try:
            checked = validator(value)
        except _Invalid as bad:
            raise _bad_value(bad, value, f"{kind} policy", key, where) from None
        if checked is not _USE_DEFAULT:
            into[key] = checked
    return into


class PolicySet:
    """Per-client policy defaults: documented defaults <- config['policies'] (per-kind dicts
    over the deprecated top-level keys) <- the policy of a call.

    Every mapping it returns is read-only and shared: callers must not try to change it.
    ``client_settings`` holds the non-policy entries of config['policies'] (auth_mode,
    login_timeout_ms, metrics), with their defaults. The defaults never change after
    construction, so what a call's policy dict resolves to is remembered per kind (see
    ``policy_cache``).
    """

    __slots__ = ("_cache", "_dicts", "_resolved", "client_settings")

    def __init__(self, config_policies: Mapping[str, Any] | None) -> None:
        """Check ``config['policies']`` and precompute every kind's resolved mapping.

        Raises:
            ParamError: not a dict, an unknown kind or key, or a bad value.
        """
        if config_policies is None:
            config_policies = {}
        elif not isinstance(config_policies, Mapping):
            raise _param_error(
                f"config['policies'] must be a dict, not {type(config_policies).__name__}"
            )
        top_level: dict[str, dict[str, Any]] = {}
        per_kind: dict[str, dict[str, Any]] = {}
        settings = {key: default for key, (default, _) in _CLIENT_SETTINGS.items()}
        for name, value in config_policies.items():
            if name in CONFIG_KINDS:
                if value is not None:
                    where = f" in config['policies'][{name!r}]"
                    per_kind[name] = _check_into({}, name, value, where, config=True)
            elif name in _TOP_LEVEL_DEFAULTS:
                targets = _TOP_LEVEL_DEFAULTS[name]
                validator = _VALIDATORS[targets[0]][name]
                value = _checked(validator, value, "config['policies']", name)
                for kind in targets:
                    top_level.setdefault(kind, {})[name] = value
            elif name in _CLIENT_SETTINGS:
                validator = _CLIENT_SETTINGS[name][1]
                value = _checked(validator, value, "config['policies']", name)
                if value is not _USE_DEFAULT:
                    settings[name] = value
            else:
                known = {**dict.fromkeys(CONFIG_KINDS), **_TOP_LEVEL_DEFAULTS, **_CLIENT_SETTINGS}
                raise _unknown_key("config['policies']", name, known, "")

        dicts: dict[str, dict[str, Any]] = {}
        for kind, spec in _KIND_SPECS.items():
            resolved = {key: default for key, (default, _) in spec.items()}
            resolved.update(top_level.get(kind, {}))
            resolved.update(per_kind.get(kind, {}))
            dicts[kind] = resolved
        for kind, parts in _COMPOSITE_KINDS.items():
            dicts[kind] = {key: value for part in parts for key, value in dicts[part].items()}
        self._dicts: dict[str, dict[str, Any]] = dicts
        self._resolved: dict[str, Mapping[str, Any]] = {
            kind: MappingProxyType(resolved) for kind, resolved in dicts.items()
        }
        self.client_settings: Mapping[str, Any] = MappingProxyType(settings)
        self._cache: dict[str, dict[PolicyKey, Mapping[str, Any]]] = {
            kind: {} for kind in POLICY_KINDS
        }

    def resolve(self, kind: str, policy: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        """The full, read-only policy of one call of ``kind``: defaults <- config <- ``policy``.

        Without a policy (None or empty) this is the precomputed mapping, not a copy. A dict of
        plain values (``policy_cache.policy_key``) is checked once: an equal dict with values of the
        same types answers the same mapping again. A refused policy is never remembered.

        Raises:
            ParamError: ``policy`` is not a dict, or has an unknown key or a bad value.
            ValueError: ``kind`` is not one of POLICY_KINDS (a bug in the caller).
        """
        # The type is checked before truth (bool() of an arbitrary object may warn or fail);
        # anything but a dict is refused by _check_into.
        if policy is None or ((type(policy) is dict or isinstance(policy, Mapping)) and not policy):
            try:
                return self._resolved[kind]
            except KeyError:
                raise ValueError(f"unknown policy kind {kind!r}") from None
        key = policy_key(policy)
        if key is None:
            return self._fresh(kind, policy)
        try:
            cache = self._cache[kind]
        except KeyError:
            raise ValueError(f"unknown policy kind {kind!r}") from None
        resolved = cache.get(key)
        if resolved is None:
            # From the key's own items: the entry must describe its key, whatever the dict is now.
            resolved = self._fresh(kind, dict(key[0]))
            remember(cache, key, resolved)
        return resolved

    def _fresh(self, kind: str, policy: Any) -> Mapping[str, Any]:
        """``resolve`` of a non-empty policy without the cache.

        Raises:
            ParamError: ``policy`` is not a dict, or has an unknown key or a bad value.
            ValueError: ``kind`` is not one of POLICY_KINDS.
        """
        try:
            base = self._dicts[kind]
        except KeyError:
            raise ValueError(f"unknown policy kind {kind!r}") from None
        return MappingProxyType(_check_into(base.copy(), kind, policy, "", config=False))
