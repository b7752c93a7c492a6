"""Record size: the server's exact limit, and exact sizes kept through every kind of write."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.engine.engine import Engine
from aeromodel.client.engine.intake import packed_size, particle_size, record_size, stored
from aeromodel.client.values import FlatMap, KeyOrderedDict

KEY = ("test", "demo", "k")

# The largest single-blob record a real 8.1 server accepts (bin "b", set "demo", key "k",
# max-record-size 1 MiB), found against the server by bisection.
LARGEST = [
    ({}, {}, 1_048_524),
    ({"key": aerospike.POLICY_KEY_SEND}, {}, 1_048_521),
    ({}, {"ttl": 100}, 1_048_520),
    ({"key": aerospike.POLICY_KEY_SEND}, {"ttl": 100}, 1_048_517),
]


@pytest.mark.parametrize(("policy", "meta", "largest"), LARGEST)
def test_largest_blob_record_as_on_the_server(client, policy, meta, largest):
    client.put(KEY, {"b": b"x" * largest}, meta or None, policy or None)
    assert len(client.get(KEY).bins["b"]) == largest
    client.remove(KEY)
    with pytest.raises(exception.RecordTooBig) as excinfo:
        client.put(KEY, {"b": b"x" * (largest + 1)}, meta or None, policy or None)
    assert excinfo.value.code == 13
    assert client.exists(KEY).meta is None


@pytest.mark.parametrize(
    ("key", "largest"),
    [
        (("test", "demo", 7), 1_048_514),  # an int key: type byte and 8 bytes, and its length
        (("test", "demo", "x" * 100), 1_048_422),
        (("test", "demo", "x" * 200), 1_048_321),  # a length of two bytes
    ],
)
def test_largest_blob_record_with_a_stored_key_as_on_the_server(client, key, largest):
    """Each limit found against a real 8.1.2 server."""
    send = {"key": aerospike.POLICY_KEY_SEND}
    client.put(key, {"b": b"x" * largest}, None, send)
    with pytest.raises(exception.RecordTooBig):
        client.put(key, {"b": b"x" * (largest + 1)}, None, send)
    client.remove(key)
    with pytest.raises(exception.RecordTooBig):
        client.put(key, {"b": b"x" * (largest + 1)}, None, send)  # a new record, sized afresh


def test_growing_a_record_past_the_limit_is_refused_and_changes_nothing(client):
    client.put(KEY, {"b": b"x" * 1_000_000})
    before = client.get(KEY)
    with pytest.raises(exception.RecordTooBig):
        client.put(KEY, {"c": ["y" * 30_000, "z" * 30_000]})
    with pytest.raises(exception.RecordTooBig):
        client.append(KEY, "b", b"x" * 48_525)
    assert client.get(KEY) == before
    client.append(KEY, "b", b"x" * 48_524)  # exactly to the limit
    assert len(client.get(KEY).bins["b"]) == 1_048_524


def test_many_small_updates_keep_the_limit_exact(client):
    # Sizes are kept exact through updates (never a drifting bound), so a record just under the
    # limit still accepts writes that keep it under.
    client.put(KEY, {"b": b"x" * 1_048_000})
    for i in range(300):
        client.put(KEY, {"n": i, "s": "abc"})
    assert client.get(KEY).bins["n"] == 299




def test_removing_bins_frees_their_bytes_exactly(client):
    client.put(KEY, {"b": b"x" * 1_048_500, "c": "y" * 10})
    client.put(KEY, {"c": None})
    client.append(KEY, "b", b"x" * 24)  # fits only because "c" gave back its bytes
    assert len(client.get(KEY).bins["b"]) == 1_048_524
    with pytest.raises(exception.RecordTooBig):
        client.put(KEY, {"d": 0})


# -- an independent msgpack encoder, to check packed sizes against real bytes ---------------------


def _header(n: int, small: int, fix_max: int, codes: tuple[int, int]) -> bytes:
    if n < fix_max:
        return bytes([small | n])
    if n < 0x10000:
        return bytes([codes[0]]) + n.to_bytes(2, "big")
    return bytes([codes[1]]) + n.to_bytes(4, "big")


def encode(value: Any) -> bytes:
    """The server's msgpack form of a stored value: str and bytes carry a leading particle type
    byte inside a msgpack str; a key-ordered map leads with an ext entry paired with nil."""
    if value is None:
        return b"\xc0"
    if value is True or value is False:
        return b"\xc3" if value else b"\xc2"
    if isinstance(value, int):
        if -32 <= value < 128:
            return value.to_bytes(1, "big", signed=True)
        for lo, hi, code, width, signed in (
            (0, 0x100, 0xCC, 1, False), (-0x80, 0, 0xD0, 1, True),
            (0, 0x10000, 0xCD, 2, False), (-0x8000, 0, 0xD1, 2, True),
            (0, 0x100000000, 0xCE, 4, False), (-0x80000000, 0, 0xD2, 4, True),
        ):
            if lo <= value < hi:
                return bytes([code]) + value.to_bytes(width, "big", signed=signed)
        return b"\xd3" + value.to_bytes(8, "big", signed=True)
    if isinstance(value, float):
        return b"\xcb" + b"\0" * 8
    if isinstance(value, (str, bytes)):
        data = b"\x03" + value.encode() if isinstance(value, str) else b"\x04" + value
        if 32 <= len(data) < 256:  # a server stores these with str8, whatever a client sent
            return b"\xd9" + bytes((len(data),)) + data
        return _header(len(data), 0xA0, 32, (0xDA, 0xDB)) + data
    if isinstance(value, (list, tuple)):
        return _header(len(value), 0x90, 16, (0xDC, 0xDD)) + b"".join(encode(v) for v in value)
    assert isinstance(value, dict)
    body = b"".join(encode(k) + encode(v) for k, v in value.items())
    if isinstance(value, KeyOrderedDict):
        return _header(len(value) + 1, 0x80, 16, (0xDE, 0xDF)) + b"\xc7\x00\x01" + b"\xc0" + body
    return _header(len(value), 0x80, 16, (0xDE, 0xDF)) + body


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.binary(max_size=40),
)
KEYS = st.one_of(st.text(max_size=8), st.integers(-(2**40), 2**40), st.binary(max_size=4))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=20),
        st.dictionaries(KEYS, inner, max_size=18),
        st.dictionaries(KEYS, inner, max_size=4).map(KeyOrderedDict),
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_packed_sizes_are_the_bytes_of_the_servers_msgpack(value: Any) -> None:
    kept = stored(value) if value is not None else None
    assert packed_size(kept) == len(encode(kept))


@settings(max_examples=200, deadline=None)
@given(VALUES.filter(lambda v: isinstance(v, (list, dict))))
def test_container_particles_are_a_type_byte_a_length_and_the_msgpack(value: Any) -> None:
    assert particle_size(stored(value)) == 5 + len(encode(stored(value)))


BIN_NAMES = st.sampled_from(["a", "b", "long-bin-name15", "é", ""])
WRITES = st.one_of(
    st.tuples(st.just("put"), st.dictionaries(BIN_NAMES, VALUES, min_size=1, max_size=4)),
    st.tuples(st.just("incr"), BIN_NAMES, st.integers(-(2**40), 2**40)),
    st.tuples(st.just("append"), BIN_NAMES, st.text(max_size=300)),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(WRITES, st.booleans(), st.sampled_from([0, -1, 100])), min_size=1, max_size=6
    )
)
def test_a_stored_records_size_is_always_its_exact_size(writes: Any) -> None:
    name = "size-exact-prop"
    client = aerospike.client({"embedded": {"name": name}})
    try:
        for (kind, *args), send_key, ttl in writes:
            policy = {"key": aerospike.POLICY_KEY_SEND} if send_key else None
            meta = {"ttl": ttl}
            try:
                if kind == "put":
                    client.put(KEY, args[0], meta, policy)
                elif kind == "incr":
                    client.increment(KEY, args[0], args[1], meta, policy)
                else:
                    client.append(KEY, args[0], args[1], meta, policy)
            except (exception.BinIncompatibleType, exception.RecordNotFound):
                pass
            ns = Engine.shared(name).namespaces["test"]
            records = [r for p in ns.live_partitions() for r in p.records.values()]
            for rec in records:
                assert rec.size == record_size(rec, rec.key, rec.set_name, rec.void_time != 0)
            assert sum(p.used for p in ns.live_partitions()) == sum(
                (r.size + 15) & -16 for r in records
            )
    finally:
        client.close()
        Engine.drop(name)


def test_stored_maps_are_flat_only_when_every_value_is_immutable():
    assert type(stored({"a": 1, "b": "x"})) is FlatMap
    assert type(stored({"a": [1]})) is dict


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["lappend", "lpop", "mput", "mincr", "put"]),
                          st.integers(0, 5)), min_size=1, max_size=30))
def test_sizes_stay_exact_through_list_and_map_operations(steps: Any) -> None:
    # List and map operations size the value they replace from a cache of recently stored values;
    # the record's size must still be exactly the server's after every step.
    from aeromodel.client.helpers.operations import list_operations as lo
    from aeromodel.client.helpers.operations import map_operations as mo

    name = "size-cdt-prop"
    client = aerospike.client({"embedded": {"name": name}})
    try:
        client.put(KEY, {"l": [1, "a"], "m": {"k": 1}})
        for kind, n in steps:
            op = {
                "lappend": lo.list_append("l", "x" * n),
                "lpop": lo.list_pop("l", 0),
                "mput": mo.map_put("m", f"k{n}", [n] * n),
                "mincr": mo.map_increment("m", "k", n),
                "put": None,
            }[kind]
            try:
                if op is None:
                    client.put(KEY, {"l": list(range(n)), "m": {"k": n}})
                else:
                    client.operate(KEY, [op])
            except exception.AerospikeError:
                pass  # e.g. a pop of an empty list: nothing changes
            ns = Engine.shared(name).namespaces["test"]
            for rec in [r for p in ns.live_partitions() for r in p.records.values()]:
                assert rec.size == record_size(rec, rec.key, rec.set_name, rec.void_time != 0)
    finally:
        client.close()
        Engine.drop(name)


def test_a_put_of_the_whole_shape_is_sized_and_ordered_as_any_write() -> None:
    """A put writing every bin of the record in its order builds the record afresh (the values
    it overwrites are not sized); the result is the record any other write path gives: the
    exact size, the bins in the stored order, the counters."""
    name = "size-whole-shape"
    client = aerospike.client({"embedded": {"name": name}})
    try:
        first = {"a": 1, "l": ["x" * 40, 2, [3]], "m": {"k": "v" * 300, "n": {"z": 1}}, "s": "t"}
        client.put(KEY, first)
        for bins in (
            {"a": 2, "l": [1], "m": {"k": 1}, "s": "u" * 70},  # the whole shape, in order
            {"s": "w", "a": 3, "l": ["y"], "m": {}},  # every bin, another order
            {"a": 4, "l": [], "m": {"q": [1, 2]}, "s": "v", "extra": 5},  # more bins
            {"a": 5, "l": [9], "m": {"q": 1}, "s": "x", "extra": None},  # a delete among them
        ):
            client.put(KEY, bins, policy={"key": aerospike.POLICY_KEY_SEND})
            ns = Engine.shared(name).namespaces["test"]
            [rec] = [r for p in ns.live_partitions() for r in p.records.values()]
            assert rec.size == record_size(rec, rec.key, rec.set_name, False)
            assert sum(p.used for p in ns.live_partitions()) == (rec.size + 15) & -16
        assert list(client.get(KEY).bins) == ["a", "l", "m", "s"]  # the first put's order
        assert client.get(KEY).bins == {"a": 5, "l": [9], "m": {"q": 1}, "s": "x"}
    finally:
        client.close()
        Engine.drop(name)
