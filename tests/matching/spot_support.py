"""A SpotEngine over the packaged catalogue with short ways to fund accounts and send orders.

XBT/USD units: prices in 0.1 USD, quantities in lots of 1e-8 BTC; balances in ledger units
(ZUSD 1e-4, XXBT 1e-10)."""

from __future__ import annotations

from typing import Any

from krakenbox.domain.account_commands import Deposit
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.commands import SubmitOrder
from krakenbox.domain.events import OrderAccepted
from krakenbox.domain.orders import OrderType, Side
from krakenbox.matching.spot_engine import SpotEngine

XBTUSD = "XXBTZUSD"
BUY, SELL = Side.BUY, Side.SELL
USD = 10_000
"""One US dollar in ZUSD ledger units."""
BTC = 10**10
"""One bitcoin in XXBT ledger units."""
LOT = 10**8
"""One bitcoin in lots."""


def dollars(amount: float | int) -> int:
    return round(amount * USD)


def price(amount: int) -> int:
    """A whole-dollar XBT/USD price in price units (0.1)."""
    return amount * 10


class Spot:
    def __init__(self, seed: int = 7) -> None:
        self.engine = SpotEngine(load_spot_catalogue(), seed=seed)
        self.now = 1_700_000_000 * 10**9

    def tick(self) -> int:
        self.now += 1_000_000
        return self.now

    def deposit(self, account: str, asset: str, amount: int) -> None:
        self.engine.handle(
            Deposit(account=account, asset=asset, amount=amount, timestamp=self.tick())
        )

    def order(
        self, account: str, side: Side, quantity: int, limit: int | None = None, **options: Any
    ) -> list[Any]:
        order_type = options.pop("order_type", OrderType.LIMIT if limit else OrderType.MARKET)
        pair = options.pop("pair", XBTUSD)
        command = SubmitOrder(
            account=account,
            side=side,
            order_type=order_type,
            quantity=quantity,
            price=limit,
            timestamp=options.pop("timestamp", None) or self.tick(),
            **options,
        )
        return self.engine.handle(command, pair=pair)

    def send(self, command: Any, pair: str | None = XBTUSD) -> list[Any]:
        return self.engine.handle(command, pair=pair)

    def account(self, account: str) -> Any:
        return self.engine.accounts.get(account)


def accepted_id(events: list[Any]) -> str:
    return next(event.order_id for event in events if isinstance(event, OrderAccepted))
