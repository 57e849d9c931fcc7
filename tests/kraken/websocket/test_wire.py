"""The pure side of WebSocket v2: exact numbers, timestamps, envelopes, subscriptions, and the
digest's worked checksum examples rendered through the message builders."""

from __future__ import annotations

import json
import zlib
from decimal import Decimal

import pytest

from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.kraken.checksums import book_checksum, orders_checksum
from krakenbox.kraken.symbols import SymbolTranslator
from krakenbox.kraken.websocket.envelope import Refused, Request, ack, read_request
from krakenbox.kraken.websocket.market import book_message
from krakenbox.kraken.websocket.subscriptions import read_subscription
from krakenbox.kraken.websocket.wire import (
    Number,
    encode,
    parse_timestamp,
    timestamp,
    timestamp_nanos,
    units,
)

CATALOGUE = load_spot_catalogue()
TRANSLATOR = SymbolTranslator(CATALOGUE)
BTC_USD = TRANSLATOR.websocket_pair("BTC/USD")


def test_numbers_keep_their_decimals() -> None:
    assert encode({"qty": units(100_000, 8), "price": units(500_005, 1)}) == (
        '{"qty":0.00100000,"price":50000.5}'
    )
    assert encode([Decimal("1E-8"), Number("0.0"), 5, True, None, "é"]) == (
        '[0.00000001,0.0,5,true,null,"é"]'
    )
    with pytest.raises(TypeError):
        encode({"float": 0.1})


def test_timestamps() -> None:
    moment = 1_695_627_377_708_706_123
    assert timestamp(moment) == "2023-09-25T07:36:17.708706Z"
    assert timestamp_nanos(moment) == "2023-09-25T07:36:17.708706123Z"
    assert parse_timestamp("2023-09-25T07:36:17.708706Z") == moment - 123
    assert parse_timestamp("2023-09-25T09:36:17.708706+02:00") == moment - 123


def test_book_checksum_examples_of_the_digest() -> None:
    asks = [(500_005, 25_000_000), (500_010, 150_000_000), (500_102, 12_000)]
    bids = [(499_999, 200_000_000), (499_980, 3_050_000), (499_901, 1_000_000_000)]
    checksum = book_checksum(asks, bids)
    assert checksum == 1614198800
    message = book_message("snapshot", "BTC/USD", BTC_USD, bids, asks, checksum, 0)
    text = encode(message)
    data = json.loads(text, parse_float=str)["data"][0]
    tokens = "".join(
        (level["price"].replace(".", "").lstrip("0") + level["qty"].replace(".", "").lstrip("0"))
        for level in data["asks"] + data["bids"]
    )
    assert zlib.crc32(tokens.encode()) == 1614198800
    after = [(500_008, 75_000_000), (500_010, 150_000_000), (500_102, 12_000)]
    assert book_checksum(after, [(499_999, 125_000_000), *bids[1:]]) == 1788297766


def test_level3_checksum_example_of_the_digest() -> None:
    asks = [(500_005, [10_000_000, 20_000_000]), (500_010, [100_000_000])]
    bids = [(499_999, [50_000_000, 5_000_000])]
    assert orders_checksum(asks, bids) == 2843341506


def test_envelopes() -> None:
    assert read_request('{"method":"ping","req_id":1}') == Request("ping", {}, 1)
    request = read_request('{"method":"add_order","params":{"order_qty":0.1}}')
    assert isinstance(request, Request) and request.params["order_qty"] == Decimal("0.1")
    for text in ("", "{", "null", '{"method":1}', '{"method":"x","params":3}', '{"x":Infinity}'):
        assert isinstance(read_request(text), Refused), text
    reply = ack("subscribe", 5, 0, 1_000, error="Already subscribed", extra={"symbol": "BTC/USD"})
    assert list(reply) == [
        "error", "method", "req_id", "success", "symbol", "time_in", "time_out"
    ]  # fmt: skip


def test_subscription_results_are_valid_parameters() -> None:
    wanted = read_subscription({"channel": "book", "symbol": ["BTC/USD", "XBT/USD"]}, TRANSLATOR)
    book, refused = wanted.symbols
    assert isinstance(refused, Refused) and refused.error == "Currency pair not supported XBT/USD"
    assert not isinstance(book, Refused)
    result = book.result()
    assert result == {"channel": "book", "depth": 10, "snapshot": True, "symbol": "BTC/USD"}
    replayed = read_subscription({**result, "symbol": [result["symbol"]]}, TRANSLATOR)
    assert replayed.symbols == (book,)
    executions = read_subscription({"channel": "executions", "token": "t"}, TRANSLATOR)
    assert executions.options is not None
    echoed = executions.options.result(maximum_rate_count=125)
    del echoed["maxratecount"]
    again = read_subscription({**echoed, "token": "t"}, TRANSLATOR)
    assert again.options == executions.options
