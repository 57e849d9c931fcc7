"""The incremental parser on awkward streams: splits, batches, garbage, bad framing."""

from __future__ import annotations

import pytest

from krakenbox.fix.codec import GarbledFrame, Parser
from krakenbox.fix.message import Message

from .golden import GOLDEN
from .wire import drain, frame, garbled, messages, parse_all, parse_one, wire

HEARTBEAT = wire("8=FIX.4.4|9=60|35=5|34=10|49=CLIENT|56=KRAKEN-TRD|52=20260407-14:32:10.000|10=137|")
ORDER = wire(GOLDEN[12])
STREAM = HEARTBEAT + ORDER + wire(GOLDEN[15])


def test_every_split_point_gives_the_same_messages() -> None:
    for cut in range(len(STREAM) + 1):
        parser = Parser()
        parser.feed(STREAM[:cut])
        items = drain(parser)
        parser.feed(STREAM[cut:])
        items += drain(parser)
        assert messages(items) == [HEARTBEAT, ORDER, wire(GOLDEN[15])], cut
        assert parser.buffered == 0


def test_one_byte_at_a_time() -> None:
    parser = Parser()
    items = []
    for index in range(len(STREAM)):
        parser.feed(STREAM[index : index + 1])
        items += drain(parser)
    assert messages(items) == [HEARTBEAT, ORDER, wire(GOLDEN[15])]
    assert garbled(items) == []


def test_many_messages_in_one_feed() -> None:
    assert messages(parse_all(STREAM * 50)) == [HEARTBEAT, ORDER, wire(GOLDEN[15])] * 50


def test_nothing_until_a_frame_is_complete() -> None:
    parser = Parser()
    parser.feed(ORDER[:-1])
    assert parser.next() is None
    assert parser.buffered == len(ORDER) - 1
    parser.feed(ORDER[-1:])
    assert isinstance(parser.next(), Message)
    assert parser.next() is None


def test_empty_feed_is_harmless() -> None:
    parser = Parser()
    parser.feed(b"")
    assert parser.next() is None


def test_garbage_before_between_and_after_messages() -> None:
    items = parse_all(b"hello" + HEARTBEAT + b"\r\n\x00junk" + ORDER + b"xyz")
    assert messages(items) == [HEARTBEAT, ORDER]
    assert [item.raw for item in garbled(items)] == [b"hello", b"\r\n\x00junk", b"xyz"]


def test_possible_start_of_a_frame_is_kept_at_the_end_of_the_buffer() -> None:
    parser = Parser()
    parser.feed(b"junk8=FI")
    assert [item.raw for item in drain(parser)] == [b"junk"]
    parser.feed(HEARTBEAT[4:])
    assert messages(drain(parser)) == [HEARTBEAT]


def test_bad_checksum_is_garbled_and_the_next_message_survives() -> None:
    bad = HEARTBEAT.replace(b"10=137", b"10=138")
    items = parse_all(bad + ORDER)
    assert [type(item) for item in items] == [GarbledFrame, Message]
    assert items[0] == GarbledFrame("CheckSum (10) is incorrect", bad)
    assert items[1].raw == ORDER


@pytest.mark.parametrize("checksum", [b"10=13\x01", b"10=1370", b"10=abc", b"10=-12"])
def test_malformed_checksum_field_is_garbled(checksum: bytes) -> None:
    bad = HEARTBEAT[:-7] + checksum + (b"\x01" if len(checksum) == 6 and checksum[-1:] != b"\x01" else b"")
    items = parse_all(bad + ORDER)
    assert messages(items) == [ORDER]
    assert garbled(items)


def test_checksum_field_missing_is_garbled() -> None:
    bad = HEARTBEAT[:-7] + b"58=no checksum here\x01"
    items = parse_all(bad + ORDER)
    assert messages(items) == [ORDER]
    assert garbled(items)[0].reason == "BodyLength (9) does not end at CheckSum (10)"


def test_body_length_too_small_is_garbled() -> None:
    bad = with_body_length(HEARTBEAT, 59)
    items = parse_all(bad + ORDER)
    assert messages(items) == [ORDER]
    assert garbled(items)[0].reason == "BodyLength (9) does not end at CheckSum (10)"


def with_body_length(data: bytes, body_length: int) -> bytes:
    """``data`` with a wrong BodyLength, checksummed as a sender with that bug would."""
    start, end = data.index(b"\x019=") + 3, data.index(b"\x0135=")
    body = data[:start] + str(body_length).encode() + data[end:-7]
    return body + b"10=%03d\x01" % (sum(body) % 256)


def test_body_length_too_large_is_garbled_without_waiting_for_more_bytes() -> None:
    bad = with_body_length(HEARTBEAT, 99)
    parser = Parser()
    parser.feed(bad)  # a peer that now waits for our answer must not stall the connection
    assert parser.next() == GarbledFrame("BodyLength (9) does not end at CheckSum (10)", bad)
    parser.feed(ORDER)
    assert messages(drain(parser)) == [ORDER]


def test_body_length_too_large_then_good_message_in_one_feed() -> None:
    bad = HEARTBEAT.replace(b"9=60", b"9=70")  # checksum wrong too: found once 70 bytes are there
    items = parse_all(bad + ORDER)
    assert messages(items) == [ORDER]


def test_damaged_frame_with_a_far_too_large_body_length_does_not_hold_back_good_messages() -> None:
    # Found by hypothesis: two lost bytes turned 9=70 into 9=70354 and broke the checksum too.
    bad = HEARTBEAT.replace(b"9=60", b"9=60354")
    items = parse_all(bad + ORDER * 3)
    assert messages(items) == [ORDER] * 3
    assert garbled(items)[0] == GarbledFrame("BodyLength (9) runs past the next message", bad)


def test_a_next_frame_still_arriving_is_waited_for_before_judging() -> None:
    bad = HEARTBEAT.replace(b"9=60", b"9=60354")
    parser = Parser()
    parser.feed(bad + ORDER[:-5])
    assert parser.next() is None
    parser.feed(ORDER[-5:])
    assert messages(drain(parser)) == [ORDER]


def test_huge_declared_body_length_is_garbled_at_once() -> None:
    bad = HEARTBEAT.replace(b"9=60", b"9=999999999")
    items = parse_all(bad + ORDER)
    assert messages(items) == [ORDER]
    assert "exceeds the limit" in garbled(items)[0].reason


def test_body_length_limit_is_configurable() -> None:
    parser = Parser(max_body_length=100)
    parser.feed(ORDER + HEARTBEAT)
    items = drain(parser)
    assert messages(items) == [HEARTBEAT]
    with pytest.raises(ValueError):
        Parser(max_body_length=0)


@pytest.mark.parametrize(
    "bad",
    [
        b"8=FIX.4.4\x0135=0\x019=5\x0110=000\x01",  # BodyLength not second
        b"8=FIX.4.4\x019=abc\x0135=0\x0110=000\x01",  # BodyLength not a number
        b"8=FIX.4.4\x019=-5\x0135=0\x0110=000\x01",
        b"8=FIX.4.4\x019=\x0135=0\x0110=000\x01",
        b"8=FIX.4.4" + b"x" * 40 + b"\x019=5\x01",  # BeginString never ends
        b"9=60\x0135=0\x0110=000\x01",  # BeginString missing
        b"8=FIX.4.4\x019=12345678901234\x01",  # too many length digits
    ],
)
def test_bad_framing_is_garbled_and_resynchronised(bad: bytes) -> None:
    items = parse_all(bad + ORDER)
    assert messages(items) == [ORDER]
    assert b"".join(item.raw for item in garbled(items)) == bad


def test_truncated_message_then_a_good_one() -> None:
    items = parse_all(HEARTBEAT[:40] + ORDER)
    assert messages(items) == [ORDER]
    assert garbled(items)[0].raw == HEARTBEAT[:40]


def test_truncated_message_at_the_end_waits() -> None:
    parser = Parser()
    parser.feed(ORDER + HEARTBEAT[:40])
    assert messages(drain(parser)) == [ORDER]
    assert parser.buffered == 40


def test_other_begin_strings_are_delivered_for_the_session_to_judge() -> None:
    message = parse_one(frame("35=0|34=1|49=A|56=B|52=20260407-14:32:10.000|", begin_string="FIX.4.2"))
    assert message[8] == "FIX.4.2"


def test_structural_defects_are_delivered_not_dropped() -> None:
    data = frame("35=D|abc=1|54|44=|=5|34=2|")
    message = parse_one(data)
    assert message.raw == data
    assert message.bad_fields == ("abc=1", "=5")
    assert message.fields[2:-1] == [(35, "D"), (54, ""), (44, ""), (34, "2")]


def test_tag_numbers_outside_the_fast_table_are_decoded() -> None:
    message = parse_one(frame("35=0|0=x|10000=y|00034=z|"))
    assert message.fields[2:-1] == [(35, "0"), (0, "x"), (10000, "y"), (34, "z")]
    assert message.bad_fields == ()


def test_data_fields_may_contain_soh_and_equals() -> None:
    data = frame("35=B|148=news|95=10|96=a|b=c|10=x|33=0|")
    message = parse_one(data)
    assert message[96] == "a\x01b=c\x0110=x"
    assert message[33] == "0"
    assert message.raw == data


def test_data_field_with_a_wrong_length_is_split_as_usual() -> None:
    message = parse_one(frame("35=B|95=3|96=ab|58=x|"))
    assert message.fields[2:-1] == [(35, "B"), (95, "3"), (96, "ab"), (58, "x")]


def test_data_field_not_right_after_its_length_is_split_as_usual() -> None:
    message = parse_one(frame("35=B|95=3|58=x|96=abc|"))
    assert message[96] == "abc"


def test_values_are_latin1_so_every_byte_round_trips() -> None:
    data = frame("35=B|58=caf\xe9 \xff|")
    message = parse_one(data)
    assert message[58] == "caf\xe9 \xff"


def test_checksum_lookalikes_inside_an_incomplete_frame_are_not_frame_ends() -> None:
    declared = 300_000
    data = bytearray(b"8=FIX.4.4\x019=%d\x0135=B\x0158=" % declared)
    running = sum(data)
    while len(data) < 200_000:  # "|10=nnn|" lookalikes, each with a deliberately wrong checksum
        running += 1
        wrong = (running + 1) % 256
        lookalike = b"\x0110=%03d\x01x" % wrong
        data += lookalike
        running += sum(lookalike) - 1
    parser = Parser()
    for start in range(0, len(data), 4096):
        parser.feed(bytes(data[start : start + 4096]))
        assert parser.next() is None
    parser.feed(b"y" * (declared - len(data) + 40) + ORDER)
    items = drain(parser)
    assert messages(items) == [ORDER]
    assert len(garbled(items)) == 1
