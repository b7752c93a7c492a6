"""Engine expressions: arithmetic and integer bits (C semantics, checked on a real 8.1 server),
record metadata under a controlled clock, and POSIX regexes with glibc's flags."""

from __future__ import annotations

import math
from typing import Any

import pytest
from exp_helpers import DIGEST, NOW, ev, record
from exp_tree import Eq, Name, Op, Regex, StrBin

from aeromodel.client.command import CITRUSLEAF_EPOCH
from aeromodel.client.engine.exp import UNK

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1


@pytest.mark.parametrize(
    ("tree", "want"),
    [
        (Op(20, 1, 2, 3), 6),
        (Op(20, I64_MAX, 1), I64_MIN),  # wraps
        (Op(22, 2**62, 4), 0),
        (Op(21, 5), -5),
        (Op(21, 10, 3, 2), 5),
        (Op(23, -7, 2), -3),  # truncates toward zero
        (Op(23, 4), 0),  # one arg: 1 / x
        (Op(23, 4.0), 0.25),
        (Op(23, 1, 0), UNK),
        (Op(23, 1.0, 0.0), math.inf),
        (Op(26, -7, 3), -1),
        (Op(26, 7, -3), 1),
        (Op(26, 7, 0), UNK),
        (Op(27, I64_MIN), I64_MIN),
        (Op(27, -2.5), 2.5),
        (Op(24, 2.0, 0.5), math.sqrt(2.0)),
        (Op(25, 8.0, 2.0), 3.0),
        (Op(28, -1.5), -2.0),
        (Op(29, 1.2), 2.0),
        (Op(30, -2.7), -2),
        (Op(30, 1e30), I64_MIN),
        (Op(30, float("nan")), I64_MIN),
        (Op(31, 3), 3.0),
        (Op(50, 3, 1, 2), 1),
        (Op(51, 1.0, float("nan")), 1.0),
        (Op(32, 12, 10), 8),
        (Op(33, 12, 10), 14),
        (Op(34, 12, 10), 6),
        (Op(35, 0), -1),
        (Op(36, 1, 64), 1),  # shift counts are taken modulo 64
        (Op(36, 1, 65), 2),
        (Op(36, 1, -1), I64_MIN),
        (Op(37, -1, 60), 15),
        (Op(38, -16, 2), -4),
        (Op(38, -16, 64), -16),
        (Op(39, -1), 64),
        (Op(40, 0, True), -1),
        (Op(40, 1, True), 63),
        (Op(40, -1, False), -1),
        (Op(41, 1, True), 63),
        (Op(41, 8, True), 60),
        (Op(41, 0, True), -1),
        (Op(20, Op(81, 2, Name("nope")), 1), UNK),
    ],
)
def test_arithmetic(tree: Any, want: Any) -> None:
    got = ev(tree)
    if isinstance(want, float):
        assert type(got) is float and got == pytest.approx(want)
    else:
        assert got is want or (type(got) is type(want) and got == want)


def test_float_edge_cases() -> None:
    assert math.isnan(ev(Op(25, -1.0, 2.0)))
    assert math.isnan(ev(Op(50, float("nan"), 1.0)))
    assert ev(Op(24, 10.0, 400.0)) == math.inf
    assert ev(Op(25, 0.0, 2.0)) == -math.inf


def test_metadata() -> None:
    rec = record({"a": 1}, set_name="people", key="k1", ttl=100)
    vt = rec.void_time
    assert ev(Op(69), rec) == 100
    assert ev(Op(69), rec, now=NOW + 99.5) == 1  # its last second
    assert ev(Op(68), rec) == (vt + CITRUSLEAF_EPOCH) * 10**9
    assert ev(Op(66), rec) == int((NOW - 10.5) * 1000) * 10**6
    assert ev(Op(67), rec) == 10500
    assert ev(Op(67), rec, now=NOW - 100) == 0
    assert ev(Op(70), rec) == "people"
    assert ev(Op(71), rec) is True
    assert ev(Op(72), rec) is False
    # Server: sizes count 16-byte blocks (a record of 437 bytes answers 448).
    assert ev(Op(74), rec) == (rec.size + 15) // 16 * 16 == ev(Op(73), rec)
    assert ev(Op(65), rec) == 0
    assert ev(Op(80, 3), rec) == "k1"
    assert ev(Op(80, 2), rec) is UNK
    assert ev(Op(64, 7), rec) == int.from_bytes(DIGEST[16:20], "little") % 7
    assert ev(Op(64, -7), rec) == ev(Op(64, 7), rec)
    plain = record({"a": 1}, set_name=None)
    assert ev(Op(69), plain) == -1
    assert ev(Op(68), plain) == -1
    assert ev(Op(70), plain) == ""
    assert ev(Op(71), plain) is False
    assert ev(Op(80, 3), plain) is UNK


S = record({"s": "a\nb", "u": "Hello World", "n": 3})


@pytest.mark.parametrize(
    ("flags", "pattern", "bin_name", "want"),
    [
        (0, "^b", "s", False),
        (4, "^b", "s", True),  # glibc REG_NEWLINE is 4 (the client's REGEX_NOSUB)
        (8, "^b", "s", False),  # 8 is REG_NOSUB (the client's REGEX_NEWLINE)
        (1, "a.b", "s", True),  # without REG_NEWLINE '.' matches a newline
        (5, "a.b", "s", False),
        (1, "a$", "s", False),
        (5, "a$", "s", True),
        (0, "a+", "u", False),  # basic: '+' is literal
        (0, "l\\+", "u", True),  # ... and '\\+' the operator (a GNU extension)
        (1, "l+o", "u", True),
        (0, "\\(Hel\\)lo", "u", True),
        (1, "(Hel)lo", "u", True),
        (0, "(Hel)lo", "u", False),
        (0, "hello", "u", False),
        (2, "hello", "u", True),
        (1, "^[[:upper:]][[:lower:]]+ ", "u", True),
        (1, "[^a-z]orld", "u", True),
        (1, "x|World$", "u", True),
        (1, "a", "n", UNK),  # an int bin: unknown
        (1, "a", "missing", UNK),
    ],
)
def test_regex(flags: int, pattern: str, bin_name: str, want: Any) -> None:
    got = ev(Regex(flags, pattern, Op(81, 3, Name(bin_name))), S)
    assert got is want


def test_regex_on_a_string_literal() -> None:
    assert ev(Regex(1, "b$", "ab")) is True
    assert ev(Eq(Regex(1, "z", StrBin("s")), False), S) is True
