"""The numbers a book checks orders against, as integers in the instrument's units."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument

ICEBERG_DISPLAY_DIVISOR = 15
"""An iceberg shows at least 1/15 of its quantity (REST ``displayvol``, FIX 1138)."""


@dataclass(frozen=True, slots=True)
class BookRules:
    """Price grid, minimums and limits of one book.

    ``tick`` is the price step in price units; ``minimum_quantity`` is ``ordermin`` in lots;
    ``minimum_notional`` is ``costmin`` in price units × lots (so ``price * quantity`` compares
    to it exactly). ``maximum_open_orders`` caps one account's open orders on this book (Kraken's
    per-pair limit, §6.3; None = no cap). ``market_protection`` is the band, in parts per million
    of the best opposite price on arrival, beyond which a market order does not trade unless it
    carries ``nompp`` (None = no protection; Kraken documents the flag but not the band).
    """

    tick: int = 1
    minimum_quantity: int = 1
    minimum_notional: int = 0
    maximum_quantity: int | None = None
    maximum_open_orders: int | None = None
    market_protection: int | None = None
    has_index: bool = False

    def __post_init__(self) -> None:
        if self.tick < 1 or self.minimum_quantity < 1 or self.minimum_notional < 0:
            raise ValueError(
                "tick and minimum quantity must be positive, minimum cost not negative"
            )
        if self.market_protection is not None and self.market_protection <= 0:
            raise ValueError("market protection is a positive band in parts per million")

    @classmethod
    def from_instrument(
        cls,
        instrument: Instrument,
        *,
        maximum_open_orders: int | None = None,
        market_protection: int | None = None,
    ) -> BookRules:
        return cls(
            tick=instrument.tick_units,
            minimum_quantity=max(1, instrument.minimum_quantity_units),
            minimum_notional=instrument.minimum_notional,
            maximum_quantity=instrument.maximum_quantity_units,
            maximum_open_orders=maximum_open_orders,
            market_protection=market_protection,
            has_index=instrument.has_index,
        )
