"""The stored (flat) size of a record, compared against the namespace's max-record-size.

The layout follows the server's flat record format: a 35-byte header, 4 bytes of void time when
the record expires, the set name and stored key when present, a bin count, then per bin a
name-length byte, the name and the particle. A write fails when flat size + 4 (the end mark)
exceeds max-record-size.
"""

from __future__ import annotations

from typing import Any

from ..values import FlatMap, KeyOrderedDict

HEADER = 35
END_MARK = 4
GEO_REGION_CELLS = 32  # S2 cells a region is assumed to cover (the server's cover, at most 256)


def _uintvar(n: int) -> int:
    size = 1
    while n >= 0x80:
        n >>= 7
        size += 1
    return size


def _int_particle(v: int) -> int:
    u = v & 0xFFFFFFFFFFFFFFFF
    if u <= 0xFF:
        return 3
    if u <= 0xFFFF:
        return 4
    if u <= 0xFFFFFFFF:
        return 6
    return 10


def _str_header(n: int) -> int:
    return 1 if n < 32 else 3 if n < 0x10000 else 5


def _count_header(n: int) -> int:
    return 1 if n < 16 else 3 if n < 0x10000 else 5


def _scalar_packed(value: Any, t: type) -> int:
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
        n = len(value) + 1
        return (1 if n < 32 else 3 if n < 0x10000 else 5) + n
    if value is None or t is bool:
        return 1
    data = getattr(value, "data", None)
    n = len(data) + 1 if isinstance(data, bytes) else len(str(value).encode()) + 1
    return _str_header(n) + n


def _items_size(values: Any) -> int:
    size = 0
    for v in values:
        tv = type(v)
        if tv is str:
            m = (len(v) if v.isascii() else len(v.encode())) + 1
            size += (1 if m < 32 else 3 if m < 0x10000 else 5) + m
        elif tv is int:
            size += 1 if -32 <= v < 128 else _scalar_packed(v, tv)
        elif tv is tuple or tv is list or tv is dict or isinstance(v, (list, tuple, dict)):
            size += packed_size(v)
        else:
            size += _scalar_packed(v, tv)
    return size


def packed_size(value: Any) -> int:
    """Bytes of a value in the server's msgpack form (inside lists and maps)."""
    t = type(value)
    if t is tuple or t is list:
        n = len(value)
        return (1 if n < 16 else 3 if n < 0x10000 else 5) + _items_size(value)
    if t is dict or t is FlatMap:
        n = len(value)
        return (1 if n < 16 else 3 if n < 0x10000 else 5) + _items_size(value) + _items_size(
            value.values()
        )
    if t is str:
        n = (len(value) if value.isascii() else len(value.encode())) + 1
        return (1 if n < 32 else 3 if n < 0x10000 else 5) + n
    if isinstance(value, KeyOrderedDict):  # an ext header with the map flags, paired with nil
        n = len(value) + 1
        return (1 if n < 16 else 3 if n < 0x10000 else 5) + 4 + _items_size(value) + _items_size(
            value.values()
        )
    if isinstance(value, dict):
        n = len(value)
        return (1 if n < 16 else 3 if n < 0x10000 else 5) + _items_size(value) + _items_size(
            value.values()
        )
    if isinstance(value, (list, tuple)):
        n = len(value)
        return (1 if n < 16 else 3 if n < 0x10000 else 5) + _items_size(value)
    return _scalar_packed(value, t)


def particle_size(value: Any) -> int:
    """Flat bytes of a bin value: its particle type byte plus payload."""
    t = type(value)
    if t is int:
        return _int_particle(value)
    if t is str:
        return 5 + (len(value) if value.isascii() else len(value.encode()))
    if t is bytes:
        return 5 + len(value)
    if t is float:
        return 9
    if t is bool:
        return 2
    if t is tuple or t is list or t is dict or isinstance(value, (list, tuple, dict)):
        return 5 + packed_size(value)
    if t.__name__ == "GeoJSON":
        text = str(value)
        cells = 1 if '"Point"' in text else GEO_REGION_CELLS
        return 5 + 1 + 2 + 8 * cells + len(text.encode())
    data = getattr(value, "data", None)
    if isinstance(data, bytes):
        return 5 + len(data)
    return 5 + len(str(value).encode())


def key_size(key: Any) -> int:
    """Bytes of a stored user key: particle type byte plus value."""
    if type(key) is int:
        return 9
    if type(key) is str:
        return 1 + len(key.encode())
    return 1 + len(key)


def record_size(bins: dict[str, Any], key: Any, set_name: str | None, expires: bool) -> int:
    """Flat size of a record, end mark included (what is compared with max-record-size)."""
    size = HEADER + END_MARK
    if expires:
        size += 4
    if set_name:
        size += 1 + len(set_name.encode())
    if key is not None:
        ks = key_size(key)
        size += _uintvar(ks) + ks
    if bins:
        size += _uintvar(len(bins))
    for name, value in bins.items():
        t = type(value)
        if t is str and value.isascii():
            size += 6 + len(name) + len(value)
        elif t is float:
            size += 10 + len(name)
        elif t is int and 0 <= value <= 0xFF:
            size += 4 + len(name)
        else:
            size += 1 + len(name) + particle_size(value)
    return size


def growth_bound(ops: Any) -> int:
    """At most how many bytes a write's operations can add to a record's flat size."""
    grow = 3  # the bin count may need a longer varint
    for op_type, name, value in ops:
        if op_type == 2:  # write
            t = type(value)
            if t is str:
                grow += 6 + len(name) + 4 * len(value)  # at most 4 UTF-8 bytes a character
            elif t is int or t is float:
                grow += 11 + len(name)
            elif value is not None:
                grow += 1 + len(name) + particle_size(value)
        elif op_type == 5:  # increment: at most a new 10-byte integer bin
            grow += 11 + len(name)
        elif op_type == 9 or op_type == 10:  # append / prepend
            grow += 6 + len(name) + particle_size(value)
        elif op_type != 1 and op_type != 11 and op_type != 14:
            grow += 1 + len(name) + particle_size(value)
    return grow
