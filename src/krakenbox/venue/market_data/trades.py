"""Public trades: the record every protocol shows, and a bounded buffer of recent ones.

The trade id is the engine's ``trade_id`` (sequential per book, Kraken's public trade id).
``ord_type`` is the taker's order type as the trade feed shows it (market or limit): orders
accepted or triggered in the same command are known from their ``OrderAccepted`` /
``OrderTriggered``; any other taker is a resting order amended into the market, hence a limit
order. Kraken's ``misc`` is always empty here (it marks nothing this venue models).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from krakenbox.domain.events import OrderAccepted, OrderTriggered, TradeExecuted
from krakenbox.domain.orders import OrderType, Side

if TYPE_CHECKING:
    from collections.abc import Iterable

    from krakenbox.domain.events import Event

DEFAULT_TRADE_CAPACITY = 1000
"""REST Trades returns at most 1000 trades per call; WS ``trade`` snapshots show 50."""


@dataclass(frozen=True, slots=True)
class PublicTrade:
    """One trade as the public feeds show it: REST Trades row ``[price, volume, time, side,
    ordertype, misc, trade_id]``, WS v2 ``trade``, FIX 35=X 269=2 (40 OrdType, 2446
    AggressorSide)."""

    trade_id: int
    price: int
    quantity: int
    taker_side: Side
    taker_is_market: bool
    timestamp: int
    misc: str = ""


def public_trades(events: Iterable[Event]) -> list[PublicTrade]:
    """The public trades in one command's events, in order."""
    market_takers: dict[str, bool] = {}
    trades: list[PublicTrade] = []
    for event in events:
        kind = type(event)
        if kind is TradeExecuted:
            trade: TradeExecuted = event  # type: ignore[assignment]
            trades.append(
                PublicTrade(
                    trade.trade_id,
                    trade.price,
                    trade.quantity,
                    trade.taker_side,
                    market_takers.get(trade.taker_order_id, False),
                    trade.timestamp,
                )
            )
        elif kind is OrderAccepted:
            accepted: OrderAccepted = event  # type: ignore[assignment]
            market_takers[accepted.order_id] = accepted.request.order_type is not OrderType.LIMIT
        elif kind is OrderTriggered:
            triggered: OrderTriggered = event  # type: ignore[assignment]
            market_takers[triggered.order_id] = triggered.limit_price is None
    return trades


class RecentTrades:
    """The last ``capacity`` trades of one instrument, oldest first."""

    __slots__ = ("_trades",)

    def __init__(self, capacity: int = DEFAULT_TRADE_CAPACITY) -> None:
        self._trades: deque[PublicTrade] = deque(maxlen=capacity)

    def __len__(self) -> int:
        return len(self._trades)

    def extend(self, trades: Iterable[PublicTrade]) -> None:
        self._trades.extend(trades)

    def latest(self, count: int) -> list[PublicTrade]:
        """The newest ``count`` trades, oldest first (WS ``trade`` snapshot: 50)."""
        if count <= 0:
            return []
        trades = self._trades
        return list(trades)[-count:]

    def since(self, since: int | None, count: int = DEFAULT_TRADE_CAPACITY) -> list[PublicTrade]:
        """REST Trades: trades strictly after ``since`` (nanoseconds; None: the oldest kept),
        oldest first, at most ``count``. When ``count`` would split trades that share a
        timestamp (one command's trades do), the split group is left for the next call, whose
        ``since`` is the last returned trade's time — unless that group is all there is."""
        chosen: list[PublicTrade] = []
        trades = self._trades
        for trade in trades:
            if since is None or trade.timestamp > since:
                chosen.append(trade)
                if len(chosen) > count:
                    break
        if len(chosen) <= count:
            return chosen
        cut_time = chosen[count].timestamp
        kept = chosen[:count]
        whole = [trade for trade in kept if trade.timestamp != cut_time]
        return whole or kept
