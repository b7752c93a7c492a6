"""The result codes the engine answers with (the wire protocol's), the error that carries one
out of an operation, and the raise-helpers every operation family shares."""

from __future__ import annotations

from . import messages as m

OK = 0
ERR_SERVER = 1
ERR_NOT_FOUND = 2
ERR_GENERATION = 3
ERR_PARAMETER = 4
ERR_EXISTS = 5
ERR_BIN_EXISTS = 6
ERR_INCOMPATIBLE = 12
ERR_TOO_BIG = 13
ERR_UNSUPPORTED = 16
ERR_BIN_NOT_FOUND = 17
ERR_NAMESPACE_NOT_FOUND = 20
ERR_BIN_NAME = 21
ERR_FORBIDDEN = 22
ERR_ELEMENT_NOT_FOUND = 23
ERR_ELEMENT_EXISTS = 24
ERR_ENTERPRISE_ONLY = 25
ERR_OP_NOT_APPLICABLE = 26
ERR_FILTERED_OUT = 27
ERR_GEO_INVALID_GEOJSON = 160


class OpError(Exception):
    """Raised inside a command (by intake or an operation) to end it with a result code; nothing
    the command did is stored."""

    def __init__(self, code: int, msg: str) -> None:
        super().__init__(code, msg)
        self.code = code
        self.msg = msg


def invalid(what: str) -> OpError:
    """Parameter error (4): the request is malformed."""
    return OpError(ERR_PARAMETER, m.invalid(what))


def not_applicable(what: str) -> OpError:
    """Op not applicable (26): the operation cannot be applied to the value it found."""
    return OpError(ERR_OP_NOT_APPLICABLE, m.not_applicable(what))
