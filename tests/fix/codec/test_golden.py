"""Kraken's documented messages parse, validate and re-encode byte for byte."""

from __future__ import annotations

import pytest

from krakenbox.fix.codec import Parser, encode
from krakenbox.fix.dictionary import load
from krakenbox.fix.message import Message
from krakenbox.fix.validation import validate

from .golden import GOLDEN
from .wire import drain, parse_one, wire


@pytest.mark.parametrize("text", GOLDEN)
def test_golden_message_round_trips_byte_for_byte(text: str) -> None:
    data = wire(text)
    message = parse_one(data)
    assert message.raw == data
    assert message.fields[0] == (8, "FIX.4.4")
    assert message.fields[1] == (9, text.split("|")[1][2:])
    assert message.fields[-1][0] == 10
    assert encode(message) == data
    assert encode(Message(message.fields[2:-1])) == data


@pytest.mark.parametrize("text", GOLDEN)
def test_golden_message_is_valid_kraken_fix(text: str) -> None:
    assert validate(parse_one(wire(text)), load("kraken")) is None


def test_all_golden_messages_in_one_feed() -> None:
    parser = Parser()
    parser.feed(b"".join(wire(text) for text in GOLDEN))
    assert [item.raw for item in drain(parser)] == [wire(text) for text in GOLDEN]


def test_logon_signature_with_equals_signs_keeps_its_value() -> None:
    logon = parse_one(wire(GOLDEN[-1]))
    assert logon[554] == "MR+/PXpGP1+IIUeAv/P3IoICfaUJoHebTKlG024795rU/xuleN3otpMEKEZJVpL7mtbrMuRGguYd4Lr1UcTMnQ=="
    assert logon.get_int(5025) == 1_700_000_000_000
