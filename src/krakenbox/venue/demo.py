"""The demo accounts a fresh venue starts with: ``alice`` and ``bob``, their credentials (from
:func:`krakenbox.venue.directory.provision_demo`) and balances in every listed asset."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Final

from krakenbox.core.units import decimal_to_units
from krakenbox.domain.account_commands import Deposit

if TYPE_CHECKING:
    from krakenbox.venue.spot import SpotVenue

DEMO_BALANCES: Final[dict[str, Decimal]] = {
    "XXBT": Decimal(100),
    "XETH": Decimal(1_000),
    "SOL": Decimal(10_000),
    "XXDG": Decimal(10_000_000),
}
"""Starting balance per asset id; any other asset (USD, EUR, USDT, ...) gets
:data:`DEFAULT_BALANCE`."""
DEFAULT_BALANCE: Final = Decimal(1_000_000)
FUNDING_REFERENCE: Final = "krakenbox-demo-funding"


def fund_demo_accounts(venue: SpotVenue, accounts: list[str], now: int) -> bool:
    """Deposit the demo balances into ``accounts`` unless the venue's journal already has
    anything (a restart keeps its state); True if it funded them."""
    if venue.journal.last_sequence > 0:
        return False
    for account in accounts:
        for asset in venue.catalogue.assets:
            amount = DEMO_BALANCES.get(asset.id, DEFAULT_BALANCE)
            venue.submit(
                Deposit(
                    account=account,
                    asset=asset.id,
                    amount=decimal_to_units(amount, asset.decimals),
                    timestamp=now,
                    reference=FUNDING_REFERENCE,
                )
            )
    venue.flush()
    return True
