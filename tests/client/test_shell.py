"""The fix-shell prompt: its grammar, completion, and commands against the in-memory venue."""

from __future__ import annotations

import asyncio
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from krakenbox.client import CredentialsFile, Endpoint
from krakenbox.client.commands import CommandError, parse_amend, parse_order
from krakenbox.client.shell import FixShell
from krakenbox.fix.tags import MsgType, Tag

from .support import trading_pair


def test_order_grammar() -> None:
    order = parse_order("buy", ["0.01", "xbt/usd", "limit", "50000"])
    assert (order.side, order.quantity, order.symbol, order.order_type, order.price) == (
        "buy",
        Decimal("0.01"),
        "XBT/USD",
        "limit",
        Decimal("50000"),
    )
    assert parse_order("buy", ["1", "XBT/USD", "50000"]).order_type == "limit"
    market = parse_order("sell", ["2", "ETH/USD", "market", "ioc"])
    assert (market.order_type, market.price, market.time_in_force) == ("market", None, "ioc")
    stop = parse_order(
        "sell", ["1", "XBT/USD", "stop-loss-limit", "40500", "40000", "post-only", "id=42"]
    )
    assert (stop.stop_price, stop.price, stop.instructions, stop.client_order_id) == (
        Decimal("40500"),
        Decimal("40000"),
        ("post-only",),
        "42",
    )
    trigger = parse_order("buy", ["1", "XBT/USD", "take-profit", "60000"])
    assert (trigger.stop_price, trigger.price) == (Decimal("60000"), None)


@pytest.mark.parametrize(
    "words",
    [
        ["0.01", "XBT/USD"],
        ["x", "XBT/USD", "1"],
        ["1", "XBT/USD", "stop-loss-limit", "1"],
        ["1", "XBT/USD", "1", "bogus"],
        ["-1", "XBT/USD", "1"],
    ],
)
def test_bad_orders_say_what_is_wrong(words: list[str]) -> None:
    with pytest.raises(CommandError):
        parse_order("buy", words)


def test_amend_grammar() -> None:
    amend = parse_amend(["#1", "0.02", "49500", "stop=49000"])
    assert (amend.reference, amend.quantity, amend.price, amend.stop_price) == (
        "#1",
        Decimal("0.02"),
        Decimal("49500"),
        Decimal("49000"),
    )


def shell_with_venue() -> tuple[FixShell, io.StringIO, object]:
    pair = trading_pair()
    output = io.StringIO()
    shell = FixShell(pair.client, asyncio.run, stdout=output)
    return shell, output, pair


def test_commands_place_amend_status_cancel_and_list_orders() -> None:
    shell, output, pair = shell_with_venue()
    for line in (
        "buy 0.01 XBT/USD limit 50000",
        "sell 1 ETH/USD 3000 post-only",
        "amend #1 0.02 49500",
        "status #1",
        "cancel #1",
        "orders",
        "reports #1",
        "buy lots XBT/USD 1",
        "frobnicate",
    ):
        assert shell.onecmd(line) is False
    text = output.getvalue()
    assert "#1 new" in text and "#2 new" in text
    assert "replaced" in text and "order-status" in text and "canceled" in text
    assert "#1 XBT/USD buy 0.02 @ 49500 [canceled]" in text
    assert "#2 ETH/USD sell 1 @ 3000 [new]" in text
    assert "error: quantity must be a number" in text
    assert "unknown command 'frobnicate'" in text
    assert shell.onecmd("quit") is True
    orders = [f for f in pair.link.client_frames if f.msg_type == MsgType.NewOrderSingle]
    assert orders[1][Tag.ExecInst] == "P"


def test_a_rejected_order_is_reported_not_raised() -> None:
    shell, output, pair = shell_with_venue()
    pair.venue.script = ["business-reject"]
    shell.onecmd("buy 1 XBT/USD 100")
    assert "error: OrderRejected: EOrder:Insufficient funds" in output.getvalue()


def test_tab_completion() -> None:
    shell, _, _ = shell_with_venue()
    assert shell.completenames("ca") == ["cancel", "cancel-all"]
    assert "XBT/USD" in shell.complete_buy("XB", "buy 0.01 XB", 9, 11)
    assert shell.complete_buy("stop", "buy 0.01 XBT/USD stop", 17, 21) == [
        "stop-loss",
        "stop-loss-limit",
    ]
    assert shell.complete_buy("p", "buy 0.01 XBT/USD limit 1 p", 25, 26) == ["post-only"]
    shell.onecmd("buy 0.01 XBT/USD 50000")
    assert shell.complete_cancel("#", "cancel #", 7, 8) == ["#1"]
    assert shell.complete_cancel("O0", "cancel O0", 7, 9) == ["O00001-AAAAA-BBBBBB"]


def test_the_credentials_file_the_venue_writes(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("")
    content = {
        "accounts": [
            {"name": "alice", "spot": {"api_key": "k", "api_secret": "s"}},
            {
                "name": "bob",
                "spot": {"api_key": "k", "api_secret": "s"},
                "fix": {"sender_comp_id": "BOB", "api_key": "FK", "api_secret": "RlM="},
            },
        ],
        "endpoints": {
            "spot_rest": "http://127.0.0.1:8080",
            "fix_spot_trading": "tls://127.0.0.1:4001",
            "fix_spot_md_l2": "tcp://127.0.0.1:4000",
            "fix_spot_md_l3": None,
        },
        "tls": {"ca_file": str(tmp_path / "ca.pem")},
    }
    (tmp_path / "credentials.json").write_text(json.dumps(content))
    credentials = CredentialsFile.load(tmp_path / "credentials.json")
    account = credentials.account()
    assert account.name == "bob" and account.fix is not None and account.fix.sender_comp_id == "BOB"
    assert credentials.endpoint(CredentialsFile.TRADING) == Endpoint("127.0.0.1", 4001, tls=True)
    assert credentials.endpoint(CredentialsFile.MARKET_DATA_L2) == Endpoint(
        "127.0.0.1", 4000, tls=False
    )
    with pytest.raises(KeyError):
        credentials.endpoint(CredentialsFile.MARKET_DATA_L3)
    assert credentials.ca_file == tmp_path / "ca.pem"
    assert str(Endpoint.parse("tls://[::1]:4001")) == "tls://[::1]:4001"
    with pytest.raises(ValueError):
        Endpoint.parse("http://127.0.0.1:80")


def test_book_subscribes_and_prints_the_verified_levels() -> None:
    from .support import market_data_pair
    from .test_market_data import VECTOR

    shell, output, _ = shell_with_venue()
    market = market_data_pair()
    market.venue.snapshot = VECTOR
    shell.market_data_factory = lambda: market.client
    shell.onecmd("book btc/usd 2")
    lines = output.getvalue().splitlines()
    assert lines[0] == "BTC/USD: 0 checksum(s) verified"
    assert [line.split() for line in lines[1:]] == [
        ["28039.8", "0.00100000", "ask"],
        ["28013.0", "0.00096506", "ask"],
        ["bid", "28003.0", "0.00100000"],
        ["bid", "27999.9", "0.00096375"],
    ]
    assert market.venue.received[-1][Tag.MarketDepth] == "0"
