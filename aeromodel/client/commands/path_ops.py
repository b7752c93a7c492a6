"""Path operations (``operations.select_by_path`` / ``modify_by_path``) compiled to wire operations.

Both are CDT operations carrying the server's select op: ``(OP_CDT_READ, bin, (0xFE, ctx,
flags))`` with the apply bit (4) cleared, and ``(OP_CDT_MODIFY, bin, (0xFE, ctx, flags | 4,
modify expression))``, as the C client packs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import constants as C
from .. import exception
from ..codec import Codec
from ..command import OP_CDT_MODIFY, OP_CDT_READ, Op
from .cdt import encode_ctx
from .exp_ops import compiled
from .operations import family

SELECT: Final = 0xFE
APPLY: Final = 4


def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


@family(C._AS_OPERATOR_CDT_READ, C._AS_OPERATOR_CDT_MODIFY)
def compile_path(op: Mapping[str, Any], bin_name: str, codec: Codec) -> Op:
    """One path operation dict as its wire operation. Raises ParamError."""
    read = op["op"] == C._AS_OPERATOR_CDT_READ
    what = "select_by_path" if read else "modify_by_path"
    ctx = op.get("ctx")
    if not isinstance(ctx, list) or not ctx:
        raise _bad(f"{what}: ctx must be a non-empty list of cdt_ctx entries")
    wire_ctx = encode_ctx(ctx, codec)
    flags = op.get(C._CDT_FLAGS_KEY, 0)
    if isinstance(flags, bool) or not isinstance(flags, int) or not 0 <= flags < 1 << 32:
        raise _bad(f"{what}: flags must be an int of EXP_PATH_* flags")
    if read:
        return (OP_CDT_READ, bin_name, (SELECT, wire_ctx, flags & ~APPLY))
    if C._CDT_APPLY_MOD_EXP_KEY not in op:
        raise _bad(f"{what}: the operation has no modify expression")
    expr = compiled(op[C._CDT_APPLY_MOD_EXP_KEY], what)
    return (OP_CDT_MODIFY, bin_name, (SELECT, wire_ctx, flags | APPLY, expr))
