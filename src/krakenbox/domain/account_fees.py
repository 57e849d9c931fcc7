"""Fee rates by 30-day volume as integers, and the currency each side pays its fee in.

:class:`FeeTable` turns an instrument's :class:`~krakenbox.domain.fee_schedule.FeeSchedule` into
integer volume thresholds (ledger units of the volume currency, ``ZUSD``) and rates in parts per
million, so the trade path looks a rate up with one bisection and no ``Decimal``.

Fee currency (Kraken's ``oflags``, spot REST digest §8.1/§9.1): ``fciq`` takes the fee in the
quote asset, ``fcib`` in the base asset; without either, buys pay in quote (``fciq`` is the
default when buying) and sells in base (``fcib`` is the default when selling).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Final

from krakenbox.core.units import decimal_to_units
from krakenbox.domain.order_terms import FeePreference, Side

if TYPE_CHECKING:
    from krakenbox.domain.fee_schedule import FeeSchedule

PARTS_PER_MILLION: Final = 1_000_000


class FeeTable:
    """One schedule's tiers as integers."""

    __slots__ = ("_maker_rates", "_maker_volumes", "_taker_rates", "_taker_volumes", "schedule")

    def __init__(self, schedule: FeeSchedule, volume_decimals: int) -> None:
        self.schedule = schedule
        self._taker_volumes = tuple(
            decimal_to_units(tier.volume, volume_decimals) for tier in schedule.taker
        )
        # Rates indexed by bisect_right over the volumes: the first tier's rate twice, so that
        # a volume below the first threshold (index 0) pays the first tier too.
        taker_rates = tuple(tier.parts_per_million for tier in schedule.taker)
        self._taker_rates = taker_rates[:1] + taker_rates
        self._maker_volumes = tuple(
            decimal_to_units(tier.volume, volume_decimals) for tier in schedule.maker
        )
        maker_rates = tuple(tier.parts_per_million for tier in schedule.maker)
        self._maker_rates = maker_rates[:1] + maker_rates

    def taker_rate(self, volume: int) -> int:
        """Taker fee in parts per million of cost at this 30-day volume (ledger units)."""
        return self._taker_rates[bisect_right(self._taker_volumes, volume)]

    def maker_rate(self, volume: int) -> int:
        """Maker fee in parts per million of cost at this 30-day volume."""
        return self._maker_rates[bisect_right(self._maker_volumes, volume)]


def fee_in_quote(side: Side, preference: FeePreference | None) -> bool:
    """Whether an order's fees are taken in the quote asset (else in the base asset)."""
    if preference is None:
        return side is Side.BUY
    return preference is FeePreference.QUOTE
