"""Kraken's FIX market-data dialect: MarketDataRequest (35=V) rules, every MDReqRejReason,
and W/X/Y rendering against the spec's golden messages and the dictionary."""

from __future__ import annotations

import pytest

from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.orders import Side
from krakenbox.fix import dictionary
from krakenbox.fix.application import BusinessReject
from krakenbox.fix.codec import Parser, encode
from krakenbox.fix.message import Message
from krakenbox.fix.validation import validate
from krakenbox.kraken.checksums import book_checksum
from krakenbox.kraken.fix.market_data import (
    FULL_DEPTH,
    SUPPORTED_DEPTHS,
    BookUpdate,
    Level,
    Order,
    RejectReason,
    RequestRejected,
    Subscribe,
    Unsubscribe,
    UpdateAction,
    incremental_message,
    iso_nanoseconds,
    read_request,
    reject_message,
    snapshot_message,
    time_of_day,
)
from krakenbox.kraken.symbols import SymbolTranslator
from krakenbox.venue.market_data import PublicTrade

CATALOGUE = load_spot_catalogue()
TRANSLATOR = SymbolTranslator(CATALOGUE)
BTC_USD = CATALOGUE.instrument("XXBTZUSD")
SOH = "\x01"
HEADER = "35={type}|34=12|49=KRAKEN-MD|52=20231012-09:55:14.934|56=CLIENT"
# 2023-10-12 09:55:15.071 UTC, the golden X's MDEntryTime.
AT_0955 = 1_697_104_515_071_000_000


def request(body: str) -> Message:
    """A 35=V from a client, through the real codec."""
    frame = wire(f"35=V|34=2|49=CLIENT|52=20260407-14:32:01.000|56=KRAKEN-MD|{body}")
    parser = Parser()
    parser.feed(frame)
    message = parser.next()
    assert isinstance(message, Message)
    return message


def wire(text: str) -> bytes:
    return encode(Message((int(tag), value) for tag, value in _pairs(text)))


def _pairs(text: str) -> list[tuple[str, str]]:
    return [tuple(field.split("=", 1)) for field in text.strip("|").split("|")]  # type: ignore[misc]


def body(message: Message) -> str:
    """The fields after MsgType, as `|` text."""
    return "|".join(f"{tag}={value}" for tag, value in message.fields[1:])


def framed(message: Message) -> bytes:
    """``message`` behind the golden examples' header, encoded."""
    header = _pairs(HEADER.format(type=message.msg_type))
    fields = [(int(tag), value) for tag, value in header] + message.fields[1:]
    return encode(Message(fields))


def assert_valid(message: Message) -> None:
    parser = Parser()
    parser.feed(framed(message))
    parsed = parser.next()
    assert isinstance(parsed, Message)
    assert validate(parsed, dictionary.load("kraken")) is None


def read(body_text: str, *, level3_port: bool = False, active: tuple[str, ...] = ()) -> object:
    return read_request(request(body_text), TRANSLATOR, level3_port=level3_port, active=active)


SPOT_EXAMPLE = "146=1|55=BTC/USD|262=1|263=1|264=0|265=1|267=3|269=0|269=1|269=2"


# --- reading requests -------------------------------------------------------------------------


def test_kraken_spot_example_subscribes_full_depth_with_trades() -> None:
    assert read(SPOT_EXAMPLE) == Subscribe(
        "1", (("BTC/USD", BTC_USD),), FULL_DEPTH, False, True, True
    )


def test_both_fix_spellings_of_a_pair_are_accepted_and_kept_as_sent() -> None:
    result = read("146=2|55=XBT/USD|55=ETH/USD|262=7|263=1|264=10|267=2|269=0|269=1")
    assert isinstance(result, Subscribe)
    assert [(name, pair.key) for name, pair in result.symbols] == [
        ("XBT/USD", "XXBTZUSD"),
        ("ETH/USD", "XETHZUSD"),
    ]
    assert (result.depth, result.book, result.trades) == (10, True, False)


@pytest.mark.parametrize("depth", sorted(SUPPORTED_DEPTHS))
def test_every_listed_depth_is_accepted(depth: int) -> None:
    result = read(f"146=1|55=BTC/USD|262=1|263=1|264={depth}|267=2|269=0|269=1")
    assert isinstance(result, Subscribe)
    assert result.depth == (depth or 1000)


def test_level3_on_the_level3_port() -> None:
    result = read(
        "146=1|55=BTC/USD|262=1|263=1|264=0|265=1|266=N|267=2|269=0|269=1", level3_port=True
    )
    assert isinstance(result, Subscribe) and result.level3 and not result.trades


def test_level2_is_served_on_the_level3_port_too() -> None:
    result = read("146=1|55=BTC/USD|262=1|263=1|264=1|266=Y|267=2|269=0|269=1", level3_port=True)
    assert isinstance(result, Subscribe) and not result.level3


def test_trades_only_is_a_valid_level2_request() -> None:
    result = read("146=1|55=BTC/USD|262=T|263=1|264=0|267=1|269=2")
    assert isinstance(result, Subscribe) and not result.book and result.trades


def test_unsubscribe_names_the_request() -> None:
    assert read("146=1|55=BTC/USD|262=1|263=2|264=0|267=2|269=0|269=1") == Unsubscribe("1")


def test_a_request_without_mdreqid_is_a_business_reject() -> None:
    with pytest.raises(BusinessReject) as raised:
        read("146=1|55=BTC/USD|263=1|264=0|267=2|269=0|269=1")
    assert raised.value.reason == 5


REJECTS = [
    (
        "146=1|55=FOO/BAR|262=MDSUB1|263=1|264=0|267=2|269=0|269=1",
        False,
        ("MDSUB1",),
        "262=MDSUB1|281=1|58=Duplicate MDReqID",
    ),
    (
        "146=1|55=FOO/BAR|262=MDSUB1|263=1|264=0|267=2|269=0|269=1",
        False,
        (),
        "262=MDSUB1|281=0|58=Unknown symbol: FOO/BAR",
    ),
    (
        "146=1|55=BTC/USD|262=R|263=0|264=0|267=2|269=0|269=1",
        False,
        (),
        "262=R|281=4|58=Unsupported SubscriptionRequestType: 0",
    ),
    (
        "146=1|55=BTC/USD|262=R|263=1|264=5|267=2|269=0|269=1",
        False,
        (),
        "262=R|281=5|58=Unsupported market depth: 5",
    ),
    (
        "146=1|55=BTC/USD|262=R|263=1|264=0|265=0|267=2|269=0|269=1",
        False,
        (),
        "262=R|281=6|58=Unsupported MDUpdateType: 0",
    ),
    (
        "146=1|55=BTC/USD|262=R|263=1|264=0|267=1|269=0",
        False,
        (),
        "262=R|281=8|58=Unsupported MDEntryType: bids (0) and offers (1) are only available together",
    ),
    (
        "146=1|55=BTC/USD|262=R|263=1|264=0|267=3|269=0|269=1|269=4",
        False,
        (),
        "262=R|281=8|58=Unsupported MDEntryType: 4",
    ),
    (
        "146=1|55=BTC/USD|262=R|263=1|264=0|546=2|267=2|269=0|269=1",
        False,
        (),
        "262=R|281=A|58=Unsupported scope: 2",
    ),
    (
        "146=1|55=BTC/USD|262=R|263=1|264=0|266=N|267=2|269=0|269=1",
        False,
        (),
        "262=R|281=B|58=Level3 not available on this port",
    ),
    (
        "146=1|55=BTC/USD|262=R|263=1|264=0|266=N|267=3|269=0|269=1|269=2",
        True,
        (),
        "262=R|281=C|58=Trade not available with Level3",
    ),
]


@pytest.mark.parametrize(("body_text", "level3_port", "active", "expected"), REJECTS)
def test_every_reject_reason(
    body_text: str, level3_port: bool, active: tuple[str, ...], expected: str
) -> None:
    result = read(body_text, level3_port=level3_port, active=active)
    assert isinstance(result, RequestRejected)
    message = reject_message(result)
    assert body(message) == expected
    assert_valid(message)


def test_depth_100_can_be_refused_as_in_krakens_reject_example() -> None:
    result = read_request(
        request("146=1|55=BTC/USD|262=MDSUB2|263=1|264=100|267=2|269=0|269=1"),
        TRANSLATOR,
        level3_port=False,
        active=(),
        depths=SUPPORTED_DEPTHS - {100},
    )
    assert isinstance(result, RequestRejected)
    assert result.reason is RejectReason.UNSUPPORTED_DEPTH


def test_rejects_match_krakens_examples_byte_for_byte() -> None:
    """spec/fix.md §8.4 / §16: the NEW page's Y examples, checksums included."""
    rejected = RequestRejected("MDSUB1", RejectReason.UNKNOWN_SYMBOL, "Unknown symbol: FOO/BAR")
    fields = [
        (35, "Y"),
        (34, "3"),
        (49, "KRAKEN-MD"),
        (56, "CLIENT"),
        (52, "20260407-14:32:01.000"),
        *reject_message(rejected).fields[1:],
    ]
    expected = (
        "8=FIX.4.4|9=102|35=Y|34=3|49=KRAKEN-MD|56=CLIENT|52=20260407-14:32:01.000|"
        "262=MDSUB1|281=0|58=Unknown symbol: FOO/BAR|10=115|"
    )
    assert encode(Message(fields)) == expected.replace("|", SOH).encode()


# --- rendering ----------------------------------------------------------------------------------

VECTOR_ASKS = [
    (280130, 96506),
    *((price, 100_000) for price in (280398, 280665, 280933, 281200, 281467, 281735, 282002)),
    (282270, 100_000),
    (282537, 100_000),
]
VECTOR_BIDS = [
    (280030, 100_000),
    (279999, 96375),
    (279699, 73860423),
    (277001, 350_000),
    (275732, 320_000),
    (271374, 1_000_000),
    (270913, 400_000),
    (267294, 100_000),
    (267026, 100_000),
    (266759, 100_000),
]


def test_the_golden_incremental_refresh_byte_for_byte() -> None:
    """spec/fix.md §16's 35=X, rebuilt from its book (the §8.5 vector) and one level change."""
    checksum = book_checksum(VECTOR_ASKS, VECTOR_BIDS)
    assert checksum == 3341325816
    update = BookUpdate(UpdateAction.CHANGE, Level(Side.SELL, 280130, 96506, AT_0955))
    message = incremental_message("0", "BTC/USD", BTC_USD, (), [update], checksum)
    expected = (
        "8=FIX.4.4|9=167|35=X|34=12|49=KRAKEN-MD|52=20231012-09:55:14.934|56=CLIENT|55=BTC/USD|"
        "262=0|268=1|279=1|269=1|278=O28013.0|270=28013.0|271=0.00096506|273=09:55:15.071|"
        "5041=3341325816|10=090|"
    )
    assert framed(message) == expected.replace("|", SOH).encode()
    assert_valid(message)


def test_level2_snapshot_entries() -> None:
    entries = [
        Level(Side.BUY, 280030, 100_000, AT_0955),
        Level(Side.SELL, 280130, 96506, AT_0955 + 5_000_000),
    ]
    message = snapshot_message("1", "BTC/USD", BTC_USD, entries)
    assert body(message) == (
        "262=1|55=BTC/USD|268=2|"
        "269=0|278=B28003.0|270=28003.0|271=0.00100000|273=09:55:15.071|"
        "269=1|278=O28013.0|270=28013.0|271=0.00096506|273=09:55:15.076"
    )
    assert_valid(message)


def test_an_empty_snapshot_is_valid() -> None:
    message = snapshot_message("1", "BTC/USD", BTC_USD, [])
    assert body(message) == "262=1|55=BTC/USD|268=0"
    assert_valid(message)


def test_level3_entries_carry_the_order_id_and_nanosecond_times() -> None:
    order = Order("OABCDE-FGHIJ-KLMNOP", Side.SELL, 280130, 50_000_000, AT_0955 + 123, AT_0955)
    snapshot = snapshot_message("L3", "BTC/USD", BTC_USD, [order])
    assert body(snapshot) == (
        "262=L3|55=BTC/USD|268=1|269=1|278=OABCDE-FGHIJ-KLMNOP|270=28013.0|271=0.50000000|"
        "273=09:55:15.071|5060=2023-10-12T09:55:15.071000123Z|5273=2023-10-12T09:55:15.071000000Z"
    )
    assert_valid(snapshot)
    gone = BookUpdate(
        UpdateAction.DELETE, Order(order.order_id, Side.SELL, 280130, 0, AT_0955, AT_0955)
    )
    increment = incremental_message("L3", "BTC/USD", BTC_USD, (), [gone], 42)
    assert body(increment) == (
        "55=BTC/USD|262=L3|268=1|279=2|269=1|278=OABCDE-FGHIJ-KLMNOP|270=28013.0|"
        "271=0.00000000|273=09:55:15.071|5060=2023-10-12T09:55:15.071000000Z|"
        "5273=2023-10-12T09:55:15.071000000Z|5041=42"
    )
    assert_valid(increment)


def test_trades_come_first_with_order_type_and_aggressor_side() -> None:
    trades = [
        PublicTrade(17, 280130, 1_000, Side.BUY, True, AT_0955),
        PublicTrade(18, 280030, 2_000, Side.SELL, False, AT_0955),
    ]
    level = BookUpdate(UpdateAction.DELETE, Level(Side.SELL, 280130, 0, AT_0955))
    message = incremental_message("1", "XBT/USD", BTC_USD, trades, [level], 7)
    assert body(message) == (
        "55=XBT/USD|262=1|268=3|"
        "279=0|269=2|278=17|270=28013.0|271=0.00001000|273=09:55:15.071|40=1|2446=1|"
        "279=0|269=2|278=18|270=28003.0|271=0.00002000|273=09:55:15.071|40=2|2446=2|"
        "279=2|269=1|278=O28013.0|270=28013.0|271=0.00000000|273=09:55:15.071|5041=7"
    )
    assert_valid(message)
    trades_only = incremental_message("1", "XBT/USD", BTC_USD, trades[:1], [], None)
    assert "5041" not in body(trades_only)
    assert_valid(trades_only)


def test_prices_follow_the_instruments_decimals() -> None:
    doge = CATALOGUE.instrument("XDGUSD")
    message = snapshot_message(
        "1", "DOGE/USD", doge, [Level(Side.BUY, 1_234_567, 5_000_000_000, 0)]
    )
    assert "278=B0.1234567|270=0.1234567|271=50.00000000|273=00:00:00.000" in body(message)


def test_time_formats() -> None:
    assert time_of_day(AT_0955 + 999_999) == "09:55:15.071"
    assert time_of_day(0) == "00:00:00.000"
    assert iso_nanoseconds(1_770_114_274_650_069_468) == "2026-02-03T10:24:34.650069468Z"
