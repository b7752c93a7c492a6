"""Expression operations (OP_EXP_READ, OP_EXP_MODIFY): an expression's value read into the answer
or written to a bin, with the server's flags and result codes (its ``expop.c``).

They need the record's digest and the time besides what other handlers see, so they are not in
the registry: the command layer calls ``EXP_HANDLERS[op_type](rec, bin, value, digest, now)``.
The wire value is ``(expression bytes, flags)`` (flags may be left out: 0).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from ...command import OP_EXP_MODIFY, OP_EXP_READ
from .. import intake
from ..codes import ERR_BIN_EXISTS, ERR_BIN_NOT_FOUND, OpError, invalid, not_applicable
from ..exp import plan as exp_plan
from ..exp.logic import RemoveResult
from ..exp.types import UNK, KeyValueMap
from ..storage import Record
from .registry import NO_RESULT, remove_bin, set_bin

CREATE_ONLY: Final = 1
UPDATE_ONLY: Final = 2
ALLOW_DELETE: Final = 4
POLICY_NO_FAIL: Final = 8
EVAL_NO_FAIL: Final = 16
READ_FLAGS: Final = EVAL_NO_FAIL
MODIFY_FLAGS: Final = CREATE_ONLY | UPDATE_ONLY | ALLOW_DELETE | POLICY_NO_FAIL | EVAL_NO_FAIL

ExpHandler = Callable[[Record, str, Any, bytes, float], Any]


def _parse(value: Any, allowed: int, kind: str) -> tuple[exp_plan.Plan, int]:
    """The plan and flags of an expression operation's value. OpError 4 when malformed."""
    if type(value) not in (list, tuple) or not 1 <= len(value) <= 2:
        raise invalid(f"expression {kind}: the value is (expression, flags)")
    data = value[0]
    if not isinstance(data, (bytes, bytearray)):
        raise invalid(f"expression {kind}: the expression must be its compiled bytes")
    flags = value[1] if len(value) == 2 else 0
    if type(flags) is not int or flags < 0:
        raise invalid(f"expression {kind}: flags must be a non-negative integer")
    if flags & ~allowed:
        raise invalid(f"expression {kind}: invalid flags {flags:#x}")
    return exp_plan.build(bytes(data)), flags


def _result(value: Any) -> Any:
    if type(value) is KeyValueMap:
        return value.flat()
    return None if isinstance(value, RemoveResult) else value


def exp_read(rec: Record, name: str, value: Any, digest: bytes, now: float) -> Any:
    """OP_EXP_READ: the expression's value (nil included). OpError 4 for a malformed expression
    or flags, 26 when it evaluates to unknown (nil instead with EVAL_NO_FAIL)."""
    del name  # the answer's bin name is the command's business
    plan, flags = _parse(value, READ_FLAGS, "read")
    result = exp_plan.evaluate(plan, rec, digest, now)
    if result is UNK:
        if flags & EVAL_NO_FAIL:
            return None
        raise not_applicable("expression read evaluated to unknown")
    return _result(result)


def exp_modify(rec: Record, name: str, value: Any, digest: bytes, now: float) -> Any:
    """OP_EXP_MODIFY: write the expression's value to the bin (nil removes it). OpError 4 for a
    malformed expression or flags; 6 with CREATE_ONLY on an existing bin and 17 with
    UPDATE_ONLY on a missing one (nothing done with POLICY_NO_FAIL); 26 when it evaluates to
    unknown (nothing done with EVAL_NO_FAIL), and for nil on an existing bin without
    ALLOW_DELETE — which, as the server's code has it, any other flag turns into doing nothing."""
    plan, flags = _parse(value, MODIFY_FLAGS, "modify")
    live = rec.get(name) is not None
    if live and flags & CREATE_ONLY:
        if flags & POLICY_NO_FAIL:
            return NO_RESULT
        raise OpError(ERR_BIN_EXISTS, f"AEROSPIKE_ERR_BIN_EXISTS: bin {name!r} would update")
    if not live and flags & UPDATE_ONLY:
        if flags & POLICY_NO_FAIL:
            return NO_RESULT
        raise OpError(ERR_BIN_NOT_FOUND, f"AEROSPIKE_ERR_BIN_NOT_FOUND: bin {name!r} would create")
    result = exp_plan.evaluate(plan, rec, digest, now)
    if result is UNK:
        if flags & EVAL_NO_FAIL:
            return NO_RESULT
        raise not_applicable("expression write evaluated to unknown")
    result = _result(result)
    if result is None:
        if live and not flags & ALLOW_DELETE:
            if flags:  # the server tests "flags && POLICY_NO_FAIL": any flag at all
                return NO_RESULT
            raise not_applicable(f"expression write would delete bin {name!r}")
        remove_bin(rec, name)
        return NO_RESULT
    set_bin(rec, name, *intake.bin_value(result))
    return NO_RESULT


EXP_HANDLERS: Final[dict[int, ExpHandler]] = {OP_EXP_READ: exp_read, OP_EXP_MODIFY: exp_modify}
"""Wire operation type -> its expression handler."""
