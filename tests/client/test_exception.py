"""Pins aeromodel.client.exception to aerospike.exception: names, bases, codes and behaviour."""

from __future__ import annotations

import builtins
import os
import pickle
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.exception import (
    AerospikeError,
    ClientError,
    IndexNotFound,
    RecordError,
    RecordNotFound,
    ServerError,
    UDFNotFound,
    class_for_code,
    error,
)

# The official client 19.3.0: class -> (code, nearest base).
HIERARCHY: dict[str, tuple[int | None, str]] = {
    "AdminError": (None, "ServerError"),
    "AerospikeError": (None, "Exception"),
    "AlwaysForbidden": (10, "ServerError"),
    "AsyncConnectionError": (-6, "ClientError"),
    "BatchDisabledError": (150, "ServerError"),
    "BatchFailed": (-16, "ClientError"),
    "BatchMaxRequestError": (151, "ServerError"),
    "BatchQueueFullError": (152, "ServerError"),
    "BinExistsError": (6, "RecordError"),
    "BinIncompatibleType": (12, "RecordError"),
    "BinNameError": (21, "RecordError"),
    "BinNotFound": (17, "RecordError"),
    "ClientAbortError": (-5, "ClientError"),
    "ClientError": (-1, "AerospikeError"),
    "ClusterChangeError": (7, "ClusterError"),
    "ClusterError": (11, "ServerError"),
    "ConnectionError": (-10, "ClientError"),
    "DeviceOverload": (18, "ServerError"),
    "ElementExistsError": (24, "ServerError"),
    "ElementNotFoundError": (23, "ServerError"),
    "ExpiredPassword": (63, "AdminError"),
    "FilteredOut": (27, "ServerError"),
    "ForbiddenError": (22, "ServerError"),
    "ForbiddenPassword": (64, "AdminError"),
    "IllegalState": (56, "AdminError"),
    "IndexError": (204, "ServerError"),
    "IndexFoundError": (200, "IndexError"),
    "IndexNameMaxCount": (206, "IndexError"),
    "IndexNameMaxLen": (205, "IndexError"),
    "IndexNotFound": (201, "IndexError"),
    "IndexNotReadable": (203, "IndexError"),
    "IndexOOM": (202, "IndexError"),
    "InvalidCommand": (54, "AdminError"),
    "InvalidCredential": (65, "AdminError"),
    "InvalidField": (55, "AdminError"),
    "InvalidGeoJSON": (160, "ServerError"),
    "InvalidHostError": (-4, "ClientError"),
    "InvalidNodeError": (-8, "ClientError"),
    "InvalidPassword": (62, "AdminError"),
    "InvalidPrivilege": (72, "AdminError"),
    "InvalidQuota": (75, "AdminError"),
    "InvalidRequest": (4, "ServerError"),
    "InvalidRole": (70, "AdminError"),
    "InvalidUser": (60, "AdminError"),
    "InvalidWhitelist": (73, "AdminError"),
    "LostConflict": (28, "ServerError"),
    "LuaFileNotFound": (1302, "UDFError"),
    "MaxErrorRateExceeded": (-14, "ClientError"),
    "MaxRetriesExceeded": (-12, "ClientError"),
    "NamespaceNotFound": (20, "ServerError"),
    "NoMoreConnectionsError": (-7, "ClientError"),
    "NoResponse": (-15, "ClientError"),
    "NotAuthenticated": (80, "AdminError"),
    "NotWhitelisted": (82, "AdminError"),
    "OpNotApplicable": (26, "ServerError"),
    "ParamError": (-2, "ClientError"),
    "QueryAbortedError": (210, "ServerError"),
    "QueryError": (213, "ServerError"),
    "QueryQueueFull": (211, "QueryError"),
    "QueryTimeout": (212, "QueryError"),
    "QuotaExceeded": (83, "AdminError"),
    "QuotasNotEnabled": (74, "AdminError"),
    "RecordBusy": (14, "RecordError"),
    "RecordError": (None, "ServerError"),
    "RecordExistsError": (5, "RecordError"),
    "RecordGenerationError": (3, "RecordError"),
    "RecordKeyMismatch": (19, "RecordError"),
    "RecordNotFound": (2, "RecordError"),
    "RecordTooBig": (13, "RecordError"),
    "RoleExistsError": (71, "AdminError"),
    "RoleViolation": (81, "AdminError"),
    "ScanAbortedError": (15, "ServerError"),
    "SecurityNotEnabled": (52, "AdminError"),
    "SecurityNotSupported": (51, "AdminError"),
    "SecuritySchemeNotSupported": (53, "AdminError"),
    "ServerError": (1, "AerospikeError"),
    "ServerFull": (8, "ServerError"),
    "TLSError": (-9, "ClientError"),
    "TimeoutError": (9, "AerospikeError"),
    "TransactionAlreadyAborted": (-19, "ClientError"),
    "TransactionAlreadyCommitted": (-18, "ClientError"),
    "TransactionFailed": (-17, "ClientError"),
    "UDFError": (100, "ServerError"),
    "UDFNotFound": (1301, "UDFError"),
    "UnsupportedFeature": (16, "ServerError"),
    "UserExistsError": (61, "AdminError"),
}

# The 3.x manual's hierarchy (API checklist): name -> code; None where the manual has "(*)".
MANUAL_3X: dict[str, int | None] = {
    "TimeoutError": 9,
    "ClientError": -1,
    "InvalidHost": -4,
    "ParamError": -2,
    "ServerError": 1,
    "InvalidRequest": 4,
    "ServerFull": 8,
    "AlwaysForbidden": 10,
    "UnsupportedFeature": 16,
    "DeviceOverload": 18,
    "NamespaceNotFound": 20,
    "ForbiddenError": 22,
    "RecordError": None,
    "RecordKeyMismatch": 19,
    "RecordNotFound": 2,
    "RecordGenerationError": 3,
    "RecordExistsError": 5,
    "RecordTooBig": 13,
    "RecordBusy": 14,
    "BinNameError": 21,
    "BinExistsError": 6,
    "BinNotFound": 17,
    "BinIncompatibleType": 12,
    "IndexError": 204,
    "IndexNotFound": 201,
    "IndexFoundError": 200,
    "IndexOOM": 202,
    "IndexNotReadable": 203,
    "IndexNameMaxLen": 205,
    "IndexNameMaxCount": 206,
    "QueryError": 213,
    "QueryQueueFull": 211,
    "QueryTimeout": 212,
    "ClusterError": 11,
    "ClusterChangeError": 7,
    "AdminError": None,
    "SecurityNotSupported": 51,
    "SecurityNotEnabled": 52,
    "SecuritySchemeNotSupported": 53,
    "InvalidCommand": 54,
    "InvalidField": 55,
    "IllegalState": 56,
    "InvalidUser": 60,
    "UserExistsError": 61,
    "InvalidPassword": 62,
    "ExpiredPassword": 63,
    "ForbiddenPassword": 64,
    "InvalidCredential": 65,
    "InvalidRole": 70,
    "RoleExistsError": 71,
    "RoleViolation": 81,
    "InvalidPrivilege": 72,
    "NotAuthenticated": 80,
    "UDFError": None,
    "UDFNotFound": 1301,
    "LuaFileNotFound": 1302,
}


def _cls(name: str) -> type[BaseException]:
    found = getattr(exception, name)
    assert isinstance(found, type) and issubclass(found, BaseException)
    return found


# Hierarchy


@pytest.mark.parametrize("name", sorted(HIERARCHY))
def test_class_has_official_base_and_code(name: str) -> None:
    code, base = HIERARCHY[name]
    cls = _cls(name)
    expected_base = Exception if base == "Exception" else _cls(base)
    assert cls.__bases__ == (expected_base,)
    assert cls.code == code  # type: ignore[attr-defined]
    assert cls.__name__ == name


@pytest.mark.parametrize("name", sorted(MANUAL_3X))
def test_3x_names_exist(name: str) -> None:
    cls = _cls(name)
    assert issubclass(cls, AerospikeError)
    if MANUAL_3X[name] is not None:
        assert cls.code == MANUAL_3X[name]


def test_invalid_host_is_the_19_3_class() -> None:
    assert exception.InvalidHost is exception.InvalidHostError
    with pytest.raises(exception.InvalidHost):
        raise exception.InvalidHostError()


def test_all_names_every_class_and_helper() -> None:
    assert len(exception.__all__) == len(set(exception.__all__))
    assert set(exception.__all__) == set(HIERARCHY) | {"InvalidHost", "class_for_code", "error"}


def test_module_defines_no_other_exception_classes() -> None:
    defined = {
        name
        for name, value in vars(exception).items()
        if isinstance(value, type) and issubclass(value, BaseException)
    }
    assert defined == set(HIERARCHY) | {"InvalidHost"}


def test_shadowed_builtins_are_aerospike_errors() -> None:
    for name in ("IndexError", "TimeoutError", "ConnectionError"):
        ours = _cls(name)
        assert ours is not getattr(builtins, name)
        assert issubclass(ours, AerospikeError)
        assert not issubclass(ours, getattr(builtins, name))


def test_except_parent_catches_child() -> None:
    with pytest.raises(RecordError):
        raise RecordNotFound()
    with pytest.raises(ServerError):
        raise RecordNotFound()
    with pytest.raises(AerospikeError):
        raise exception.ParamError()
    with pytest.raises(exception.IndexError):
        raise IndexNotFound()
    with pytest.raises(exception.AdminError):
        raise exception.SecurityNotSupported()
    with pytest.raises(exception.QueryError):
        raise exception.QueryTimeout()
    with pytest.raises(ClientError):
        raise exception.MaxRetriesExceeded()


def test_timeout_is_not_a_server_or_client_error() -> None:
    assert not issubclass(exception.TimeoutError, (ServerError, ClientError))


# Instances


def test_no_arguments_gives_class_code_and_defaults() -> None:
    exc = RecordNotFound()
    assert exc.args == (2, None, None, None, False)
    assert (exc.code, exc.msg, exc.file, exc.line, exc.in_doubt) == (2, None, None, None, False)


def test_no_arguments_on_a_code_less_class() -> None:
    assert RecordError().args == (None, None, None, None, False)
    assert AerospikeError().args == (None, None, None, None, False)


def test_positional_arguments_fill_from_the_left() -> None:
    exc = exception.ParamError(-2, "bad")
    assert exc.args == (-2, "bad", None, None, False)
    assert exc.msg == "bad"
    full = ServerError(1, "boom", "src/x.c", 12, True)
    assert full.args == (1, "boom", "src/x.c", 12, True)
    assert (full.file, full.line, full.in_doubt) == ("src/x.c", 12, True)


def test_keyword_arguments_and_explicit_code() -> None:
    exc = exception.ParamError(msg="bad", in_doubt=True)
    assert exc.args == (-2, "bad", None, None, True)
    assert ServerError(999, "unknown").code == 999


def test_in_doubt_is_the_fifth_arg() -> None:
    exc = ServerError(1, "m", None, None, True)
    assert exc.args[4] is True
    code, msg, file, line, in_doubt = exc.args
    assert (code, msg, file, line, in_doubt) == (1, "m", None, None, True)


def test_str_is_the_args_tuple() -> None:
    exc = RecordNotFound(2, "AEROSPIKE_ERR_RECORD_NOT_FOUND", "src/main/get.c", 12, False)
    assert str(exc) == "(2, 'AEROSPIKE_ERR_RECORD_NOT_FOUND', 'src/main/get.c', 12, False)"
    assert repr(exc).startswith("RecordNotFound(2, ")


def test_record_error_key_and_bin() -> None:
    key = ("test", "demo", 1)
    exc = RecordNotFound(2, "msg", key=key, bin="b")
    assert exc.key == key
    assert exc.bin == "b"
    assert exc.args == (2, "msg", None, None, False)
    plain = exception.BinNameError()
    assert (plain.key, plain.bin) == (None, None)
    with pytest.raises(TypeError):
        RecordNotFound(2, "msg", None, None, False, key)  # type: ignore[call-arg]


def test_index_error_index_name() -> None:
    exc = IndexNotFound(201, "no index", index_name="idx_a")
    assert exc.index_name == "idx_a"
    assert exc.name == "idx_a"
    assert exc.args == (201, "no index", None, None, False)
    assert exception.IndexOOM().index_name is None
    assert exception.IndexOOM().name is None


def _error_cls(name: str) -> type[AerospikeError]:
    found = _cls(name)
    assert issubclass(found, AerospikeError)
    return found


def _family(root: str) -> list[str]:
    """``root`` and every class of HIERARCHY below it."""
    found = [root]
    for name in sorted(HIERARCHY):
        if issubclass(_cls(name), _cls(root)) and name != root:
            found.append(name)
    return found


@pytest.mark.parametrize("name", _family("IndexError"))
def test_index_errors_carry_name_and_index_name(name: str) -> None:
    cls = _error_cls(name)
    exc = error(cls, "index trouble", index_name="idx_a")
    assert type(exc) is cls
    assert isinstance(exc, exception.IndexError)
    assert (exc.name, exc.index_name) == ("idx_a", "idx_a")
    exc.name = "idx_b"
    assert exc.index_name == "idx_b"
    exc.index_name = "idx_c"
    assert exc.name == "idx_c"
    bare = error(cls, "no name")
    assert isinstance(bare, exception.IndexError)
    assert (bare.name, bare.index_name) == (None, None)
    back = pickle.loads(pickle.dumps(exc))
    assert (type(back), back.args, back.name, back.index_name) == (cls, exc.args, "idx_c", "idx_c")


@pytest.mark.parametrize("name", _family("IndexError"))
def test_index_error_name_by_code(name: str) -> None:
    code = HIERARCHY[name][0]
    assert code is not None
    exc = error(code, "index trouble", index_name="idx")
    assert type(exc) is _cls(name)
    assert isinstance(exc, exception.IndexError)
    assert (exc.name, exc.index_name) == ("idx", "idx")


@pytest.mark.parametrize("name", _family("RecordError"))
def test_record_errors_carry_key_and_bin(name: str) -> None:
    cls = _error_cls(name)
    key = ("test", "demo", 1)
    exc = error(cls, "record trouble", key=key, bin="b")
    assert type(exc) is cls
    assert isinstance(exc, RecordError)
    assert exc.key is key
    assert exc.bin == "b"
    bare = error(cls, "bare")
    assert isinstance(bare, RecordError)
    assert (bare.key, bare.bin) == (None, None)
    back = pickle.loads(pickle.dumps(exc))
    assert (back.key, back.bin) == (key, "b")


@pytest.mark.parametrize("name", _family("UDFError"))
def test_udf_errors_carry_module_and_func(name: str) -> None:
    cls = _error_cls(name)
    exc = error(cls, "udf trouble", module="mod", func="fn")
    assert type(exc) is cls
    assert isinstance(exc, exception.UDFError)
    assert (exc.module, exc.func) == ("mod", "fn")
    bare = error(cls, "bare")
    assert isinstance(bare, exception.UDFError)
    assert (bare.module, bare.func) == (None, None)
    back = pickle.loads(pickle.dumps(exc))
    assert (back.module, back.func) == ("mod", "fn")


def test_family_attributes_default_to_none_on_the_classes() -> None:
    # As the official client: the extra attributes exist, as None, on the family's root class.
    assert (RecordError.key, RecordError.bin) == (None, None)
    assert exception.IndexError.name is None
    assert (exception.UDFError.module, exception.UDFError.func) == (None, None)


@pytest.mark.parametrize("name", sorted(HIERARCHY))
def test_only_the_families_have_extra_attributes(name: str) -> None:
    exc = error(_error_cls(name), "m", key=1, bin="b", index_name="i", module="m", func="f")
    families = {
        "RecordError": ("key", "bin"),
        "IndexError": ("name", "index_name"),
        "UDFError": ("module", "func"),
    }
    for root, attributes in families.items():
        for attribute in attributes:
            assert hasattr(exc, attribute) == (name in _family(root)), (root, attribute)


def test_udf_error_module_and_func() -> None:
    exc = UDFNotFound(1301, "missing", module="mod", func="fn")
    assert (exc.module, exc.func) == ("mod", "fn")
    assert exc.args == (1301, "missing", None, None, False)
    assert (exception.LuaFileNotFound().module, exception.LuaFileNotFound().func) == (None, None)


def test_other_classes_have_no_record_attributes() -> None:
    exc = exception.ParamError()
    assert not hasattr(exc, "key")
    assert not hasattr(exc, "index_name")
    assert not hasattr(exc, "name")
    assert not hasattr(exc, "module")


def test_pickle_round_trip_keeps_class_args_and_extras() -> None:
    exc = RecordNotFound(2, "msg", "f.py", 3, True, key=("test", "demo", 1), bin="b")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is RecordNotFound
    assert back.args == exc.args
    assert (back.key, back.bin) == (("test", "demo", 1), "b")


# class_for_code


@pytest.mark.parametrize(
    "name", sorted(n for n, (code, _) in HIERARCHY.items() if code is not None)
)
def test_class_for_code_every_code(name: str) -> None:
    code = HIERARCHY[name][0]
    assert code is not None
    assert class_for_code(code) is _cls(name)


def test_codes_are_unique() -> None:
    codes = [code for code, _ in HIERARCHY.values() if code is not None]
    assert len(codes) == len(set(codes))


def test_class_for_code_examples_and_fallbacks() -> None:
    assert class_for_code(2) is RecordNotFound
    assert class_for_code(27) is exception.FilteredOut
    assert class_for_code(1) is ServerError
    assert class_for_code(-4) is exception.InvalidHostError
    assert class_for_code(-1) is ClientError
    assert class_for_code(9) is exception.TimeoutError
    # A code without a class of its own raises the root, as in the official client.
    assert class_for_code(999) is AerospikeError
    assert class_for_code(25) is AerospikeError
    assert class_for_code(-11) is AerospikeError
    assert class_for_code(-999) is AerospikeError
    assert class_for_code(0) is AerospikeError


# error()


def test_error_from_code_names_this_file_and_line() -> None:
    exc, line = error(2, "not found"), sys._getframe().f_lineno
    assert type(exc) is RecordNotFound
    assert exc.args == (2, "not found", exc.file, line, False)
    assert exc.file is not None
    assert exc.file.endswith("test_exception.py")
    assert "\\" not in exc.file


def test_error_from_class_uses_its_code() -> None:
    exc = error(exception.ParamError, "bad", in_doubt=True)
    assert type(exc) is exception.ParamError
    assert (exc.code, exc.msg, exc.in_doubt) == (-2, "bad", True)


def test_error_keeps_an_unknown_code() -> None:
    exc = error(999, "strange")
    assert type(exc) is AerospikeError
    assert exc.code == 999
    neg = error(-77, "odd")
    assert type(neg) is AerospikeError
    assert neg.code == -77


def test_error_sets_extras_by_family() -> None:
    rec = error(2, "nf", key=("test", "demo", 1), bin="b")
    assert isinstance(rec, RecordError)
    assert (rec.key, rec.bin) == (("test", "demo", 1), "b")
    idx = error(IndexNotFound, "no index", index_name="idx")
    assert (idx.index_name, idx.name) == ("idx", "idx")
    udf = error(1301, "missing", module="m", func="f")
    assert isinstance(udf, exception.UDFError)
    assert (udf.module, udf.func) == ("m", "f")
    other = error(-2, "bad", key=("test", "demo", 1))
    assert not hasattr(other, "key")


def test_error_file_is_relative_to_the_package_root() -> None:
    package_dir = Path(exception.__file__).resolve().parent
    fake = package_dir / "engine" / "records.py"
    namespace: dict[str, object] = {"error": error}
    source = "\n\ndef fail():\n    return error(2, 'nf')\n"
    exec(compile(source, str(fake), "exec"), namespace)
    exc = namespace["fail"]()  # type: ignore[operator]
    assert exc.file == "aeromodel/client/engine/records.py"
    assert exc.line == 4


def test_source_name_of_this_module() -> None:
    assert exception._source_name(exception.__file__) == "aeromodel/client/exception.py"
    assert exception._source_name("/elsewhere/thing.py") == "thing.py"


# Raising touches no file system: the source name is computed once per code file.

FILE_SYSTEM_CALLS = [
    (Path, "resolve"),
    (os.path, "realpath"),
    (os, "stat"),
    (os, "lstat"),
    (os, "readlink"),
]


@contextmanager
def no_file_system(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make path resolution and stat calls fail while the block runs; yields the calls seen."""
    seen: list[str] = []

    def refuse(name: str) -> object:
        def call(*args: object, **kwargs: object) -> object:
            seen.append(name)
            raise AssertionError(f"file system access while raising: {name}")

        return call

    with monkeypatch.context() as patch:
        for owner, name in FILE_SYSTEM_CALLS:
            patch.setattr(owner, name, refuse(name))
        yield seen


def test_raising_again_touches_no_file_system(monkeypatch: pytest.MonkeyPatch) -> None:
    first = error(2, "nf")  # this file's source name is now known
    with no_file_system(monkeypatch) as seen:
        exc, line = error(2, "nf"), sys._getframe().f_lineno
        by_class = error(exception.ParamError, "bad")
    assert seen == []
    assert type(exc) is RecordNotFound
    assert exc.file == first.file
    assert exc.file is not None and exc.file.endswith("test_exception.py")
    assert exc.line == line
    assert by_class.file == first.file


def test_get_of_a_missing_key_touches_no_file_system(
    client: aerospike.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = ("test", "demo", "missing")
    with pytest.raises(RecordNotFound) as first:
        client.get(key)
    with no_file_system(monkeypatch) as seen, pytest.raises(RecordNotFound) as again:
        client.get(key)
    assert seen == []
    assert (again.value.file, again.value.line) == (first.value.file, first.value.line)
    assert again.value.file is not None and again.value.file.startswith("aeromodel/")


def test_source_name_resolves_each_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    exception._source_name.cache_clear()
    calls: list[str] = []
    real_resolve = Path.resolve

    def counting_resolve(self: Path, strict: bool = False) -> Path:
        calls.append(str(self))
        return real_resolve(self, strict)

    monkeypatch.setattr(Path, "resolve", counting_resolve)
    for _ in range(3):
        error(2, "nf")
        error(2, "nf")
    assert calls == [__file__]
