"""What every Spot gateway (FIX, REST, WebSocket) shares: one venue on its loop, one account
directory, one clock, one trading rate counter per account and pair (Kraken's limits are
shared across protocols), one symbol translator and the WebSocket tokens REST issues."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from krakenbox.kraken.fix.logon import NonceTracker
from krakenbox.kraken.lockouts import Lockouts
from krakenbox.kraken.ratelimits import TradingCounter
from krakenbox.kraken.symbols import FixSymbolStyle, SymbolTranslator
from krakenbox.venue.tokens import WebsocketTokens

if TYPE_CHECKING:
    from krakenbox.core.clock import Clock
    from krakenbox.gateways.venue_loop import VenueLoop
    from krakenbox.venue.directory import Directory
    from krakenbox.venue.spot import SpotVenue


@dataclass(slots=True)
class SpotContext:
    venue_loop: VenueLoop
    directory: Directory
    clock: Clock
    counter: TradingCounter
    translator: SymbolTranslator
    tokens: WebsocketTokens = field(default_factory=WebsocketTokens)
    nonces: NonceTracker = field(default_factory=NonceTracker)
    """Last nonce per API key (REST); FIX logons keep their own (a FIX key is another key)."""
    lockouts: Lockouts = field(default_factory=Lockouts)
    """REST keys' failed authentications and ``EGeneral:Temporary lockout`` (by default
    Kraken-like: 20 failures in 60 s lock a key for 15 minutes)."""
    observe_request: Callable[[str, float], None] | None = None
    """Told each answered request's protocol and duration in seconds (metrics)."""

    @property
    def venue(self) -> SpotVenue:
        return self.venue_loop.venue

    @classmethod
    def create(
        cls,
        venue_loop: VenueLoop,
        directory: Directory,
        clock: Clock,
        counter: TradingCounter | None = None,
        fix_style: FixSymbolStyle = FixSymbolStyle.LEGACY,
    ) -> SpotContext:
        return cls(
            venue_loop,
            directory,
            clock,
            counter if counter is not None else TradingCounter(directory.tier_of),
            SymbolTranslator(venue_loop.venue.catalogue, fix_style=fix_style),
        )
