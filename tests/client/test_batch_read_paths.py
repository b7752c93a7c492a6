"""batch_read of whole records fills its BatchRecords in line: it answers exactly what the general
way answers — ``BatchRecord(key)`` filled from ``get()`` of each key — and the model layer's plain
batch read answers the same records."""

from __future__ import annotations

import uuid
from typing import Any

from _support import ManualClock
from hypothesis import given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client.engine.engine import Engine
from aeromodel.client.helpers.batch.records import BatchRecord
from aeromodel.client.keys import key_tuple, parse_key

START = 1_700_000_000.25

_VALUES = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.text(max_size=4),
    st.floats(allow_nan=False),
    st.binary(max_size=3),
    st.lists(st.integers(0, 9) | st.text(max_size=2), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(0, 9) | st.lists(st.integers(0, 9)), max_size=2),
)
_RECORDS = st.lists(
    st.tuples(
        st.sampled_from(["s", None]),
        st.text(max_size=3) | st.integers(0, 5),
        # None: no record; else its bins, its ttl (-1 never, 0 the namespace's, seconds), and
        # whether its key is stored
        st.none() | st.tuples(
            st.dictionaries(st.sampled_from(["a", "b", "c"]), _VALUES, min_size=1),
            st.sampled_from([-1, 0, 5, 100]),
            st.booleans(),
        ),
    ),
    max_size=6,
)


def _general(client: Any, key: Any) -> BatchRecord:
    """What batch_read answers for ``key``, made the general way."""
    br = BatchRecord(key_tuple(*parse_key(key)))
    try:
        _key, meta, bins = client.get(key)
    except aerospike.exception.RecordNotFound:
        br.result = 2
    else:
        br.record = aerospike.Record(br.key, meta, bins)
    return br


def _shape(br: Any) -> Any:
    """Everything a caller can see of a BatchRecord: attributes (in order), types, meta order."""
    record = br.record
    seen = [type(br), list(vars(br).items()), type(br.key), type(br.key[3])]
    if record is not None:
        seen += [type(record), type(record.meta), list(record.meta.items()), record.bins,
                 [type(v) for v in record.bins.values()], record.key is br.key]
    return seen


@given(_RECORDS)
@settings(max_examples=60, deadline=None)
def test_whole_records_answer_as_get_of_each_key(records: list[Any]) -> None:
    name = f"batch-paths-{uuid.uuid4().hex}"
    clock = ManualClock(START)
    client = aerospike.client({"embedded": {"name": name, "clock": clock}})
    try:
        keys = [("test", set_name, user_key) for set_name, user_key, _ in records]
        for key, (_set, _key, stored) in zip(keys, records):
            if stored is not None:
                bins, ttl, send_key = stored
                policy = {"key": aerospike.POLICY_KEY_SEND if send_key else aerospike.POLICY_KEY_DIGEST}
                client.put(key, bins, meta={"ttl": ttl}, policy=policy)
        clock.advance(50)  # the 5-second records have expired
        answer = client.batch_read(keys)
        expected = [_general(client, key) for key in keys]
        assert answer.result == 0
        assert [_shape(br) for br in answer.batch_records] == [_shape(br) for br in expected]
        plain = client._batch_read_plain(keys)
        assert plain == [
            (br.result, None, None) if br.result else (0, br.record.meta, br.record.bins)
            for br in expected
        ]
    finally:
        client.close()
        Engine.drop(name)
