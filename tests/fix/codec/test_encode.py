"""encode(): BodyLength and CheckSum computed, framing fields written once, in place."""

from __future__ import annotations

import random

import pytest

from krakenbox.fix.codec import byte_sum, checksum, encode, encode_body, render_fields
from krakenbox.fix.message import Message

from .wire import frame, parse_one, wire


def test_encode_writes_begin_string_body_length_and_checksum() -> None:
    message = Message.of("0", (34, 5), (49, "KRAKEN-TRD"), (56, "CLIENT"), (52, "20260407-14:32:10.000"))
    assert encode(message) == wire("8=FIX.4.4|9=59|35=0|34=5|49=KRAKEN-TRD|56=CLIENT|52=20260407-14:32:10.000|10=096|")  # Kraken logout example: 35=5->0, 34=8->5: 104 - 8


def test_encode_matches_kraken_logout_example() -> None:
    message = Message([(35, "5"), (34, "8"), (49, "KRAKEN-TRD"), (56, "CLIENT"), (52, "20260407-14:32:10.000")])
    assert encode(message) == wire("8=FIX.4.4|9=59|35=5|34=8|49=KRAKEN-TRD|56=CLIENT|52=20260407-14:32:10.000|10=104|")


def test_encode_ignores_framing_fields_already_present() -> None:
    message = Message([(8, "FIX.4.2"), (9, "1"), (35, "0"), (34, "1"), (10, "000")])
    assert encode(message) == frame("35=0|34=1|")


def test_encode_of_a_parsed_message_is_its_raw_frame() -> None:
    data = frame("35=0|34=1|49=A|56=B|52=20260407-14:32:10.000|112=ping|")
    assert encode(parse_one(data)) == data


def test_begin_string_is_a_parameter() -> None:
    assert encode(Message.of("0"), begin_string="FIXT.1.1") == frame("35=0|", begin_string="FIXT.1.1")


def test_int_values_are_rendered() -> None:
    message = Message.of("0")
    message.fields.append((34, 7))  # type: ignore[arg-type]  # misuse tolerated by the encoder
    assert encode(message) == frame("35=0|34=7|")


@pytest.mark.parametrize("tag", [0, -1, -9999, -10000, -25000, 9999, 10000, 19999, 20000, 123456])
def test_tags_outside_the_fast_table_are_rendered_as_given(tag: int) -> None:
    assert encode(Message([(35, "0"), (tag, "x")])) == frame(f"35=0|{tag}=x|")


def test_render_fields_skips_framing_fields() -> None:
    assert render_fields([(8, "FIX.4.4"), (35, "0"), (34, "1"), (10, "000")]) == "35=0\x0134=1\x01"
    assert render_fields([(35, "0"), (-3, "x")]) == "35=0\x01-3=x\x01"


def test_long_messages_get_the_right_checksum() -> None:
    text = "".join(f"58={'x' * 50}{index}|" for index in range(40))
    data = encode(Message([(35, "B"), *((58, f"{'x' * 50}{index}") for index in range(40))]))
    assert data == frame("35=B|" + text)
    assert parse_one(data).raw == data


def test_latin1_values_round_trip() -> None:
    data = encode(Message.of("B", (58, "\xe9\xff\x80")))
    assert parse_one(data)[58] == "\xe9\xff\x80"


def test_encode_body_frames_a_rendered_body() -> None:
    assert encode_body("35=0\x0134=1\x01") == frame("35=0|34=1|")


@pytest.mark.parametrize("size", [0, 1, 255, 256, 257, 511, 512, 513, 4096, 70_000])
def test_byte_sum_equals_sum(size: int) -> None:
    for data in (bytes([255]) * size, random.Random(size).randbytes(size)):
        assert byte_sum(data) == sum(data)
        assert byte_sum(memoryview(data)) == sum(data)


def test_checksum_is_three_digits() -> None:
    assert checksum(b"\x01") == "001"
    assert checksum(b"8=FIX.4.4\x01") == format(sum(b"8=FIX.4.4\x01") % 256, "03d")
