"""Record size: the server's exact limit, and the bounds that let writes skip exact sizing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client import exception

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
    # The per-record size bound drifts up with every update; exact sizing takes over near the
    # limit, so a record just under it still accepts writes that keep it under.
    client.put(KEY, {"b": b"x" * 1_048_000})
    for i in range(300):
        client.put(KEY, {"n": i, "s": "abc"})
    assert client.get(KEY).bins["n"] == 299


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.binary(max_size=40),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers(-1000, 1000)), inner, max_size=5),
    ),
    max_leaves=25,
)


BINS = st.dictionaries(
    st.text(min_size=1, max_size=15).filter(lambda s: len(s.encode()) <= 15),
    VALUES.filter(lambda v: v is not None),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(BINS, st.booleans(), st.sampled_from([0, -1, 100])), min_size=1, max_size=4))
def test_a_stored_records_size_bound_is_never_below_its_exact_size(writes: Any) -> None:
    from aeromodel.client.engine.engine import Engine
    from aeromodel.client.engine.size import record_size

    name = "size-bound-prop"
    client = aerospike.client({"embedded": {"name": name}})
    try:
        for bins, send_key, ttl in writes:
            policy = {"key": aerospike.POLICY_KEY_SEND} if send_key else None
            client.put(KEY, bins, {"ttl": ttl}, policy)
            ns = client._transport.engine.namespaces["test"]  # type: ignore[attr-defined]
            [rec] = ns.records.values()
            exact = record_size(rec, rec.key, rec.set_name, rec.void_time != 0)
            assert rec.size * 16 >= exact
    finally:
        client.close()
        Engine.drop(name)
