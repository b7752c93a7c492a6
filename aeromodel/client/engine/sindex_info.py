"""The secondary-index info commands, answered as a server 8.1 node answers them (thr_info.c,
sindex_manager.c): ``sindex-create``, ``sindex-delete``, ``sindex-exists``, ``sindex-list``,
``sindex-stat`` and the older ``sindex[/<ns>[/<name>]]``.

Parameters are read as the server reads them: ``name=value`` segments split at ';', the first
match wins, and each value has a size limit (its buffer on the server). A few of the server's
answers carry its own slips (``sindex-delete`` without a name answers the error and then "ok"),
kept because tools see them.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

from .. import values
from .codes import OpError
from .sindex import ITYPES, KTYPES, MAX_INDEXES, Index, IndexDef

if TYPE_CHECKING:
    from .engine import Engine
    from .storage import Namespace

# Value sizes each parameter fits (the server's buffer sizes, with the terminating NUL).
_SIZES = {"indexname": 64, "namespace": 32, "set": 64, "indextype": 10, "type": 12, "bin": 16,
          "indexdata": 28, "context": 2048, "exp": 16 * 1024, "b64": 6}
_MISSING = None
_TOO_LONG = ""


def param(text: str, name: str) -> str | None:
    """The value of ``name`` in ``a=1;b=2`` (None when absent); over its size: ``\\0`` marks it."""
    for seg in text.split(";"):
        key, eq, value = seg.partition("=")
        if eq and key == name:
            if len(value.encode(errors="surrogatepass")) >= _SIZES.get(name, 1 << 30):
                return "\0"
            return value
    return None


def _ns_param(text: str) -> str | None:
    # The server looks for "namespace" first, then its alias "ns".
    v = param(text, "namespace")
    return v if v is not None else param(text, "ns")


def _check(name: str, value: str | None, required: bool) -> str | None:
    """The error answer for a parameter's value (None: fine)."""
    code = 20 if name == "namespace" else 4
    if value is None:
        return f"ERROR:{code}:missing '{name}'" if required else None
    if value == "":
        return f"ERROR:{code}:missing '{name}' value"
    if value == "\0":
        return f"ERROR:{code}:'{name}' value too long"
    return None


def _lookup_ns(engine: Engine, value: str | None) -> Namespace | None:
    return engine.namespaces.get(value) if value else None


# -- sindex-create ----------------------------------------------------------------------------


def create(engine: Engine, text: str) -> str:
    """``sindex-create``: 'ok', or the server's error."""
    name = param(text, "indexname")
    err = _check("indexname", name, True)
    if err:
        return err
    ns_name = _ns_param(text)
    err = _check("namespace", ns_name, True)
    if err:
        return err
    assert name is not None and ns_name is not None
    parsed = parse_definition(ns_name, text)
    if isinstance(parsed, str):
        return parsed
    definition, ctx, exp = parsed
    ns = engine.namespaces.get(ns_name)
    if ns is None:
        return "ok"  # the server records it for when the namespace exists; nothing to build here
    indexes = ns.sindexes
    named = indexes.by_name(name)
    if named is not None:
        if named.definition != definition:
            return "ERROR:200:'indexname' already exists with different definition"
        return "ok"
    same = indexes.by_definition(definition)
    if same is not None:
        indexes.rename(same, name)  # the server keys an index by its definition
        return "ok"
    if len(indexes) >= MAX_INDEXES:
        return "ERROR:206:already at sindex definition limit"
    indexes.add(Index(name, definition, ctx, exp))
    return "ok"


Parsed = tuple[IndexDef, "list[tuple[int, Any]] | None", "bytes | None"]


def parse_definition(ns_name: str, text: str) -> Parsed | str:
    """An index definition from a create command's parameters, or the server's error answer."""
    if (param(text, "indextype") or "").lower() == "set":
        return "ERROR:4:set indexes are not supported"
    set_name = param(text, "set")
    err = _check("set", set_name, False)
    if err:
        return err
    ctx_b64 = param(text, "context")
    err = _check("context", ctx_b64, False)
    if err:
        return err
    ctx = None
    if ctx_b64 is not None:
        ctx_or_err = _context(ctx_b64)
        if isinstance(ctx_or_err, str):
            return ctx_or_err
        ctx = ctx_or_err
    itype_text = param(text, "indextype")
    err = _check("indextype", itype_text, False)
    if err:
        return err
    itype = (itype_text or "default").lower()
    if itype not in ITYPES:
        return "ERROR:4:bad 'indextype' - must be one of 'default', 'list', 'mapkeys', 'mapvalues'"
    indexdata = param(text, "indexdata")
    err = _check("indexdata", indexdata, False)
    if err:
        return err
    ktype_text = param(text, "type")
    err = _check("type", ktype_text, False)
    if err:
        return err
    if indexdata is None and ktype_text is None:
        return "ERROR:4:both 'indexdata' and 'type' are missing"
    if indexdata is not None and ktype_text is not None:
        return "ERROR:4:both 'indexdata' and 'type' are specified"
    bin_name: str | None = None
    exp_b64: str | None = None
    exp: bytes | None = None
    if ktype_text is not None:
        ktype = ktype_text.lower()
        if ktype not in KTYPES:
            return "ERROR:4:bad 'type' - must be one of 'numeric', 'string', 'blob', 'geo2dsphere'"
        bin_name = param(text, "bin")
        err = _check("bin", bin_name, False)
        if err:
            return err
        exp_b64 = param(text, "exp")
        err = _check("exp", exp_b64, False)
        if err:
            return err
        if bin_name is not None and exp_b64 is not None:
            return "ERROR:4:both 'bin' and 'exp' are specified"
        if bin_name is None and exp_b64 is None:
            return "ERROR:4:both 'bin' and 'exp' are missing"
        if exp_b64 is not None:
            if ctx_b64 is not None:
                return "ERROR:4:both 'context' and 'exp' are specified"
            exp = _expression(exp_b64)
            if exp is None:
                return "ERROR:4:bad 'exp'"
            wrong = _exp_type_error(exp, ktype, itype)
            if wrong:
                return wrong
    else:
        assert indexdata is not None
        bin_name, comma, ktype_given = indexdata.partition(",")
        if not comma:
            return "ERROR:4:'indexdata' missing bin type"
        if not bin_name:
            return "ERROR:4:'indexdata' missing bin name"
        if len(bin_name.encode(errors="surrogatepass")) >= 16:
            return "ERROR:4:'indexdata' bin name too long"
        ktype = ktype_given.lower()
        if ktype not in KTYPES:
            return (
                "ERROR:4:bad 'indexdata' bin type - must be one of 'numeric', 'string', 'blob', "
                "'geo2dsphere'"
            )
    if itype == "mapkeys" and ktype == "geo2dsphere":
        return (
            "ERROR:4:bad 'indexdata' bin type for 'indextype' 'mapkeys' - must be one of "
            "'numeric', 'string', 'blob'"
        )
    definition = IndexDef(ns_name, set_name, bin_name, ktype, itype, ctx_b64, exp_b64)
    return definition, ctx, exp


def _b64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _context(text: str) -> list[tuple[int, Any]] | str:
    raw = _b64(text)
    if raw is None:
        return "ERROR:4:'context' invalid base64"
    from .exp.wire import decode, wire  # here: exp and ops import storage, which imports this
    from .ops import cdt_context

    try:
        value = wire(decode(raw))
        ctx = cdt_context.parse(value)
    except OpError:
        return "ERROR:4:'context' invalid cdt context"
    try:
        packed = values.pack(value)
    except values.Unpackable:
        return "ERROR:4:'context' invalid cdt context"
    if packed != raw:
        return "ERROR:4:'context' not normalized msgpack"
    return ctx


def _expression(text: str) -> bytes | None:
    """A compiled expression's bytes, if the text is base64 of an expression that builds."""
    from .exp import build  # here: exp imports storage, which imports the index modules

    raw = _b64(text)
    if not raw:
        return None
    try:
        build(raw)
    except OpError:
        return None
    return raw


_EXP_TYPE_NAMES = {1: "bool", 2: "numeric", 3: "string", 4: "list", 5: "map", 6: "blob",
                   7: "float", 8: "geojson", 9: "hll"}
_ITYPE_EXPECTS = {"list": "list", "mapkeys": "map", "mapvalues": "map"}


def _exp_type_error(exp: bytes, ktype: str, itype: str) -> str | None:
    """The server's error when an index expression's type is not what the index holds: the key
    type for a default index, a list or map for the others (sindex.c)."""
    from .exp import build

    got = _EXP_TYPE_NAMES.get(build(exp).type, "nil")
    want = _ITYPE_EXPECTS.get(itype, "geojson" if ktype == "geo2dsphere" else ktype)
    if got == want:
        return None
    return f"ERROR:4:bad 'exp' - expression type '{got}' does not match expected type '{want}'"


# -- delete, exists, stat, list ---------------------------------------------------------------


def delete(engine: Engine, text: str) -> str:
    """``sindex-delete``: 'ok' (also for an unknown name). Without a name the server answers
    its error and then carries on (and answers 'ok' too)."""
    name = param(text, "indexname")
    out = _check("indexname", name, True) or ""
    ns_name = _ns_param(text)
    err = _check("namespace", ns_name, True)
    if err:
        return out + err
    ns = _lookup_ns(engine, ns_name)
    ix = ns.sindexes.by_name(name) if ns is not None and name else None
    if ns is not None and ix is not None:
        ns.sindexes.drop(ix)
    return out + "ok"


def _local_ns(engine: Engine, text: str) -> tuple[str, Namespace | None]:
    """(error answer or '', namespace) for commands that need a namespace of this node."""
    ns_name = _ns_param(text)
    err = _check("namespace", ns_name, True)
    if err:
        return err, None
    ns = _lookup_ns(engine, ns_name)
    if ns is None:
        return "ERROR:20:namespace not found on node", None
    return "", ns


def exists(engine: Engine, text: str) -> str:
    """``sindex-exists``: 'true' or 'false'."""
    name = param(text, "indexname")
    out = _check("indexname", name, True) or ""
    err, ns = _local_ns(engine, text)
    if ns is None:
        return out + err
    return out + ("true" if name and ns.sindexes.by_name(name) else "false")


def stat(engine: Engine, text: str) -> str:
    """``sindex-stat``: an index's statistics."""
    name = param(text, "indexname")
    out = _check("indexname", name, True) or ""
    err, ns = _local_ns(engine, text)
    if ns is None:
        return out + err
    return out + _stats(ns, name or "")


def _stats(ns: Namespace, name: str) -> str:
    ix = ns.sindexes.by_name(name)
    if ix is None:
        return "ERROR:201:no index"
    # used_bytes: the server's tree nodes (4 KiB each, one per partition to start with).
    nodes = 4096 + ix.n_entries // 256
    return (
        f"entries={ix.n_entries};used_bytes={nodes * 4096};entries_per_bval=0;"
        "entries_per_rec=0;load_pct=100;load_time=0;stat_gc_recs=0"
    )


def list_indexes(engine: Engine, text: str) -> str:
    """``sindex-list[:ns=..][;b64=true]``: one entry per index, ';' between them."""
    ns_name = _ns_param(text)
    err = _check("namespace", ns_name, False)
    if err:
        return err
    namespaces = list(engine.namespaces.values())
    if ns_name is not None:
        ns = engine.namespaces.get(ns_name)
        if ns is None:
            return "ERROR:20:namespace not found on node;ERROR:20:namespace not found on node"
        namespaces = [ns]
    b64 = param(text, "b64")
    err = _check("b64", b64, False)
    if err:
        return err
    if b64 not in (None, "true", "false"):
        return "ERROR:4:bad b64"
    return ";".join(_entry(ix, b64 == "true") for ns in namespaces for ix in ns.sindexes)


def old_sindex(engine: Engine, name: str) -> str:
    """The deprecated ``sindex``, ``sindex/<ns>`` and ``sindex/<ns>/<name>``."""
    parts = name.split("/", 2)
    if len(parts) == 1 or not parts[1]:
        return ";".join(_entry(ix, False) for ns in engine.namespaces.values() for ix in ns.sindexes)
    ns = engine.namespaces.get(parts[1])
    if ns is None:
        return "ns_type=unknown"
    if len(parts) == 2:
        return ";".join(_entry(ix, False) for ix in ns.sindexes)
    return _stats(ns, parts[2])


def _entry(ix: Index, b64: bool) -> str:
    d = ix.definition
    ctx = "null" if d.ctx is None else d.ctx if b64 else display_context(ix.ctx or [])
    exp = "null" if d.exp is None else d.exp if b64 else display_expression(ix.exp or b"", d.exp)
    return (
        f"ns={d.ns}:indexname={ix.name}:set={d.set or 'null'}:bin={d.bin or 'null'}:"
        f"type={d.ktype}:indextype={d.itype}:context={ctx}:exp={exp}:state=RW"
    )


_CTX_NAMES = {0: "index", 1: "rank", 2: "key", 3: "value"}


def display_context(ctx: list[tuple[int, Any]]) -> str:
    """A context as the server shows it: ``[map_key(<string#1>), list_index(-1)]``."""
    return "[" + ", ".join(
        f"{'list_' if t & 0x10 else 'map_'}{_CTX_NAMES.get(t & 0x3, '?')}({_show(v)})"
        for t, v in ctx
    ) + "]"


def _show(v: Any) -> str:
    if type(v) is int:
        return str(v)
    if type(v) is str:
        return f"<string#{len(v.encode())}>"
    if type(v) is bytes:
        return f"<blob#{len(v)}>"
    return repr(v)


def display_expression(exp: bytes, b64_text: str) -> str:
    """An expression as ``sindex-list`` shows it: its base64 text (the server prints its own
    rendering, e.g. ``bin_int("x")``; not reproduced)."""
    return b64_text
