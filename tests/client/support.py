"""Building a client joined in memory to a scripted venue (see venue.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from krakenbox.client import KrakenFixClient, MarketDataClient
from krakenbox.core.clock import ManualClock
from krakenbox.fix.session import Session

from .venue import (
    API_KEY,
    API_SECRET,
    START_NS,
    MarketDataVenue,
    MemoryLink,
    TradingVenue,
    venue_session,
)

T = TypeVar("T")
SENDER = "CLIENT1"


@dataclass
class TradingPair:
    client: KrakenFixClient
    venue: TradingVenue
    venue_session: Session
    link: MemoryLink
    clock: ManualClock


def trading_pair(
    clock: ManualClock | None = None,
    *,
    secret: str = API_SECRET,
    connect: bool = True,
    venue_settings: dict[str, object] | None = None,
    **client_options: Any,
) -> TradingPair:
    clock = clock or ManualClock(START_NS)
    client = KrakenFixClient("127.0.0.1", 0, SENDER, API_KEY, secret, clock=clock, **client_options)
    venue = TradingVenue(clock)
    session = venue_session(venue, clock, SENDER, "KRAKEN-TRD", **(venue_settings or {}))
    venue.session = session
    link = MemoryLink(client.session, session)
    client.use_link(link)
    if connect:
        link.connect()
    return TradingPair(client, venue, session, link, clock)


@dataclass
class MarketDataPair:
    client: MarketDataClient
    venue: MarketDataVenue
    link: MemoryLink
    clock: ManualClock


def market_data_pair(clock: ManualClock | None = None) -> MarketDataPair:
    clock = clock or ManualClock(START_NS)
    client = MarketDataClient("127.0.0.1", 0, SENDER, clock=clock)
    venue = MarketDataVenue()
    session = venue_session(venue, clock, SENDER, "KRAKEN-MD")
    venue.session = session
    link = MemoryLink(client.session, session)
    client.use_link(link)
    link.connect()
    return MarketDataPair(client, venue, link, clock)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)
