"""Expression operations for ``operate()`` (``aerospike_helpers.operations.expression_operations``):
evaluate a compiled expression and return its value as a bin (read), or store it in a bin (write)."""

from __future__ import annotations

from typing import Any

from ...constants import OP_EXPR_READ, OP_EXPR_WRITE


def expression_read(bin_name: str, expression: Any, expression_read_flags: int = 0) -> dict[str, Any]:
    """Evaluate ``expression`` (compiled) and return the result under ``bin_name``
    (``expression_read_flags``: ``EXP_READ_*``)."""
    return {"op": OP_EXPR_READ, "bin": bin_name, "expr": expression,
            "expr_flags": expression_read_flags}


def expression_write(bin_name: str, expression: Any, expression_write_flags: int = 0) -> dict[str, Any]:
    """Evaluate ``expression`` (compiled) and write the result to ``bin_name``
    (``expression_write_flags``: ``EXP_WRITE_*``)."""
    return {"op": OP_EXPR_WRITE, "bin": bin_name, "expr": expression,
            "expr_flags": expression_write_flags}
