"""Remembering what a call's policy dict resolves to, so that a call repeating an equal dict skips
checking and merging it again. Only dicts of plain values are remembered; anything else is resolved
afresh every time, as is every refused policy."""

from __future__ import annotations

from typing import Any, Final, TypeVar

__all__ = ["CACHE_SIZE", "PolicyKey", "policy_key", "remember"]

CACHE_SIZE: Final = 32
"""Distinct policy dicts remembered per cache; a full cache is emptied, never grown."""

_PLAIN: Final = frozenset({int, bool, str, type(None)})

PolicyKey = tuple[tuple[tuple[Any, Any], ...], tuple[type, ...]]
"""A policy dict's items, in order, and the exact type of each value."""

_T = TypeVar("_T")


def policy_key(policy: object) -> PolicyKey | None:
    """The key ``policy`` is remembered under, or None when it must be resolved afresh.

    Only an exact dict whose values are all of exact type int, bool, str or None has a key:
    immutable values that hash and compare by value (an expression is a list or bytes, a partition
    filter a dict). The values' types are part of the key because True, 1 and 1.0 are equal and
    hash alike while the validators tell them apart. The items are read in one step, so a key and
    ``dict(key[0])`` always describe the same policy even if another thread changes the dict.
    """
    if type(policy) is not dict:
        return None
    items = tuple(policy.items())
    types = tuple([type(value) for _, value in items])
    if not _PLAIN.issuperset(types):
        return None
    return items, types


def remember(cache: dict[PolicyKey, _T], key: PolicyKey, value: _T) -> None:
    """Store ``value`` under ``key``, first emptying a full cache: a process calling with ever-new
    dicts holds at most CACHE_SIZE entries (plus one per thread storing at the same moment).
    Each step is one dict operation, safe under the GIL; racing threads store equal values."""
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = value
