"""Instruments: what can be traded, under which names, and on which price and quantity grid.

An :class:`Instrument` is one order book. For Spot it is a Kraken asset pair, named five ways
(the REST pair key ``XXBTZUSD``, the REST ``altname`` ``XBTUSD``, the WebSocket v1 ``wsname``
``XBT/USD``, and the ``symbol`` ``BTC/USD`` that WebSocket v2 and FIX use); translating client
spellings to instruments is :mod:`krakenbox.kraken.symbols`' job.

The engine works in integers (:mod:`krakenbox.core.units`):

* prices in *price units* of ``10**-price_decimals`` (Kraken's ``pair_decimals``);
* quantities in *quantity units* (lots) of ``10**-quantity_decimals`` (``lot_decimals``);
* a price × quantity product is in *notional units* of ``10**-(price_decimals +
  quantity_decimals)``, exact, so the minimum cost check needs no rounding;
* costs reported to clients are in units of ``10**-cost_decimals``.

The integer forms of the grid (``tick_units``, ``minimum_quantity_units``, ``minimum_notional``…)
are computed once, when the instrument is built.

Derivatives come later: ``kind`` says what an instrument is, and contract terms (contract size,
margin tiers, funding, maturity) will be an optional part of their own beside ``margin``, so spot
instruments and the code that uses them stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from krakenbox.core.units import (
    MAXIMUM_DECIMALS,
    Rounding,
    decimal_to_units,
    format_units,
    parse_units,
    power_of_ten,
    rescale,
    step_to_units,
    units_to_decimal,
)
from krakenbox.domain.assets import Asset
from krakenbox.domain.fee_schedule import FeeSchedule


class InstrumentKind(StrEnum):
    """What an instrument is. Only ``SPOT`` is built today."""

    SPOT = "spot"
    PERPETUAL = "perpetual"
    FIXED_MATURITY = "fixed_maturity"


class MarketStatus(StrEnum):
    """A book's trading state (AssetPairs ``status``; the WebSocket v2 instrument channel adds the last three)."""

    ONLINE = "online"
    CANCEL_ONLY = "cancel_only"
    POST_ONLY = "post_only"
    LIMIT_ONLY = "limit_only"
    REDUCE_ONLY = "reduce_only"
    MAINTENANCE = "maintenance"
    DELISTED = "delisted"
    WORK_IN_PROGRESS = "work_in_progress"


@dataclass(frozen=True, slots=True)
class MarginTerms:
    """Spot margin: leverage levels offered (empty when the pair is not marginable) and limits.

    ``margin_call`` and ``margin_stop`` are margin levels in percent; position limits are in
    base-asset units; ``initial_margin`` is the WebSocket v2 ``margin_initial`` fraction.
    """

    leverage_buy: tuple[int, ...] = ()
    leverage_sell: tuple[int, ...] = ()
    margin_call: int = 80
    margin_stop: int = 40
    long_position_limit: int | None = None
    short_position_limit: int | None = None
    initial_margin: Decimal | None = None

    def __post_init__(self) -> None:
        for name in ("leverage_buy", "leverage_sell"):
            levels = getattr(self, name)
            if any(level < 2 for level in levels) or list(levels) != sorted(set(levels)):
                raise ValueError(f"{name} must list leverage levels (>= 2) in increasing order")
        if not 0 < self.margin_stop < self.margin_call:
            raise ValueError("margin_stop must be positive and below margin_call")
        for name in ("long_position_limit", "short_position_limit"):
            limit = getattr(self, name)
            if limit is not None and limit < 0:
                raise ValueError(f"{name} must not be negative")

    @property
    def marginable(self) -> bool:
        """Whether margin trading is offered on the pair at all."""
        return bool(self.leverage_buy or self.leverage_sell)


def _exact_units(owner: str, name: str, value: Decimal, decimals: int) -> int:
    try:
        return decimal_to_units(value, decimals)
    except ValueError as error:
        raise ValueError(f"{owner}: {name} {value} is not a multiple of 10**-{decimals}") from error


@dataclass(frozen=True, slots=True, repr=False)
class Instrument:
    """One tradable book, its names, its grid and its rules. Integer forms are precomputed."""

    key: str
    altname: str
    wsname: str
    symbol: str
    base: Asset
    quote: Asset
    price_decimals: int
    quantity_decimals: int
    cost_decimals: int
    tick_size: Decimal
    minimum_quantity: Decimal
    minimum_cost: Decimal
    fees: FeeSchedule
    margin: MarginTerms = field(default_factory=MarginTerms)
    status: MarketStatus = MarketStatus.ONLINE
    kind: InstrumentKind = InstrumentKind.SPOT
    maximum_quantity: Decimal | None = None
    has_index: bool = False
    lot_multiplier: int = 1

    price_scale: int = field(init=False, repr=False, compare=False)
    quantity_scale: int = field(init=False, repr=False, compare=False)
    notional_decimals: int = field(init=False, repr=False, compare=False)
    tick_units: int = field(init=False, repr=False, compare=False)
    minimum_quantity_units: int = field(init=False, repr=False, compare=False)
    maximum_quantity_units: int | None = field(init=False, repr=False, compare=False)
    minimum_cost_units: int = field(init=False, repr=False, compare=False)
    minimum_notional: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        owner = f"instrument {self.key!r}"
        for name in ("key", "altname", "wsname", "symbol"):
            value = getattr(self, name)
            if (
                not value
                or not value.isascii()
                or not value.isprintable()
                or " " in value
                or "," in value
            ):
                raise ValueError(f"{owner}: {name} {value!r} is not a plain name")
        for name in ("price_decimals", "quantity_decimals", "cost_decimals"):
            if not 0 <= getattr(self, name) <= MAXIMUM_DECIMALS:
                raise ValueError(f"{owner}: {name} out of range")
        if self.base.id == self.quote.id:
            raise ValueError(f"{owner}: base and quote are the same asset")
        if self.lot_multiplier < 1:
            raise ValueError(f"{owner}: lot_multiplier must be at least 1")
        notional_decimals = self.price_decimals + self.quantity_decimals
        try:
            tick_units = step_to_units(self.tick_size, self.price_decimals)
        except ValueError as error:
            raise ValueError(
                f"{owner}: tick_size {self.tick_size} is not a positive multiple of 10**-{self.price_decimals}"
            ) from error
        minimum_quantity_units = _exact_units(
            owner, "minimum_quantity", self.minimum_quantity, self.quantity_decimals
        )
        if minimum_quantity_units <= 0:
            raise ValueError(f"{owner}: minimum_quantity must be positive")
        maximum_quantity_units = None
        if self.maximum_quantity is not None:
            maximum_quantity_units = _exact_units(
                owner, "maximum_quantity", self.maximum_quantity, self.quantity_decimals
            )
            if maximum_quantity_units < minimum_quantity_units:
                raise ValueError(f"{owner}: maximum_quantity is below minimum_quantity")
        minimum_cost_units = _exact_units(
            owner, "minimum_cost", self.minimum_cost, self.cost_decimals
        )
        if minimum_cost_units < 0:
            raise ValueError(f"{owner}: minimum_cost must not be negative")
        minimum_notional = _exact_units(owner, "minimum_cost", self.minimum_cost, notional_decimals)
        setter = object.__setattr__
        setter(self, "price_scale", power_of_ten(self.price_decimals))
        setter(self, "quantity_scale", power_of_ten(self.quantity_decimals))
        setter(self, "notional_decimals", notional_decimals)
        setter(self, "tick_units", tick_units)
        setter(self, "minimum_quantity_units", minimum_quantity_units)
        setter(self, "maximum_quantity_units", maximum_quantity_units)
        setter(self, "minimum_cost_units", minimum_cost_units)
        setter(self, "minimum_notional", minimum_notional)

    def __repr__(self) -> str:
        return f"Instrument(key={self.key!r}, symbol={self.symbol!r}, kind={self.kind.value!r})"

    # -- the grid -----------------------------------------------------------------------------

    @property
    def quantity_increment(self) -> Decimal:
        """The smallest quantity step, ``10**-quantity_decimals`` (FIX 562, WS v2 ``qty_increment``)."""
        return units_to_decimal(1, self.quantity_decimals)

    def is_on_tick(self, price_units: int) -> bool:
        """Whether a price (in price units) is a whole number of ticks."""
        return price_units % self.tick_units == 0

    def notional(self, price_units: int, quantity_units: int) -> int:
        """Price × quantity, exact, in notional units (compare with ``minimum_notional``)."""
        return price_units * quantity_units

    def cost_units(
        self, price_units: int, quantity_units: int, rounding: Rounding = Rounding.HALF_EVEN
    ) -> int:
        """Price × quantity in units of ``10**-cost_decimals``, rounded as asked."""
        return rescale(
            price_units * quantity_units, self.notional_decimals, self.cost_decimals, rounding
        )

    # -- the boundary: wire text and Decimals ---------------------------------------------------

    def parse_price(self, text: str) -> int:
        """A price string from the wire in price units (raises ``InvalidNumber``; tick not checked)."""
        return parse_units(text, self.price_decimals)

    def parse_quantity(self, text: str) -> int:
        """A quantity string from the wire in quantity units (raises ``InvalidNumber``)."""
        return parse_units(text, self.quantity_decimals)

    def price_to_units(self, price: Decimal) -> int:
        """An exact ``Decimal`` price in price units (raises ``InvalidNumber``)."""
        return decimal_to_units(price, self.price_decimals)

    def quantity_to_units(self, quantity: Decimal) -> int:
        """An exact ``Decimal`` quantity in quantity units (raises ``InvalidNumber``)."""
        return decimal_to_units(quantity, self.quantity_decimals)

    def price_to_decimal(self, price_units: int) -> Decimal:
        """Price units as a ``Decimal`` with ``price_decimals`` places."""
        return units_to_decimal(price_units, self.price_decimals)

    def quantity_to_decimal(self, quantity_units: int) -> Decimal:
        """Quantity units as a ``Decimal`` with ``quantity_decimals`` places."""
        return units_to_decimal(quantity_units, self.quantity_decimals)

    def format_price(self, price_units: int) -> str:
        """Price units as text padded to ``price_decimals`` (``"30000.1"``)."""
        return format_units(price_units, self.price_decimals)

    def format_quantity(self, quantity_units: int) -> str:
        """Quantity units as text padded to ``quantity_decimals`` (``"0.50000000"``)."""
        return format_units(quantity_units, self.quantity_decimals)

    def format_cost(self, cost_units: int) -> str:
        """Cost units (``10**-cost_decimals``) as text padded to ``cost_decimals`` (``"15000.00000"``)."""
        return format_units(cost_units, self.cost_decimals)
