"""One instrument's simulated participants: the reference price's random walk, the maker's
ladder, the taker's market orders. Pure: :meth:`SimulatedMarket.step` reads the venue's orders
and returns the commands to submit (the caller submits them); randomness comes from the seeded
generator it is given; all prices are integers in the instrument's units.

The maker quotes on a fixed grid (levels ``spacing`` apart, anchored at zero, the spacing set
once from the instrument's starting price): as the reference moves inside one grid cell its
quotes stay where they are, and crossing a grid line moves one level on each side. A ladder
that followed the reference exactly would cancel and replace every level at every step, and
the journal would grow by that much (about 130 commands a second over seven pairs, against
about 20 on the grid)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from krakenbox.domain.commands import CancelOrder, SubmitOrder, UpdateIndexPrice
from krakenbox.domain.orders import Interface, OrderType, Origin, Side

if TYPE_CHECKING:
    from krakenbox.domain.commands import Command
    from krakenbox.domain.instruments import Instrument
    from krakenbox.sim.settings import MarketSettings, SimulationSettings
    from krakenbox.venue.orders import OrderRecords

SIMULATION = Origin(Interface.INTERNAL, "sim")


class SimulatedMarket:
    def __init__(
        self,
        instrument: Instrument,
        market: MarketSettings,
        settings: SimulationSettings,
        rng: random.Random,
        reference: int | None = None,
    ) -> None:
        """``reference``: where the walk starts (the index price a restarted venue had), if not
        at the settings' price."""
        self.instrument = instrument
        self.settings = settings
        self.rng = rng
        self.tick = instrument.price_to_units(instrument.tick_size)
        starting_price = self._on_tick(instrument.price_to_units(market.reference_price))
        self.spacing = max(
            self.tick, self._on_tick(starting_price * settings.spacing_ppm // 1_000_000)
        )
        self.reference = starting_price if reference is None else self._on_tick(reference)
        self.size = instrument.quantity_to_units(market.quote_size)

    def set_reference(self, price: int) -> None:
        """Move the reference price to ``price`` (rounded down to the tick); the maker follows
        at the next step."""
        self.reference = max(self.tick, self._on_tick(price))

    def step(self, orders: OrderRecords, now: int) -> list[Command]:
        """This step's commands: index price, the maker's changes, maybe a taker order."""
        self._walk()
        commands: list[Command] = [UpdateIndexPrice(price=self.reference, timestamp=now)]
        commands += self._requote(orders, now)
        if self.rng.randrange(100) < self.settings.taker_probability_percent:
            commands.append(self._take(now))
        return commands

    # --- the reference price ----------------------------------------------------------------

    def _walk(self) -> None:
        volatility = self.settings.volatility_ppm
        move = self.reference * self.rng.randint(-volatility, volatility) // 1_000_000
        self.reference = max(self.tick * 10, self._on_tick(self.reference + move))

    def _on_tick(self, price: int) -> int:
        return max(self.tick, price // self.tick * self.tick)

    # --- the maker --------------------------------------------------------------------------

    def ladder(self) -> dict[tuple[Side, int], int]:
        """(side, price) → quantity the maker wants on the book now: the grid lines nearest the
        reference, strictly below it for bids and strictly above it for asks."""
        spacing = self.spacing
        best_bid = (self.reference - 1) // spacing * spacing
        best_ask = self.reference // spacing * spacing + spacing
        wanted = {}
        for level in range(self.settings.levels):
            wanted[(Side.BUY, best_bid - level * spacing)] = self.size
            wanted[(Side.SELL, best_ask + level * spacing)] = self.size
        return {key: size for key, size in wanted.items() if key[1] > 0}

    def _requote(self, orders: OrderRecords, now: int) -> list[Command]:
        maker = self.settings.maker
        pair = self.instrument.key
        wanted = self.ladder()
        commands: list[Command] = []
        for order in orders.open_orders(maker):
            if orders.pair_of(order.order_id) != pair or order.price is None:
                continue
            key = (order.side, order.price)
            if key in wanted and order.filled == 0:
                del wanted[key]  # already quoted, untouched
            else:
                commands.append(CancelOrder(account=maker, order_id=order.order_id, timestamp=now))
        for (side, price), size in sorted(
            wanted.items(), key=lambda item: (item[0][0].value, item[0][1])
        ):
            commands.append(
                SubmitOrder(
                    account=maker,
                    side=side,
                    order_type=OrderType.LIMIT,
                    quantity=size,
                    price=price,
                    timestamp=now,
                    origin=SIMULATION,
                )
            )
        return commands

    # --- the taker --------------------------------------------------------------------------

    def _take(self, now: int) -> SubmitOrder:
        side = Side.BUY if self.rng.randrange(2) else Side.SELL
        quantity = self.size * self.rng.randint(1, 6) // 4
        return SubmitOrder(
            account=self.settings.taker,
            side=side,
            order_type=OrderType.MARKET,
            quantity=max(quantity, 1),
            timestamp=now,
            origin=SIMULATION,
        )
