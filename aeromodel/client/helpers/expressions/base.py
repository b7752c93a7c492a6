"""Expressions on a record: bins, metadata, comparisons, logic, variables and path expressions
(``aerospike_helpers.expressions.base``)."""

from __future__ import annotations

from typing import Any, ClassVar

from ...values import Expression
from ._wire import Writer, bad
from .resources import ResultType, _BaseExpr, _ExprOp, _operands, check_int, check_name

TypeComparisonArg = Any
TypeGeo = Any


class Val(_BaseExpr):
    """A literal value, packed as the official client packs it (lists quoted)."""

    __slots__ = ()

    def __init__(self, value: Any) -> None:
        self._children = (value,)

    def _pack(self, w: Writer) -> None:
        w.child(self._children[0], "Val")


class Unknown(_BaseExpr):
    """Makes the whole expression evaluate to 'unknown' (e.g. a Cond's default branch)."""

    __slots__ = ()
    _op = _ExprOp.UNKNOWN

    def __init__(self) -> None:
        self._children = ()


class _Fixed(_BaseExpr):
    """A node whose operands are fixed ints and names, packed in order: ints as ints, names raw."""

    __slots__ = ()

    def _pack(self, w: Writer) -> None:
        w.header(1 + len(self._children))
        w.num(self._op)
        for item in self._children:
            if isinstance(item, str):
                w.raw(item)
            else:
                w.num(item)


class _Key(_Fixed):
    __slots__ = ()
    _op = _ExprOp.KEY
    _rt: ClassVar[int] = ResultType.INTEGER

    def __init__(self) -> None:
        self._children = (self._rt,)


class KeyInt(_Key):
    """The record's user key, if it is an int (the key must have been stored)."""

    __slots__ = ()
    _rt = ResultType.INTEGER


class KeyStr(_Key):
    """The record's user key, if it is a str."""

    __slots__ = ()
    _rt = ResultType.STRING


class KeyBlob(_Key):
    """The record's user key, if it is bytes."""

    __slots__ = ()
    _rt = ResultType.BLOB


class _Meta(_Fixed):
    """Record metadata without operands."""

    __slots__ = ()

    def __init__(self) -> None:
        self._children = ()


class KeyExists(_Meta):
    """True if the record's user key is stored."""

    __slots__ = ()
    _op = _ExprOp.KEY_EXISTS


class _Bin(_Fixed):
    __slots__ = ()
    _op = _ExprOp.BIN
    _rt: ClassVar[int] = ResultType.NIL

    def __init__(self, bin: str) -> None:
        self._children = (self._rt, check_name(type(self).__name__, "bin", bin))


class BoolBin(_Bin):
    """The value of a bool bin."""

    __slots__ = ()
    _rt = ResultType.BOOLEAN


class IntBin(_Bin):
    """The value of an int bin."""

    __slots__ = ()
    _rt = ResultType.INTEGER


class StrBin(_Bin):
    """The value of a str bin."""

    __slots__ = ()
    _rt = ResultType.STRING


class FloatBin(_Bin):
    """The value of a float bin."""

    __slots__ = ()
    _rt = ResultType.FLOAT


class BlobBin(_Bin):
    """The value of a bytes bin."""

    __slots__ = ()
    _rt = ResultType.BLOB


class GeoBin(_Bin):
    """The value of a GeoJSON bin."""

    __slots__ = ()
    _rt = ResultType.GEOJSON


class ListBin(_Bin):
    """The value of a list bin."""

    __slots__ = ()
    _rt = ResultType.LIST


class MapBin(_Bin):
    """The value of a map bin."""

    __slots__ = ()
    _rt = ResultType.MAP


class HLLBin(_Bin):
    """The value of an HLL bin."""

    __slots__ = ()
    _rt = ResultType.HLL


class BinType(_Fixed):
    """The particle type of a bin (0 when the bin does not exist)."""

    __slots__ = ()
    _op = _ExprOp.BIN_TYPE

    def __init__(self, bin: str) -> None:
        self._children = (check_name("BinType", "bin", bin),)


class BinExists(_BaseExpr):
    """True if the bin exists: on the wire, ``BinType(bin) != 0``."""

    __slots__ = ()

    def __init__(self, bin: str) -> None:
        self._children = (BinType(check_name("BinExists", "bin", bin)),)

    def _pack(self, w: Writer) -> None:
        w.header(3)
        w.num(_ExprOp.NE)
        self._children[0]._pack(w)
        w.num(0)


class SetName(_Meta):
    """The record's set name."""

    __slots__ = ()
    _op = _ExprOp.SET_NAME


class DeviceSize(_Meta):
    """The record's size on device (deprecated by the server in favour of RecordSize)."""

    __slots__ = ()
    _op = _ExprOp.DEVICE_SIZE


class MemorySize(_Meta):
    """The record's size in memory (deprecated by the server in favour of RecordSize)."""

    __slots__ = ()
    _op = _ExprOp.MEMORY_SIZE


class RecordSize(_Meta):
    """The record's storage size."""

    __slots__ = ()
    _op = _ExprOp.RECORD_SIZE


class LastUpdateTime(_Meta):
    """The record's last update time, in nanoseconds since the Unix epoch."""

    __slots__ = ()
    _op = _ExprOp.LAST_UPDATE


class SinceUpdateTime(_Meta):
    """Milliseconds since the record was last updated."""

    __slots__ = ()
    _op = _ExprOp.SINCE_UPDATE


class VoidTime(_Meta):
    """The record's expiry time in nanoseconds since the Unix epoch (-1: never)."""

    __slots__ = ()
    _op = _ExprOp.VOID_TIME


class TTL(_Meta):
    """The record's remaining time to live, in seconds."""

    __slots__ = ()
    _op = _ExprOp.TTL


class IsTombstone(_Meta):
    """True if the record is a tombstone (only in XDR filters)."""

    __slots__ = ()
    _op = _ExprOp.IS_TOMBSTONE


class DigestMod(_Fixed):
    """The record's digest modulo ``mod``: for sampling a fraction of the records."""

    __slots__ = ()
    _op = _ExprOp.DIGEST_MODULO

    def __init__(self, mod: int) -> None:
        self._children = (check_int("DigestMod", "mod", mod),)


class _Compare(_BaseExpr):
    __slots__ = ()

    def __init__(self, expr0: TypeComparisonArg, expr1: TypeComparisonArg) -> None:
        self._children = _operands(type(self).__name__, (expr0, expr1))


class Eq(_Compare):
    """``expr0 == expr1``."""

    __slots__ = ()
    _op = _ExprOp.EQ


class NE(_Compare):
    """``expr0 != expr1``."""

    __slots__ = ()
    _op = _ExprOp.NE


class GT(_Compare):
    """``expr0 > expr1``."""

    __slots__ = ()
    _op = _ExprOp.GT


class GE(_Compare):
    """``expr0 >= expr1``."""

    __slots__ = ()
    _op = _ExprOp.GE


class LT(_Compare):
    """``expr0 < expr1``."""

    __slots__ = ()
    _op = _ExprOp.LT


class LE(_Compare):
    """``expr0 <= expr1``."""

    __slots__ = ()
    _op = _ExprOp.LE


class CmpRegex(_BaseExpr):
    """True if ``cmp_str`` matches the POSIX regex ``regex_str`` (``options``: ``REGEX_*`` flags)."""

    __slots__ = ()
    _op = _ExprOp.CMP_REGEX

    def __init__(self, options: int, regex_str: str, cmp_str: Any) -> None:
        self._children = (
            check_int("CmpRegex", "options", options),
            check_name("CmpRegex", "regex_str", regex_str),
            *_operands("CmpRegex", (cmp_str,)),
        )

    def _pack(self, w: Writer) -> None:
        options, regex, cmp = self._children
        w.header(4)
        w.num(self._op)
        w.num(options)
        w.raw(regex)
        w.child(cmp, "CmpRegex")


class CmpGeo(_Compare):
    """True if the two GeoJSON values relate (point within region, region contains point)."""

    __slots__ = ()
    _op = _ExprOp.CMP_GEO


class Not(_BaseExpr):
    """Logical not of one boolean expression."""

    __slots__ = ()
    _op = _ExprOp.NOT

    def __init__(self, *exprs: Any) -> None:
        if len(exprs) != 1:
            raise bad(f"Not: takes exactly one expression, not {len(exprs)}")
        self._children = _operands("Not", exprs)


class And(_BaseExpr):
    """True if every operand is true."""

    __slots__ = ()
    _op = _ExprOp.AND


class Or(_BaseExpr):
    """True if any operand is true."""

    __slots__ = ()
    _op = _ExprOp.OR


class Exclusive(_BaseExpr):
    """True if exactly one operand is true."""

    __slots__ = ()
    _op = _ExprOp.EXCLUSIVE


class Cond(_BaseExpr):
    """``Cond(bool1, value1, bool2, value2, ..., default)``: the value of the first true condition."""

    __slots__ = ()
    _op = _ExprOp.COND


class Def(_BaseExpr):
    """A variable definition, only valid directly inside ``Let``."""

    __slots__ = ()
    _is_def: ClassVar[bool] = True

    def __init__(self, var_name: str, expr: Any) -> None:
        self._children = (check_name("Def", "var_name", var_name), *_operands("Def", (expr,)))

    def _pack(self, w: Writer) -> None:
        name, expr = self._children
        w.raw(name)
        w.child(expr, "Def")

    def compile(self) -> Expression:
        """Refused: a Def alone is no expression. Raises ParamError."""
        raise bad("Def: may only appear directly inside Let")


class Let(_BaseExpr):
    """``Let(Def(name, expr), ..., scope)``: the scope expression with the variables defined."""

    __slots__ = ()
    _op = _ExprOp.LET

    def __init__(self, *exprs: Any) -> None:
        if not exprs:
            raise bad("Let: needs a scope expression")
        if getattr(exprs[-1], "_is_def", False):
            raise bad("Let: the last argument is the scope expression, not a Def")
        for i, item in enumerate(exprs[:-1]):
            if not getattr(item, "_is_def", False):
                raise bad(f"Let: argument {i} must be a Def (only the last is the scope)")
        self._children = exprs

    def _pack(self, w: Writer) -> None:
        w.header(1 + 2 * (len(self._children) - 1) + 1)
        w.num(self._op)
        for child in self._children:
            w.child(child, "Let")


class Var(_Fixed):
    """The value of a variable defined by an enclosing ``Let``."""

    __slots__ = ()
    _op = _ExprOp.VAR

    def __init__(self, var_name: str) -> None:
        self._children = (check_name("Var", "var_name", var_name),)


class LoopVar(_Fixed):
    """The current element of a path expression's iteration (``var_id``: ``EXP_LOOPVAR_*``)."""

    __slots__ = ()
    _op = _ExprOp.LOOPVAR
    _rt: ClassVar[int] = ResultType.NIL

    def __init__(self, var_id: int) -> None:
        self._children = (self._rt, check_int(type(self).__name__, "var_id", var_id))


class LoopVarMap(LoopVar):
    """A loop variable holding a map."""

    __slots__ = ()
    _rt = ResultType.MAP


class LoopVarList(LoopVar):
    """A loop variable holding a list."""

    __slots__ = ()
    _rt = ResultType.LIST


class LoopVarStr(LoopVar):
    """A loop variable holding a str."""

    __slots__ = ()
    _rt = ResultType.STRING


class LoopVarFloat(LoopVar):
    """A loop variable holding a float."""

    __slots__ = ()
    _rt = ResultType.FLOAT


class LoopVarInt(LoopVar):
    """A loop variable holding an int."""

    __slots__ = ()
    _rt = ResultType.INTEGER


class LoopVarBlob(LoopVar):
    """A loop variable holding bytes."""

    __slots__ = ()
    _rt = ResultType.BLOB


class LoopVarBool(LoopVar):
    """A loop variable holding a bool."""

    __slots__ = ()
    _rt = ResultType.BOOLEAN


class LoopVarNil(LoopVar):
    """A loop variable holding nil."""

    __slots__ = ()
    _rt = ResultType.NIL


class LoopVarGeoJson(LoopVar):
    """A loop variable holding GeoJSON."""

    __slots__ = ()
    _rt = ResultType.GEOJSON


class LoopVarHLL(LoopVar):
    """A loop variable holding an HLL."""

    __slots__ = ()
    _rt = ResultType.HLL


class RemoveResult(_Meta):
    """In a ModifyByPath expression: remove the selected element."""

    __slots__ = ()
    _op = _ExprOp.REMOVE_RESULT


_CONTEXT_SELECT = 0xFE


class SelectByPath(_BaseExpr):
    """The elements of a nested list/map selected by ``ctx`` (``flags``: ``EXP_PATH_SELECT_*``)."""

    __slots__ = ("_ctx", "_flags", "_rt")

    def __init__(self, ctx: list[Any], value_type: int, flags: int, bin: Any) -> None:
        from ._cdt import wire_ctx  # the CDT module builds on base's bins

        self._rt = check_int("SelectByPath", "value_type", value_type)
        self._ctx = wire_ctx("SelectByPath", ctx, required=True)
        self._flags = check_int("SelectByPath", "flags", flags)
        self._children = _operands("SelectByPath", (bin,))

    def _pack(self, w: Writer) -> None:
        w.header(5)
        w.num(_ExprOp.CALL)
        w.num(self._rt)
        w.num(0)
        w.header(3)
        w.num(_CONTEXT_SELECT)
        w.append(self._ctx)
        w.num(self._flags)
        w.child(self._children[0], "SelectByPath")


class ModifyByPath(_BaseExpr):
    """Replaces the elements selected by ``ctx`` with ``mod_exp`` evaluated on each (``flags``:
    ``EXP_PATH_MODIFY_*``); ``mod_exp`` may be an expression or its compiled form."""

    __slots__ = ("_ctx", "_flags", "_mod", "_rt")

    def __init__(self, ctx: list[Any], value_type: int, mod_exp: Any, flags: int, bin: Any) -> None:
        from ._cdt import wire_ctx

        self._rt = check_int("ModifyByPath", "value_type", value_type)
        self._ctx = wire_ctx("ModifyByPath", ctx, required=True)
        self._flags = check_int("ModifyByPath", "flags", flags)
        if not isinstance(mod_exp, (_BaseExpr, Expression)):
            raise bad("ModifyByPath: mod_exp must be an expression")
        self._mod = mod_exp
        self._children = _operands("ModifyByPath", (bin,))

    def _pack(self, w: Writer) -> None:
        w.header(5)
        w.num(_ExprOp.CALL)
        w.num(self._rt)
        w.num(0x40)
        w.header(4)
        w.num(_CONTEXT_SELECT)
        w.append(self._ctx)
        w.num(self._flags | 4)
        if isinstance(self._mod, Expression):
            w.append(bytes(self._mod))
        else:
            self._mod._pack(w)
        w.child(self._children[0], "ModifyByPath")


__all__ = [
    "GE",
    "GT",
    "LE",
    "LT",
    "NE",
    "TTL",
    "And",
    "BinExists",
    "BinType",
    "BlobBin",
    "BoolBin",
    "CmpGeo",
    "CmpRegex",
    "Cond",
    "Def",
    "DeviceSize",
    "DigestMod",
    "Eq",
    "Exclusive",
    "FloatBin",
    "GeoBin",
    "HLLBin",
    "IntBin",
    "IsTombstone",
    "KeyBlob",
    "KeyExists",
    "KeyInt",
    "KeyStr",
    "LastUpdateTime",
    "Let",
    "ListBin",
    "LoopVar",
    "LoopVarBlob",
    "LoopVarBool",
    "LoopVarFloat",
    "LoopVarGeoJson",
    "LoopVarHLL",
    "LoopVarInt",
    "LoopVarList",
    "LoopVarMap",
    "LoopVarNil",
    "LoopVarStr",
    "MapBin",
    "MemorySize",
    "ModifyByPath",
    "Not",
    "Or",
    "RecordSize",
    "RemoveResult",
    "SelectByPath",
    "SetName",
    "SinceUpdateTime",
    "StrBin",
    "Unknown",
    "Val",
    "Var",
    "VoidTime",
]
