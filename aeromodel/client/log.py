"""Client logging through Python's ``logging``: set_log_level / set_log_handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from . import exception

logger = logging.getLogger("aeromodel.client")

# LOG_LEVEL_* (official values) -> logging levels.
_LEVELS = {-1: logging.CRITICAL + 10, 0: logging.ERROR, 1: logging.WARNING, 2: logging.INFO,
           3: logging.DEBUG, 4: 5}
_BACK = {logging.ERROR: 0, logging.WARNING: 1, logging.INFO: 2, logging.DEBUG: 3, 5: 4}


class _CallbackHandler(logging.Handler):
    """Hands each record to a user callback(level, func, path, line, msg)."""

    def __init__(self, callback: Callable[..., Any]) -> None:
        super().__init__()
        self.callback = callback

    def emit(self, record: logging.LogRecord) -> None:
        level = _BACK.get(record.levelno, 2)
        try:
            self.callback(level, record.funcName, record.pathname, record.lineno, record.getMessage())
        except Exception:
            self.handleError(record)


_handler: _CallbackHandler | None = None


_MISSING: Any = object()


def set_log_level(log_level: Any = _MISSING, *, loglevel: Any = _MISSING) -> int:
    """Set the level threshold (a LOG_LEVEL_* constant; ``loglevel=`` is the official keyword).
    As in the official client any 64-bit int is taken: below LOG_LEVEL_OFF logs nothing, above
    LOG_LEVEL_TRACE everything. Returns 0; raises ParamError for anything else."""
    if log_level is _MISSING:
        log_level = loglevel
    if log_level is _MISSING:
        raise TypeError("set_log_level() missing required argument 'loglevel' (pos 1)")
    if (
        isinstance(log_level, bool) or not isinstance(log_level, int)
        or not -(1 << 63) <= log_level < 1 << 63
    ):
        raise exception.error(
            exception.ParamError, f"invalid log level {exception.describe(log_level)}"
        )
    logger.setLevel(_LEVELS[min(max(log_level, -1), 4)])
    return 0


def set_log_handler(log_handler: Callable[..., Any] | None = None) -> int:
    """Send log events to ``log_handler(level, func, path, line, msg)``; None restores the default.

    Returns 0; raises ParamError when the handler is not callable.
    """
    global _handler
    callback = log_handler
    if callback is not None and not callable(callback):
        raise exception.error(exception.ParamError, "log handler must be callable")
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler = None
    if callback is not None:
        _handler = _CallbackHandler(callback)
        logger.addHandler(_handler)
    return 0
