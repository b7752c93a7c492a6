"""A tiny packer of expression trees for the engine's expression tests: a tree is an op
``Op(code, *args)`` or a value; names (bins, variables, regexes) are ``Name``. It packs them as
the official client does (values through ``values.pack``, names as plain msgpack strings)."""

from __future__ import annotations

from typing import Any

from aeromodel.client.values import Expression, _container_header, _str_header, pack


class Name(str):
    """A plain msgpack string (bin and variable names, regex patterns)."""


class Op:
    """An op node: ``[code, args...]`` on the wire."""

    def __init__(self, code: int, *args: Any) -> None:
        self.code = code
        self.args = args


class Raw:
    """Bytes packed as they are (a hand-made msgpack fragment)."""

    def __init__(self, data: bytes) -> None:
        self.data = data


def _pack(node: Any) -> bytes:
    if isinstance(node, Op):
        items = [node.code, *node.args]
        return _container_header(len(items), 0x90, (0xDC, 0xDD)) + b"".join(_pack(i) for i in items)
    if isinstance(node, Raw):
        return node.data
    if isinstance(node, Name):
        data = str(node).encode()
        return _str_header(len(data)) + data
    if isinstance(node, list) and any(isinstance(i, (Op, Name, Raw)) for i in node):
        return _container_header(len(node), 0x90, (0xDC, 0xDD)) + b"".join(_pack(i) for i in node)
    return pack(node)


def compile_tree(node: Any) -> Expression:
    return Expression(_pack(node))


# -- builders named after the official helpers ------------------------------------------------


def IntBin(n: str) -> Op: return Op(81, 2, Name(n))
def StrBin(n: str) -> Op: return Op(81, 3, Name(n))
def FloatBin(n: str) -> Op: return Op(81, 7, Name(n))
def BlobBin(n: str) -> Op: return Op(81, 6, Name(n))
def BoolBin(n: str) -> Op: return Op(81, 1, Name(n))
def ListBin(n: str) -> Op: return Op(81, 4, Name(n))
def MapBin(n: str) -> Op: return Op(81, 5, Name(n))
def HLLBin(n: str) -> Op: return Op(81, 9, Name(n))
def GeoBin(n: str) -> Op: return Op(81, 8, Name(n))
def Quote(items: list[Any]) -> Op: return Op(126, items)
def Eq(a: Any, b: Any) -> Op: return Op(1, a, b)
def NE(a: Any, b: Any) -> Op: return Op(2, a, b)
def GT(a: Any, b: Any) -> Op: return Op(3, a, b)
def GE(a: Any, b: Any) -> Op: return Op(4, a, b)
def LT(a: Any, b: Any) -> Op: return Op(5, a, b)
def LE(a: Any, b: Any) -> Op: return Op(6, a, b)
def And(*a: Any) -> Op: return Op(16, *a)
def Or(*a: Any) -> Op: return Op(17, *a)
def Not(a: Any) -> Op: return Op(18, a)
def Xor(*a: Any) -> Op: return Op(19, *a)
def Unknown() -> Op: return Op(0)
def Cond(*a: Any) -> Op: return Op(123, *a)
def Var(n: str) -> Op: return Op(124, Name(n))


def Let(*args: Any) -> Op:
    """``Let(("x", value), ..., body)``."""
    flat: list[Any] = []
    for d in args[:-1]:
        flat += [Name(d[0]), d[1]]
    return Op(125, *flat, args[-1])


def Regex(flags: int, pattern: str, subject: Any) -> Op:
    return Op(7, flags, Name(pattern), subject)


def Call(rtype: int, system: int, payload: list[Any], target: Any) -> Op:
    return Op(127, rtype, system, payload, target)
