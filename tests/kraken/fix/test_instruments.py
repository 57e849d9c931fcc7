"""InstrumentListRequest (35=x) → InstrumentList (35=y) and TradingSessionStatusRequest (35=g)
→ TradingSessionStatus (35=h): reading, every result and reject reason, rendering."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.instruments import MarketStatus
from krakenbox.fix import dictionary
from krakenbox.fix.codec import Parser, encode
from krakenbox.fix.message import Message
from krakenbox.fix.validation import validate
from krakenbox.kraken.fix.instruments import (
    ASSET_PAIR_STATUS,
    InstrumentListRejected,
    InstrumentListRequest,
    SessionStatusRejected,
    SessionStatusRequest,
    instrument_list_message,
    instrument_list_reject_message,
    read_instrument_list_request,
    read_session_status_request,
    session_status_message,
    session_status_reject_message,
)
from krakenbox.kraken.symbols import SymbolTranslator

CATALOGUE = load_spot_catalogue()
TRANSLATOR = SymbolTranslator(CATALOGUE)
BTC_USD = CATALOGUE.instrument("XXBTZUSD")
SOH = "\x01"


def client(msg_type: str, body: str, *, check: bool = True) -> Message:
    text = f"35={msg_type}|34=3|49=CLIENT|52=20231012-09:54:15.316|56=KRAKEN-MD|{body}"
    parser = Parser()
    parser.feed(encode(Message((int(t), v) for t, v in (f.split("=", 1) for f in text.split("|")))))
    message = parser.next()
    assert isinstance(message, Message)
    assert not check or validate(message, dictionary.load("kraken")) is None
    return message


def body(message: Message) -> str:
    return "|".join(f"{tag}={value}" for tag, value in message.fields[1:])


def ours(message: Message, seq: int = 3, sent: str = "20231012-09:54:15.317") -> bytes:
    fields = [(35, message.msg_type), (49, "KRAKEN-MD"), (56, "CLIENT"), (34, str(seq)), (52, sent)]
    return encode(Message(fields + message.fields[1:]))


def assert_valid(message: Message) -> None:
    parser = Parser()
    parser.feed(ours(message))
    parsed = parser.next()
    assert isinstance(parsed, Message)
    assert validate(parsed, dictionary.load("kraken")) is None


# --- InstrumentList -----------------------------------------------------------------------------


def test_krakens_example_request_and_reply_byte_for_byte() -> None:
    """spec/fix.md §9 / §16: the 35=x example and the checksum-valid 35=y answer."""
    request = read_instrument_list_request(
        client("x", "55=BTC/USD|320=SLS1000002|559=0"), TRANSLATOR
    )
    assert request == InstrumentListRequest("SLS1000002", "0", BTC_USD, "BTC/USD")
    assert isinstance(request, InstrumentListRequest)
    # Kraken's example pair has ordermin 0.0001 and no MinimumCost (5013); ours has both
    # fields from the catalogue, so compare with the catalogue values swapped in.
    row = (request.name_of(BTC_USD, TRANSLATOR), BTC_USD, MarketStatus.ONLINE)
    message = instrument_list_message(request.request_id, "1697104455317568799", [row])
    assert body(message) == (
        "320=SLS1000002|322=1697104455317568799|560=0|146=1|55=BTC/USD|562=0.00000001|5010=8|"
        "5011=0.00005|5013=0.5|2349=1|5022=0.1|5032=1"
    )
    example_pair = dataclasses.replace(BTC_USD, minimum_quantity=Decimal("0.0001"))
    example = instrument_list_message(
        "SLS1000002", "1697104455317568799", [("BTC/USD", example_pair, MarketStatus.ONLINE)]
    )
    example.remove(5013)
    expected = (
        "8=FIX.4.4|9=177|35=y|49=KRAKEN-MD|56=CLIENT|34=3|52=20231012-09:54:15.317|"
        "320=SLS1000002|322=1697104455317568799|560=0|146=1|55=BTC/USD|562=0.00000001|5010=8|"
        "5011=0.0001|2349=1|5022=0.1|5032=1|10=068|"
    )
    assert ours(example) == expected.replace("|", SOH).encode()
    assert_valid(message)


def test_all_and_by_security_type_cover_every_spot_pair() -> None:
    for request_body in ("320=A|559=4", "320=A|559=1|167=CASH", "320=A|559=4|263=1"):
        request = read_instrument_list_request(client("x", request_body), TRANSLATOR)
        assert isinstance(request, InstrumentListRequest)
        assert request.only is None
        assert all(request.covers(instrument) for instrument in CATALOGUE)
    rows = [(TRANSLATOR.fix_symbol(i), i, i.status) for i in CATALOGUE]
    message = instrument_list_message("A", "9", rows)
    assert message.get_all(55) == [
        "XBT/USD",
        "XBT/EUR",
        "ETH/USD",
        "ETH/XBT",
        "SOL/USD",
        "XDG/USD",
        "USDT/USD",
    ]
    assert message.get_all(5022)[5] == "0.0000001"
    assert_valid(message)


def test_a_one_pair_request_covers_only_that_pair() -> None:
    request = read_instrument_list_request(client("x", "320=B|559=0|55=XBT/USD|263=1"), TRANSLATOR)
    assert isinstance(request, InstrumentListRequest)
    assert request.subscription == "1"
    assert [i.key for i in CATALOGUE if request.covers(i)] == ["XXBTZUSD"]


def test_unsubscribe() -> None:
    request = read_instrument_list_request(client("x", "320=B|559=4|263=2"), TRANSLATOR)
    assert request == InstrumentListRequest("B", "2")


@pytest.mark.parametrize(
    ("request_body", "expected"),
    [
        ("320=Q|559=0|55=FOO/BAR", InstrumentListRejected("Q", 2, "Unknown symbol: FOO/BAR")),
        ("320=Q|559=0", InstrumentListRejected("Q", 1, "Missing Symbol (55)")),
        (
            "320=Q|559=1|167=FUT",
            InstrumentListRejected("Q", 2, "No instruments of SecurityType FUT"),
        ),
        ("320=Q|559=1|167=CS", InstrumentListRejected("Q", 1, "Unsupported SecurityType: CS")),
        ("320=Q|559=1", InstrumentListRejected("Q", 1, "Unsupported SecurityType: (missing)")),
        ("320=Q|559=2", InstrumentListRejected("Q", 1, "Unsupported InstrumentListRequestType: 2")),
        (
            "320=Q|559=4|263=9",
            InstrumentListRejected("Q", 1, "Unsupported SubscriptionRequestType: 9"),
        ),
    ],
)
def test_refusals(request_body: str, expected: InstrumentListRejected) -> None:
    checked = "263=9" not in request_body  # the session's validation refuses 263=9 first
    result = read_instrument_list_request(client("x", request_body, check=checked), TRANSLATOR)
    assert result == expected
    message = instrument_list_reject_message(expected, "5")
    assert body(message) == f"320=Q|322=5|560={expected.result}|58={expected.text}"
    assert_valid(message)


def test_every_market_status_has_an_asset_pair_status() -> None:
    assert set(ASSET_PAIR_STATUS) == set(MarketStatus)
    assert ASSET_PAIR_STATUS[MarketStatus.CANCEL_ONLY] == 3
    assert ASSET_PAIR_STATUS[MarketStatus.REDUCE_ONLY] == 7


def test_maximum_quantity_is_sent_when_the_pair_has_one() -> None:
    capped = dataclasses.replace(BTC_USD, maximum_quantity=Decimal("100"))
    message = instrument_list_message("A", "1", [("BTC/USD", capped, MarketStatus.DELISTED)])
    assert "5011=0.00005|5012=100|5013=0.5" in body(message)
    assert message.get(5032) == "6"
    assert_valid(message)


# --- TradingSessionStatus -------------------------------------------------------------------------


def test_krakens_session_status_example_byte_for_byte() -> None:
    request = read_session_status_request(client("g", "335=TSSREQ1|336=SESSION|263=0"), active=())
    assert request == SessionStatusRequest("TSSREQ1", "SESSION", False)
    message = session_status_message("TSSREQ1", "SESSION", MarketStatus.ONLINE)
    fields = [
        (35, "h"),
        (34, "3"),
        (49, "KRAKEN-MD"),
        (56, "CLIENT"),
        (52, "20260407-14:32:01.000"),
    ]
    expected = (
        "8=FIX.4.4|9=88|35=h|34=3|49=KRAKEN-MD|56=CLIENT|52=20260407-14:32:01.000|"
        "335=TSSREQ1|336=SESSION|340=2|10=048|"
    )
    assert encode(Message(fields + message.fields[1:])) == expected.replace("|", SOH).encode()


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (MarketStatus.ONLINE, "2"),
        (MarketStatus.MAINTENANCE, "1"),
        (MarketStatus.CANCEL_ONLY, "101"),
        (MarketStatus.POST_ONLY, "102"),
        (MarketStatus.LIMIT_ONLY, "2"),
        (MarketStatus.DELISTED, "0"),
    ],
)
def test_trading_session_status_codes(status: MarketStatus, code: str) -> None:
    message = session_status_message("R", "SESSION", status)
    assert message.get(340) == code
    assert_valid(message)


@pytest.mark.parametrize(
    ("request_body", "active", "reason", "text"),
    [
        ("335=R|336=OTHER|263=0", (), 1, "Unknown TradingSessionID: OTHER"),
        ("335= |336=SESSION|263=0", (), 100, "Invalid TradSesReqID"),
        ("335=R|336=SESSION|263=2", (), 101, "Unsupported SubscriptionRequestType: 2"),
        ("335=R|336=SESSION|263=1", ("R",), 102, "Duplicate TradSesReqID"),
        ("335=S|336=SESSION|263=1", ("R",), 103, "Already subscribed"),
    ],
)
def test_session_status_refusals(
    request_body: str, active: tuple[str, ...], reason: int, text: str
) -> None:
    result = read_session_status_request(client("g", request_body), active=active)
    assert isinstance(result, SessionStatusRejected)
    assert (result.reason, result.text) == (reason, text)
    message = session_status_reject_message(result)
    assert body(message) == (
        f"335={result.request_id}|336={result.session_id}|340=6|567={reason}|58={text}"
    )
    assert_valid(message)


def test_a_snapshot_while_subscribed_is_fine() -> None:
    result = read_session_status_request(client("g", "335=S|336=SESSION|263=0"), active=("R",))
    assert result == SessionStatusRequest("S", "SESSION", False)
