"""Assets: the currencies and coins accounts hold, with the precision their ledgers keep.

Kraken names every asset three ways, and an :class:`Asset` carries all three:

* ``id`` — the key of REST ``/Assets`` and of balances. Legacy assets carry a class letter and
  are padded to four characters (``XXBT``, ``XXDG``, ``XETH``, ``ZUSD``, ``ZEUR``); newer ones do
  not (``SOL``, ``USDT``).
* ``altname`` — the short REST name (``XBT``, ``XDG``, ``ETH``, ``USD``).
* ``code`` — the modern code used by WebSocket v2, FIX and ccxt (``BTC``, ``DOGE``, ``USD``).

Amounts inside the engine are integers in units of ``10**-decimals`` (the ledger precision);
the helpers here convert at the boundary (see :mod:`krakenbox.core.units`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from krakenbox.core.units import (
    MAXIMUM_DECIMALS,
    decimal_to_units,
    format_units,
    power_of_ten,
    units_to_decimal,
)


class AssetClass(StrEnum):
    """Kraken's asset classes (``aclass``)."""

    CURRENCY = "currency"
    TOKENIZED_ASSET = "tokenized_asset"


class AssetStatus(StrEnum):
    """Whether funding is open for an asset (REST ``/Assets`` ``status``)."""

    ENABLED = "enabled"
    DEPOSIT_ONLY = "deposit_only"
    WITHDRAWAL_ONLY = "withdrawal_only"
    FUNDING_TEMPORARILY_DISABLED = "funding_temporarily_disabled"
    DISABLED = "disabled"
    WORK_IN_PROGRESS = "work_in_progress"


@dataclass(frozen=True, slots=True)
class Asset:
    """One asset and its precision. ``scale`` is ``10**decimals``, computed once."""

    id: str
    altname: str
    code: str
    decimals: int
    display_decimals: int
    status: AssetStatus = AssetStatus.ENABLED
    asset_class: AssetClass = AssetClass.CURRENCY
    collateral_value: Decimal | None = None
    margin_rate: Decimal | None = None
    borrowable: bool = False
    scale: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("id", "altname", "code"):
            value = getattr(self, name)
            if (
                not value
                or not value.isascii()
                or not value.isprintable()
                or " " in value
                or "/" in value
            ):
                raise ValueError(f"asset {self.id!r}: {name} {value!r} is not a plain name")
        if not 0 <= self.decimals <= MAXIMUM_DECIMALS:
            raise ValueError(f"asset {self.id!r}: decimals {self.decimals} out of range")
        if not 0 <= self.display_decimals <= self.decimals:
            raise ValueError(f"asset {self.id!r}: display_decimals must be within 0..decimals")
        for name in ("collateral_value", "margin_rate"):
            value = getattr(self, name)
            if value is not None and (not value.is_finite() or value < 0):
                raise ValueError(f"asset {self.id!r}: {name} must be a non-negative number")
        object.__setattr__(self, "scale", power_of_ten(self.decimals))

    def to_units(self, amount: Decimal) -> int:
        """An exact amount as integer ledger units (raises ``InvalidNumber`` if it needs more decimals)."""
        return decimal_to_units(amount, self.decimals)

    def to_decimal(self, units: int) -> Decimal:
        """Integer ledger units as a ``Decimal`` with ``decimals`` places."""
        return units_to_decimal(units, self.decimals)

    def format(self, units: int) -> str:
        """Integer ledger units as text at ledger precision (``"0.5000000000"`` for 0.5 XBT)."""
        return format_units(units, self.decimals)
