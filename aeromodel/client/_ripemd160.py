# Pure-Python RIPEMD-160 (Dobbertin, Bosselaers, Preneel, 1996), used only when OpenSSL lacks it.
# Two parallel lines of five 16-step rounds over little-endian 32-bit words; slow but dependency-free.
"""Fallback RIPEMD-160 for interpreters whose ``hashlib`` has no ``ripemd160``."""

from __future__ import annotations

import struct

__all__ = ["ripemd160"]

_MASK = 0xFFFFFFFF
_INITIAL = (0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0)

# Message-word selection, one row of 16 per round.
_WORDS_LEFT = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
    (7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8),
    (3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12),
    (1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2),
    (4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13),
)
_WORDS_RIGHT = (
    (5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12),
    (6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2),
    (15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13),
    (8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14),
    (12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11),
)
# Left-rotation amounts, one row of 16 per round.
_SHIFTS_LEFT = (
    (11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8),
    (7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12),
    (11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5),
    (11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12),
    (9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6),
)
_SHIFTS_RIGHT = (
    (8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6),
    (9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11),
    (9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5),
    (15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8),
    (8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11),
)
# Round constants: left floor(2**30 * sqrt(p)), right floor(2**30 * cbrt(p)), p = 2, 3, 5, 7.
_CONSTANTS_LEFT = (0x00000000, 0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xA953FD4E)
_CONSTANTS_RIGHT = (0x50A28BE6, 0x5C4DD124, 0x6D703EF3, 0x7A6D76E9, 0x00000000)
# Boolean function (f1..f5 as 0..4) per round: the right line runs them in reverse.
_FUNCTIONS_LEFT = (0, 1, 2, 3, 4)
_FUNCTIONS_RIGHT = (4, 3, 2, 1, 0)
# Per round: (word index, shift) for each of its 16 steps.
_ROUNDS_LEFT = tuple(
    tuple(zip(_WORDS_LEFT[j], _SHIFTS_LEFT[j], strict=True)) for j in range(5)
)
_ROUNDS_RIGHT = tuple(
    tuple(zip(_WORDS_RIGHT[j], _SHIFTS_RIGHT[j], strict=True)) for j in range(5)
)
_BLOCK = struct.Struct("<16L")


def _line(
    x: tuple[int, ...],
    state: tuple[int, int, int, int, int],
    rounds: tuple[tuple[tuple[int, int], ...], ...],
    constants: tuple[int, ...],
    functions: tuple[int, ...],
) -> tuple[int, int, int, int, int]:
    """Run one line of 80 steps over the block ``x``, starting from ``state``."""
    a, b, c, d, e = state
    m = _MASK
    for steps, k, f in zip(rounds, constants, functions, strict=True):
        # The boolean function is inlined per round: this loop is the whole cost of the hash.
        if f == 0:
            for w, s in steps:
                t = (a + (b ^ c ^ d) + x[w] + k) & m
                t = (((t << s) | (t >> (32 - s))) + e) & m
                a, e, d, c, b = e, d, ((c << 10) | (c >> 22)) & m, b, t
        elif f == 1:
            for w, s in steps:
                t = (a + ((b & c) | (~b & d)) + x[w] + k) & m
                t = (((t << s) | (t >> (32 - s))) + e) & m
                a, e, d, c, b = e, d, ((c << 10) | (c >> 22)) & m, b, t
        elif f == 2:
            for w, s in steps:
                t = (a + (((b | ~c) & m) ^ d) + x[w] + k) & m
                t = (((t << s) | (t >> (32 - s))) + e) & m
                a, e, d, c, b = e, d, ((c << 10) | (c >> 22)) & m, b, t
        elif f == 3:
            for w, s in steps:
                t = (a + ((b & d) | (c & ~d)) + x[w] + k) & m
                t = (((t << s) | (t >> (32 - s))) + e) & m
                a, e, d, c, b = e, d, ((c << 10) | (c >> 22)) & m, b, t
        else:
            for w, s in steps:
                t = (a + (b ^ ((c | ~d) & m)) + x[w] + k) & m
                t = (((t << s) | (t >> (32 - s))) + e) & m
                a, e, d, c, b = e, d, ((c << 10) | (c >> 22)) & m, b, t
    return a, b, c, d, e



def _compress(
    state: tuple[int, int, int, int, int], x: tuple[int, ...]
) -> tuple[int, int, int, int, int]:
    """Fold one 16-word block into ``state``."""
    h0, h1, h2, h3, h4 = state
    a, b, c, d, e = _line(x, state, _ROUNDS_LEFT, _CONSTANTS_LEFT, _FUNCTIONS_LEFT)
    ar, br, cr, dr, er = _line(x, state, _ROUNDS_RIGHT, _CONSTANTS_RIGHT, _FUNCTIONS_RIGHT)
    return (
        (h1 + c + dr) & _MASK,
        (h2 + d + er) & _MASK,
        (h3 + e + ar) & _MASK,
        (h4 + a + br) & _MASK,
        (h0 + b + cr) & _MASK,
    )


def ripemd160(data: bytes | bytearray | memoryview) -> bytes:
    """Return the 20-byte RIPEMD-160 digest of ``data``."""
    message = bytes(data)
    bit_length = (len(message) * 8) & 0xFFFFFFFFFFFFFFFF
    # Pad: 0x80, zeros to 56 mod 64, then the bit length as 64-bit little-endian.
    padded = message + b"\x80" + b"\x00" * ((55 - len(message)) % 64)
    padded += struct.pack("<Q", bit_length)
    state = _INITIAL
    for offset in range(0, len(padded), 64):
        state = _compress(state, _BLOCK.unpack_from(padded, offset))
    return struct.pack("<5L", *state)
