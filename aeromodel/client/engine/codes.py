"""The result codes the engine answers with (the wire protocol's), and the error that carries one
out of an operation."""

from __future__ import annotations

OK = 0
ERR_NOT_FOUND = 2
ERR_GENERATION = 3
ERR_PARAMETER = 4
ERR_EXISTS = 5
ERR_INCOMPATIBLE = 12
ERR_TOO_BIG = 13
ERR_UNSUPPORTED = 16
ERR_NAMESPACE_NOT_FOUND = 20
ERR_BIN_NAME = 21
ERR_FORBIDDEN = 22
ERR_ENTERPRISE_ONLY = 25
ERR_FILTERED_OUT = 27


class OpError(Exception):
    """Raised inside a command (by intake or an operation) to end it with a result code; nothing
    the command did is stored."""

    def __init__(self, code: int, msg: str) -> None:
        super().__init__(code, msg)
        self.code = code
        self.msg = msg
