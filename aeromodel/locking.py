"""``retry_on_conflict``: re-run a read-modify-write function when optimistic locking loses."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import TypeVar

from typing_extensions import ParamSpec

P = ParamSpec("P")
R = TypeVar("R")


def _is_conflict(err: BaseException) -> bool:
    return getattr(err, "code", None) == 3


def retry_on_conflict(
    attempts: int = 3, *, backoff: float = 0.0
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a function that loads, changes and saves: on a generation conflict (a
    ``ConflictError`` or any error with result code 3) it runs again, up to ``attempts`` times in
    all, sleeping up to ``backoff * 2**n`` seconds (jittered) between runs. The function must
    re-load what it changes. Raises the last conflict when every attempt lost; ValueError when
    ``attempts`` < 1."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            for attempt in range(attempts):
                try:
                    return fn(*args, **kwargs)
                except Exception as err:
                    if not _is_conflict(err) or attempt == attempts - 1:
                        raise
                    if backoff:
                        time.sleep(random.uniform(0, backoff * 2**attempt))
            raise AssertionError("unreachable")

        return run

    return decorate
