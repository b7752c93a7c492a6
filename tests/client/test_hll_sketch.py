"""The HLL sketch and the HLL engine handlers: the server's hash, layout and estimators, checked
against values worked out by hand (and MurmurHash3 vectors from an independent implementation)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aeromodel.client.command import OP_HLL_MODIFY, OP_HLL_READ
from aeromodel.client.engine.codes import OpError
from aeromodel.client.engine.ops import HANDLERS
from aeromodel.client.engine.ops import hll_sketch as hs
from aeromodel.client.engine.ops.hll import packed
from aeromodel.client.engine.storage import Record
from aeromodel.client.values import AS_BYTES_HLL, TypedBlob

# MurmurHash3 x64-128, seed 0: (input, h1, h2) from the reference implementation (mmh3).
MURMUR = [
    (b"foo", 0xE271865701F54561, 0x7EAF87E42BBA7D87),
    (b"\xa2\x03a", 0x8D15AE180C40A275, 0x0E22C7DD0FE0DA88),
    (b"\xa2\x03b", 0x5880B187F5CD0EF6, 0xD2E148FE3159EDB6),
    (b"\x01", 0x7ACE5C908374FE16, 0x778867E4430E6785),
    (bytes(range(31)), 0x053DD3E1A32CD094, 0x9EE59AEFB4005490),
    (b"\xd9\x28\x03" + b"x" * 39, 0xC33D514FC46A4A97, 0xA43B0E2838633A42),
]


@pytest.mark.parametrize(("data", "h1", "h2"), MURMUR)
def test_murmur3_x64_128_matches_the_reference(data: bytes, h1: int, h2: int) -> None:
    assert hs.murmur3_x64_128(data) == (h1, h2)


@pytest.mark.parametrize(
    ("value", "form"),
    [
        ("a", b"\xa2\x03a"),
        ("x" * 39, b"\xd9\x28\x03" + b"x" * 39),
        ("é", b"\xa3\x03\xc3\xa9"),
        (b"a", b"\xa2\x04a"),
        (0, b"\x00"),
        (127, b"\x7f"),
        (128, b"\xcc\x80"),
        (-1, b"\xff"),
        (-33, b"\xd0\xdf"),
        (70000, b"\xce\x00\x01\x11\x70"),
        (-(2**63), b"\xd3\x80" + b"\0" * 7),
        (1.5, b"\xcb\x3f\xf8" + b"\0" * 6),
        (True, b"\xc3"),
        (None, b"\xc0"),
        (TypedBlob(AS_BYTES_HLL, b"z"), b"\xa2\x12z"),
    ],
)
def test_values_are_hashed_in_their_msgpack_form(value: Any, form: bytes) -> None:
    assert packed(value) == form


@pytest.mark.parametrize("value", [[1], (1,), {"a": 1}])
def test_lists_and_maps_cannot_be_hashed(value: Any) -> None:
    with pytest.raises(OpError) as err:
        packed(value)
    assert err.value.code == 4


def _area(n_registers: int, n_bits: int, values: dict[int, int]) -> bytes:
    """Registers written out as a bit string, independently of the sketch's code."""
    bits = "".join(format(values.get(r, 0), f"0{n_bits}b") for r in range(n_registers))
    n_bytes = (len(bits) + 7) // 8
    return int(bits.ljust(8 * n_bytes, "0"), 2).to_bytes(n_bytes, "big")


def test_register_layout_after_adding_a_known_string() -> None:
    # "a" -> h1 = 0x...a275: register 5 (low 4 bits); h2 ends 0x88: 3 trailing zeros -> value 4.
    sk = hs.Sketch(4, 0)
    assert hs.add(sk, b"\xa2\x03a") is True
    assert sk.to_bytes() == b"\x00\x04\x00" + bytes(8) + _area(16, 6, {5: 4})
    assert hs.add(sk, b"\xa2\x03a") is False  # nothing grows: not counted again


def test_register_layout_with_minhash_bits() -> None:
    # With 4 min-hash bits the register is 10 bits: value 4 << 4 | (h1 >> 4) & 0xF = 0x47.
    sk = hs.Sketch(4, 4)
    hs.add(sk, b"\xa2\x03a")
    assert sk.regs[5] == 0x47
    assert sk.to_bytes() == b"\x00\x04\x04" + bytes(8) + _area(16, 10, {5: 0x47})
    assert len(sk.to_bytes()) == hs.size(4, 4) == 11 + 20


def test_parse_is_the_inverse_of_to_bytes() -> None:
    sk = hs.Sketch(5, 7, cache=12345)
    for i in range(200):
        hs.add(sk, packed(i))
    sk.cache = 12345
    data = sk.to_bytes()
    assert data[3:11] == (12345).to_bytes(8, "little")
    back = hs.Sketch.parse(data)
    assert (back.index_bits, back.minhash_bits, back.cache, back.regs) == (5, 7, 12345, sk.regs)


def test_sizes_and_limits() -> None:
    assert hs.size(4, 0) == 11 + 12
    assert hs.size(16, 0) == 11 + 49152
    assert hs.size(16, 48) == 11 + 442368
    assert hs.valid_bits(16, 48) and hs.valid_bits(13, 51)
    assert not hs.valid_bits(14, 51)  # 65 bits
    assert not hs.valid_bits(3, 0) and not hs.valid_bits(17, 0)
    assert not hs.valid_bits(8, 3) and not hs.valid_bits(8, 52)


def test_estimates_of_small_sets_are_exact() -> None:
    sk = hs.Sketch(8, 0)
    assert hs.estimate(sk) == 0
    hs.add(sk, packed("a"))
    assert hs.estimate(sk) == 1
    for v in "bcde":
        hs.add(sk, packed(v))
    assert hs.estimate(sk) == 5


@pytest.mark.parametrize(("index_bits", "n"), [(8, 1000), (12, 20000), (14, 5000)])
def test_estimates_are_within_the_hll_error_bound(index_bits: int, n: int) -> None:
    sk = hs.Sketch(index_bits, 0)
    for i in range(n):
        hs.add(sk, packed(f"v{i}"))
    error = 1.04 / math.sqrt(1 << index_bits)
    assert abs(hs.estimate(sk) - n) <= 3 * error * n


def test_the_cached_count_answers_until_a_register_changes() -> None:
    sk = hs.Sketch(6, 0, cache=777)
    assert hs.estimate(sk) == 777
    hs.add(sk, packed("x"))
    assert sk.cache == 0 and hs.estimate(sk) == 1


def test_llround_rounds_halves_away_from_zero() -> None:
    assert [hs.llround(x) for x in (0.0, 0.49999999999999994, 0.5, 1.5, 2.5, 7.4)] == [
        0, 0, 1, 2, 3, 7,
    ]


def test_empty_minhash_sketches_have_nan_similarity_and_no_intersection() -> None:
    a, b = hs.Sketch(8, 8), hs.Sketch(8, 8)
    assert math.isnan(hs.similarity([a, b]))
    assert hs.intersect_count([a, b]) == 0
    hs.add(a, packed("x"))
    assert hs.similarity([a, b]) == 0.0


# -- properties -------------------------------------------------------------------------------

WORDS = st.lists(st.text(max_size=6) | st.integers(-1000, 1000), max_size=60)


def _sketch(index_bits: int, minhash_bits: int, values: list[Any]) -> hs.Sketch:
    sk = hs.Sketch(index_bits, minhash_bits)
    for v in values:
        hs.add(sk, packed(v))
    return sk


@settings(max_examples=60, deadline=None)
@given(WORDS, WORDS, st.integers(4, 10), st.sampled_from([0, 4, 8]))
def test_a_union_counts_at_least_each_side(
    a: list[Any], b: list[Any], index_bits: int, minhash_bits: int
) -> None:
    sa = _sketch(index_bits, minhash_bits, a)
    sb = _sketch(index_bits, minhash_bits, b)
    union = hs.union_count([sa, sb])
    assert union >= max(hs.estimate(sa), hs.estimate(sb))
    assert hs.union_of([sa, sb]).regs == _sketch(index_bits, minhash_bits, a + b).regs


@settings(max_examples=60, deadline=None)
@given(WORDS, st.integers(4, 12), st.integers(4, 12))
def test_folding_equals_building_with_fewer_index_bits(
    values: list[Any], bits: int, fewer: int
) -> None:
    big, small = max(bits, fewer), min(bits, fewer)
    folded = hs.fold(_sketch(big, 0, values), small)
    assert folded.to_bytes() == _sketch(small, 0, values).to_bytes()


# -- the handlers on a record -----------------------------------------------------------------


def _record(**bins: Any) -> Record:
    rec = Record(bins)
    rec.size = 0
    return rec


def test_a_malformed_stored_hll_is_a_server_error() -> None:
    rec = _record(h=TypedBlob(AS_BYTES_HLL, b"\x00\x04\x00"))
    with pytest.raises(OpError) as err:
        HANDLERS[OP_HLL_READ](rec, "h", (50,))
    assert err.value.code == 1


def test_an_unknown_op_code_is_a_bad_request_even_on_a_bin_of_another_type() -> None:
    rec = _record(h="text")
    with pytest.raises(OpError) as err:
        HANDLERS[OP_HLL_MODIFY](rec, "h", (50,))  # a read code in a modify
    assert err.value.code == 4
    with pytest.raises(OpError) as err:
        HANDLERS[OP_HLL_MODIFY](rec, "h", (1, ["a"], 8, -1, 0))
    assert err.value.code == 12


def test_a_read_of_a_missing_bin_answers_nothing_whatever_its_arguments() -> None:
    from aeromodel.client.engine.ops import NO_RESULT

    assert HANDLERS[OP_HLL_READ](_record(), "h", ("junk",)) is NO_RESULT


@pytest.mark.parametrize(
    "args",
    [
        (1, ["a"], 3, -1, 0),  # index bits out of range
        (1, ["a"], 8, 52, 0),  # min-hash bits out of range
        (1, ["a"], 16, 49, 0),  # together more than 64
        (1, [], 8, -1, 0),  # no values
        (1, [["a"]], 8, -1, 0),  # a list value
        (1, ["a"], 8, -1, 2),  # update-only is not an hll_add flag
        (0, 8, -1, 3),  # create-only and update-only
        (0, 8, -1, 0, 0),  # too many arguments
        (2, [b"\x00\x04\x00"], 0),  # a short HLL
        (4,),  # fold needs its index bits
    ],
)
def test_bad_arguments_are_bad_requests(args: tuple[Any, ...]) -> None:
    with pytest.raises(OpError) as err:
        HANDLERS[OP_HLL_MODIFY](_record(), "h", args)
    assert err.value.code == 4


def test_modify_keeps_the_record_size_exact() -> None:
    rec = _record()
    HANDLERS[OP_HLL_MODIFY](rec, "h", (0, 10, 4, 0))
    assert rec.size == 1 + 1 + 5 + hs.size(10, 4)
    HANDLERS[OP_HLL_MODIFY](rec, "h", (0, 4, -1, 0))
    assert rec.size == 1 + 1 + 5 + hs.size(4, 4)
