"""Properties: encode -> parse round-trips; no input makes the parser raise or lose a good message."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from krakenbox.fix.codec import GarbledFrame, Parser, encode
from krakenbox.fix.message import Message

from .golden import GOLDEN
from .wire import drain, messages, wire

DATA_TAGS = {89, 91, 96, 213, 349, 351, 353, 355, 357, 359, 361, 363, 365, 446, 619, 622}
LENGTH_TAGS = {90, 93, 95, 212, 348, 350, 352, 354, 356, 358, 360, 362, 364, 445, 618, 621}
tags = st.integers(min_value=1, max_value=99_999).filter(
    lambda tag: tag not in (8, 9, 10) and tag not in DATA_TAGS and tag not in LENGTH_TAGS
)
values = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=255, blacklist_characters="\x01"), min_size=1, max_size=40
)
field_lists = st.lists(st.tuples(tags, values), min_size=0, max_size=30)
GOOD = [wire(text) for text in GOLDEN]


@given(st.sampled_from(["0", "D", "8", "W", "AE"]), field_lists)
def test_encode_then_parse_round_trips(msg_type: str, fields: list[tuple[int, str]]) -> None:
    message = Message([(35, msg_type), *fields])
    data = encode(message)
    parser = Parser()
    parser.feed(data)
    parsed = parser.next()
    assert isinstance(parsed, Message)
    assert parsed.raw == data
    assert parsed.fields[2:-1] == message.fields
    assert parsed.bad_fields == ()
    assert encode(parsed) == data
    assert parser.next() is None


@given(st.binary(min_size=0, max_size=200), values)
def test_data_fields_round_trip_with_any_content(data: bytes, text: str) -> None:
    raw_data = data.decode("latin-1")
    message = Message([(35, "B"), (95, str(len(raw_data))), (96, raw_data), (58, text)])
    parser = Parser()
    parser.feed(encode(message))
    parsed = parser.next()
    assert isinstance(parsed, Message)
    assert parsed.fields[2:-1] == message.fields


@settings(max_examples=300)
@given(st.lists(st.binary(max_size=64), max_size=8))
def test_arbitrary_bytes_never_raise(chunks: list[bytes]) -> None:
    parser = Parser()
    for chunk in chunks:
        parser.feed(chunk)
        for item in drain(parser):
            assert isinstance(item, (Message, GarbledFrame))


@settings(max_examples=300)
@given(
    st.sampled_from(GOOD),
    st.lists(st.tuples(st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=255)), max_size=4),
    st.lists(st.integers(min_value=0, max_value=300), max_size=3),
)
def test_mutated_messages_never_raise_and_the_next_good_message_survives(
    original: bytes, replacements: list[tuple[int, int]], deletions: list[int]
) -> None:
    mutated = bytearray(original)
    for position, byte in replacements:
        if mutated:
            mutated[position % len(mutated)] = byte
    for position in deletions:
        if mutated:
            del mutated[position % len(mutated)]
    if b"8=FIX" in mutated[1:]:
        return  # a second frame start inside the mutation can legitimately swallow what follows
    parser = Parser()
    parser.feed(bytes(mutated) + GOOD[12] * 6)  # enough bytes to outlast any mutated BodyLength
    items = drain(parser)
    assert messages(items)[-6:] == [GOOD[12]] * 6


@given(st.lists(st.sampled_from(GOOD), min_size=1, max_size=6), st.data())
def test_random_splits_deliver_every_message_in_order(stream: list[bytes], data: st.DataObject) -> None:
    joined = b"".join(stream)
    cuts = sorted(data.draw(st.lists(st.integers(min_value=0, max_value=len(joined)), max_size=10)))
    parser = Parser()
    items = []
    for start, end in zip([0, *cuts], [*cuts, len(joined)], strict=True):
        parser.feed(joined[start:end])
        items += drain(parser)
    assert [item.raw for item in items] == stream


@given(st.lists(st.tuples(st.binary(max_size=30), st.sampled_from(GOOD)), min_size=1, max_size=5))
def test_garbage_between_messages_never_loses_a_good_message(pairs: list[tuple[bytes, bytes]]) -> None:
    pairs = [(garbage, good) for garbage, good in pairs if b"8=FIX" not in garbage]
    parser = Parser()
    parser.feed(b"".join(garbage + good for garbage, good in pairs))
    items = drain(parser)
    assert messages(items) == [good for _, good in pairs]
