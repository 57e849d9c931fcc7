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
    venue.listen(EventLog())
    caplog.set_level(logging.INFO, logger="krakenbox.venue")
    for account in ("alice", "bob"):
        venue.submit(Deposit(account=account, asset="ZUSD", amount=10**10, timestamp=NOW))
        venue.submit(Deposit(account=account, asset="XXBT", amount=10**11, timestamp=NOW))
    venue.submit(limit("alice", Side.SELL, 10**7, 600_000), "XXBTZUSD")
    venue.submit(limit("bob", Side.BUY, 10**7, 600_000), "XXBTZUSD")  # trades
    venue.submit(limit("alice", Side.SELL, 10**7, 610_000), "XXBTZUSD")
    venue.submit(limit("alice", Side.BUY, 10**7, 610_000), "XXBTZUSD")  # self trade: canceled
    venue.submit(limit("bob", Side.BUY, 10**12, 600_000), "XXBTZUSD")  # insufficient funds
    venue.flush()
    records = {
        record.getMessage().split(":")[0].split(" T")[0]: record for record in caplog.records
    }
    deposits = [r.account for r in caplog.records if r.getMessage().startswith("deposit")]  # type: ignore[attr-defined]
    assert deposits == ["alice", "alice", "bob", "bob"]
    trade = records["trade"]
    assert (trade.taker, trade.maker, trade.pair) == ("bob", "alice", "XXBTZUSD")  # type: ignore[attr-defined]
    canceled = records["order canceled"]
    assert canceled.getMessage() == "order canceled: self trade"
    assert canceled.account == "alice"  # type: ignore[attr-defined]
    refused = records["order refused"]
    assert refused.getMessage() == "order refused: insufficient funds"
    assert refused.account == "bob"  # type: ignore[attr-defined]
    venue.close()
