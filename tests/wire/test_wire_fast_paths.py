"""The decoders the cluster transport runs on every answer read straight from the bytes; each
must say what the Message-based decoder says of the same bytes, and refuse what it refuses."""

from __future__ import annotations

from typing import Any

import pytest
from _wire_strategies import commands, results, strict
from hypothesis import given, settings
from hypothesis import strategies as st
from test_wire_roundtrip import scan_records

from aeromodel.client.command import BatchCommand, BatchResult, Command, Result
from aeromodel.client.wire import batch, records, scans
from aeromodel.client.wire.message import encode, parse, parse_single
from aeromodel.client.wire.proto import HEADER_SIZE, ProtocolError


@settings(max_examples=60, deadline=None)
@given(pair=results())
def test_decode_answer_reads_what_decode_result_reads(pair: tuple[Result, Command]) -> None:
    res, cmd = pair
    data = records.encode_result(res)
    fast, end = records.decode_answer(data, HEADER_SIZE, cmd)
    assert end == len(data)
    slow = records.decode_result(parse_single(data[HEADER_SIZE:]), cmd)
    assert strict(tuple(_plain(fast))) == strict(tuple(slow))


def _plain(res: Result) -> Result:
    """The result with FlatBins (which only the fast decoders build) as a plain dict."""
    return res._replace(bins=dict(res.bins)) if res.bins is not None else res


@settings(max_examples=60, deadline=None)
@given(cmd=commands(), timeout=st.integers(0, 0xFFFFFFFF))
def test_encode_command_packs_the_request_message(cmd: Command, timeout: int) -> None:
    data = records.encode_command(cmd, timeout)
    assert data == encode(records.request(cmd, timeout))


@settings(max_examples=40, deadline=None)
@given(pairs=st.lists(results(), max_size=4), code=st.integers(0, 255))
def test_decode_rows_reads_what_decode_batch_result_reads(
    pairs: list[tuple[Result, Command]], code: int
) -> None:
    res = BatchResult(code, [r for r, _ in pairs])
    cmd = BatchCommand(0, [c for _, c in pairs])
    body = batch.encode_batch_result(res)[HEADER_SIZE:]
    rows: dict[int, Result] = {}
    assert batch.decode_rows(body, cmd, rows) == (code, False)
    slow = batch.decode_batch_result(parse(body), cmd)
    fast = [strict(tuple(_plain(rows[i]))) for i in sorted(rows)]
    assert fast == [strict(tuple(r)) for r in slow.records]


def test_decode_rows_says_when_messages_follow_last() -> None:
    cmd = BatchCommand(0, [Command("test", None, bytes(20), None, 1, 0, 0, 0, 0, None)])
    body = encode(batch.last(0), batch.last(0))[HEADER_SIZE:]
    assert batch.decode_rows(body, cmd, {}) == (0, True)


@settings(max_examples=40, deadline=None)
@given(
    recs=st.lists(scan_records(), max_size=4),
    done=st.lists(st.tuples(st.integers(0, 4095), st.integers(0, 255)), max_size=3),
    code=st.integers(0, 255),
    nobins=st.booleans(),
)
def test_decode_frame_reads_what_decode_answer_reads(
    recs: list[Any], done: list[Any], code: int, nobins: bool
) -> None:
    msgs = [scans.record_answer(r, "test") for r, _ in recs]
    msgs += [scans.partition_done(pid, c) for pid, c in done]
    msgs += [batch.last(code)]
    if code:  # a refusal (no LAST bit) reads as an end too
        msgs.append(scans.refused(code))
    body = encode(*msgs)[HEADER_SIZE:]
    fast = scans.decode_frame(body, nobins)
    slow = [scans.decode_answer(m, nobins) for m in parse(body)]
    assert [strict(a) for a in fast] == [strict(a) for a in slow]


@pytest.mark.parametrize("cut", [1, 5, 21, 23, 30])
def test_decode_frame_refuses_a_frame_cut_short(cut: int) -> None:
    rec = (bytes(range(20)), 1, 2, {"a": 1}, "k", "s", None)
    body = encode(scans.record_answer(rec, "test"))[HEADER_SIZE:]
    with pytest.raises(ProtocolError):
        parse(body[:-cut])
    with pytest.raises(ProtocolError):
        scans.decode_frame(body[:-cut])


def test_decode_frame_refuses_a_record_without_its_digest() -> None:
    rec: tuple[Any, ...] = (bytes(19), 1, 2, {}, None, None, None)
    body = encode(scans.record_answer(rec, "test"))[HEADER_SIZE:]
    with pytest.raises(ProtocolError, match="digest"):
        scans.decode_frame(body)
