"""The simulation over a whole venue: one :class:`~krakenbox.sim.market.SimulatedMarket` per
instrument of :data:`~krakenbox.sim.settings.MARKETS`, the participants' accounts funded the
first time, each step's commands submitted through the venue like anyone's."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from krakenbox.core.units import decimal_to_units
from krakenbox.domain.account_commands import Deposit
from krakenbox.sim.market import SimulatedMarket
from krakenbox.sim.settings import MARKETS, SimulationSettings

if TYPE_CHECKING:
    from krakenbox.venue.spot import SpotVenue

FUNDING: Final = Decimal(10) ** 9
"""What each participant gets of every asset: more than any simulation spends."""


class Simulation:
    def __init__(self, venue: SpotVenue, settings: SimulationSettings | None = None) -> None:
        self.venue = venue
        self.settings = settings or SimulationSettings()
        rng = random.Random(self.settings.seed)
        books = venue.engine.books()
        self.markets = {
            instrument.key: SimulatedMarket(
                instrument,
                MARKETS[instrument.key],
                self.settings,
                rng,
                reference=books[instrument.key].index_price,  # where a restart left it
            )
            for instrument in venue.catalogue
            if instrument.key in MARKETS
        }

    def fund(self, now: int) -> None:
        """Give the participants their money, unless they have it from an earlier start."""
        accounts = self.venue.engine.accounts
        for name in (self.settings.maker, self.settings.taker):
            if accounts.find(name) is not None:
                continue
            for asset in self.venue.catalogue.assets:
                amount = decimal_to_units(FUNDING, asset.decimals)
                self.venue.submit(
                    Deposit(account=name, asset=asset.id, amount=amount, timestamp=now)
                )

    def set_reference(self, pair: str, price: int) -> bool:
        """Move the reference price of ``pair`` (REST key; price units); False when the pair is
        not simulated."""
        market = self.markets.get(pair)
        if market is None:
            return False
        market.set_reference(price)
        return True

    def step(self, now: int) -> int:
        """Every market's commands for this step, submitted (the caller flushes); how many."""
        count = 0
        for market in self.markets.values():
            for command in market.step(self.venue.orders, now):
                self.venue.submit(command, market.instrument.key)
                count += 1
        return count
