"""Intake: wire values become the engine's stored form, and records get their exact sizes.

A stored value is owned by the engine: containers are copied (a caller mutating its own objects
never changes stored data), a list of immutable items is a tuple, a map's entries are sorted in the
server's key order (a FlatMap when all its values are immutable), str subclasses and bytearray are
plain str and bytes. Sizes follow the server's flat record format:
a 35-byte header, 4 bytes of void time when the record expires, 1 + the set name, the stored key,
a bin count, per bin 1 + its name + the particle, and a 4-byte end mark.
"""

from __future__ import annotations

from typing import Any

from ..ordering import sort_key
from ..values import (
    AS_BYTES_HLL,
    IMMUTABLE,
    FlaggedMap,
    FlatMap,
    GeoJSON,
    IndexedList,
    IndexedOrderedList,
    KeyOrderedDict,
    NullType,
    OrderedList,
    TypedBlob,
)
from . import geo
from . import messages as m
from .codes import ERR_BIN_NAME, OpError, invalid

CONTAINERS = frozenset({
    tuple, list, dict, FlatMap, KeyOrderedDict, FlaggedMap, OrderedList, IndexedList, IndexedOrderedList,
})
"""The stored forms of lists and maps (msgpack inside a list or map particle)."""

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
HEADER = 35
END_MARK = 4
VOID_TIME = 4
BASE = HEADER + END_MARK  # what every record takes
MAX_BIN_NAME = 15  # bytes
MAX_DEPTH = 256  # nesting of lists and maps
GEO_REGION_CELLS = 32  # S2 cells a region is assumed to cover (the server's cover, at most 256)
INTERNED_SIZES = 1 << 16
ORDERED_LIST_EXT = 3  # the ext element with an ordered list's flags, leading its items



# -- wire value -> stored value ----------------------------------------------------------------


def bin_value(value: Any) -> tuple[Any, int]:
    """The stored form of a non-nil wire bin value, and its particle's flat size. Raises OpError
    (4) for what is not a wire value (an int outside 64 bits, a float or bool map key, text that
    is not UTF-8, a type the wire has not...)."""
    t = type(value)
    if t is str:
        return value, 5 + (len(value) if value.isascii() else _utf8_len(value))
    if t is int:
        if INT64_MIN <= value <= INT64_MAX:
            return value, _int_particle(value)
        raise invalid(f"integer {m.shown(value)} is outside the signed 64-bit range")
    if t is float:
        return value, 9
    if t is bytes:
        return value, 5 + len(value)
    if t is bool:
        return value, 2
    kept, packed = _sized(value, 0)
    tk = type(kept)
    if tk in CONTAINERS:
        return kept, 5 + packed
    if tk is TypedBlob and kept.subtype == AS_BYTES_HLL:
        from .ops.hll_sketch import is_valid  # the HLL layout lives with its operations

        if not is_valid(kept.data):
            raise invalid("an HLL bin value must be a well-formed HyperLogLog")
    elif tk is GeoJSON:
        geo.storable(kept)  # the server parses and covers what a bin stores (160 if it cannot)
    return kept, particle_size(kept)


def stored(value: Any) -> Any:
    """The stored form of a wire value (see bin_value)."""
    return _sized(value, 0)[0]


def _str_packed(n: int) -> int:
    n += 1  # the particle type byte leads the text or blob
    return (1 if n < 32 else 2 if n < 0x100 else 3 if n < 0x10000 else 5) + n


def _sized(value: Any, depth: int) -> tuple[Any, int]:
    """A wire value's stored form and its packed (msgpack) size, as an item of a list or map."""
    t = type(value)
    if t is str:
        return value, _str_packed(len(value) if value.isascii() else _utf8_len(value))
    if t is int:
        if INT64_MIN <= value <= INT64_MAX:
            return value, _packed_scalar(value, int)
        raise invalid(f"integer {m.shown(value)} is outside the signed 64-bit range")
    if t is float:
        return value, 9
    if t is bytes:
        return value, _str_packed(len(value))
    if t is bool or value is None:
        return value, 1
    if depth > MAX_DEPTH:
        raise invalid("a value is nested too deeply")
    if t is list or t is tuple:
        return _list(value, depth)
    if t is OrderedList:
        items, size = _list(value, depth)
        return OrderedList(items), size + ORDERED_LIST_EXT + _count_header(len(value) + 1) - (
            _count_header(len(value))
        )
    if isinstance(value, dict):
        return _map(value, depth)
    if isinstance(value, bool):
        return bool(value), 1
    if isinstance(value, int):
        return _sized(int(value), depth)
    if isinstance(value, str):
        return _sized(str.__str__(value), depth)
    if isinstance(value, float):
        return float(value), 9
    if isinstance(value, (bytes, bytearray)):
        return _sized(bytes(value), depth)
    if isinstance(value, (list, tuple)):
        return _list(value, depth)
    if isinstance(value, NullType):
        return None, 1
    if isinstance(value, GeoJSON):
        try:
            geo = GeoJSON(value.dumps())
        except Exception:  # not JSON data: the client's own error type is not ours to catch
            raise invalid("a GeoJSON value must hold JSON data") from None
        return geo, _packed_scalar(geo, GeoJSON)
    if isinstance(value, TypedBlob):
        blob = TypedBlob(value.subtype, bytes(value.data))
        return blob, _packed_scalar(blob, TypedBlob)
    raise invalid(f"a value of type {t.__name__} is not a wire value")


def _list(value: Any, depth: int) -> tuple[Any, int]:
    """A list copied (a tuple when every item is immutable: smaller, and copied out in C)."""
    out: list[Any] = []
    append = out.append
    size = _count_header(len(value))
    flat = True
    immutable = IMMUTABLE
    for v in value:
        tv = type(v)
        if tv is str and v.isascii():
            n = len(v) + 1
            size += (1 if n < 32 else 2 if n < 0x100 else 3 if n < 0x10000 else 5) + n
        elif tv is int and -32 <= v < 128:
            size += 1
        else:
            v, s = _sized(v, depth + 1)
            size += s
            if flat and type(v) not in immutable:
                flat = False
        append(v)
    return (tuple(out) if flat else out), size


def _map_key(k: Any) -> tuple[Any, int]:
    t = type(k)
    if t is not str and t is not int and t is not bytes and (
        isinstance(k, bool) or not isinstance(k, (int, str, bytes, bytearray))
    ):
        raise invalid(f"a map key of type {t.__name__} (map keys are int, str or bytes)")
    return _sized(k, 0)


def _map(value: dict[Any, Any], depth: int) -> tuple[Any, int]:
    """A map copied, its entries in the server's key order."""
    items: list[tuple[Any, Any]] = []
    append = items.append
    str_keys = True
    flat = True
    immutable = IMMUTABLE
    size = 0
    for k, v in value.items():
        if type(k) is str and k.isascii():
            n = len(k) + 1
            size += (1 if n < 32 else 2 if n < 0x100 else 3 if n < 0x10000 else 5) + n
        else:
            str_keys = False
            k, s = _map_key(k)
            size += s
        tv = type(v)
        if tv is str and v.isascii():
            n = len(v) + 1
            size += (1 if n < 32 else 2 if n < 0x100 else 3 if n < 0x10000 else 5) + n
        elif tv is int and -32 <= v < 128:
            size += 1
        else:
            v, s = _sized(v, depth + 1)
            size += s
            if flat and type(v) not in immutable:
                flat = False
        append((k, v))
    if str_keys:
        items.sort()  # distinct ASCII keys: Python's order is the server's (values never compared)
    else:
        items.sort(key=_item_sort_key)
    if isinstance(value, KeyOrderedDict):
        # An ext entry holding the map's flags (paired with nil) leads a key-ordered map.
        return KeyOrderedDict(items), _count_header(len(items) + 1) + 4 + size
    if isinstance(value, FlaggedMap):
        return FlaggedMap(items, value.flags), _count_header(len(items) + 1) + 4 + size
    return (FlatMap(items) if flat else dict(items)), _count_header(len(items)) + size


def _item_sort_key(item: tuple[Any, Any]) -> Any:
    return sort_key(item[0])


def stored_key(key: Any) -> Any:
    """A user key as stored (int, str or bytes). Raises OpError for any other type."""
    t = type(key)
    if t is int or t is str or t is bytes:
        return key
    if isinstance(key, bool) or not isinstance(key, (int, str, bytes, bytearray)):
        raise invalid(f"a user key of type {t.__name__} (keys are int, str or bytes)")
    return _sized(key, 0)[0]


# -- sizes ---------------------------------------------------------------------------------


def _utf8_len(text: str) -> int:
    try:
        return len(text.encode())
    except UnicodeError:
        raise invalid("text must be valid Unicode (no lone surrogates)") from None


def uintvar_size(n: int) -> int:
    """Bytes of n as the server's variable-length unsigned int (7 bits a byte)."""
    size = 1
    while n >= 0x80:
        n >>= 7
        size += 1
    return size


def _int_particle(v: int) -> int:
    """A type byte, a length byte and the value's bytes as unsigned 64-bit (a negative int
    takes all 8)."""
    if v < 0:
        return 10
    if v <= 0xFF:
        return 3
    if v <= 0xFFFF:
        return 4
    if v <= 0xFFFFFFFF:
        return 6
    return 10


def _count_header(n: int) -> int:
    return 1 if n < 16 else 3 if n < 0x10000 else 5


def _packed_scalar(value: Any, t: type) -> int:
    if t is int:
        if -32 <= value < 128:
            return 1
        if -0x80 <= value < 0x100:
            return 2
        if -0x8000 <= value < 0x10000:
            return 3
        if -0x80000000 <= value < 0x100000000:
            return 5
        return 9
    if t is float:
        return 9
    if t is bytes:
        n = len(value) + 1  # the particle type byte leads the blob
        return (1 if n < 32 else 2 if n < 0x100 else 3 if n < 0x10000 else 5) + n
    if value is None or t is bool:
        return 1
    # A typed blob, or GeoJSON text.
    n = (len(value.data) if t is TypedBlob else len(str(value).encode())) + 1
    return (1 if n < 32 else 2 if n < 0x100 else 3 if n < 0x10000 else 5) + n


def _items_size(values: Any) -> int:
    size = 0
    for v in values:
        tv = type(v)
        if tv is str:
            n = (len(v) if v.isascii() else len(v.encode())) + 1
            size += (1 if n < 32 else 2 if n < 0x100 else 3 if n < 0x10000 else 5) + n
        elif tv is int and -32 <= v < 128:
            size += 1
        elif tv in CONTAINERS:
            size += packed_size(v)
        else:
            size += _packed_scalar(v, tv)
    return size


PERSIST_INDEX = 0x10  # a container flag: its offset (and value order) index is stored with it


def _index_width(n: int) -> int:
    """Bytes per entry of a stored index over contents (or entry counts) below n."""
    return 1 if n < 1 << 8 else 2 if n < 1 << 16 else 3 if n < 1 << 24 else 4


def _ext_header(size: int) -> int:
    """The msgpack ext header of an ext element of ``size`` bytes (fixext for 1/2/4/8/16)."""
    if size in (1, 2, 4, 8, 16):
        return 2
    return 3 if size < 1 << 8 else 4 if size < 1 << 16 else 6


def _map_index_size(flags: int, n: int, content: int) -> int:
    """The ext entry (with its nil) of a top-level map with a persisted index, and the index: an
    offset per entry, and a value order index too when key-value-ordered (none below 2 entries)."""
    ext = 0
    if n > 1:
        ext = n * _index_width(content)
        if flags & 2:
            ext += n * _index_width(n)
    return _ext_header(ext) + ext + 1 + content


def _partial_count(n: int) -> int:
    """Entries of the sparse offset index an unordered list keeps: one per 128 items, none up to
    128 items (the server's list_offset_partial_index_count)."""
    steps = (n - 1) // 128 if n else 0
    return steps + 1 if steps else 0


def _list_index_size(ordered: bool, n: int, content: int) -> int:
    """The ext entry of a top-level list with a persisted index: its header and the index, an
    offset per item (ordered) or per 128 items (unordered), none for 0 or 1 items."""
    count = n if ordered else _partial_count(n)
    ext = count * _index_width(content) if n > 1 and count > 1 else 0
    return _ext_header(ext) + ext


def packed_size(value: Any) -> int:
    """Bytes of a stored value in the server's msgpack form (as an item of a list or map)."""
    t = type(value)
    if t is tuple or t is list:
        return _count_header(len(value)) + _items_size(value)
    if t is OrderedList:
        return _count_header(len(value) + 1) + ORDERED_LIST_EXT + _items_size(value)
    if t is IndexedList or t is IndexedOrderedList:
        content = _items_size(value)
        index = _list_index_size(t is IndexedOrderedList, len(value), content)
        return _count_header(len(value) + 1) + index + content
    if t is dict or t is FlatMap:
        return _count_header(len(value)) + _items_size(value) + _items_size(value.values())
    if t is KeyOrderedDict or t is FlaggedMap:  # an ext entry with the flags (and a nil) leads
        content = _items_size(value) + _items_size(value.values())
        if t is FlaggedMap and value.flags & PERSIST_INDEX:
            return _count_header(len(value) + 1) + _map_index_size(value.flags, len(value), content)
        return _count_header(len(value) + 1) + 4 + content
    if t is str:
        n = (len(value) if value.isascii() else len(value.encode())) + 1
        return (1 if n < 32 else 2 if n < 0x100 else 3 if n < 0x10000 else 5) + n
    return _packed_scalar(value, t)


_SIZED: dict[int, tuple[Any, int]] = {}
"""Recently sized list and map values: id -> (the value, its particle size). A list or map
operation sizes the new value it stores, and the next operation on the bin sizes it again as the
old value it replaces; stored values never change, so the second walk is a lookup. The entry
holds the value, so its id cannot be reused while it is here; the cache is bounded."""
_SIZED_MAX = 1024


def cdt_particle_size(value: Any) -> int:
    """particle_size() for the values list and map operations store and replace, remembered."""
    if type(value) not in CONTAINERS:
        return particle_size(value)
    hit = _SIZED.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    size = 5 + packed_size(value)
    if len(_SIZED) >= _SIZED_MAX:
        _SIZED.clear()
    _SIZED[id(value)] = (value, size)
    return size


def particle_size(value: Any) -> int:
    """Flat bytes of a stored bin value: its particle type byte plus payload."""
    t = type(value)
    if t is str:
        return 5 + (len(value) if value.isascii() else len(value.encode()))
    if t is int:
        return _int_particle(value)
    if t is float:
        return 9
    if t is bytes:
        return 5 + len(value)
    if t is bool:
        return 2
    if t in CONTAINERS:
        return 5 + packed_size(value)
    if t is GeoJSON:
        text = str(value)
        cells = 1 if '"Point"' in text else GEO_REGION_CELLS
        return 5 + 1 + 2 + 8 * cells + len(text.encode())
    if t is TypedBlob:
        return 5 + len(value.data)
    raise TypeError(f"not a stored value: {t.__name__}")


def name_size(name: str) -> int:
    """Flat bytes of a bin's name (its length byte and the name). Raises OpError (21) for a
    name over 15 bytes, as the server refuses it."""
    n = len(name) if name.isascii() else _utf8_len(name)
    if n > MAX_BIN_NAME:
        raise OpError(ERR_BIN_NAME, m.bin_name_too_long(name))
    return 1 + n


def bin_size(name: str, value: Any) -> int:
    """Flat bytes of one stored bin."""
    if type(value) is str and value.isascii() and name.isascii():
        return 6 + len(name) + len(value)
    return name_size(name) + particle_size(value)


def key_size(key: Any) -> int:
    """Bytes of a stored user key: particle type byte plus value."""
    if type(key) is int:
        return 9
    if type(key) is str:
        return 1 + len(key.encode())
    return 1 + len(key)


def set_size(set_name: str | None) -> int:
    """Flat bytes of a record's set name (nothing for a record in no set)."""
    if not set_name:
        return 0
    return 1 + (len(set_name) if set_name.isascii() else len(set_name.encode()))


def meta_size(nbins: int, key: Any, set_name: str | None, expires: bool) -> int:
    """Flat bytes of everything but the bins: header, end mark, void time, set, key, bin count."""
    size = BASE + set_size(set_name)
    if expires:
        size += VOID_TIME
    if key is not None:
        ks = key_size(key)
        size += uintvar_size(ks) + ks
    if nbins:
        size += uintvar_size(nbins)
    return size


def bins_size(bins: dict[str, Any]) -> int:
    """Flat bytes of a record's bins."""
    size = 0
    for name, value in bins.items():
        t = type(value)
        if t is str and value.isascii() and name.isascii():
            size += 6 + len(name) + len(value)
        elif t is float:
            size += 10 + len(name.encode())
        else:
            size += bin_size(name, value)
    return size


def record_size(bins: dict[str, Any], key: Any, set_name: str | None, expires: bool) -> int:
    """Flat size of a record, end mark included (what is compared with max-record-size)."""
    return meta_size(len(bins), key, set_name, expires) + bins_size(bins)


SIZES: dict[int, int] = {}
"""One shared int object per record size under 64 KiB: records of equal size share it, so a
stored exact size costs a record nothing beyond its slot."""


def interned(size: int) -> int:
    """The shared int object for a record size (see SIZES)."""
    if size < INTERNED_SIZES:
        return SIZES.setdefault(size, size)
    return size
