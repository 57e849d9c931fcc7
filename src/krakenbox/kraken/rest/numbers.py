"""How REST writes numbers: money as strings at the pair's or asset's decimals, times as JSON
numbers of Unix seconds (fractional with four decimals where Kraken's are fractional, whole
where Kraken's are integers), percentages with four decimals.

The one ``float`` is the fractional time handed to the JSON encoder: it is made from an exact
decimal of at most 14 significant digits, so it prints back as exactly that decimal.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from typing import Final

from krakenbox.core.clock import NANOS_PER_SECOND
from krakenbox.core.units import Rounding, divide, format_units, rescale
from krakenbox.domain.instruments import Instrument

_TIME_QUANTUM: Final = Decimal("0.0001")
PERCENT_DECIMALS: Final = 4


def seconds(ns: int) -> float:
    """A fractional Unix time (``1700518440.1234``) for JSON, truncated to 0.1 ms."""
    exact = Decimal(ns).scaleb(-9).quantize(_TIME_QUANTUM, rounding=ROUND_DOWN)
    return float(exact)


def whole_seconds(ns: int) -> int:
    return ns // NANOS_PER_SECOND


def rfc3339(ns: int) -> str:
    """``2023-11-20T22:13:20Z`` (whole seconds, UTC)."""
    moment = datetime.fromtimestamp(whole_seconds(ns), UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def rfc1123(ns: int) -> str:
    """``Mon, 20 Nov 23 22:13:20 +0000`` (Kraken's Time: two-digit year)."""
    moment = datetime.fromtimestamp(whole_seconds(ns), UTC)
    return moment.strftime("%a, %d %b %y %H:%M:%S +0000")


def price(instrument: Instrument, units: int) -> str:
    return instrument.format_price(units)


def quantity(instrument: Instrument, lots: int) -> str:
    return instrument.format_quantity(lots)


def cost(instrument: Instrument, notional: int) -> str:
    """Price units × lots, at the pair's ``cost_decimals`` (half to even)."""
    return instrument.format_cost(
        rescale(
            notional, instrument.notional_decimals, instrument.cost_decimals, Rounding.HALF_EVEN
        )
    )


def average_price(instrument: Instrument, notional: int, lots: int) -> str:
    """Cost ÷ quantity at the pair's price decimals; ``0`` at those decimals when nothing traded."""
    if lots == 0:
        return instrument.format_price(0)
    return instrument.format_price(divide(notional, lots, Rounding.HALF_EVEN))


def fraction_price(instrument: Instrument, value: Fraction) -> str:
    """An exact rational price (a vwap) at the pair's price decimals."""
    return instrument.format_price(round(value))


def percent(parts_per_million: int) -> str:
    """A rate in parts per million as Kraken's fee percentage text (2600 → ``"0.2600"``)."""
    return format_units(parts_per_million, PERCENT_DECIMALS)
