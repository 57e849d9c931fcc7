"""What the simulation does per instrument, as data (prices and sizes in the pair's own
decimals, as text: converted to the instrument's units when the simulation starts)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final


@dataclass(frozen=True, slots=True)
class MarketSettings:
    reference_price: Decimal
    """Where the random walk starts."""
    quote_size: Decimal
    """The maker's quantity at each level, in the base asset."""


MARKETS: Final[dict[str, MarketSettings]] = {
    "XXBTZUSD": MarketSettings(Decimal("60000"), Decimal("0.05")),
    "XXBTZEUR": MarketSettings(Decimal("55000"), Decimal("0.05")),
    "XETHZUSD": MarketSettings(Decimal("3000"), Decimal("1")),
    "XETHXXBT": MarketSettings(Decimal("0.05"), Decimal("1")),
    "SOLUSD": MarketSettings(Decimal("150"), Decimal("10")),
    "XDGUSD": MarketSettings(Decimal("0.15"), Decimal("10000")),
    "USDTZUSD": MarketSettings(Decimal("1"), Decimal("1000")),
}
"""Per REST pair key; an instrument not listed is not simulated."""


@dataclass(frozen=True, slots=True)
class SimulationSettings:
    seed: int = 1
    levels: int = 5
    """Price levels the maker quotes on each side."""
    spacing_ppm: int = 500
    """Distance between the maker's levels (and from the reference), parts per million."""
    volatility_ppm: int = 400
    """The reference moves up to this much, up or down, at each step."""
    taker_probability_percent: int = 25
    """Chance per step and instrument that the taker sends a market order."""
    maker: str = "sim-maker"
    taker: str = "sim-taker"
