"""Expression operation dicts (``expression_operations``) compiled to wire operations.

``expression_read`` / ``expression_write`` become ``(OP_EXP_READ or OP_EXP_MODIFY, bin,
(compiled expression, flags))``: the expression's wire bytes (``values.Expression``) and the
``EXP_READ_*`` / ``EXP_WRITE_*`` flags. The engine evaluates them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import constants as C
from .. import exception
from ..codec import Codec
from ..command import OP_EXP_MODIFY, OP_EXP_READ, Op
from ..values import Expression
from .operations import family


def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


def compiled(value: Any, what: str) -> Expression:
    """An expression operation's expression: compiled bytes, or a helper expression compiled here.
    Raises ParamError for anything else."""
    if isinstance(value, Expression):
        return value
    compile_ = getattr(value, "compile", None)
    if compile_ is not None and hasattr(value, "_pack"):
        result = compile_()
        assert isinstance(result, Expression)
        return result
    raise _bad(f"{what}: 'expr' must be a compiled expression (expr.compile()), "
               f"not {type(value).__name__}")


@family(C.OP_EXPR_READ, C.OP_EXPR_WRITE)
def compile_expression(op: Mapping[str, Any], bin_name: str, codec: Codec) -> Op:
    """One ``expression_operations`` dict as its wire operation. Raises ParamError."""
    read = op["op"] == C.OP_EXPR_READ
    what = "expression_read" if read else "expression_write"
    if "expr" not in op:
        raise _bad(f"{what}: the operation has no 'expr'")
    expr = compiled(op["expr"], what)
    flags = op.get("expr_flags", 0)
    if isinstance(flags, bool) or not isinstance(flags, int):
        raise _bad(f"{what}: 'expr_flags' must be an int, not {type(flags).__name__}")
    if not 0 <= flags < 1 << 32:
        raise _bad(f"{what}: 'expr_flags' {flags} is not a valid flags value")
    return (OP_EXP_READ if read else OP_EXP_MODIFY, bin_name, (expr, int(flags)))
