"""HyperLogLog / HyperMinHash sketches with the server's layout, hash and arithmetic.

An HLL is 11 header bytes (flags = 0, index bits, min-hash bits, a cached count: u64 little-endian,
0 = not cached) then 2**index_bits registers of 6 + min-hash bits each, packed big-endian bit
after bit. A register holds (1 + trailing zeros of the hash's high half) << min-hash bits | min-hash
bits of the low half; its index is the low index bits of the low half. The hash is MurmurHash3
x64-128 (seed 0) over the value's msgpack form. Estimators: Ertl's improved HLL estimator; Yu and
Weber's HyperMinHash for similarity and intersection; inclusion-exclusion without min-hash bits.
Every float operation follows the server's order of evaluation, so answers agree to the bit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

HEADER = 11
HLL_BITS = 6
HLL_MAX_VALUE = 1 << HLL_BITS
MIN_INDEX_BITS = 4
MAX_INDEX_BITS = 16
MIN_MINHASH_BITS = 4
MAX_MINHASH_BITS = 64 - HLL_BITS - 7  # 51
MAX_COMBINED_BITS = 64

_M64 = (1 << 64) - 1


def valid_index_bits(n: int) -> bool:
    return MIN_INDEX_BITS <= n <= MAX_INDEX_BITS


def valid_minhash_bits(n: int) -> bool:
    return n == 0 or MIN_MINHASH_BITS <= n <= MAX_MINHASH_BITS


def valid_bits(index_bits: int, minhash_bits: int) -> bool:
    """Whether an HLL may have this shape (each count in range, together at most 64)."""
    return (
        valid_index_bits(index_bits)
        and valid_minhash_bits(minhash_bits)
        and index_bits + minhash_bits <= MAX_COMBINED_BITS
    )


def register_bytes(index_bits: int, minhash_bits: int) -> int:
    return ((HLL_BITS + minhash_bits) * (1 << index_bits) + 7) // 8


def size(index_bits: int, minhash_bits: int) -> int:
    """Bytes of an HLL of this shape (header and registers)."""
    return HEADER + register_bytes(index_bits, minhash_bits)


def is_valid(data: bytes) -> bool:
    """Whether bytes are a well-formed HLL: flags 0, a valid shape, and the size that shape has."""
    return (
        len(data) >= HEADER
        and data[0] == 0
        and valid_bits(data[1], data[2])
        and len(data) == size(data[1], data[2])
    )


class Sketch:
    """An HLL being worked on: its shape, cached count and register values (one int each)."""

    __slots__ = ("cache", "index_bits", "minhash_bits", "regs")

    def __init__(
        self, index_bits: int, minhash_bits: int, cache: int = 0, regs: list[int] | None = None
    ) -> None:
        self.index_bits = index_bits
        self.minhash_bits = minhash_bits
        self.cache = cache
        self.regs = [0] * (1 << index_bits) if regs is None else regs

    @classmethod
    def parse(cls, data: bytes) -> Sketch:
        """The sketch of HLL bytes whose header and size were checked (the flags are not read)."""
        index_bits = data[1]
        minhash_bits = data[2]
        n_bits = HLL_BITS + minhash_bits
        n = 1 << index_bits
        area = data[HEADER : HEADER + register_bytes(index_bits, minhash_bits)]
        bits = bin(int.from_bytes(area, "big") | (1 << (8 * len(area))))[3:]
        regs = [int(bits[i : i + n_bits], 2) for i in range(0, n * n_bits, n_bits)]
        return cls(index_bits, minhash_bits, int.from_bytes(data[3:HEADER], "little"), regs)

    def copy(self) -> Sketch:
        return Sketch(self.index_bits, self.minhash_bits, self.cache, list(self.regs))

    def register_area(self) -> bytes:
        n_bits = HLL_BITS + self.minhash_bits
        n_bytes = register_bytes(self.index_bits, self.minhash_bits)
        text = "".join([format(v, f"0{n_bits}b") for v in self.regs])
        return (int(text, 2) << (8 * n_bytes - len(text))).to_bytes(n_bytes, "big")

    def to_bytes(self) -> bytes:
        head = bytes((0, self.index_bits, self.minhash_bits)) + self.cache.to_bytes(8, "little")
        return head + self.register_area()

    def has_data(self) -> bool:
        """The server's emptiness test: any non-zero byte among the first 2**index_bits bytes of
        the registers (not all of them when min-hash bits are set)."""
        return any(self.register_area()[: 1 << self.index_bits])

    def used_registers(self) -> int:
        return sum(1 for v in self.regs if v)


# -- hashing ----------------------------------------------------------------------------------


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & _M64


def _fmix(k: int) -> int:
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & _M64
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & _M64
    k ^= k >> 33
    return k


_C1 = 0x87C37B91114253D5
_C2 = 0x4CF5AD432745937F


def murmur3_x64_128(data: bytes) -> tuple[int, int]:
    """MurmurHash3 x64-128 with seed 0, as its two 64-bit halves (h1, h2)."""
    n = len(data)
    h1 = h2 = 0
    end = n - n % 16
    for i in range(0, end, 16):
        k1 = int.from_bytes(data[i : i + 8], "little")
        k2 = int.from_bytes(data[i + 8 : i + 16], "little")
        h1 ^= (_rotl((k1 * _C1) & _M64, 31) * _C2) & _M64
        h1 = (_rotl(h1, 27) + h2) & _M64
        h1 = (h1 * 5 + 0x52DCE729) & _M64
        h2 ^= (_rotl((k2 * _C2) & _M64, 33) * _C1) & _M64
        h2 = (_rotl(h2, 31) + h1) & _M64
        h2 = (h2 * 5 + 0x38495AB5) & _M64
    tail = data[end:]
    if len(tail) > 8:
        k2 = int.from_bytes(tail[8:], "little")
        h2 ^= (_rotl((k2 * _C2) & _M64, 33) * _C1) & _M64
    if tail:
        k1 = int.from_bytes(tail[:8], "little")
        h1 ^= (_rotl((k1 * _C1) & _M64, 31) * _C2) & _M64
    h1 ^= n
    h2 ^= n
    h1 = (h1 + h2) & _M64
    h2 = (h2 + h1) & _M64
    h1 = _fmix(h1)
    h2 = _fmix(h2)
    h1 = (h1 + h2) & _M64
    h2 = (h2 + h1) & _M64
    return h1, h2


def hash_element(index_bits: int, minhash_bits: int, element: bytes) -> tuple[int, int]:
    """(register index, register value) for a value's msgpack bytes. The value may overflow the
    register (a hash half of 0 counts 65 zeros): it is compared whole and stored masked."""
    h1, h2 = murmur3_x64_128(element)
    trailing = (h2 & -h2).bit_length() - 1 if h2 else 64
    minhash = (h1 >> index_bits) & ((1 << minhash_bits) - 1)
    return h1 & ((1 << index_bits) - 1), ((trailing + 1) << minhash_bits) | minhash


def add(sketch: Sketch, element: bytes) -> bool:
    """Add a value (its msgpack bytes); True when a register grew (the cached count is then
    dropped)."""
    r, value = hash_element(sketch.index_bits, sketch.minhash_bits, element)
    if sketch.regs[r] < value:
        sketch.regs[r] = value & ((1 << (HLL_BITS + sketch.minhash_bits)) - 1)
        sketch.cache = 0
        return True
    return False


def may_contain(sketch: Sketch, element: bytes) -> bool:
    r, value = hash_element(sketch.index_bits, sketch.minhash_bits, element)
    return value <= sketch.regs[r]


# -- estimates --------------------------------------------------------------------------------


def llround(x: float) -> int:
    """C's llround for a finite, non-negative double: halves away from zero."""
    f = math.floor(x)
    return int(f) + (1 if x - f >= 0.5 else 0)


def _fdiv(a: float, b: float) -> float:
    """IEEE division, as C does it (x/0 is inf or nan)."""
    if b:
        return a / b
    if a == 0 or math.isnan(a):
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _tau(val: float) -> float:
    if val == 0.0 or val == 1.0:
        return 0.0
    y = 1.0
    z = 1 - val
    while True:
        val = math.sqrt(val)
        z_prime = z
        y *= 0.5
        z -= math.pow(1 - val, 2) * y
        if z_prime == z:
            return z / 3


def _sigma(val: float) -> float:
    if val == 1.0:
        return math.inf
    y = 1.0
    z = val
    while True:
        val *= val
        z_prime = z
        z += val * y
        y += y
        if z_prime == z:
            return z


def _alpha(index_bits: int) -> float:
    if index_bits == 4:
        return 0.673
    if index_bits == 5:
        return 0.697
    if index_bits == 6:
        return 0.709
    return 0.7213 / (1.0 + 1.079 / (1 << index_bits))


def estimate(sketch: Sketch) -> int:
    """The estimated count (the cached one when set): Ertl 2017, algorithm 6."""
    if sketch.cache:
        return sketch.cache
    m = 1 << sketch.index_bits
    c = [0] * (HLL_MAX_VALUE + 1)
    shift = sketch.minhash_bits
    for v in sketch.regs:
        c[v >> shift] += 1
    z = m * _tau(c[HLL_MAX_VALUE] / m)
    for k in range(HLL_MAX_VALUE, 0, -1):
        z = 0.5 * (z + c[k])
    z += m * _sigma(c[0] / m)
    return llround(_fdiv(_alpha(sketch.index_bits) * m * m, z))


def template(sketches: Sequence[Sketch]) -> tuple[int, int]:
    """The shape every sketch folds into: the fewest index bits; min-hash bits only when all
    sketches have the same."""
    index_bits = sketches[0].index_bits
    minhash_bits = sketches[0].minhash_bits
    for s in sketches[1:]:
        index_bits = min(index_bits, s.index_bits)
        if minhash_bits and minhash_bits != s.minhash_bits:
            minhash_bits = 0
    return index_bits, minhash_bits


def union_into(dst: Sketch, src: Sketch) -> None:
    """Fold ``src`` into ``dst`` (which has no more index bits than ``src``): the larger register
    wins (HLL values only when ``dst`` has no min-hash bits)."""
    mask = (1 << dst.index_bits) - 1
    regs = dst.regs
    if dst.minhash_bits == 0:
        shift = src.minhash_bits
        for r, v in enumerate(src.regs):
            v >>= shift
            if regs[r & mask] < v:
                regs[r & mask] = v
        return
    for r, v in enumerate(src.regs):
        if regs[r & mask] < v:
            regs[r & mask] = v
    dst.cache = 0


def union_of(sketches: Sequence[Sketch]) -> Sketch:
    out = Sketch(*template(sketches))
    for s in sketches:
        union_into(out, s)
    return out


def union_count(sketches: Sequence[Sketch]) -> int:
    return estimate(union_of(sketches))


def fold(sketch: Sketch, index_bits: int) -> Sketch:
    """A sketch without min-hash bits folded to fewer index bits (the same ones: a copy)."""
    if index_bits == sketch.index_bits:
        return sketch.copy()
    out = Sketch(index_bits, 0)
    union_into(out, sketch)
    return out


def _intersect_one(dst: Sketch, src: Sketch) -> None:
    mask = (1 << dst.index_bits) - 1
    regs = dst.regs
    for r, v in enumerate(src.regs):
        if regs[r & mask] != v:
            regs[r & mask] = 0


def _collisions(index_bits: int, minhash_bits: int, card0: int, card1: int) -> float:
    """Expected register collisions of two sets of these sizes (HyperMinHash)."""
    cp = 0.0
    n = 1 << index_bits
    x0 = float(card0)
    x1 = float(card1)
    for i in range(1, HLL_MAX_VALUE + 1):
        if i != HLL_MAX_VALUE:
            b1 = math.pow(2, -i)
            b2 = math.pow(2, -i + 1)
        else:
            b1 = 0.0
            b2 = math.pow(2, -i + 1)
        b1 /= n
        b2 /= n
        pr_x = math.pow(1 - b1, x0) - math.pow(1 - b2, x0)
        pr_y = math.pow(1 - b1, x1) - math.pow(1 - b2, x1)
        cp += pr_x * pr_y
    return cp * n / math.pow(2, minhash_bits)


def similarity(sketches: Sequence[Sketch]) -> float:
    """Estimated Jaccard similarity (nan when every sketch is empty)."""
    index_bits, minhash_bits = template(sketches)
    if minhash_bits == 0:
        return _fdiv(float(intersect_count(sketches)), float(union_count(sketches)))
    has = [s.has_data() for s in sketches]
    if not all(has):
        return 0.0 if any(has) else math.nan
    n_union = union_of(sketches).used_registers()
    agg = Sketch(index_bits, minhash_bits)
    union_into(agg, sketches[0])
    for s in sketches[1:]:
        _intersect_one(agg, s)
    n_intersect = agg.used_registers()
    ec = 0.0
    if len(sketches) == 2:
        ec = _collisions(index_bits, minhash_bits, estimate(sketches[0]), estimate(sketches[1]))
    result = _fdiv(n_intersect - ec, float(n_union))
    return 0.0 if result < 0.0 else result


def intersect_count(sketches: Sequence[Sketch]) -> int:
    """Estimated size of the intersection (two or three sketches without common min-hash bits;
    any number with them)."""
    if template(sketches)[1]:
        j = similarity(sketches)
        if math.isnan(j):
            return 0
        return llround(union_count(sketches) * j)
    cu = union_count(sketches)
    total = 0
    for s in sketches:
        c = estimate(s)
        if total + c > _M64:
            total = _M64
            break
        total += c
    if len(sketches) == 2:
        return total - cu if total > cu else 0
    s0, s1, s2 = sketches[0], sketches[1], sketches[2]
    pairs = intersect_count([s0, s1]) + intersect_count([s1, s2]) + intersect_count([s0, s2])
    result = cu - (total - pairs)
    return result if result > 0 else 0
