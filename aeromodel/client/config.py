"""The client config dictionary: every documented key, checked once when a client is made.

A key whose feature aeromodel does not have is refused with an error naming it, never ignored;
settings that only tune a network connection (pools, tending, socket idle time) are checked for
type and apply to the cluster transport.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import exception

# Keys that tune the connection to a cluster: checked for type; the embedded engine has no network.
NETWORK_SETTINGS: dict[str, tuple[type, ...]] = {
    "thread_pool_size": (int,),
    "max_socket_idle": (int,),
    "max_conns_per_node": (int,),
    "min_conns_per_node": (int,),
    "max_error_rate": (int,),
    "error_rate_window": (int,),
    "tend_interval": (int,),
    "connect_timeout": (int,),
    "compression_threshold": (int,),
    "batch_direct": (bool,),
    "use_shared_connection": (bool,),
    "fail_if_not_connected": (bool,),
    "validate_keys": (bool,),
    "strict_types": (bool,),
    "app_id": (str,),
}

# Keys of features not built yet: refused, naming the feature, unless they ask for nothing.
NOT_BUILT: dict[str, str] = {
    "lua": "user-defined functions (Lua)",
    "shm": "shared-memory cluster tending",
    "tls": "TLS",
    "user": "authentication",
    "password": "authentication",
    "cluster_name": "cluster-name checks",
    "rack_aware": "rack-aware reads",
    "rack_id": "rack-aware reads",
    "rack_ids": "rack-aware reads",
    "use_services_alternate": "alternate service addresses (peers-clear-alt)",
}

HANDLED = frozenset({"hosts", "embedded", "policies", "serialization", "send_bool_as"})
KNOWN = HANDLED | set(NETWORK_SETTINGS) | set(NOT_BUILT)

EMBEDDED_KEYS = frozenset({"name", "namespaces", "clock"})


def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


# The local directories of Lua modules: where a UDF call would look. Every UDF call is refused
# (ClientError), so the paths change no answer and are accepted (official test suites set them).
LUA_PATHS = frozenset({"user_path", "system_path"})


def _asks_nothing(key: str, value: Any) -> bool:
    """Whether a not-built feature's setting is off (None, False, an empty dict, tls disabled,
    lua paths only)."""
    if value is None or value is False:
        return True
    if key == "lua" and isinstance(value, Mapping):
        return all(k in LUA_PATHS and isinstance(v, str) for k, v in value.items())
    if key == "tls" and isinstance(value, Mapping):
        return not value.get("enable", False)
    if key == "rack_aware":
        return value is False
    return isinstance(value, (dict, list)) and not value


# The keys of the dict-valued settings, as the official client knows them: another key is refused
# with its message (it takes them only when the config sets validate_keys; aeromodel always).
SUB_KEYS: dict[str, frozenset[str]] = {
    "lua": LUA_PATHS,
    "tls": frozenset({
        "enable", "cafile", "capath", "protocols", "cipher_suite", "keyfile", "keyfile_pw",
        "cert_blacklist", "certfile", "crl_check", "crl_check_all", "log_session_info",
        "for_login_only",
    }),
    "shm": frozenset({"max_nodes", "max_namespaces", "takeover_threshold_sec", "shm_key"}),
}
LUA_PATH_MAX = 255  # bytes (the C client keeps 256 with the NUL)


def unknown_key(key: Any) -> exception.AerospikeError:
    """The official client's error for a config key it does not know."""
    return _bad(f'"{key}" is an invalid client config dictionary key')


def check(config: Mapping[str, Any]) -> None:
    """Check a client config's keys. Raises ParamError naming an unknown key, a setting of the wrong
    type, or a feature that is not built yet (TypeError for a non-str ``app_id``, as the official
    client raises). Messages are the official client's where it has one."""
    for key, value in config.items():
        if not isinstance(key, str) or key not in KNOWN:
            raise unknown_key(key)
        types = NETWORK_SETTINGS.get(key)
        if types is not None:
            if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
                if key == "validate_keys":
                    raise _bad('config["validate_keys"] must be a boolean')
                if key == "app_id":
                    raise TypeError("config key 'app_id' must be a str")
                raise _bad(f"config key {key!r} must be a {types[0].__name__}")
            if key == "compression_threshold" and value < 0:  # type: ignore[operator]
                raise _bad("Compression value must not be negative")
            continue
        sub_keys = SUB_KEYS.get(key)
        if sub_keys is not None and isinstance(value, Mapping):
            for sub in value:
                if sub not in sub_keys:
                    raise unknown_key(sub)
            if key == "lua":
                for name in ("user_path", "system_path"):
                    path = value.get(name)
                    if isinstance(path, str) and len(path.encode(errors="replace")) > LUA_PATH_MAX:
                        raise _bad(f"Lua {name.replace('_', ' ')} too long")
        feature = NOT_BUILT.get(key)
        if feature is not None and not _asks_nothing(key, value):
            raise _bad(f"config key {key!r}: {feature} is not supported by aeromodel yet")
    if config.get("hosts") and config.get("embedded") is not None:
        raise _bad("config has both 'hosts' and 'embedded': give one")


def check_embedded(settings: Any) -> Mapping[str, Any]:
    """The ``embedded`` settings, checked: ``name``, ``namespaces``, ``clock``. Raises ParamError."""
    if not isinstance(settings, Mapping):
        raise _bad("'embedded' must be a dict")
    for key in settings:
        if key not in EMBEDDED_KEYS:
            raise _bad(
                f"unknown 'embedded' setting {exception.describe(key)} "
                f"(known: {', '.join(sorted(EMBEDDED_KEYS))})"
            )
    return settings
