"""The market-data views of many instruments, by symbol (any one naming: the venue's choice)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from krakenbox.venue.market_data.instrument import InstrumentMarketData, MarketDataUpdate

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from krakenbox.domain.events import Event


class MarketDataRegistry:
    __slots__ = ("_instruments",)

    def __init__(self) -> None:
        self._instruments: dict[str, InstrumentMarketData] = {}

    def add(self, symbol: str, **capacities: int) -> InstrumentMarketData:
        """Start views for an instrument (keyword capacities as :class:`InstrumentMarketData`)."""
        if symbol in self._instruments:
            raise ValueError(f"market data for {symbol} already exists")
        views = InstrumentMarketData(symbol, **capacities)
        self._instruments[symbol] = views
        return views

    def __getitem__(self, symbol: str) -> InstrumentMarketData:
        return self._instruments[symbol]

    def __contains__(self, symbol: object) -> bool:
        return symbol in self._instruments

    def __iter__(self) -> Iterator[str]:
        return iter(self._instruments)

    def __len__(self) -> int:
        return len(self._instruments)

    def apply(self, symbol: str, events: Sequence[Event]) -> MarketDataUpdate:
        """Feed one command's events to the instrument's views."""
        return self._instruments[symbol].apply(events)
