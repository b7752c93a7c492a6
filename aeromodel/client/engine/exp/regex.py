"""POSIX regular expressions (what the server's ``regcomp`` compiles) as Python ``re`` patterns.

The flags are glibc's: 1 REG_EXTENDED (else a basic expression: ``( ) { } | + ?`` are literal
and ``\\( \\) \\{ \\} \\| \\+ \\?`` are the operators), 2 REG_ICASE, 4 REG_NEWLINE (``.`` and
``[^...]`` stop at newlines, ``^``/``$`` match at each line), 8 REG_NOSUB (no effect on a match).
The client's ``REGEX_NEWLINE`` (8) is glibc's NOSUB and its ``REGEX_NOSUB`` (4) glibc's NEWLINE:
the server passes the number through, so aeromodel does too. Where Python cannot follow POSIX:
leftmost-longest alternation does not change whether a pattern matches, so a yes/no match is
the same; collating elements ``[[.x.]]`` and equivalence classes ``[[=x=]]`` are taken as the
character itself; back-references in an extended expression are a GNU extension kept as is.
"""

from __future__ import annotations

import re

EXTENDED = 1
ICASE = 2
NEWLINE = 4
NOSUB = 8

_CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "print": "\\x20-\\x7e", "graph": "\\x21-\\x7e", "cntrl": "\\x00-\\x1f\\x7f", "xdigit": "0-9A-Fa-f",
}
_GNU_ESCAPES = {"w": "\\w", "W": "\\W", "s": "\\s", "S": "\\S", "b": "\\b", "B": "\\B",
                "<": "\\b(?=\\w)", ">": "\\b(?<=\\w)", "`": "\\A", "'": "\\Z"}


class RegexError(ValueError):
    """The pattern does not compile (the server's regcomp fails)."""


def _bracket(p: str, i: int, newline: bool) -> tuple[str, int]:
    """Translate the bracket expression starting at p[i] == '['; answer it and the index after."""
    j = i + 1
    negate = j < len(p) and p[j] == "^"
    if negate:
        j += 1
    parts: list[str] = []
    first = True
    while True:
        if j >= len(p):
            raise RegexError("brackets ([ ]) not balanced")
        c = p[j]
        if c == "]" and not first:
            j += 1
            break
        first = False
        if c == "[" and j + 1 < len(p) and p[j + 1] in ":.=":
            kind = p[j + 1]
            end = p.find(kind + "]", j + 2)
            if end < 0:
                raise RegexError("brackets ([ ]) not balanced")
            word = p[j + 2 : end]
            if kind == ":":
                if word not in _CLASSES:
                    raise RegexError("invalid character class")
                parts.append(_CLASSES[word])
            else:
                parts.append(re.escape(word))
            j = end + 2
            continue
        if c == "-" and parts and j + 1 < len(p) and p[j + 1] != "]":
            parts.append("-")
        else:
            parts.append("\\" + c if c in "\\]^[-" else c)
        j += 1
    body = "".join(parts)
    if negate:
        return "[^" + body + ("\\n" if newline else "") + "]", j
    return "[" + body + "]", j


def translate(pattern: str, flags: int) -> str:
    """The Python pattern of a POSIX one. Raises RegexError where regcomp would fail."""
    ere = bool(flags & EXTENDED)
    newline = bool(flags & NEWLINE)
    out: list[str] = []
    depth = 0
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                raise RegexError("trailing backslash (\\)")
            d = pattern[i + 1]
            i += 2
            if not ere and d in "(){}|+?":
                if d == "(":
                    depth += 1
                elif d == ")":
                    depth -= 1
                    if depth < 0:
                        raise RegexError("unmatched ( or \\(")
                out.append(d)
            elif d.isdigit() and d != "0":
                out.append("\\" + d)
            elif d in _GNU_ESCAPES:
                out.append(_GNU_ESCAPES[d])
            elif d == "n":
                out.append("n")
            else:
                out.append(re.escape(d))
            continue
        i += 1
        if c == "[":
            text, i = _bracket(pattern, i - 1, newline)
            out.append(text)
        elif c == ".":
            out.append("[^\\n]" if newline else "(?s:.)")
        elif c == "^":
            out.append("^" if newline else "\\A")
        elif c == "$":
            out.append("$" if newline else "\\Z")
        elif ere and c in "()|+?{}*":
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth < 0:
                    raise RegexError("unmatched ( or \\(")
            out.append(c)
        elif c == "*":
            # A leading '*' (of the pattern or a group) is literal in a basic expression.
            literal = not out or out[-1] in ("\\A", "^", "(")
            out.append("\\*" if literal else "*")
        else:
            out.append(re.escape(c))
    if depth:
        raise RegexError("unmatched ( or \\(")
    return "".join(out)


def compile_posix(pattern: str, flags: int) -> re.Pattern[str]:
    """The compiled pattern (cut at a NUL, as a C string is). Raises RegexError."""
    pattern = pattern.split("\0", 1)[0]
    text = translate(pattern, flags)
    py_flags = re.IGNORECASE if flags & ICASE else 0
    if flags & NEWLINE:
        py_flags |= re.MULTILINE
    try:
        return re.compile(text, py_flags)
    except (re.error, RecursionError, OverflowError) as err:
        raise RegexError(str(err)) from None
