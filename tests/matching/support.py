"""A Spot book with readable ids (O1, O2, ... and T1, T2, ...) and short ways to send commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from krakenbox.domain.commands import (
    AdvanceTime,
    AmendOrder,
    CancelOrder,
    Command,
    SubmitOrder,
)
from krakenbox.domain.events import Event, OrderAccepted, TradeExecuted
from krakenbox.domain.orders import OrderType, Side
from krakenbox.matching.engine import SpotBook
from krakenbox.matching.rules import BookRules

BUY, SELL = Side.BUY, Side.SELL


class Counter:
    """Ids ``<prefix>1``, ``<prefix>2``, ..."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.count = 0

    def next_id(self) -> str:
        self.count += 1
        return f"{self.prefix}{self.count}"


@dataclass
class Venue:
    """One book plus a clock that moves one tick per command unless told otherwise."""

    rules: BookRules = field(default_factory=BookRules)
    market_data: bool = True
    engine: SpotBook = field(init=False)
    now: int = 0
    log: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.engine = SpotBook(
            self.rules,
            order_ids=Counter("O"),
            execution_ids=Counter("T"),
            market_data=self.market_data,
        )

    def tick(self) -> int:
        self.now += 1
        return self.now

    def send(self, command: Command) -> list[Event]:
        events = self.engine.handle(command)
        self.log.extend(events)
        return events

    def submit(
        self, account: str, side: Side, order_type: OrderType, quantity: int, **fields: Any
    ) -> list[Event]:
        fields.setdefault("timestamp", self.tick())
        return self.send(
            SubmitOrder(
                account=account, side=side, order_type=order_type, quantity=quantity, **fields
            )
        )

    def limit(
        self, account: str, side: Side, quantity: int, price: int, **fields: Any
    ) -> list[Event]:
        return self.submit(account, side, OrderType.LIMIT, quantity, price=price, **fields)

    def market(self, account: str, side: Side, quantity: int, **fields: Any) -> list[Event]:
        return self.submit(account, side, OrderType.MARKET, quantity, **fields)

    def cancel(self, account: str, order_id: str, **fields: Any) -> list[Event]:
        fields.setdefault("timestamp", self.tick())
        return self.send(CancelOrder(account=account, order_id=order_id, **fields))

    def amend(self, account: str, order_id: str, **fields: Any) -> list[Event]:
        fields.setdefault("timestamp", self.tick())
        return self.send(AmendOrder(account=account, order_id=order_id, **fields))

    def advance(self, timestamp: int) -> list[Event]:
        self.now = timestamp
        return self.send(AdvanceTime(timestamp=timestamp))

    def bids(self) -> list[tuple[int, int]]:
        return self.engine.depth(BUY)

    def asks(self) -> list[tuple[int, int]]:
        return self.engine.depth(SELL)

    def queue(self, side: Side, price: int) -> list[str]:
        """Order ids at one level, in queue order."""
        for level_price, orders in self.engine.orders_by_level(side):
            if level_price == price:
                return [order.order_id for order in orders]
        return []


def kinds(events: list[Event]) -> list[str]:
    return [type(event).__name__ for event in events]


def accepted_id(events: list[Event]) -> str:
    for event in events:
        if isinstance(event, OrderAccepted):
            return event.order_id
    raise AssertionError(f"no OrderAccepted in {kinds(events)}")


def trades(events: list[Event]) -> list[tuple[int, int, str, str]]:
    """``(price, quantity, maker, taker)`` of each trade."""
    return [
        (event.price, event.quantity, event.maker_order_id, event.taker_order_id)
        for event in events
        if isinstance(event, TradeExecuted)
    ]


def of_type(events: list[Event], kind: type[Any]) -> list[Any]:
    return [event for event in events if isinstance(event, kind)]
