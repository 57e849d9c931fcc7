"""The event log: a line per refusal, trade and rule-made cancel, with ids as fields."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from krakenbox.domain.account_commands import Deposit
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.commands import SubmitOrder
from krakenbox.domain.orders import OrderType, SelfTradePrevention, Side
from krakenbox.gateways.event_log import EventLog
from krakenbox.venue.spot import SpotVenue

NOW = 1_795_300_000 * 10**9


def limit(account: str, side: Side, quantity: int, price: int) -> SubmitOrder:
    return SubmitOrder(
        account=account,
        side=side,
        order_type=OrderType.LIMIT,
        quantity=quantity,
        price=price,
        timestamp=NOW,
        self_trade_prevention=SelfTradePrevention.CANCEL_NEWEST,
    )


def test_lines_with_their_ids(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    venue = SpotVenue(load_spot_catalogue(), tmp_path / "j.sqlite")
    venue.listen(EventLog(venue.catalogue, quiet_accounts=frozenset({"quiet", "hush"})))
    caplog.set_level(logging.INFO, logger="krakenbox.venue")
    for account in ("alice", "bob"):
        venue.submit(Deposit(account=account, asset="ZUSD", amount=10**10, timestamp=NOW))
        venue.submit(Deposit(account=account, asset="XXBT", amount=10**11, timestamp=NOW))
    venue.submit(limit("alice", Side.SELL, 10**7, 600_000), "XXBTZUSD")
    venue.submit(limit("bob", Side.BUY, 10**7, 600_000), "XXBTZUSD")  # trades
    venue.submit(limit("alice", Side.SELL, 10**7, 610_000), "XXBTZUSD")
    venue.submit(limit("alice", Side.BUY, 10**7, 610_000), "XXBTZUSD")  # self trade: canceled
    venue.submit(limit("bob", Side.BUY, 10**12, 600_000), "XXBTZUSD")  # insufficient funds
    venue.submit(Deposit(account="quiet", asset="ZUSD", amount=10**10, timestamp=NOW))
    venue.submit(limit("quiet", Side.BUY, 10**7, 610_000), "XXBTZUSD")  # with alice: INFO
    venue.flush()
    records = {
        record.getMessage().split(":")[0].split(" T")[0]: record for record in caplog.records
    }
    deposits = [r.getMessage() for r in caplog.records if r.getMessage().startswith("deposit")]
    assert deposits == ["deposit of 1000000.0000 USD", "deposit of 10.0000000000 XBT"] * 2
    trades = [record for record in caplog.records if record.getMessage().startswith("trade")]
    assert [trade.getMessage().split(": ")[1] for trade in trades] == [
        "XBT/USD 0.10000000 at 60000.0",
        "XBT/USD 0.10000000 at 61000.0",
    ]
    trade = trades[0]
    assert (trade.taker, trade.maker, trade.pair) == ("bob", "alice", "XXBTZUSD")  # type: ignore[attr-defined]
    assert trades[1].taker == "quiet"  # type: ignore[attr-defined]
    caplog.clear()  # quiet accounts among themselves: DEBUG
    caplog.set_level(logging.DEBUG, logger="krakenbox.venue")
    venue.submit(Deposit(account="hush", asset="XXBT", amount=10**11, timestamp=NOW))
    venue.submit(limit("quiet", Side.BUY, 10**7, 580_000), "XXBTZUSD")
    venue.submit(limit("hush", Side.SELL, 10**7, 580_000), "XXBTZUSD")
    venue.flush()
    lines = [(r.levelno, r.getMessage().split(":")[0][:5]) for r in caplog.records]
    assert (logging.DEBUG, "depos") in lines and (logging.DEBUG, "trade") in lines
    assert all(level == logging.DEBUG for level, _ in lines)
    canceled = records["order canceled"]
    assert canceled.getMessage() == "order canceled: self trade"
    assert canceled.account == "alice"  # type: ignore[attr-defined]
    refused = records["order refused"]
    assert refused.getMessage() == "order refused: insufficient funds"
    assert refused.account == "bob"  # type: ignore[attr-defined]
    venue.close()
