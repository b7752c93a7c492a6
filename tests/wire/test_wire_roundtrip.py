"""Every message type round-trips through the codec, and every decoder reads it whole, one byte
at a time, and with trailing bytes (the next message's start stays buffered)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _wire_strategies import (
    BIN_VALUES,
    ITEMS,
    commands,
    results,
    scan_commands,
    strict,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from aeromodel.client.command import BatchCommand, BatchResult, Command, Result
from aeromodel.client.msgpack_read import unpack
from aeromodel.client.wire import NEED_DATA, InfoText, Message, Reader, batch, info, records, scans
from aeromodel.client.wire import particles as P

TRAILER = bytes((2, 3, 0, 0, 0, 0, 0, 40))  # a message frame's header, its body still to come


def whole(data: bytes) -> list[Any]:
    reader = Reader()
    reader.feed(data)
    return _drain(reader)


def bytewise(data: bytes) -> list[Any]:
    reader = Reader()
    out: list[Any] = []
    for i in range(len(data)):
        reader.feed(data[i : i + 1])
        out += _drain(reader)
    return out


def trailing(data: bytes) -> list[Any]:
    reader = Reader()
    reader.feed(data + TRAILER)
    out = _drain(reader)
    assert not reader.idle  # the trailer waits for the rest of its frame
    return out


def _drain(reader: Reader) -> list[Any]:
    out = []
    while (ev := reader.next_event()) is not NEED_DATA:
        out.append(ev)
    return out


FEEDS: list[Callable[[bytes], list[Any]]] = [whole, bytewise, trailing]
feeds = pytest.mark.parametrize("feed", FEEDS, ids=["whole", "bytewise", "trailing"])


def _cmd(c: Command) -> Any:
    return strict(tuple(c))


@feeds
@settings(max_examples=60, deadline=None)
@given(cmd=commands(), timeout=st.integers(0, 0xFFFFFFFF))
def test_record_requests(feed: Callable[[bytes], list[Any]], cmd: Command, timeout: int) -> None:
    [msg] = feed(records.encode_command(cmd, timeout))
    assert isinstance(msg, Message) and msg.timeout == timeout
    back = records.decode_command(msg)
    want = cmd._replace(set_name=cmd.set_name or None, ops=cmd.ops or None)
    assert _cmd(back) == _cmd(want)


@feeds
@settings(max_examples=60, deadline=None)
@given(pair=results())
def test_record_answers(feed: Callable[[bytes], list[Any]], pair: tuple[Result, Command]) -> None:
    res, cmd = pair
    [msg] = feed(records.encode_result(res))
    assert strict(tuple(records.decode_result(msg, cmd))) == strict(tuple(res))


@feeds
@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(commands(batch_row=True), min_size=1, max_size=5),
    flags=st.integers(0, 7),
    filt=st.none() | st.binary(min_size=1, max_size=8),
    repeat=st.booleans(),
)
def test_batch_requests(
    feed: Callable[[bytes], list[Any]], rows: list[Command], flags: int, filt: Any, repeat: bool
) -> None:
    if repeat:  # rows that may be sent as REPEAT: the first row's shape, other digests
        rows = [rows[0]] + [rows[0]._replace(digest=r.digest, user_key=None) for r in rows[1:]]
    from aeromodel.client.values import Expression

    cmd = BatchCommand(flags, rows, Expression(filt) if filt else None)
    [msg] = feed(batch.encode_batch(cmd, 1000))
    back = batch.decode_batch(msg)
    assert (back.flags, back.filter_exp) == (cmd.flags, cmd.filter_exp)
    want = [r._replace(set_name=r.set_name or None, ops=r.ops or None) for r in rows]
    assert [_cmd(r) for r in back.records] == [_cmd(r) for r in want]


@feeds
@settings(max_examples=40, deadline=None)
@given(pairs=st.lists(results(), max_size=4), code=st.integers(0, 255))
def test_batch_answers(
    feed: Callable[[bytes], list[Any]], pairs: list[tuple[Result, Command]], code: int
) -> None:
    res = BatchResult(code, [r for r, _ in pairs])
    cmd = BatchCommand(0, [c for _, c in pairs])
    msgs = feed(batch.encode_batch_result(res))
    assert len(msgs) == len(pairs) + 1
    back = batch.decode_batch_result(msgs, cmd)
    assert back.code == code
    assert [strict(tuple(r)) for r in back.records] == [strict(tuple(r)) for r in res.records]


@feeds
@settings(max_examples=60, deadline=None)
@given(cmd=scan_commands(), task=st.integers(0, (1 << 64) - 1))
def test_scan_requests(feed: Callable[[bytes], list[Any]], cmd: Any, task: int) -> None:
    [msg] = feed(scans.encode_scan(cmd, task, 30000, 0))
    back, task_back = scans.decode_scan(msg)
    assert task_back == task
    assert strict(tuple(back)) == strict(tuple(cmd))


@st.composite
def scan_records(draw: st.DrawFn) -> tuple[Any, bool]:
    from _wire_strategies import DIGESTS, KEYS, NAMES, U32

    nobins = draw(st.booleans())
    bins = None if nobins else dict(draw(st.lists(st.tuples(NAMES, BIN_VALUES), max_size=4)))
    rec = (
        draw(DIGESTS), draw(U32), draw(U32), bins, draw(st.none() | KEYS),
        draw(st.none() | NAMES), draw(st.none() | st.integers(-(1 << 63), (1 << 63) - 1)),
    )
    return rec, nobins


@feeds
@settings(max_examples=40, deadline=None)
@given(
    recs=st.lists(scan_records(), max_size=4),
    done=st.lists(st.tuples(st.integers(0, 4095), st.integers(0, 255)), max_size=3),
    code=st.integers(0, 255),
)
def test_scan_answers(
    feed: Callable[[bytes], list[Any]], recs: list[Any], done: list[Any], code: int
) -> None:
    from aeromodel.client.wire.message import encode

    msgs = [scans.record_answer(r, "test") for r, _ in recs]
    msgs += [scans.partition_done(pid, c) for pid, c in done]
    events = feed(encode(*msgs) + encode(batch.last(code)))
    nobins = [nb for _, nb in recs] + [False] * len(done) + [False]
    got = [scans.decode_answer(m, nb) for m, nb in zip(events, nobins, strict=True)]
    want = [r for r, _ in recs] + [scans.PartitionDone(p, c) for p, c in done] + [scans.Last(code)]
    assert [strict(g) for g in got] == [strict(w) for w in want]


@feeds
@given(
    names=st.lists(
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\t"), min_size=1),
        max_size=4,
    )
)
def test_info(feed: Callable[[bytes], list[Any]], names: list[str]) -> None:
    [req] = feed(info.encode_request("\n".join(names)))
    assert isinstance(req, InfoText)
    assert info.decode_request(req.body) == names
    pairs = [(n, n[::-1]) for n in names]
    [ans] = feed(info.encode_answer(pairs))
    assert info.answer_pairs(info.decode_answer(ans.body)) == dict(pairs)


@settings(max_examples=200, deadline=None)
@given(value=ITEMS)
def test_msgpack_reader_reads_what_pack_writes(value: Any) -> None:
    assert strict(unpack(P.pack_value(value))) == strict(value)


@settings(max_examples=200, deadline=None)
@given(value=BIN_VALUES)
def test_particles_round_trip(value: Any) -> None:
    assert strict(P.decode(*P.encode(value))) == strict(value)
