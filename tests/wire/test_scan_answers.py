"""What a scan's answer messages say, as a real 8.1 server sends them: a refusal before any
record is one message with the code and no LAST bit; a partition done (only for a partition the
node does not hold) carries its code and the partition id in the generation slot."""

from __future__ import annotations

from aeromodel.client.wire import NEED_DATA, Message, Reader, scans
from aeromodel.client.wire.message import encode


def _decoded(data: bytes) -> list[object]:
    out = []
    for feed in ([data], [data[i : i + 1] for i in range(len(data))]):
        reader = Reader()
        got = []
        for part in feed:
            reader.feed(part)
            while (ev := reader.next_event()) is not NEED_DATA:
                assert isinstance(ev, Message)
                got.append(scans.decode_answer(ev))
        out.append(got)
    assert out[0] == out[1]
    return out[0]


def test_a_refusal_ends_the_answer_with_its_code() -> None:
    assert scans.decode_answer(scans.refused(16)) == scans.Last(16)
    assert scans.decode_answer(Message(result_code=201)) == scans.Last(201)


def test_a_partition_done_is_not_an_end() -> None:
    assert scans.decode_answer(scans.partition_done(4095, 11)) == scans.PartitionDone(4095, 11)
    assert scans.decode_answer(scans.partition_done(7, 0)) == scans.PartitionDone(7, 0)


def test_a_refusal_frame_whole_one_byte_at_a_time_and_with_trailing_bytes() -> None:
    frame = encode(scans.refused(4))
    assert frame == bytes.fromhex("0203000000000016" "16000000000400000000000000000000000000000000")
    assert _decoded(frame) == [scans.Last(4)]
    assert _decoded(frame + encode(scans.partition_done(3, 11))) == [
        scans.Last(4), scans.PartitionDone(3, 11),
    ]
