"""The mypy plugin: ``plugins = ["aeromodel.mypy"]``. Fields are declared as plain annotations
(``age: int``), which is what instances hold; on the class, ``User.age`` is a field reference
(``NumberRef[int]``), and this plugin tells mypy so, with the rule ``aeromodel.refs.ref_class``
applies at run time."""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import TypeInfo, Var
from mypy.plugin import AttributeContext, Plugin
from mypy.types import Instance, NoneType, ProperType, TupleType, Type, UnionType, get_proper_type

MODEL = "aeromodel.models.Model"
BASE_MODEL = "pydantic.main.BaseModel"
REFS = "aeromodel.refs"
_GEO = ("aeromodel.geo.GeoPoint", "aeromodel.geo.GeoRegion")


def _strip_none(t: ProperType) -> ProperType:
    if isinstance(t, UnionType):
        items = [get_proper_type(i) for i in t.items]
        rest = [i for i in items if not isinstance(i, NoneType)]
        if len(rest) == 1 and len(rest) < len(items):
            return rest[0]
    return t


def field_ref_type(plugin: Plugin, ctx: AttributeContext) -> Type:
    """The reference type of a field whose declared type is ``ctx.default_attr_type``."""

    def ref(name: str, args: list[Type]) -> Type:
        sym = plugin.lookup_fully_qualified(f"{REFS}.{name}")
        if sym is None or not isinstance(sym.node, TypeInfo):
            return ctx.default_attr_type
        return Instance(sym.node, args)

    t = _strip_none(get_proper_type(ctx.default_attr_type))
    if isinstance(t, TupleType):
        t = t.partial_fallback
    if isinstance(t, Instance):
        name = t.type.fullname
        if name in ("builtins.int", "builtins.float"):
            return ref("NumberRef", [t])
        if name == "builtins.str":
            return ref("StrRef", [])
        if name in ("builtins.list", "builtins.set", "builtins.frozenset", "builtins.tuple") and t.args:
            return ref("ListRef", [t.args[0]])
        if name == "builtins.dict" and len(t.args) == 2:
            return ref("MapRef", list(t.args))
        if name in _GEO:
            return ref("GeoRef", [t])
        if t.type.has_base(BASE_MODEL):
            return ref("ModelRef", [t])
    return ref("FieldRef", [ctx.default_attr_type])


class AeromodelPlugin(Plugin):
    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        owner, _, attr = fullname.rpartition(".")
        if attr.startswith("_"):
            return None
        sym = self.lookup_fully_qualified(owner)
        if sym is None or not isinstance(sym.node, TypeInfo) or not sym.node.has_base(MODEL):
            return None
        node = sym.node.names.get(attr)
        if node is None or not isinstance(node.node, Var):
            return None
        var = node.node
        if var.is_classvar or var.is_property or var.type is None:
            return None
        return lambda ctx: field_ref_type(self, ctx)


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point."""
    return AeromodelPlugin
