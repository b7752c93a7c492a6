"""The exception hierarchy of ``aerospike.exception``: names, bases and result codes of the
official client 19.3.0, plus the 3.x name ``InvalidHost``.

Every instance carries ``args == (code, msg, file, line, in_doubt)``, as the official client's do;
``class_for_code`` maps a result code to its class and ``error`` builds one at the caller's line.
Defining ``IndexError``, ``TimeoutError`` and ``ConnectionError`` here shadows the builtins on
purpose: the official module does the same.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, overload


class AerospikeError(Exception):
    """Root of every error the client raises.

    ``code`` is the Aerospike result code (negative: raised by the client, positive: returned by
    the server), ``in_doubt`` whether a write may have been applied although it failed.
    """

    code: int | None = None
    msg: str | None = None
    file: str | None = None
    line: int | None = None
    in_doubt: bool = False

    def __init__(
        self,
        code: int | None = None,
        msg: str | None = None,
        file: str | None = None,
        line: int | None = None,
        in_doubt: bool = False,
    ) -> None:
        if code is None:
            code = type(self).code
        super().__init__(code, msg, file, line, in_doubt)
        self.code = code
        self.msg = msg
        self.file = file
        self.line = line
        self.in_doubt = in_doubt


class TimeoutError(AerospikeError):
    """The command did not complete within its timeout."""

    code = 9


# Errors raised by the client itself, before or without an answer from the server.


class ClientError(AerospikeError):
    """Client-side error, often a misconfiguration or misuse of the API."""

    code = -1


class ParamError(ClientError):
    code = -2


class InvalidHostError(ClientError):
    code = -4


InvalidHost = InvalidHostError
"""The 3.x name of ``InvalidHostError``: the same class, so either name catches it."""


class ClientAbortError(ClientError):
    code = -5


class AsyncConnectionError(ClientError):
    code = -6


class NoMoreConnectionsError(ClientError):
    code = -7


class InvalidNodeError(ClientError):
    code = -8


class TLSError(ClientError):
    code = -9


class ConnectionError(ClientError):
    code = -10


class MaxRetriesExceeded(ClientError):
    code = -12


class MaxErrorRateExceeded(ClientError):
    code = -14


class NoResponse(ClientError):
    code = -15


class BatchFailed(ClientError):
    code = -16


class TransactionFailed(ClientError):
    code = -17


class TransactionAlreadyCommitted(ClientError):
    code = -18


class TransactionAlreadyAborted(ClientError):
    code = -19


# Errors returned by the server.


class ServerError(AerospikeError):
    """Parent of every error the server returns."""

    code: int | None = 1


class InvalidRequest(ServerError):
    code = 4


class ServerFull(ServerError):
    code = 8


class AlwaysForbidden(ServerError):
    code = 10


class ScanAbortedError(ServerError):
    code = 15


class UnsupportedFeature(ServerError):
    code = 16


class DeviceOverload(ServerError):
    code = 18


class NamespaceNotFound(ServerError):
    code = 20


class ForbiddenError(ServerError):
    code = 22


class ElementNotFoundError(ServerError):
    code = 23


class ElementExistsError(ServerError):
    code = 24


class OpNotApplicable(ServerError):
    code = 26


class FilteredOut(ServerError):
    """The record exists but the command's filter expression rejected it."""

    code = 27


class LostConflict(ServerError):
    code = 28


class BatchDisabledError(ServerError):
    code = 150


class BatchMaxRequestError(ServerError):
    code = 151


class BatchQueueFullError(ServerError):
    code = 152


class InvalidGeoJSON(ServerError):
    code = 160


class QueryAbortedError(ServerError):
    code = 210


class RecordError(ServerError):
    """Parent of record and bin errors; ``key`` and ``bin`` name what failed, when known."""

    code: int | None = None
    key: Any = None
    bin: Any = None

    def __init__(
        self,
        code: int | None = None,
        msg: str | None = None,
        file: str | None = None,
        line: int | None = None,
        in_doubt: bool = False,
        *,
        key: Any = None,
        bin: Any = None,
    ) -> None:
        super().__init__(code, msg, file, line, in_doubt)
        self.key = key
        self.bin = bin


class RecordNotFound(RecordError):
    code = 2


class RecordGenerationError(RecordError):
    code = 3


class RecordExistsError(RecordError):
    code = 5


class BinExistsError(RecordError):
    code = 6


class BinIncompatibleType(RecordError):
    code = 12


class RecordTooBig(RecordError):
    code = 13


class RecordBusy(RecordError):
    code = 14


class BinNotFound(RecordError):
    code = 17


class RecordKeyMismatch(RecordError):
    code = 19


class BinNameError(RecordError):
    code = 21


class IndexError(ServerError):
    """Parent of secondary-index errors; ``name`` names the index, when known.

    The official client sets ``name``; the 3.x manual calls it ``index_name``: both spellings
    read and write the same value.
    """

    code = 204
    name: str | None = None

    def __init__(
        self,
        code: int | None = None,
        msg: str | None = None,
        file: str | None = None,
        line: int | None = None,
        in_doubt: bool = False,
        *,
        index_name: str | None = None,
    ) -> None:
        super().__init__(code, msg, file, line, in_doubt)
        self.name = index_name

    @property
    def index_name(self) -> str | None:
        """The 3.x manual's spelling of ``name``."""
        return self.name

    @index_name.setter
    def index_name(self, value: str | None) -> None:
        self.name = value


class IndexFoundError(IndexError):
    code = 200


class IndexNotFound(IndexError):
    code = 201


class IndexOOM(IndexError):
    code = 202


class IndexNotReadable(IndexError):
    code = 203


class IndexNameMaxLen(IndexError):
    code = 205


class IndexNameMaxCount(IndexError):
    code = 206


class QueryError(ServerError):
    """Parent of query errors."""

    code = 213


class QueryQueueFull(QueryError):
    code = 211


class QueryTimeout(QueryError):
    code = 212


class ClusterError(ServerError):
    """Cluster discovery and connection errors."""

    code = 11


class ClusterChangeError(ClusterError):
    code = 7


class AdminError(ServerError):
    """Parent of the security (user and role administration) errors."""

    code: int | None = None


class SecurityNotSupported(AdminError):
    code = 51


class SecurityNotEnabled(AdminError):
    code = 52


class SecuritySchemeNotSupported(AdminError):
    code = 53


class InvalidCommand(AdminError):
    code = 54


class InvalidField(AdminError):
    code = 55


class IllegalState(AdminError):
    code = 56


class InvalidUser(AdminError):
    code = 60


class UserExistsError(AdminError):
    code = 61


class InvalidPassword(AdminError):
    code = 62


class ExpiredPassword(AdminError):
    code = 63


class ForbiddenPassword(AdminError):
    code = 64


class InvalidCredential(AdminError):
    code = 65


class InvalidRole(AdminError):
    code = 70


class RoleExistsError(AdminError):
    code = 71


class InvalidPrivilege(AdminError):
    code = 72


class InvalidWhitelist(AdminError):
    code = 73


class QuotasNotEnabled(AdminError):
    code = 74


class InvalidQuota(AdminError):
    code = 75


class NotAuthenticated(AdminError):
    code = 80


class RoleViolation(AdminError):
    code = 81


class NotWhitelisted(AdminError):
    code = 82


class QuotaExceeded(AdminError):
    code = 83


class UDFError(ServerError):
    """Parent of UDF errors; ``module`` and ``func`` name the UDF, when known."""

    code = 100
    module: str | None = None
    func: str | None = None

    def __init__(
        self,
        code: int | None = None,
        msg: str | None = None,
        file: str | None = None,
        line: int | None = None,
        in_doubt: bool = False,
        *,
        module: str | None = None,
        func: str | None = None,
    ) -> None:
        super().__init__(code, msg, file, line, in_doubt)
        self.module = module
        self.func = func


class UDFNotFound(UDFError):
    code = 1301


class LuaFileNotFound(UDFError):
    code = 1302


def _all_classes() -> list[type[AerospikeError]]:
    found: list[type[AerospikeError]] = []
    pending: list[type[AerospikeError]] = [AerospikeError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


# Result code -> class; every code belongs to exactly one class of this module.
_BY_CODE: dict[int, type[AerospikeError]] = {
    cls.code: cls for cls in _all_classes() if cls.code is not None and cls.__module__ == __name__
}


def class_for_code(code: int) -> type[AerospikeError]:
    """The most specific class for a result code.

    A code without a class of its own (e.g. 25, enterprise-only) gives ``AerospikeError``, as
    the official client raises it.
    """
    found = _BY_CODE.get(code)
    if found is not None:
        return found
    return AerospikeError  # as the official client: a code without a class raises the root


# The directory holding the aeromodel package, so that `file` reads "aeromodel/client/...".
_SOURCE_ROOT = Path(__file__).resolve().parent.parent.parent

_E = TypeVar("_E", bound=AerospikeError)


def describe(value: object, limit: int = 120) -> str:
    """A short repr of a caller's value for an error message; never raises.

    ``repr`` fails for ints too long for str() (ValueError), for nesting deeper than the
    recursion limit (RecursionError) and in a class's broken ``__repr__``: those show the type.
    """
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


@lru_cache(maxsize=1024)
def _source_name(filename: str) -> str:
    """``filename`` relative to the package's parent directory (else its base name).

    Cached per code file: raising touches the file system once per file, not once per raise.
    """
    path = Path(filename).resolve()
    try:
        return path.relative_to(_SOURCE_ROOT).as_posix()
    except ValueError:
        return path.name


@overload
def error(
    code_or_cls: type[_E],
    msg: str,
    *,
    in_doubt: bool = False,
    key: object = None,
    bin: object = None,
    index_name: str | None = None,
    module: str | None = None,
    func: str | None = None,
) -> _E: ...


@overload
def error(
    code_or_cls: int,
    msg: str,
    *,
    in_doubt: bool = False,
    key: object = None,
    bin: object = None,
    index_name: str | None = None,
    module: str | None = None,
    func: str | None = None,
) -> AerospikeError: ...


def error(
    code_or_cls: int | type[AerospikeError],
    msg: str,
    *,
    in_doubt: bool = False,
    key: object = None,
    bin: object = None,
    index_name: str | None = None,
    module: str | None = None,
    func: str | None = None,
) -> AerospikeError:
    """Build the exception for a result code or class, with ``file`` and ``line`` of the caller.

    An int gives ``class_for_code(code)`` carrying that exact code; a class gives its own code.
    ``key``/``bin`` are kept by ``RecordError`` subclasses, ``index_name`` by ``IndexError``
    subclasses (as ``name``, alias ``index_name``), ``module``/``func`` by ``UDFError``
    subclasses; other classes ignore them.
    """
    caller = sys._getframe(1)
    code: int | None
    if isinstance(code_or_cls, int):
        cls, code = class_for_code(code_or_cls), code_or_cls
    else:
        cls, code = code_or_cls, code_or_cls.code
    exc = cls(code, msg, _source_name(caller.f_code.co_filename), caller.f_lineno, in_doubt)
    if isinstance(exc, RecordError):
        exc.key = key
        exc.bin = bin
    elif isinstance(exc, IndexError):
        exc.name = index_name
    elif isinstance(exc, UDFError):
        exc.module = module
        exc.func = func
    return exc


__all__ = [
    "AdminError",
    "AerospikeError",
    "AlwaysForbidden",
    "AsyncConnectionError",
    "BatchDisabledError",
    "BatchFailed",
    "BatchMaxRequestError",
    "BatchQueueFullError",
    "BinExistsError",
    "BinIncompatibleType",
    "BinNameError",
    "BinNotFound",
    "ClientAbortError",
    "ClientError",
    "ClusterChangeError",
    "ClusterError",
    "ConnectionError",
    "DeviceOverload",
    "ElementExistsError",
    "ElementNotFoundError",
    "ExpiredPassword",
    "FilteredOut",
    "ForbiddenError",
    "ForbiddenPassword",
    "IllegalState",
    "IndexError",
    "IndexFoundError",
    "IndexNameMaxCount",
    "IndexNameMaxLen",
    "IndexNotFound",
    "IndexNotReadable",
    "IndexOOM",
    "InvalidCommand",
    "InvalidCredential",
    "InvalidField",
    "InvalidGeoJSON",
    "InvalidHost",
    "InvalidHostError",
    "InvalidNodeError",
    "InvalidPassword",
    "InvalidPrivilege",
    "InvalidQuota",
    "InvalidRequest",
    "InvalidRole",
    "InvalidUser",
    "InvalidWhitelist",
    "LostConflict",
    "LuaFileNotFound",
    "MaxErrorRateExceeded",
    "MaxRetriesExceeded",
    "NamespaceNotFound",
    "NoMoreConnectionsError",
    "NoResponse",
    "NotAuthenticated",
    "NotWhitelisted",
    "OpNotApplicable",
    "ParamError",
    "QueryAbortedError",
    "QueryError",
    "QueryQueueFull",
    "QueryTimeout",
    "QuotaExceeded",
    "QuotasNotEnabled",
    "RecordBusy",
    "RecordError",
    "RecordExistsError",
    "RecordGenerationError",
    "RecordKeyMismatch",
    "RecordNotFound",
    "RecordTooBig",
    "RoleExistsError",
    "RoleViolation",
    "ScanAbortedError",
    "SecurityNotEnabled",
    "SecurityNotSupported",
    "SecuritySchemeNotSupported",
    "ServerError",
    "ServerFull",
    "TLSError",
    "TimeoutError",
    "TransactionAlreadyAborted",
    "TransactionAlreadyCommitted",
    "TransactionFailed",
    "UDFError",
    "UDFNotFound",
    "UnsupportedFeature",
    "UserExistsError",
    "class_for_code",
    "error",
]
