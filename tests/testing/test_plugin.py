"""The pytest plugin as a user's test suite uses it: fixtures that start a whole venue."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import ccxt
import pytest
from kraken.spot import Market, Trade, User

from krakenbox.cli.options import ServeOptions
from krakenbox.client import KrakenFixClient
from krakenbox.testing import RunningVenue


def fix_client(venue: RunningVenue, name: str) -> KrakenFixClient:
    """The FIX client of a demo account, for the venue's plain-TCP trading port."""
    fix = venue.account(name)["fix"]
    host, port = venue.urls["fix_spot_trading"].removeprefix("tcp://").split(":")
    return KrakenFixClient(
        host,
        int(port),
        fix["sender_comp_id"],
        fix["api_key"],
        fix["api_secret"],
        reset_on_logon=True,
    )


def test_the_venue_fixture_serves_rest_and_fix(krakenbox_venue: RunningVenue) -> None:
    urls = krakenbox_venue.urls
    assert Market(url=urls["spot_rest"]).get_system_status()["status"] == "online"
    alice = krakenbox_venue.account("alice")
    balance = User(alice["spot"]["api_key"], alice["spot"]["api_secret"], url=urls["spot_rest"])
    assert Decimal(balance.get_account_balance()["ZUSD"]) > 0

    async def place() -> str:
        async with fix_client(krakenbox_venue, "alice") as client:
            handle = await client.place_order(
                symbol="XBT/USD", side="buy", quantity=Decimal("0.1"), price=Decimal("40000")
            )
            return (await handle.acknowledged).order_id

    order_id = asyncio.run(place())
    assert list(balance.get_open_orders()["open"]) == [order_id]
    # ccxt with bob's key (python-kraken-sdk's nonces are above ccxt's: one key per client).
    bob = krakenbox_venue.account("bob")["spot"]
    kraken = ccxt.kraken(
        {
            "apiKey": bob["api_key"],
            "secret": bob["api_secret"],
            "urls": {"api": {"public": urls["spot_rest"], "private": urls["spot_rest"]}},
            "enableRateLimit": False,
        }
    )
    assert kraken.fetch_balance()["total"]["BTC"] == 100


def test_the_manual_clock_fixture_moves_time_on_demand(
    krakenbox_manual_venue: RunningVenue,
) -> None:
    venue = krakenbox_manual_venue
    bob = venue.account("bob")["spot"]
    rest = venue.urls["spot_rest"]
    now_s = venue.clock.now_ns() // 10**9
    trade = Trade(bob["api_key"], bob["api_secret"], url=rest)
    trade.create_order(
        ordertype="limit",
        side="buy",
        volume="0.1",
        pair="XBTUSD",
        price="40000",
        expiretm=str(now_s + 60),
    )
    user = User(bob["api_key"], bob["api_secret"], url=rest)
    assert len(user.get_open_orders()["open"]) == 1
    venue.advance(59)
    assert len(user.get_open_orders()["open"]) == 1
    venue.advance(1)
    assert user.get_open_orders()["open"] == {}
    [closed] = user.get_closed_orders()["closed"].values()
    assert closed["status"] == "expired"


def test_fix_symbols_can_be_written_the_modern_way(tmp_path: Path) -> None:
    options = ServeOptions.ephemeral(tmp_path / "venue", fix_symbols="modern")
    with RunningVenue(tmp_path / "venue", options=options) as venue:

        async def place() -> tuple[str, str]:
            async with fix_client(venue, "alice") as client:
                handle = await client.place_order(  # the legacy spelling is still accepted
                    symbol="XBT/USD", side="buy", quantity=Decimal("0.1"), price=Decimal("40000")
                )
                report = await handle.acknowledged
                return report.symbol, report.message[55]

        assert asyncio.run(place()) == ("BTC/USD", "BTC/USD")


def test_kraken_open_order_limit_per_tier_over_rest(krakenbox_venue: RunningVenue) -> None:
    bob = krakenbox_venue.account("bob")["spot"]
    trade = Trade(bob["api_key"], bob["api_secret"], url=krakenbox_venue.urls["spot_rest"])
    for step in range(80):  # Intermediate tier: 80 open orders per pair
        trade.create_order(
            ordertype="limit", side="buy", volume="0.001", pair="XBTUSD", price=str(10_000 + step)
        )
    with pytest.raises(Exception, match="EOrder:Orders limit exceeded"):
        trade.create_order(
            ordertype="limit", side="buy", volume="0.001", pair="XBTUSD", price="9000"
        )
