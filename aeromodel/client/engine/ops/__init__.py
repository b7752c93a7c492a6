"""Operation handlers, one module per family, registered by wire operation type (see registry)."""

from __future__ import annotations

from . import bits, cdt, hll, lists, maps, scalar
from .registry import HANDLERS, NO_RESULT, Handler, clear_bins, register, remove_bin, set_bin

__all__ = [
    "HANDLERS",
    "NO_RESULT",
    "Handler",
    "bits",
    "cdt",
    "clear_bins",
    "hll",
    "lists",
    "maps",
    "register",
    "remove_bin",
    "scalar",
    "set_bin",
]
