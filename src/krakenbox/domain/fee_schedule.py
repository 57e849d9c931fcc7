"""Maker and taker fee schedules by 30-day trading volume, as Kraken publishes them per pair.

A schedule is two lists of tiers (Kraken's AssetPairs ``fees`` and ``fees_maker``): each tier
is the lowest 30-day volume it applies from, in the schedule's volume currency (``ZUSD``), and
a fee in percent of the trade's cost. An account's tier is the last one whose volume threshold
it has reached. Stablecoin and FX pairs charge makers and takers alike; their schedule simply has
equal lists.

Percentages keep at most four decimals (Kraken prints them as ``"0.2600"``), so each tier also
carries an exact integer rate in parts per million of cost (0.26 % → 2600).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from krakenbox.core.units import decimal_to_units

# A percentage with four decimals, read as an integer, is a rate in parts per million.
_PERCENT_DECIMALS = 4


@dataclass(frozen=True, slots=True)
class FeeTier:
    """Fee ``percent`` for 30-day volumes from ``volume`` upwards."""

    volume: Decimal
    percent: Decimal
    parts_per_million: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.volume.is_finite() or self.volume < 0:
            raise ValueError(f"fee tier volume must be a non-negative number, got {self.volume}")
        if not self.percent.is_finite() or not 0 <= self.percent <= 100:
            raise ValueError(f"fee percent must be within 0..100, got {self.percent}")
        object.__setattr__(
            self, "parts_per_million", decimal_to_units(self.percent, _PERCENT_DECIMALS)
        )


def _check_tiers(name: str, tiers: tuple[FeeTier, ...]) -> tuple[Decimal, ...]:
    if not tiers:
        raise ValueError(f"{name}: a fee schedule needs at least one tier")
    volumes = tuple(tier.volume for tier in tiers)
    if volumes[0] != 0:
        raise ValueError(f"{name}: the first tier must start at volume 0")
    if any(later <= earlier for earlier, later in pairwise(volumes)):
        raise ValueError(f"{name}: tier volumes must increase strictly")
    return volumes


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """Taker and maker tiers and the currency 30-day volume is measured in (an asset id)."""

    name: str
    taker: tuple[FeeTier, ...]
    maker: tuple[FeeTier, ...]
    volume_currency: str
    _taker_volumes: tuple[Decimal, ...] = field(init=False, repr=False, compare=False)
    _maker_volumes: tuple[Decimal, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_taker_volumes", _check_tiers(f"{self.name} taker", self.taker))
        object.__setattr__(self, "_maker_volumes", _check_tiers(f"{self.name} maker", self.maker))

    def taker_tier(self, volume: Decimal) -> FeeTier:
        """The taker tier for an account with this 30-day volume."""
        return self.taker[max(0, bisect_right(self._taker_volumes, volume) - 1)]

    def maker_tier(self, volume: Decimal) -> FeeTier:
        """The maker tier for an account with this 30-day volume."""
        return self.maker[max(0, bisect_right(self._maker_volumes, volume) - 1)]

    def next_taker_tier(self, volume: Decimal) -> FeeTier | None:
        """The taker tier this account reaches next, or ``None`` at the top (REST TradeVolume)."""
        index = bisect_right(self._taker_volumes, volume)
        return self.taker[index] if index < len(self.taker) else None

    def next_maker_tier(self, volume: Decimal) -> FeeTier | None:
        """The maker tier this account reaches next, or ``None`` at the top."""
        index = bisect_right(self._maker_volumes, volume)
        return self.maker[index] if index < len(self.maker) else None
