"""The payload of a list or map (CDT) wire operation, shared by both families' compilers."""

from __future__ import annotations

from typing import Any

from .. import exception


def payload(code: int, args: tuple[Any, ...], ctx: Any) -> tuple[Any, ...]:
    """``(server op code, arg, ...)`` for an operation on the bin itself. Raises ParamError for a
    context: nested operations (``ctx``) are not supported by aeromodel yet."""
    if ctx:
        raise exception.error(
            exception.ParamError, "ctx: operations on nested lists and maps are not supported yet"
        )
    return (code, *args)
