"""Random sequences of bit operations against a small model of the server's rules, written on lists
of bits (one int 0/1 per bit): results, error codes, stored blobs and exact record sizes."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.engine.engine import Engine
from aeromodel.client.engine.intake import record_size
from aeromodel.client.helpers.operations import bitwise_operations as bw

KEY = ("test", "demo", "model")
MAX = 128 * 1024 * 1024  # the server's PROTO_SIZE_MAX
C, U, NF, P = 1, 2, 4, 8  # bit write flags
SIGNED, SATURATE, WRAP = 1, 2, 4
FRONT, GROW, SHRINK = 1, 2, 4

Bits = list[int]


class Refused(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class Unchanged(Exception):
    """NO_FAIL: the operation does nothing."""


def fail(flags: int, code: int) -> NoReturn:
    if flags & NF:
        raise Unchanged
    raise Refused(code)


def bits_of(blob: bytes) -> Bits:
    return [(byte >> (7 - i)) & 1 for byte in blob for i in range(8)]


def blob_of(bits: Bits) -> bytes:
    return bytes(int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits), 8))


def uint(bits: Bits) -> int:
    return int("".join(map(str, bits)), 2)


def bits_from(value: int, n: int) -> Bits:
    return [(value >> (n - 1 - i)) & 1 for i in range(n)]


def signed(value: int, n: int) -> int:
    value &= (1 << n) - 1
    return value - (1 << n) if value >> (n - 1) else value


ALLOWED = {"resize": C | U | NF, "insert": C | U | NF, "int": U | NF, "window": U | NF | P}


def kind_of(op: dict[str, Any]) -> str:
    code = op["op"]
    if code == aerospike.OP_BIT_RESIZE:
        return "resize"
    if code == aerospike.OP_BIT_INSERT:
        return "insert"
    if code in (aerospike.OP_BIT_ADD, aerospike.OP_BIT_SUBTRACT, aerospike.OP_BIT_SET_INT):
        return "int"
    return "window"


def parse_ok(op: dict[str, Any]) -> bool:
    """Whether the server accepts the arguments (InvalidRequest before anything else if not)."""
    code = op["op"]
    size = op.get("bit_size", 1)
    value = op.get("value")
    if abs(op.get("bit_offset", 0)) > MAX * 8 or abs(op.get("byte_offset", 0)) > MAX:
        return False
    if code in (aerospike.OP_BIT_ADD, aerospike.OP_BIT_SUBTRACT, aerospike.OP_BIT_SET_INT,
                aerospike.OP_BIT_GET_INT):  # fmt: skip
        if not 1 <= size <= 64:
            return False
    elif not 1 <= size <= MAX * 8:
        return False
    if code == aerospike.OP_BIT_REMOVE and not 1 <= op["byte_size"] <= MAX:
        return False
    if code == aerospike.OP_BIT_RESIZE:
        rf = op["resize_flags"]
        if op["byte_size"] > MAX or rf & ~7 or (rf & GROW and rf & SHRINK):
            return False
    if isinstance(value, bytes) and (
        not value or (code != aerospike.OP_BIT_INSERT and len(value) * 8 < size)
    ):
        return False
    if code in (aerospike.OP_BIT_LSHIFT, aerospike.OP_BIT_RSHIFT) and value > MAX * 8:
        return False
    if code in (aerospike.OP_BIT_ADD, aerospike.OP_BIT_SUBTRACT):
        sub = op["action"] | op["sign"]
        if sub & ~7 or (sub & SATURATE and sub & WRAP):
            return False
    if "policy" in op:
        flags = (op["policy"] or {}).get("bit_write_flags", 0)
        if flags & ~ALLOWED[kind_of(op)] or (flags & C and flags & U):
            return False
    return True


def window(nbits: int, offset: int, size: int, flags: int, partial: bool) -> tuple[int, int]:
    """The window [offset, offset + size) in a blob of ``nbits``: (offset, size), cut to the end
    under PARTIAL; OpNotApplicable (or nothing, under NO_FAIL) if it does not fit."""
    if offset >= nbits:
        fail(flags, 26)
    if offset + size > nbits:
        if not (partial and flags & P):
            fail(flags, 26)
        size = nbits - offset
    return offset, size


def normalized(offset: int, nbits: int) -> int:
    if offset < 0:
        if -offset > nbits:
            raise Refused(4)
        offset += nbits
    return offset


def read(bits: Bits, op: dict[str, Any]) -> Any:
    code = op["op"]
    off = normalized(op["bit_offset"], len(bits))
    off, size = window(len(bits), off, op["bit_size"], 0, False)
    w = bits[off : off + size]
    if code == aerospike.OP_BIT_GET:
        return blob_of(w + [0] * (-size % 8))
    if code == aerospike.OP_BIT_COUNT:
        return sum(w)
    want = int(op.get("value", 0))
    if code == aerospike.OP_BIT_LSCAN:
        return w.index(want) if want in w else -1
    if code == aerospike.OP_BIT_RSCAN:
        # The server scans from the start of the window's first byte (its bits before the offset
        # too) and answers the position relative to the offset.
        start = off - off % 8
        hits = [i for i in range(start, off + size) if bits[i] == want]
        return hits[-1] - off if hits else -1
    return signed(uint(w), size if op["sign"] else 64)


def modify(bits: Bits | None, op: dict[str, Any]) -> Bits | None:
    code = op["op"]
    kind = kind_of(op)
    flags = (op.get("policy") or {}).get("bit_write_flags", 0)
    if bits is not None:
        if flags & C:
            fail(flags, 6)
    else:
        if kind not in ("resize", "insert") or flags & U:
            fail(flags, 17)
        if op.get("byte_offset", 0) < 0:
            raise Refused(4)
        bits = []
    nbits = len(bits)
    if code == aerospike.OP_BIT_RESIZE:
        new, rf = op["byte_size"] * 8, op["resize_flags"]
        if new < nbits:
            if rf & GROW:
                fail(flags, 4)
            return bits[nbits - new :] if rf & FRONT else bits[:new]
        if new > nbits:
            if rf & SHRINK:
                fail(flags, 4)
            return [0] * (new - nbits) + bits if rf & FRONT else bits + [0] * (new - nbits)
        raise Unchanged
    if code in (aerospike.OP_BIT_INSERT, aerospike.OP_BIT_REMOVE):
        at = normalized(op["byte_offset"] * 8, nbits)
        if code == aerospike.OP_BIT_INSERT:
            value = bits_of(op["value"])
            if at >= nbits:
                return bits + [0] * (at - nbits) + value
            return bits[:at] + value + bits[at:]
        if at >= nbits:
            fail(flags, 4)
        end = at + op["byte_size"] * 8
        if end > nbits and not flags & P:
            fail(flags, 4)
        return bits[:at] + bits[end:]
    off = normalized(op["bit_offset"], nbits)
    off, size = window(nbits, off, op["bit_size"], flags, kind == "window")
    w = bits[off : off + size]
    value = op.get("value")
    if isinstance(value, bytes):
        v = bits_of(value)[:size]
        new_w = {
            aerospike.OP_BIT_SET: v,
            aerospike.OP_BIT_OR: [a | b for a, b in zip(w, v)],
            aerospike.OP_BIT_XOR: [a ^ b for a, b in zip(w, v)],
            aerospike.OP_BIT_AND: [a & b for a, b in zip(w, v)],
        }[code]
    elif code == aerospike.OP_BIT_NOT:
        new_w = [1 - a for a in w]
    elif code == aerospike.OP_BIT_LSHIFT:
        new_w = (w[value:] + [0] * size)[:size]
    elif code == aerospike.OP_BIT_RSHIFT:
        new_w = ([0] * value + w)[:size]
    elif code == aerospike.OP_BIT_SET_INT:
        new_w = bits_from(value, size)
    else:
        new_w = bits_from(arithmetic(op, uint(w), size, flags), size)
    return bits[:off] + new_w + bits[off + size :]


def arithmetic(op: dict[str, Any], load: int, n: int, flags: int) -> int:
    mask = (1 << n) - 1
    value = op["value"] & mask
    sub = op["action"] | op["sign"]
    minus = op["op"] == aerospike.OP_BIT_SUBTRACT
    result = (load - value if minus else load + value) & mask
    if sub & WRAP:
        return result
    if sub & SIGNED:
        # The server's check: same-signed operands (a subtraction adds the negated value) and a
        # result strictly of the other sign.
        a, b, r = signed(load, n), signed(-value if minus else value, n), signed(result, n)
        if a < 0 and b < 0 and r > 0:
            return 1 << (n - 1) if sub & SATURATE else fail(flags, 26)
        if a > 0 and b > 0 and r < 0:
            return mask >> 1 if sub & SATURATE else fail(flags, 26)
        return result
    if (result > load) if minus else (result < load):
        return (0 if minus else mask) if sub & SATURATE else fail(flags, 26)
    return result


def apply(bits: Bits | None, op: dict[str, Any]) -> tuple[Bits | None, Any]:
    """The bin after ``op`` and its read result (None for none); raises Refused."""
    if not parse_ok(op):
        if op["op"] in READS and bits is None:
            return bits, None  # a read of a missing bin never looks at its arguments
        raise Refused(4)
    if op["op"] in READS:
        return bits, None if bits is None else read(bits, op)
    try:
        return modify(bits, op), None
    except Unchanged:
        return bits, None


NAMES = {getattr(aerospike, n): n for n in dir(aerospike) if n.startswith("OP_BIT_")}
READS = {
    aerospike.OP_BIT_GET, aerospike.OP_BIT_COUNT, aerospike.OP_BIT_LSCAN, aerospike.OP_BIT_RSCAN,
    aerospike.OP_BIT_GET_INT,
}  # fmt: skip

# -- operations, drawn around a small blob --------------------------------------------------------

def mostly(common: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``common`` about nine times in ten, ``rare`` otherwise."""
    return st.integers(0, 9).flatmap(lambda i: rare if i == 0 else common)


offsets = mostly(
    st.integers(-12, 20), st.integers(-64, 64) | st.sampled_from([MAX * 8 + 1, -(MAX * 8) - 1])
)
byte_offsets = mostly(st.integers(-6, 7), st.sampled_from([MAX + 1, -8]))
sizes = mostly(st.integers(1, 16), st.integers(0, 70) | st.just(MAX * 8 + 1))
int_sizes = mostly(st.integers(1, 16), st.integers(0, 65))
values = mostly(st.binary(min_size=1, max_size=6), st.just(b""))
ints = st.integers(-(2**63), 2**63 - 1) | st.integers(-300, 300)
# The official client refuses a negative add/subtract value before sending (ParamError).
unsigned = st.integers(0, 2**63 - 1) | st.integers(0, 300)
policies = mostly(
    st.sampled_from([None, 0, NF, P, NF | P]), st.sampled_from([U, C, C | NF, U | NF, C | U])
).map(lambda f: f if f is None else {"bit_write_flags": f})
actions = mostly(st.sampled_from([0, SATURATE, WRAP]), st.sampled_from([SATURATE | WRAP, 8]))
b = st.just("b")


@st.composite
def byte_math(draw: st.DrawFn, helper: Any) -> dict[str, Any]:
    """set / or / xor / and, mostly with a value long enough for its size."""
    size = draw(sizes)
    enough = st.binary(min_size=max(1, -(-size // 8)), max_size=6) if size <= 48 else values
    value = draw(mostly(enough, values))
    return helper("b", draw(offsets), size, 0, value, draw(policies))  # type: ignore[no-any-return]


OPS = st.one_of(
    st.builds(bw.bit_resize, b, st.integers(0, 8), policies, mostly(st.integers(0, 7), st.just(8))),
    st.builds(bw.bit_insert, b, byte_offsets, st.just(0), values, policies),
    st.builds(bw.bit_remove, b, byte_offsets, st.integers(0, 8), policies),
    byte_math(bw.bit_set),
    byte_math(bw.bit_or),
    byte_math(bw.bit_xor),
    byte_math(bw.bit_and),
    st.builds(bw.bit_not, b, offsets, sizes, policies),
    st.builds(bw.bit_lshift, b, offsets, sizes, st.integers(0, 70), policies),
    st.builds(bw.bit_rshift, b, offsets, sizes, st.integers(0, 70), policies),
    st.builds(bw.bit_add, b, offsets, int_sizes, unsigned, st.booleans(), actions, policies),
    st.builds(bw.bit_subtract, b, offsets, int_sizes, unsigned, st.booleans(), actions, policies),
    st.builds(bw.bit_set_int, b, offsets, int_sizes, ints, policies),
    st.builds(bw.bit_get, b, offsets, sizes),
    st.builds(bw.bit_count, b, offsets, sizes),
    st.builds(bw.bit_lscan, b, offsets, sizes, st.booleans()),
    st.builds(bw.bit_rscan, b, offsets, sizes, st.booleans()),
    st.builds(bw.bit_get_int, b, offsets, int_sizes, st.booleans()),
)


@settings(max_examples=500, deadline=None)
@example(b"\x80\x00", [[bw.bit_rscan("b", 4, 8, True)], [bw.bit_rscan("b", 9, 7, False)]])
@example(
    b"\x80\x7f",
    [[bw.bit_subtract("b", 0, 8, 1, True, 0)], [bw.bit_add("b", 8, 8, 1, True, 2)]],
)
@given(
    mostly(st.binary(min_size=2, max_size=9), st.none() | st.binary(max_size=1)),
    st.lists(st.lists(OPS, min_size=1, max_size=2), min_size=1, max_size=10),
)
def test_random_bit_operations_match_the_model(start: bytes | None, commands: Any) -> None:
    name = f"bits-model-{uuid.uuid4().hex}"
    client = aerospike.client({"embedded": {"name": name}})
    try:
        client.put(KEY, {"x": 1} if start is None else {"x": 1, "b": start})
        state: Bits | None = None if start is None else bits_of(start)
        for ops in commands:
            gen = client.get(KEY).meta["gen"]
            work, reads, code = state, [], 0
            try:
                for op in ops:
                    work, res = apply(work, op)
                    # Every operation answers (a modify nil, a read of a missing bin nil):
                    # bit operations ask for every answer (RESPOND_ALL_OPS), as on the server.
                    reads.append(("b", res))
            except Refused as err:
                code = err.code
            event(f"result code {code}")
            try:
                got = client.operate_ordered(KEY, ops)
            except exception.AerospikeError as err:
                assert err.code == code, (ops, err)
            else:
                assert code == 0, (ops, code)
                event(f"done: {NAMES[ops[-1]['op']]}")
                assert [tuple(p) for p in got.ordered_bins] == reads, ops
                state = work
            rec = client.get(KEY)
            assert rec.bins.get("b") == (None if state is None else blob_of(state)), ops
            writes = any(op["op"] not in READS for op in ops)
            assert rec.meta["gen"] == gen + (code == 0 and writes)
        ns = Engine.shared(name).namespaces["test"]
        for stored in [r for p in ns.live_partitions() for r in p.records.values()]:
            assert stored.size == record_size(stored, stored.key, stored.set_name, False)
    finally:
        client.close()
        Engine.drop(name)
