"""Bytes that are not the protocol: decoders raise ProtocolError (nothing else), and a frame
cut short is only ever NEED_DATA."""

from __future__ import annotations

import contextlib
import zlib
from typing import Any

import pytest
from _wire_strategies import commands, scan_commands
from hypothesis import given, settings
from hypothesis import strategies as st

from aeromodel.client.command import BatchCommand, Command
from aeromodel.client.wire import NEED_DATA, Message, ProtocolError, Reader, batch, records, scans
from aeromodel.client.wire.message import parse_single
from aeromodel.client.wire.proto import TYPE_MESSAGE, FrameReader, compress, frame

CMD = Command("test", "s", bytes(20), "k", 1, 0, 0, 0, 0, [(1, "a", None)])


def test_a_frame_cut_short_asks_for_more() -> None:
    data = records.encode_command(CMD)
    for n in range(len(data)):
        reader = Reader()
        reader.feed(data[:n])
        assert reader.next_event() is NEED_DATA


@pytest.mark.parametrize("head", [b"\x01\x03", b"\x02\x07"])
def test_a_bad_proto_header_is_refused(head: bytes) -> None:
    reader = FrameReader()
    reader.feed(head + bytes(6))
    with pytest.raises(ProtocolError):
        reader.next_frame()


def test_an_oversized_frame_is_refused_before_it_arrives() -> None:
    reader = FrameReader()
    reader.feed(bytes((2, 3)) + (1 << 40).to_bytes(6, "big"))
    with pytest.raises(ProtocolError, match="size"):
        reader.next_frame()


def test_compressed_frames_are_unpacked() -> None:
    inner = records.encode_command(CMD)
    reader = Reader()
    reader.feed(compress(inner))
    msg = reader.next_event()
    assert isinstance(msg, Message) and records.decode_command(msg) == CMD


def test_a_compressed_frame_that_lies_about_its_size_is_refused() -> None:
    inner = records.encode_command(CMD)
    body = (len(inner) + 1).to_bytes(8, "big") + zlib.compress(inner)
    reader = FrameReader()
    reader.feed(frame(4, body))
    with pytest.raises(ProtocolError):
        reader.next_frame()


def test_a_message_whose_sizes_disagree_is_refused() -> None:
    body = records.encode_command(CMD)[8:]
    with pytest.raises(ProtocolError):
        parse_single(body[:-1])
    with pytest.raises(ProtocolError):
        parse_single(body + b"\x00")


def test_a_record_request_needs_namespace_and_digest() -> None:
    with pytest.raises(ProtocolError):
        records.decode_command(Message(fields=[(0, b"test")]))


def test_a_batch_answer_needs_its_last_message() -> None:
    with pytest.raises(ProtocolError):
        batch.decode_batch_result([Message()], BatchCommand(0, [CMD]))
    with pytest.raises(ProtocolError, match="row 3"):
        batch.decode_batch_result([Message(timeout=3)], BatchCommand(0, [CMD]))


def _decode_everything(data: bytes) -> None:
    reader = Reader()
    reader.feed(data)
    while (ev := reader.next_event()) is not NEED_DATA:
        if not isinstance(ev, Message):
            continue
        for decode in (
            records.decode_command,
            batch.decode_batch,
            scans.decode_scan,
            lambda m: records.decode_result(m, CMD),
            lambda m: records.decode_result(m, CMD._replace(ops=None)),
            scans.decode_answer,
        ):
            with contextlib.suppress(ProtocolError):
                decode(ev)


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(("record", "batch", "scan")))
    if kind == "record":
        data = records.encode_command(draw(commands()))
    elif kind == "batch":
        data = batch.encode_batch(BatchCommand(5, draw(st.lists(commands(True), min_size=1, max_size=3))))
    else:
        data = scans.encode_scan(draw(scan_commands()), 1)
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(8, len(data) - 1))
        data[i] = draw(st.integers(0, 255))
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(data=mangled())
def test_mangled_messages_raise_only_protocol_errors(data: bytes) -> None:
    with contextlib.suppress(ProtocolError):
        _decode_everything(data)


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=200))
def test_random_bodies_raise_only_protocol_errors(body: Any) -> None:
    with contextlib.suppress(ProtocolError):
        _decode_everything(frame(TYPE_MESSAGE, body))
