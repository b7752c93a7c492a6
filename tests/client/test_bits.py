"""Bit operations (``bitwise_operations``) through operate(), as a real 8.1 server runs them
(particle_blob.c): results, flags, offsets, and which error answers what."""

from __future__ import annotations

from typing import Any

import pytest
from _support import POLICY_CHECKS, AnyClient

# Plain ints, the same in the official module (test_constants pins them).
import aeromodel.client as aerospike
from aeromodel.client import exception as our_exception
from aeromodel.client.codec import Codec
from aeromodel.client.command import OP_BIT_MODIFY, OP_BIT_READ
from aeromodel.client.commands.operations import OpCompiler
from aeromodel.client.engine.ops import bits as engine_bits
from aeromodel.client.helpers.operations import bitwise_operations as our_bw

pytestmark = [
    pytest.mark.transports,
    # The official helpers warn on every call that takes the (unused) value_byte_size, and on
    # resize flags above 7 (sent all the same, for the server to refuse).
    pytest.mark.filterwarnings("ignore:value_byte_size is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:resize_flags must be:DeprecationWarning"),
]

KEY = ("test", "demo", "bits")
NO_FAIL = {"bit_write_flags": aerospike.BIT_WRITE_NO_FAIL}
PARTIAL = {"bit_write_flags": aerospike.BIT_WRITE_PARTIAL}
CREATE_ONLY = {"bit_write_flags": aerospike.BIT_WRITE_CREATE_ONLY}
UPDATE_ONLY = {"bit_write_flags": aerospike.BIT_WRITE_UPDATE_ONLY}
OVERFLOW_FAIL = aerospike.BIT_OVERFLOW_FAIL
SATURATE = aerospike.BIT_OVERFLOW_SATURATE
WRAP = aerospike.BIT_OVERFLOW_WRAP


def blob_after(client: AnyClient, blob: bytes, ops: list[dict[str, Any]]) -> bytes | None:
    client.put(KEY, {"b": blob})
    client.operate(KEY, ops)
    return client.get(KEY)[2].get("b")


def read_of(client: AnyClient, blob: bytes, op: dict[str, Any]) -> Any:
    client.put(KEY, {"b": blob})
    return client.operate(KEY, [op])[2]["b"]


def refused(client: AnyClient, ops: list[dict[str, Any]], cls: type[Exception], code: int) -> None:
    """The command fails with ``cls`` / ``code`` and the record (bins, gen, ttl) is unchanged."""
    before = client.get(KEY)
    with pytest.raises(cls) as excinfo:
        client.operate(KEY, ops)
    assert excinfo.value.code == code  # type: ignore[attr-defined]
    assert client.get(KEY) == before


# -- the helpers and what they compile to -------------------------------------------------------


def compile_one(op: dict[str, Any]) -> Any:
    ops = OpCompiler(Codec()).compile([op]).ops
    return ops[0]


WIRE = [
    (our_bw.bit_resize("b", 4), (OP_BIT_MODIFY, "b", (0, 4, 0, 0))),
    (
        our_bw.bit_resize("b", 4, NO_FAIL, aerospike.BIT_RESIZE_FROM_FRONT),
        (OP_BIT_MODIFY, "b", (0, 4, 4, 1)),
    ),
    (our_bw.bit_insert("b", -1, 1, bytearray(b"\x01")), (OP_BIT_MODIFY, "b", (1, -1, b"\x01", 0))),
    (our_bw.bit_remove("b", 1, 2, PARTIAL), (OP_BIT_MODIFY, "b", (2, 1, 2, 8))),
    (our_bw.bit_set("b", 3, 5, 1, b"\xff"), (OP_BIT_MODIFY, "b", (3, 3, 5, b"\xff", 0))),
    (our_bw.bit_or("b", 0, 8, 1, b"\x0f"), (OP_BIT_MODIFY, "b", (4, 0, 8, b"\x0f", 0))),
    (our_bw.bit_xor("b", 0, 8, 1, b"\x0f"), (OP_BIT_MODIFY, "b", (5, 0, 8, b"\x0f", 0))),
    (our_bw.bit_and("b", 0, 8, 1, b"\x0f"), (OP_BIT_MODIFY, "b", (6, 0, 8, b"\x0f", 0))),
    (our_bw.bit_not("b", -8, 8), (OP_BIT_MODIFY, "b", (7, -8, 8, 0))),
    (our_bw.bit_lshift("b", 0, 16, 3), (OP_BIT_MODIFY, "b", (8, 0, 16, 3, 0))),
    (our_bw.bit_rshift("b", 0, 16, 3), (OP_BIT_MODIFY, "b", (9, 0, 16, 3, 0))),
    (our_bw.bit_add("b", 0, 8, 1, False, WRAP), (OP_BIT_MODIFY, "b", (10, 0, 8, 1, 0, 4))),
    (our_bw.bit_subtract("b", 0, 8, 1, True, 0), (OP_BIT_MODIFY, "b", (11, 0, 8, 1, 0, 1))),
    (our_bw.bit_set_int("b", 0, 8, -1), (OP_BIT_MODIFY, "b", (12, 0, 8, -1, 0))),
    (our_bw.bit_get("b", 1, 9), (OP_BIT_READ, "b", (50, 1, 9))),
    (our_bw.bit_count("b", 1, 9), (OP_BIT_READ, "b", (51, 1, 9))),
    (our_bw.bit_lscan("b", 1, 9, True), (OP_BIT_READ, "b", (52, 1, 9, True))),
    (our_bw.bit_rscan("b", 1, 9, False), (OP_BIT_READ, "b", (53, 1, 9, False))),
    (our_bw.bit_get_int("b", 1, 9, False), (OP_BIT_READ, "b", (54, 1, 9))),
    (our_bw.bit_get_int("b", 1, 9, True), (OP_BIT_READ, "b", (54, 1, 9, 1))),
]


@pytest.mark.parametrize(("op", "wire"), WIRE)
def test_each_helper_compiles_to_the_c_clients_wire_operation(op: Any, wire: Any) -> None:
    assert compile_one(op) == wire


def test_the_engine_runs_every_bit_op_code() -> None:
    assert set(engine_bits.MODIFY) == set(range(13))
    assert set(engine_bits.READ) == set(range(50, 55))


def test_helper_dicts_use_the_official_keys() -> None:
    assert our_bw.bit_lshift("b", 1, 2, 3, None) == {
        "op": aerospike.OP_BIT_LSHIFT, "bin": "b", "bit_offset": 1, "bit_size": 2, "value": 3,
        "policy": None,
    }  # fmt: skip
    assert our_bw.bit_resize("b", 3)["resize_flags"] == 0
    assert our_bw.bit_add("b", 0, 8, 1, True, WRAP)["sign"] is True


BAD_ARGS = [
    (lambda bw: bw.bit_get("b", "0", 8), "bit_offset must be an int"),
    (lambda bw: bw.bit_get("b", 2**63, 8), "bit_offset"),
    (lambda bw: bw.bit_count("b", 0, -1), "bit_size"),
    (lambda bw: bw.bit_count("b", 0, 2**32), "bit_size"),
    (lambda bw: bw.bit_resize("b", -1), "byte_size"),
    (lambda bw: bw.bit_resize("b", 1, None, "front"), "resize_flags"),
    (lambda bw: bw.bit_set("b", 0, 8, 1, "x"), "value must be bytes"),
    (lambda bw: bw.bit_insert("b", 0, 1, [1]), "value must be bytes"),
    (lambda bw: bw.bit_lscan("b", 0, 8, 1), "value must be a bool"),
    (lambda bw: bw.bit_get_int("b", 0, 8, 1), "sign must be a bool"),
    (lambda bw: bw.bit_add("b", 0, 8, 1.5, False, 0), "value must be an int"),
    (lambda bw: bw.bit_add("b", 0, 8, 2**64, False, 0), "value"),
    (lambda bw: bw.bit_add("b", 0, 8, -1, True, 0), "value -1"),  # as the official client (checked)
    (lambda bw: bw.bit_subtract("b", 0, 8, -5, True, 0), "value -5"),
    (lambda bw: bw.bit_subtract("b", 0, 8, 1, False, None), "action"),
    (lambda bw: bw.bit_lshift("b", 0, 8, -1), "value"),
    (lambda bw: bw.bit_not("b", 0, 8, "policy"), "policy"),
    pytest.param(
        lambda bw: bw.bit_not("b", 0, 8, {"bit_write_flags": 16}), "bit_write_flags",
        marks=pytest.mark.ours_only(POLICY_CHECKS),
    ),
    pytest.param(
        lambda bw: bw.bit_not("b", 0, 8, {"nope": 1}), "nope",
        marks=pytest.mark.ours_only(POLICY_CHECKS),
    ),
    (lambda bw: {"op": aerospike.OP_BIT_GET, "bin": "b", "bit_offset": 0}, "missing 'bit_size'"),
]


@pytest.mark.parametrize(("make", "says"), BAD_ARGS)
def test_bad_arguments_say_what_is_wrong(make: Any, says: str) -> None:
    with pytest.raises(our_exception.ParamError) as excinfo:
        compile_one(make(our_bw))
    assert says in str(excinfo.value.msg)


@pytest.mark.parametrize(("make", "says"), BAD_ARGS)
def test_bad_arguments_are_param_errors_before_anything_is_sent(
    client: AnyClient, make: Any, says: str, bw, exception
) -> None:
    client.put(KEY, {"b": b"\x00" * 4})
    refused(client, [bw.bit_not("b", 0, 8), make(bw)], exception.ParamError, -2)


def test_what_the_official_client_takes_as_it_is(client: AnyClient, bw) -> None:
    # A bool is an int (True is 1), the deprecated value_byte_size is not looked at, and an
    # add or subtract value is unsigned 64 bits.
    assert read_of(client, b"\x01\x02", bw.bit_get("b", True, 8)) == b"\x02"
    assert blob_after(client, b"\x01", [bw.bit_or("b", 0, 8, "one", b"\x02")]) == b"\x03"
    assert blob_after(client, b"\x01", [bw.bit_add("b", 0, 8, 2**64 - 1, False, WRAP)]) == b"\x00"


@pytest.fixture
def bw(bitwise_operations):
    """The transport's ``bitwise_operations``."""
    return bitwise_operations


# -- resize, insert, remove ---------------------------------------------------------------------

FRONT = aerospike.BIT_RESIZE_FROM_FRONT
GROW = aerospike.BIT_RESIZE_GROW_ONLY
SHRINK = aerospike.BIT_RESIZE_SHRINK_ONLY

RESIZES = [
    (b"\x01\x02", 4, 0, b"\x01\x02\x00\x00"),
    (b"\x01\x02", 4, FRONT, b"\x00\x00\x01\x02"),
    (b"\x01\x02\x03", 1, 0, b"\x01"),
    (b"\x01\x02\x03", 1, FRONT, b"\x03"),
    (b"\x01\x02\x03", 0, 0, b""),
    (b"\x01\x02", 2, SHRINK, b"\x01\x02"),
    (b"\x01\x02", 3, GROW | FRONT, b"\x00\x01\x02"),
    (b"\x01\x02", 1, SHRINK | FRONT, b"\x02"),
]


@pytest.mark.parametrize(("blob", "size", "flags", "expected"), RESIZES)
def test_resize(
    client: AnyClient, blob: bytes, size: int, flags: int, expected: bytes, bw) -> None:
    assert blob_after(client, blob, [bw.bit_resize("b", size, None, flags)]) == expected


def test_resize_in_the_wrong_direction_is_invalid_unless_no_fail(client: AnyClient, bw, exception) -> None:
    client.put(KEY, {"b": b"\x01\x02"})
    refused(client, [bw.bit_resize("b", 1, None, GROW)], exception.InvalidRequest, 4)
    refused(client, [bw.bit_resize("b", 3, None, SHRINK)], exception.InvalidRequest, 4)
    refused(client, [bw.bit_resize("b", 3, None, GROW | SHRINK)], exception.InvalidRequest, 4)
    refused(client, [bw.bit_resize("b", 3, None, 8)], exception.InvalidRequest, 4)
    refused(client, [bw.bit_resize("b", 3, PARTIAL)], exception.InvalidRequest, 4)
    gen = client.get(KEY)[1]["gen"]
    client.operate(KEY, [bw.bit_resize("b", 1, NO_FAIL, GROW)])
    assert client.get(KEY)[2]["b"] == b"\x01\x02"
    assert client.get(KEY)[1]["gen"] == gen + 1  # a write all the same


def test_resize_and_insert_create_a_missing_bin_and_record(client: AnyClient, bw) -> None:
    client.operate(KEY, [bw.bit_resize("b", 3)])
    assert client.get(KEY)[2] == {"b": b"\x00\x00\x00"}
    client.operate(KEY, [bw.bit_insert("c", 2, 1, b"\xab")])
    assert client.get(KEY)[2]["c"] == b"\x00\x00\xab"
    client.operate(KEY, [bw.bit_resize("d", 0)])  # nothing to create: the bin stays missing
    assert "d" not in client.get(KEY)[2]


def test_other_modify_operations_on_a_missing_bin_are_bin_not_found(
    client: AnyClient, bw, exception) -> None:
    client.put(KEY, {"x": 1})
    for op in [
        bw.bit_remove("b", 0, 1),
        bw.bit_set("b", 0, 8, 1, b"\x01"),
        bw.bit_not("b", 0, 1),
        bw.bit_add("b", 0, 8, 1, False, WRAP),
        bw.bit_resize("b", 1, UPDATE_ONLY),
        bw.bit_insert("b", 0, 1, b"\x01", UPDATE_ONLY),
    ]:
        refused(client, [op], exception.BinNotFound, 17)
        op["policy"] = {"bit_write_flags": (op["policy"] or {}).get("bit_write_flags", 0) | 4}
        client.operate(KEY, [op])
        assert client.get(KEY)[2] == {"x": 1}


def test_create_only_on_an_existing_bin_is_bin_exists(client: AnyClient, bw, exception) -> None:
    client.put(KEY, {"b": b"\x01"})
    refused(client, [bw.bit_insert("b", 0, 1, b"\x02", CREATE_ONLY)], exception.BinExistsError, 6)
    refused(client, [bw.bit_resize("b", 4, CREATE_ONLY)], exception.BinExistsError, 6)
    client.operate(KEY, [bw.bit_resize("b", 4, {"bit_write_flags": 1 | 4})])
    assert client.get(KEY)[2]["b"] == b"\x01"
    # CREATE_ONLY is not a flag the window operations take; with UPDATE_ONLY it is invalid.
    refused(client, [bw.bit_not("b", 0, 1, CREATE_ONLY)], exception.InvalidRequest, 4)
    refused(client, [bw.bit_resize("b", 2, {"bit_write_flags": 3})], exception.InvalidRequest, 4)


INSERTS = [
    (b"\x01\x02", 1, b"\xaa\xbb", b"\x01\xaa\xbb\x02"),
    (b"\x01\x02", 0, b"\xaa", b"\xaa\x01\x02"),
    (b"\x01\x02", 2, b"\xaa", b"\x01\x02\xaa"),
    (b"\x01\x02", 4, b"\xaa", b"\x01\x02\x00\x00\xaa"),
    (b"\x01\x02", -1, b"\xaa", b"\x01\xaa\x02"),
    (b"\x01\x02", -2, b"\xaa", b"\xaa\x01\x02"),
]


@pytest.mark.parametrize(("blob", "at", "value", "expected"), INSERTS)
def test_insert(
    client: AnyClient, blob: bytes, at: int, value: bytes, expected: bytes, bw) -> None:
    assert blob_after(client, blob, [bw.bit_insert("b", at, len(value), value)]) == expected


def test_insert_errors(client: AnyClient, bw, exception) -> None:
    client.put(KEY, {"b": b"\x01\x02", "x": 1})
    refused(client, [bw.bit_insert("b", -3, 1, b"\xaa")], exception.InvalidRequest, 4)
    refused(client, [bw.bit_insert("b", 0, 0, b"")], exception.InvalidRequest, 4)
    refused(client, [bw.bit_insert("n", -1, 1, b"\xaa")], exception.InvalidRequest, 4)
    refused(client, [bw.bit_insert("b", 2**27 + 1, 1, b"\xaa")], exception.InvalidRequest, 4)
    refused(client, [bw.bit_insert("b", 2**27, 1, b"\xaa")], exception.InvalidRequest, 4)
    refused(client, [bw.bit_insert("x", 0, 1, b"\xaa")], exception.BinIncompatibleType, 12)


REMOVES = [
    (b"\x01\x02\x03\x04", 1, 2, None, b"\x01\x04"),
    (b"\x01\x02\x03\x04", -1, 1, None, b"\x01\x02\x03"),
    (b"\x01\x02\x03\x04", 2, 5, PARTIAL, b"\x01\x02"),
    (b"\x01\x02\x03\x04", 0, 4, None, b""),
    (b"\x01\x02\x03\x04", 2, 5, NO_FAIL, b"\x01\x02\x03\x04"),
    (b"\x01\x02\x03\x04", 4, 1, NO_FAIL, b"\x01\x02\x03\x04"),
]


@pytest.mark.parametrize(("blob", "at", "n", "policy", "expected"), REMOVES)
def test_remove(
    client: AnyClient, blob: bytes, at: int, n: int, policy: Any, expected: bytes, bw) -> None:
    assert blob_after(client, blob, [bw.bit_remove("b", at, n, policy)]) == expected


def test_remove_errors(client: AnyClient, bw, exception) -> None:
    client.put(KEY, {"b": b"\x01\x02"})
    refused(client, [bw.bit_remove("b", 2, 1)], exception.InvalidRequest, 4)  # past the end
    refused(client, [bw.bit_remove("b", 1, 2)], exception.InvalidRequest, 4)  # runs past it
    refused(client, [bw.bit_remove("b", 0, 0)], exception.InvalidRequest, 4)
    refused(client, [bw.bit_remove("b", -3, 1)], exception.InvalidRequest, 4)
    refused(client, [bw.bit_remove("b", 0, 1, CREATE_ONLY)], exception.InvalidRequest, 4)


# -- window operations --------------------------------------------------------------------------

WINDOW_OPS = [
    (b"\x00\x00", lambda bw: bw.bit_set("b", 4, 8, 1, b"\xff"), b"\x0f\xf0"),
    (b"\x00\x00", lambda bw: bw.bit_set("b", 3, 3, 1, b"\xa0"), b"\x14\x00"),  # the value's first bits
    (b"\xff\xff", lambda bw: bw.bit_set("b", -4, 4, 1, b"\x00"), b"\xff\xf0"),
    (b"\x0f\x0f", lambda bw: bw.bit_or("b", 2, 10, 2, b"\xff\xff"), b"\x3f\xff"),
    (b"\x0f\x0f", lambda bw: bw.bit_xor("b", 0, 16, 2, b"\xff\x00"), b"\xf0\x0f"),
    (b"\xff\xff", lambda bw: bw.bit_and("b", 4, 8, 1, b"\x00"), b"\xf0\x0f"),
    (b"\x0f\x0f", lambda bw: bw.bit_not("b", 6, 4), b"\x0c\xcf"),
    (b"\x81\x81", lambda bw: bw.bit_lshift("b", 0, 16, 1), b"\x03\x02"),
    (b"\x81\x81", lambda bw: bw.bit_lshift("b", 4, 8, 3), b"\x8c\x01"),  # zeros come in from the right
    (b"\x81\x81", lambda bw: bw.bit_rshift("b", 0, 16, 9), b"\x00\x40"),
    (b"\xff\xff", lambda bw: bw.bit_rshift("b", 4, 8, 2), b"\xf3\xff"),
    (b"\xff\xff", lambda bw: bw.bit_lshift("b", 0, 12, 12), b"\x00\x0f"),  # shift >= size: all zeros
    (b"\x00\x00", lambda bw: bw.bit_set("b", 12, 8, 1, b"\xff", PARTIAL), b"\x00\x0f"),
    (b"\x00\x00\x00", lambda bw: bw.bit_set("b", 12, 16, 2, b"\xff\x00", PARTIAL), b"\x00\x0f\xf0"),
    (b"\x00\x00", lambda bw: bw.bit_not("b", 9, 100, PARTIAL), b"\x00\x7f"),
    (b"\x00\x00", lambda bw: bw.bit_not("b", 16, 1, NO_FAIL), b"\x00\x00"),
    (b"\x00\x00", lambda bw: bw.bit_not("b", 12, 8, NO_FAIL), b"\x00\x00"),
]


@pytest.mark.parametrize(("blob", "make", "expected"), WINDOW_OPS)
def test_window_operations(client: AnyClient, blob: bytes, make: Any, expected: bytes, bw) -> None:
    assert blob_after(client, blob, [make(bw)]) == expected


def test_window_errors(client: AnyClient, bw, exception) -> None:
    client.put(KEY, {"b": b"\x00\x00", "s": "text"})
    not_applicable = [
        bw.bit_not("b", 16, 1),  # starts past the end
        bw.bit_not("b", 12, 8),  # runs past the end
        bw.bit_set("b", 15, 2, 1, b"\xff"),
    ]
    for op in not_applicable:
        refused(client, [op], exception.OpNotApplicable, 26)
    invalid = [
        bw.bit_not("b", -17, 1),  # before the start
        bw.bit_not("b", 0, 0),
        bw.bit_set("b", 0, 9, 1, b"\xff"),  # more bits than the value has
        bw.bit_set("b", 0, 8, 0, b""),
        bw.bit_lshift("b", 0, 8, 2**30 + 1),
        bw.bit_not("b", 2**30 + 1, 1),
        bw.bit_not("b", 0, 8, {"bit_write_flags": 3}),
    ]
    for op in invalid:
        refused(client, [op], exception.InvalidRequest, 4)
    refused(client, [bw.bit_not("s", 0, 1)], exception.BinIncompatibleType, 12)
    # A parse error is found before the bin's existence or type is looked at.
    refused(client, [bw.bit_not("missing", 0, 0, NO_FAIL)], exception.InvalidRequest, 4)
    refused(client, [bw.bit_not("s", 0, 0)], exception.InvalidRequest, 4)


# -- integers -----------------------------------------------------------------------------------

INT_OPS = [
    (b"\x00\xff", lambda bw: bw.bit_add("b", 0, 8, 5, False, OVERFLOW_FAIL), b"\x05\xff"),
    (b"\xfe\x00", lambda bw: bw.bit_add("b", 0, 8, 1, False, OVERFLOW_FAIL), b"\xff\x00"),
    (b"\xfe\x00", lambda bw: bw.bit_add("b", 0, 8, 5, False, SATURATE), b"\xff\x00"),
    (b"\xfe\x00", lambda bw: bw.bit_add("b", 0, 8, 5, False, WRAP), b"\x03\x00"),
    (b"\x0f\xf0", lambda bw: bw.bit_add("b", 4, 8, 1, False, WRAP), b"\x00\x00"),  # across bytes
    (b"\x7e\x00", lambda bw: bw.bit_add("b", 0, 8, 5, True, SATURATE), b"\x7f\x00"),
    (b"\x03\x00", lambda bw: bw.bit_subtract("b", 0, 8, 5, False, SATURATE), b"\x00\x00"),
    (b"\x03\x00", lambda bw: bw.bit_subtract("b", 0, 8, 5, False, WRAP), b"\xfe\x00"),
    (b"\x03\x00", lambda bw: bw.bit_subtract("b", 0, 8, 5, True, OVERFLOW_FAIL), b"\xfe\x00"),
    (b"\x81\x00", lambda bw: bw.bit_subtract("b", 0, 8, 5, True, SATURATE), b"\x80\x00"),
    (b"\x80", lambda bw: bw.bit_subtract("b", 0, 8, 1, True, SATURATE), b"\x80"),
    (b"\x00\x00", lambda bw: bw.bit_set_int("b", 4, 8, 0x1AB), b"\x0a\xb0"),
    (b"\xff\xff", lambda bw: bw.bit_set_int("b", 0, 12, -2), b"\xff\xef"),
    (b"\x00" * 9, lambda bw: bw.bit_set_int("b", 4, 64, -1), b"\x0f" + b"\xff" * 7 + b"\xf0"),
    (b"\x7f", lambda bw: bw.bit_add("b", 0, 8, 1, True, OVERFLOW_FAIL, NO_FAIL), b"\x7f"),
]


@pytest.mark.parametrize(("blob", "make", "expected"), INT_OPS)
def test_integer_operations(client: AnyClient, blob: bytes, make: Any, expected: bytes, bw) -> None:
    assert blob_after(client, blob, [make(bw)]) == expected


def test_integer_errors(client: AnyClient, bw, exception) -> None:
    client.put(KEY, {"b": b"\xff\x7f"})
    overflows = [
        bw.bit_add("b", 0, 8, 1, False, OVERFLOW_FAIL),
        bw.bit_add("b", 8, 8, 1, True, OVERFLOW_FAIL),
        bw.bit_subtract("b", 8, 8, 0x80, False, OVERFLOW_FAIL),
    ]
    for op in overflows:
        refused(client, [op], exception.OpNotApplicable, 26)
    refused(client, [bw.bit_set_int("b", 12, 8, 1)], exception.OpNotApplicable, 26)
    invalid = [
        bw.bit_add("b", 0, 65, 1, False, WRAP),
        bw.bit_add("b", 0, 0, 1, False, WRAP),
        bw.bit_add("b", 0, 8, 1, False, SATURATE | WRAP),
        bw.bit_add("b", 0, 8, 1, False, 8),
        bw.bit_add("b", 0, 8, 1, False, WRAP, PARTIAL),
        bw.bit_set_int("b", 12, 8, 1, PARTIAL),
    ]
    for op in invalid:
        refused(client, [op], exception.InvalidRequest, 4)


# -- reads --------------------------------------------------------------------------------------

READS = [
    (b"\x12\x34\x56", lambda bw: bw.bit_get("b", 4, 12), b"\x23\x40"),
    (b"\x12\x34\x56", lambda bw: bw.bit_get("b", -8, 8), b"\x56"),
    (b"\x12\x34\x56", lambda bw: bw.bit_get("b", 3, 1), b"\x80"),
    (b"\x12\x34\x56", lambda bw: bw.bit_count("b", 0, 24), 9),
    (b"\x12\x34\x56", lambda bw: bw.bit_count("b", 5, 7), 3),
    (b"\x00\x10\xff", lambda bw: bw.bit_lscan("b", 0, 24, True), 11),
    (b"\x00\x10\xff", lambda bw: bw.bit_lscan("b", 4, 8, True), 7),
    (b"\x00\x10\xff", lambda bw: bw.bit_lscan("b", 4, 7, True), -1),
    (b"\xff\xff\xf0", lambda bw: bw.bit_lscan("b", 0, 24, False), 20),
    (b"\x00\x10\x00", lambda bw: bw.bit_rscan("b", 0, 24, True), 11),
    (b"\x00\x10\x00", lambda bw: bw.bit_rscan("b", 12, 12, True), -1),
    (b"\xff\x0f\xff", lambda bw: bw.bit_rscan("b", 0, 24, False), 11),
    (b"\xff\xff\xff", lambda bw: bw.bit_rscan("b", 0, 24, False), -1),
    # As on the server: the bits of the first byte before the offset are scanned too, and a match
    # found only there answers a negative position (particle_blob.c, bits_read_op_rscan).
    (b"\x80\x00", lambda bw: bw.bit_rscan("b", 4, 8, True), -4),
    (b"\x80", lambda bw: bw.bit_rscan("b", 3, 2, True), -3),
    (b"\xab\xcd", lambda bw: bw.bit_get_int("b", 4, 8, False), 0xBC),
    (b"\xab\xcd", lambda bw: bw.bit_get_int("b", 4, 8, True), 0xBC - 256),
    (b"\xab\xcd", lambda bw: bw.bit_get_int("b", 0, 1, True), -1),
    (b"\xff" * 8, lambda bw: bw.bit_get_int("b", 0, 64, False), -1),  # the answer is a signed int64
    (b"\x7f" + b"\xff" * 7, lambda bw: bw.bit_get_int("b", 0, 64, False), 2**63 - 1),
]


@pytest.mark.parametrize(("blob", "make", "expected"), READS)
def test_reads(client: AnyClient, blob: bytes, make: Any, expected: Any, bw) -> None:
    got = read_of(client, blob, make(bw))
    assert got == expected
    assert type(got) is type(expected)


def test_read_errors(client: AnyClient, bw, exception) -> None:
    client.put(KEY, {"b": b"\x00\x00", "i": 7})
    for op in [bw.bit_get("b", 16, 1), bw.bit_count("b", 9, 8), bw.bit_get_int("b", 12, 8, False)]:
        refused(client, [op], exception.OpNotApplicable, 26)
    for op in [bw.bit_get("b", -17, 1), bw.bit_count("b", 0, 0), bw.bit_get_int("b", 0, 65, True)]:
        refused(client, [op], exception.InvalidRequest, 4)
    refused(client, [bw.bit_get("i", 0, 1)], exception.BinIncompatibleType, 12)


def test_reads_of_a_missing_bin_answer_none_and_check_nothing(client: AnyClient, bw, exception) -> None:
    # A real 8.1.2 server with the official client: bit operations ask for every operation's
    # answer (RESPOND_ALL_OPS), so each read of a missing bin answers None.
    client.put(KEY, {"x": 1})
    ops = [bw.bit_get("b", 0, 8), bw.bit_count("b", 0, 0), bw.bit_lscan("b", 0, 1, True)]
    assert client.operate(KEY, ops)[2] == {"b": None}
    assert client.operate_ordered(KEY, ops)[2] == [("b", None)] * 3
    with pytest.raises(exception.RecordNotFound):
        client.operate(("test", "demo", "nobody"), [bw.bit_get("b", 0, 8)])


# -- operate shapes, batches, sizes -------------------------------------------------------------


def test_operate_and_operate_ordered_shapes(client: AnyClient, bw) -> None:
    client.put(KEY, {"b": b"\x0f"})
    ops = [
        bw.bit_get("b", 0, 8),
        bw.bit_not("b", 0, 8),
        bw.bit_get("b", 0, 8),
        bw.bit_count("b", 0, 8),
    ]
    assert client.operate(KEY, ops)[2] == {"b": 4}  # the last read of a bin wins
    client.put(KEY, {"b": b"\x0f"})
    # A bit modify answers nil for its bin, as the server does (checked side by side).
    assert client.operate_ordered(KEY, ops)[2] == [
        ("b", b"\x0f"), ("b", None), ("b", b"\xf0"), ("b", 4)
    ]  # fmt: skip
    assert client.operate_ordered(KEY, [bw.bit_not("b", 0, 8)])[2] == [("b", None)]
    assert client.operate(KEY, [bw.bit_not("b", 0, 8)])[2] == {"b": None}


def test_a_failed_operation_undoes_the_whole_command(client: AnyClient, bw, exception) -> None:
    client.put(KEY, {"b": b"\x01\x02", "n": 1})
    ops = [
        bw.bit_resize("b", 8),
        bw.bit_set_int("b", 0, 16, 0xFFFF),
        bw.bit_add("b", 0, 16, 1, False, OVERFLOW_FAIL),
    ]
    refused(client, ops, exception.OpNotApplicable, 26)
    assert client.get(KEY)[2] == {"b": b"\x01\x02", "n": 1}


def test_batch_operate_runs_bit_operations(client: AnyClient, bw) -> None:
    keys = [("test", "demo", i) for i in range(3)]
    client.put(keys[0], {"b": b"\x01"})
    client.put(keys[1], {"b": "text"})
    res = client.batch_operate(
        keys, [bw.bit_insert("b", 0, 1, b"\xff"), bw.bit_count("b", 0, 8)]
    )
    assert [r.result for r in res.batch_records] == [0, 12, 0]
    assert res.batch_records[0].record[2] == {"b": 8}
    assert res.batch_records[2].record[2] == {"b": 8}
    assert client.get(keys[2])[2] == {"b": b"\xff"}


def test_a_bit_read_after_a_bit_write_in_a_batch(client: AnyClient, bw) -> None:
    keys = [("test", "demo", "bw")]
    client.put(keys[0], {"b": b"\x01"})
    res = client.batch_operate(keys, [bw.bit_not("b", 0, 8), bw.bit_get("b", 0, 8)])
    assert res.batch_records[0].record[2] == {"b": b"\xfe"}


def test_sizes_stay_exact_and_the_record_limit_holds(client: AnyClient, bw, exception) -> None:
    client.put(KEY, {"b": b"\x00" * 1_048_000})
    refused(client, [bw.bit_resize("b", 1_048_525)], exception.RecordTooBig, 13)
    client.operate(KEY, [bw.bit_resize("b", 1_048_524)])  # exactly the limit
    client.operate(KEY, [bw.bit_remove("b", 0, 1_048_000)])
    client.put(KEY, {"c": b"x" * 1_040_000})  # room again: the size moved with the blob
    refused(client, [bw.bit_resize("b", 2**27)], exception.InvalidRequest, 4)
    refused(client, [bw.bit_resize("b", 2**27 + 1)], exception.InvalidRequest, 4)


def test_batch_write_records_carry_bit_operations(client: AnyClient, bw, br) -> None:
    keys = [("test", "demo", "w1"), ("test", "demo", "w2")]
    client.put(keys[0], {"b": b"\x0f"})
    res = client.batch_write(
        br.BatchRecords(
            [
                br.Write(keys[0], [bw.bit_not("b", 0, 8), bw.bit_get("b", 0, 8)]),
                br.Read(keys[0], [bw.bit_count("b", 0, 8)]),
                br.Read(keys[1], [bw.bit_count("b", 0, 8)]),
            ]
        )
    )
    assert [r.result for r in res.batch_records] == [0, 0, 2]
    assert res.batch_records[0].record[2] == {"b": b"\xf0"}
    assert res.batch_records[1].record[2] == {"b": 4}


def test_the_servers_signed_overflow_rule_through_the_engine() -> None:
    # Other clients send negative add/subtract values as unsigned 64-bit; the server's signed check
    # wants a result of the other sign: -128 + -128 wraps to 0 and passes, and subtracting -128 is
    # checked as adding -128 (handle_signed_overflow).
    from aeromodel.client.command import INFO2_WRITE, OP_WRITE, Command
    from aeromodel.client.engine.engine import Engine

    engine = Engine("bits-signed-quirk")
    digest = bytes(20)

    def run(blob: bytes, op: tuple[Any, ...]) -> bytes:
        engine.execute(Command("test", None, digest, None, 0, INFO2_WRITE, 0, 0, 0,
                               [(OP_WRITE, "b", blob)]))
        res = engine.execute(Command("test", None, digest, None, 0, INFO2_WRITE, 0, 0, 0,
                                     [(OP_BIT_MODIFY, "b", op)]))
        assert res.code == 0
        stored = engine.namespaces["test"].get(digest)
        assert stored is not None
        return bytes(stored["b"])

    minus_128 = 2**64 - 128
    assert run(b"\x80\x00", (10, 0, 8, minus_128, 0, 1)) == b"\x00\x00"
    assert run(b"\x01\x00", (11, 0, 8, minus_128, 0, 1)) == b"\x81\x00"
    assert run(b"\x81\x00", (10, 0, 8, 2**64 - 5, 0, 1 | 2)) == b"\x80\x00"  # saturate
