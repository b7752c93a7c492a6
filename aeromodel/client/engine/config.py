"""Namespace settings: parsed and checked once, when a namespace is configured.

Settings are compared when a shared engine is looked up again, so that two clients configuring
one namespace differently fail loudly instead of one silently getting the other's settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

DEFAULT_MAX_RECORD_SIZE = 1024 * 1024
LIMIT_MAX_RECORD_SIZE = 8 * 1024 * 1024
MAX_TTL = 10 * 365 * 24 * 3600  # max-ttl: ten years, the server's ceiling
MAX_NAMESPACE_NAME = 31


class EngineConfigError(ValueError):
    """An embedded configuration the engine cannot run."""


@dataclass(frozen=True)
class NamespaceConfig:
    """The settings of one namespace, as the server names them (with '-')."""

    default_ttl: int = 0
    max_record_size: int = DEFAULT_MAX_RECORD_SIZE
    nsup_period: int = 1
    allow_ttl_without_nsup: bool = False
    default_read_touch_ttl_pct: int = 0  # what a read's percent 0 means (0: reads never touch)

    def differences(self, other: NamespaceConfig) -> list[tuple[str, Any, Any]]:
        """(setting, this value, other value) for every setting the two configs disagree on."""
        return [
            (f.name.replace("_", "-"), getattr(self, f.name), getattr(other, f.name))
            for f in fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
        ]


KNOWN = frozenset(f.name.replace("_", "-") for f in fields(NamespaceConfig))


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _int_setting(cfg: Mapping[str, Any], name: str, default: int) -> int:
    for k in (name, name.replace("-", "_")):
        if k in cfg:
            v = cfg[k]
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise EngineConfigError(f"namespace setting {name!r} must be a non-negative int")
            return v
    return default


def check_name(name: object) -> str:
    """A namespace name. Raises EngineConfigError for anything but a str of 1 to 31 chars."""
    if not isinstance(name, str) or not name or len(name) > MAX_NAMESPACE_NAME:
        raise EngineConfigError(f"invalid namespace name {_describe(name)}")
    return name


def parse(name: str, cfg: object) -> NamespaceConfig:
    """The settings of namespace ``name`` from a config dict (keys with '-' or '_').

    Raises EngineConfigError for unknown keys, values of the wrong type or out of range, and
    combinations the server refuses (a default-ttl without nsup).
    """
    if not isinstance(cfg, Mapping):
        raise EngineConfigError(f"settings of namespace {name!r} must be a dict")
    for k in cfg:
        if not isinstance(k, str) or k.replace("_", "-") not in KNOWN:
            raise EngineConfigError(f"unknown setting {_describe(k)} for namespace {name!r}")
    size = _int_setting(cfg, "max-record-size", DEFAULT_MAX_RECORD_SIZE)
    if not 0 < size <= LIMIT_MAX_RECORD_SIZE:
        raise EngineConfigError(
            f"max-record-size of namespace {name!r} must be between 1 and {LIMIT_MAX_RECORD_SIZE}"
        )
    allow = cfg.get("allow-ttl-without-nsup", cfg.get("allow_ttl_without_nsup", False))
    if not isinstance(allow, bool):
        raise EngineConfigError("namespace setting 'allow-ttl-without-nsup' must be a bool")
    config = NamespaceConfig(
        default_ttl=_int_setting(cfg, "default-ttl", 0),
        max_record_size=size,
        nsup_period=_int_setting(cfg, "nsup-period", 1),
        allow_ttl_without_nsup=allow,
        default_read_touch_ttl_pct=_int_setting(cfg, "default-read-touch-ttl-pct", 0),
    )
    if config.default_read_touch_ttl_pct > 100:
        raise EngineConfigError(
            f"namespace {name!r}: default-read-touch-ttl-pct must be a percent (0 to 100)"
        )
    if config.default_ttl and not config.nsup_period and not allow:
        raise EngineConfigError(
            f"namespace {name!r}: a default-ttl needs nsup-period > 0 "
            "(or allow-ttl-without-nsup true), as on the server"
        )
    if config.default_ttl > MAX_TTL:
        raise EngineConfigError(f"namespace {name!r}: default-ttl exceeds max-ttl {MAX_TTL}")
    return config
