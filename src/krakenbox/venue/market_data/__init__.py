"""Market-data views: pure, event-driven, computed once for FIX, REST and WebSocket.

Feed each command's events (``SpotBook.handle``'s list) to :class:`InstrumentMarketData`
(or a :class:`MarketDataRegistry` of them); read L2/L3 snapshots and deltas, public trades,
OHLC candles, the ticker and the spread history. See docs/market-data.md.
"""

from krakenbox.venue.market_data.candles import INTERVALS, Candle, CandleSeries, round_price
from krakenbox.venue.market_data.instrument import InstrumentMarketData, MarketDataUpdate
from krakenbox.venue.market_data.levels import (
    CHECKSUM_DEPTH,
    BookSnapshot,
    DepthWindow,
    LevelBook,
    LevelChange,
)
from krakenbox.venue.market_data.order_window import OrderDepthWindow
from krakenbox.venue.market_data.orders import (
    OrderAction,
    OrderBookView,
    OrderChange,
    RestingOrder,
)
from krakenbox.venue.market_data.registry import MarketDataRegistry
from krakenbox.venue.market_data.spread import SpreadEntry, SpreadHistory
from krakenbox.venue.market_data.ticker import (
    Ticker,
    TradeStatistics,
    WindowStatistics,
    whole_lots,
)
from krakenbox.venue.market_data.trades import PublicTrade, RecentTrades, public_trades

__all__ = [
    "CHECKSUM_DEPTH",
    "INTERVALS",
    "BookSnapshot",
    "Candle",
    "CandleSeries",
    "DepthWindow",
    "InstrumentMarketData",
    "LevelBook",
    "LevelChange",
    "MarketDataRegistry",
    "MarketDataUpdate",
    "OrderAction",
    "OrderBookView",
    "OrderChange",
    "OrderDepthWindow",
    "PublicTrade",
    "RecentTrades",
    "RestingOrder",
    "SpreadEntry",
    "SpreadHistory",
    "Ticker",
    "TradeStatistics",
    "WindowStatistics",
    "public_trades",
    "round_price",
    "whole_lots",
]
