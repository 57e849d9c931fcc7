"""The codec: every command and event round-trips exactly, records are compact and readable,
and what cannot be carried exactly is refused when the codec is built."""

from __future__ import annotations

import dataclasses
import typing
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from krakenbox.domain.commands import Command, SubmitOrder
from krakenbox.domain.events import BookChanged, Event, OrderAccepted, OrderRejected, RejectReason
from krakenbox.domain.orders import Interface, OrderType, Origin, Side
from krakenbox.venue.codec import Codec, CodecError, SchemaError, spot_codec

from .streams import command_stream, new_book

CODEC = spot_codec()
RECORD_CLASSES = [*typing.get_args(Command), *typing.get_args(Event)]


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_class_round_trips(cls: type, data: st.DataObject) -> None:
    record = data.draw(st.from_type(cls))
    encoded = CODEC.encode(record)
    decoded = CODEC.decode(encoded)
    assert decoded == record
    assert type(decoded) is type(record)
    assert CODEC.encode(decoded) == encoded


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(*(st.from_type(cls) for cls in RECORD_CLASSES)), max_size=8))
def test_lists_round_trip(records: list[object]) -> None:
    assert CODEC.decode_many(CODEC.encode_many(records)) == records


def test_a_recorded_stream_round_trips() -> None:
    book = new_book()
    for command in command_stream(1500):
        assert CODEC.decode(CODEC.encode(command)) == command
        events = book.handle(command)
        assert CODEC.decode_many(CODEC.encode_many(events)) == events


def test_records_are_compact_json_with_defaults_left_out() -> None:
    order = SubmitOrder(
        account="A1", side=Side.BUY, order_type=OrderType.LIMIT, quantity=5, price=300, timestamp=17
    )
    assert CODEC.encode(order) == b'["SubmitOrder","A1","buy","limit",5,17,300]'
    accepted = OrderAccepted("OABCDE-FGHIJ-KLMNOP", order, 17)
    assert CODEC.encode_many([accepted, BookChanged(((Side.BUY, 300, 5),), 17)]) == (
        b'[["OrderAccepted","OABCDE-FGHIJ-KLMNOP",["SubmitOrder","A1","buy","limit",5,17,300],17],'
        b'["BookChanged",[["buy",300,5]],17]]'
    )
    tagged = dataclasses.replace(order, origin=Origin(Interface.FIX, "S1", "c1", 7))
    assert CODEC.encode(tagged).endswith(b'false,"cancel-newest",["Origin","fix","S1","c1",7]]')


def test_a_union_of_records_keeps_each_class() -> None:
    order = SubmitOrder(
        account="Ä", side=Side.SELL, order_type=OrderType.MARKET, quantity=10**30, timestamp=1
    )
    rejected = OrderRejected(order, RejectReason.INSUFFICIENT_FUNDS, 1)
    assert CODEC.decode(CODEC.encode(rejected)) == rejected
    assert "Ä".encode() in CODEC.encode(rejected)


@dataclasses.dataclass(frozen=True, slots=True)
class Priced:
    amount: Decimal
    note: str | None = None


@dataclasses.dataclass(frozen=True)
class Basket:
    items: list[Priced]
    pair: tuple[str, int] = ("XBT/USD", 1)
    labels: tuple[str, ...] = dataclasses.field(default_factory=tuple)


def test_decimals_lists_and_factories() -> None:
    codec = Codec([Basket])
    basket = Basket([Priced(Decimal("0.00000001")), Priced(Decimal("-1E+3"), "x")], labels=("a",))
    assert codec.decode(codec.encode(basket)) == basket
    assert codec.decode(b'["Basket",[]]') == Basket([])


def test_floats_and_ambiguous_unions_are_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Floating:
        price: float

    @dataclasses.dataclass(frozen=True)
    class Ambiguous:
        value: Side | str

    with pytest.raises(TypeError, match="floats"):
        Codec([Floating])
    with pytest.raises(TypeError, match="ambiguous"):
        Codec([Ambiguous])


@pytest.mark.parametrize(
    "data",
    [b"", b"{}", b"[]", b'["Nope",1]', b'["OrderExpired"]', b'["OrderExpired","O",1,2]', b"[1"],
)
def test_garbage_is_a_codec_error(data: bytes) -> None:
    with pytest.raises(CodecError):
        CODEC.decode(data)


def test_unregistered_values_are_refused() -> None:
    with pytest.raises(CodecError):
        CODEC.encode(Priced(Decimal(1)))


def test_schema_accepts_only_fields_added_at_the_end_with_defaults() -> None:
    schema = CODEC.schema
    CODEC.check_readable(schema)
    older = {**schema, "SubmitOrder": schema["SubmitOrder"][:-2]}
    CODEC.check_readable(older)  # origin and one more were added later, with defaults
    assert CODEC.decode(b'["SubmitOrder","A1","buy","limit",5,17]') == SubmitOrder(
        account="A1", side=Side.BUY, order_type=OrderType.LIMIT, quantity=5, timestamp=17
    )
    with pytest.raises(SchemaError, match="not the first"):
        CODEC.check_readable({**schema, "OrderExpired": ["timestamp", "order_id"]})
    with pytest.raises(SchemaError, match="without a default"):
        CODEC.check_readable({**schema, "OrderExpired": ["order_id"]})
    with pytest.raises(SchemaError, match="unknown"):
        CODEC.check_readable({"Gone": ["x"]})


def test_the_context_record_is_written_as_a_reference() -> None:
    order = SubmitOrder(
        account="A1", side=Side.BUY, order_type=OrderType.LIMIT, quantity=5, price=300, timestamp=17
    )
    equal_but_not_the_same = dataclasses.replace(order)
    events = [OrderAccepted("O1", order, 17), OrderAccepted("O2", equal_but_not_the_same, 17)]
    text = CODEC.encode_many_text(events, context=order)
    assert text == (
        '[["OrderAccepted","O1",["@"],17],'
        '["OrderAccepted","O2",["SubmitOrder","A1","buy","limit",5,17,300],17]]'
    )
    decoded = CODEC.decode_many(text, context=CODEC.decode(CODEC.encode(order)))
    assert decoded == events
    with pytest.raises(CodecError, match="no context"):
        CODEC.decode_many(text)
    assert CODEC.encode_many_text(events) == CODEC.encode_many(events).decode()  # context off
