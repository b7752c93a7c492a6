"""Bit operations on blob (bytes) bins, as the dictionaries ``operate()`` takes
(``aerospike_helpers.operations.bitwise_operations``).

Bit offsets count from the most significant bit of the blob's first byte; a negative offset counts
back from the end (-1 is the last bit). Byte offsets work the same way in bytes. ``policy`` is a
bit policy dict (``{"bit_write_flags": aerospike.BIT_WRITE_*}``) or None.
"""

from __future__ import annotations

from typing import Any

from ...constants import (
    OP_BIT_ADD,
    OP_BIT_AND,
    OP_BIT_COUNT,
    OP_BIT_GET,
    OP_BIT_GET_INT,
    OP_BIT_INSERT,
    OP_BIT_LSCAN,
    OP_BIT_LSHIFT,
    OP_BIT_NOT,
    OP_BIT_OR,
    OP_BIT_REMOVE,
    OP_BIT_RESIZE,
    OP_BIT_RSCAN,
    OP_BIT_RSHIFT,
    OP_BIT_SET,
    OP_BIT_SET_INT,
    OP_BIT_SUBTRACT,
    OP_BIT_XOR,
)

# The operation dict's keys (the official module's names).
BIN_KEY = "bin"
BYTE_SIZE_KEY = "byte_size"
BYTE_OFFSET_KEY = "byte_offset"
BIT_OFFSET_KEY = "bit_offset"
BIT_SIZE_KEY = "bit_size"
VALUE_BYTE_SIZE_KEY = "value_byte_size"
VALUE_KEY = "value"
COUNT_KEY = "count"
INDEX_KEY = "index"
KEY_KEY = "key"
OFFSET_KEY = "offset"
OP_KEY = "op"
POLICY_KEY = "policy"
RESIZE_FLAGS_KEY = "resize_flags"
SIGN_KEY = "sign"
ACTION_KEY = "action"

Policy = dict[str, Any] | None


def bit_resize(
    bin_name: str, byte_size: int, policy: Policy = None, resize_flags: int = 0
) -> dict[str, Any]:
    """Resize the blob to ``byte_size`` bytes (zeros added at the end, or at the front with
    BIT_RESIZE_FROM_FRONT; GROW_ONLY / SHRINK_ONLY refuse the other direction). Creates a
    missing bin."""
    return {
        OP_KEY: OP_BIT_RESIZE,
        BIN_KEY: bin_name,
        POLICY_KEY: policy,
        RESIZE_FLAGS_KEY: resize_flags,
        BYTE_SIZE_KEY: byte_size,
    }


def bit_remove(
    bin_name: str, byte_offset: int, byte_size: int, policy: Policy = None
) -> dict[str, Any]:
    """Remove ``byte_size`` bytes starting at ``byte_offset``."""
    return {
        OP_KEY: OP_BIT_REMOVE,
        BIN_KEY: bin_name,
        POLICY_KEY: policy,
        BYTE_OFFSET_KEY: byte_offset,
        BYTE_SIZE_KEY: byte_size,
    }


def bit_set(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value_byte_size: int,
    value: bytes | bytearray,
    policy: Policy = None,
) -> dict[str, Any]:
    """Overwrite ``bit_size`` bits at ``bit_offset`` with the first bits of ``value``
    (``value_byte_size`` is deprecated and ignored: the value's length is used)."""
    return {
        OP_KEY: OP_BIT_SET,
        BIN_KEY: bin_name,
        POLICY_KEY: policy,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        VALUE_BYTE_SIZE_KEY: value_byte_size,
        VALUE_KEY: value,
    }


def bit_set_int(
    bin_name: str, bit_offset: int, bit_size: int, value: int, policy: Policy = None
) -> dict[str, Any]:
    """Overwrite ``bit_size`` (at most 64) bits at ``bit_offset`` with the low bits of the
    signed 64-bit ``value``, big-endian."""
    return {
        OP_KEY: OP_BIT_SET_INT,
        BIN_KEY: bin_name,
        POLICY_KEY: policy,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        VALUE_KEY: value,
    }


def bit_count(bin_name: str, bit_offset: int, bit_size: int) -> dict[str, Any]:
    """Read the number of bits set among ``bit_size`` bits at ``bit_offset``."""
    return {
        OP_KEY: OP_BIT_COUNT, BIN_KEY: bin_name, BIT_OFFSET_KEY: bit_offset, BIT_SIZE_KEY: bit_size
    }


def bit_add(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value: int,
    sign: bool,
    action: int,
    policy: Policy = None,
) -> dict[str, Any]:
    """Add ``value`` to the ``bit_size``-bit (at most 64) integer at ``bit_offset``; ``sign``
    makes it signed; ``action`` (BIT_OVERFLOW_FAIL / SATURATE / WRAP) says what overflow does."""
    return {
        OP_KEY: OP_BIT_ADD,
        BIN_KEY: bin_name,
        POLICY_KEY: policy,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        VALUE_KEY: value,
        SIGN_KEY: sign,
        ACTION_KEY: action,
    }


def bit_subtract(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value: int,
    sign: bool,
    action: int,
    policy: Policy = None,
) -> dict[str, Any]:
    """Subtract ``value`` from the ``bit_size``-bit integer at ``bit_offset`` (as bit_add)."""
    return {
        OP_KEY: OP_BIT_SUBTRACT,
        BIN_KEY: bin_name,
        POLICY_KEY: policy,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        VALUE_KEY: value,
        SIGN_KEY: sign,
        ACTION_KEY: action,
    }


def _byte_math(
    op: int,
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value_byte_size: int,
    value: bytes | bytearray,
    policy: Policy,
) -> dict[str, Any]:
    return {
        OP_KEY: op,
        BIN_KEY: bin_name,
        POLICY_KEY: policy,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        VALUE_BYTE_SIZE_KEY: value_byte_size,
        VALUE_KEY: value,
    }


def bit_and(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value_byte_size: int,
    value: bytes | bytearray,
    policy: Policy = None,
) -> dict[str, Any]:
    """And ``bit_size`` bits at ``bit_offset`` with the first bits of ``value``."""
    return _byte_math(OP_BIT_AND, bin_name, bit_offset, bit_size, value_byte_size, value, policy)


def bit_or(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value_byte_size: int,
    value: bytes | bytearray,
    policy: Policy = None,
) -> dict[str, Any]:
    """Or ``bit_size`` bits at ``bit_offset`` with the first bits of ``value``."""
    return _byte_math(OP_BIT_OR, bin_name, bit_offset, bit_size, value_byte_size, value, policy)


def bit_xor(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value_byte_size: int,
    value: bytes | bytearray,
    policy: Policy = None,
) -> dict[str, Any]:
    """Exclusive-or ``bit_size`` bits at ``bit_offset`` with the first bits of ``value``."""
    return _byte_math(OP_BIT_XOR, bin_name, bit_offset, bit_size, value_byte_size, value, policy)


def bit_get(bin_name: str, bit_offset: int, bit_size: int) -> dict[str, Any]:
    """Read ``bit_size`` bits at ``bit_offset`` as bytes (left-aligned, zero-padded)."""
    return {
        OP_KEY: OP_BIT_GET, BIN_KEY: bin_name, BIT_OFFSET_KEY: bit_offset, BIT_SIZE_KEY: bit_size
    }


def bit_get_int(bin_name: str, bit_offset: int, bit_size: int, sign: bool) -> dict[str, Any]:
    """Read ``bit_size`` (at most 64) bits at ``bit_offset`` as an int (signed if ``sign``)."""
    return {
        OP_KEY: OP_BIT_GET_INT,
        BIN_KEY: bin_name,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        SIGN_KEY: sign,
    }


def bit_insert(
    bin_name: str,
    byte_offset: int,
    value_byte_size: int,
    value: bytes | bytearray,
    policy: Policy = None,
) -> dict[str, Any]:
    """Insert ``value`` at ``byte_offset`` (zeros fill a gap past the end). Creates a missing
    bin."""
    return {
        OP_KEY: OP_BIT_INSERT,
        BIN_KEY: bin_name,
        BYTE_OFFSET_KEY: byte_offset,
        VALUE_BYTE_SIZE_KEY: value_byte_size,
        VALUE_KEY: value,
        POLICY_KEY: policy,
    }


def bit_lscan(bin_name: str, bit_offset: int, bit_size: int, value: bool) -> dict[str, Any]:
    """Read the position (from ``bit_offset``) of the first bit equal to ``value``, or -1."""
    return {
        OP_KEY: OP_BIT_LSCAN,
        BIN_KEY: bin_name,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        VALUE_KEY: value,
    }


def bit_rscan(bin_name: str, bit_offset: int, bit_size: int, value: bool) -> dict[str, Any]:
    """Read the position (from ``bit_offset``) of the last bit equal to ``value``, or -1."""
    return {
        OP_KEY: OP_BIT_RSCAN,
        BIN_KEY: bin_name,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        VALUE_KEY: value,
    }


def bit_lshift(
    bin_name: str, bit_offset: int, bit_size: int, shift: int, policy: Policy = None
) -> dict[str, Any]:
    """Shift ``bit_size`` bits at ``bit_offset`` left by ``shift``, zeros coming in."""
    return {
        OP_KEY: OP_BIT_LSHIFT,
        BIN_KEY: bin_name,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        VALUE_KEY: shift,
        POLICY_KEY: policy,
    }


def bit_rshift(
    bin_name: str, bit_offset: int, bit_size: int, shift: int, policy: Policy = None
) -> dict[str, Any]:
    """Shift ``bit_size`` bits at ``bit_offset`` right by ``shift``, zeros coming in."""
    return {
        OP_KEY: OP_BIT_RSHIFT,
        BIN_KEY: bin_name,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        VALUE_KEY: shift,
        POLICY_KEY: policy,
    }


def bit_not(bin_name: str, bit_offset: int, bit_size: int, policy: Policy = None) -> dict[str, Any]:
    """Invert ``bit_size`` bits at ``bit_offset``."""
    return {
        OP_KEY: OP_BIT_NOT,
        BIN_KEY: bin_name,
        BIT_OFFSET_KEY: bit_offset,
        BIT_SIZE_KEY: bit_size,
        POLICY_KEY: policy,
    }
