"""The simulated market on a real venue: books on both sides within a step, trades soon after,
the same seed the same market, and the participants under the same rules as users."""

from __future__ import annotations

from pathlib import Path

from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.commands import SubmitOrder
from krakenbox.domain.events import TradeExecuted
from krakenbox.domain.orders import OrderType, Side
from krakenbox.sim.settings import SimulationSettings
from krakenbox.sim.simulation import Simulation
from krakenbox.venue.spot import Listener, Published, SpotVenue

START = 1_795_300_000 * 10**9
SECOND = 10**9


class Trades(Listener):
    def __init__(self) -> None:
        self.trades: list[tuple[str, int, int]] = []

    def on_event(self, published: Published, event: object, orders: tuple[object, ...]) -> None:
        if isinstance(event, TradeExecuted):
            self.trades.append((published.pair or "", event.price, event.quantity))


def run(path: Path, steps: int, seed: int = 1) -> tuple[SpotVenue, Trades]:
    venue = SpotVenue(load_spot_catalogue(), path)
    trades = Trades()
    venue.listen(trades)
    simulation = Simulation(venue, SimulationSettings(seed=seed))
    simulation.fund(START)
    for step in range(steps):
        simulation.step(START + step * SECOND)
        venue.flush()
    return venue, trades


def test_books_are_quoted_on_both_sides_after_one_step(tmp_path: Path) -> None:
    venue, _ = run(tmp_path / "j.sqlite", 1)
    for pair in ("XXBTZUSD", "XETHZUSD", "XDGUSD", "USDTZUSD"):
        book = venue.market_data[pair].book
        bid, ask = book.best(Side.BUY), book.best(Side.SELL)
        assert bid is not None and ask is not None and bid[0] < ask[0], pair
        assert len(book.levels(Side.BUY)) == len(book.levels(Side.SELL)) == 5
    venue.close()


def test_trades_happen_and_the_same_seed_makes_the_same_market(tmp_path: Path) -> None:
    first, first_trades = run(tmp_path / "a.sqlite", 30)
    second, second_trades = run(tmp_path / "b.sqlite", 30)
    other, other_trades = run(tmp_path / "c.sqlite", 30, seed=2)
    assert len(first_trades.trades) > 10
    assert first_trades.trades == second_trades.trades
    assert first_trades.trades != other_trades.trades
    assert {pair for pair, _, _ in first_trades.trades} >= {"XXBTZUSD", "XETHZUSD"}
    for venue in (first, second, other):
        venue.close()


def test_a_user_order_trades_with_the_simulated_maker(tmp_path: Path) -> None:
    venue, _ = run(tmp_path / "j.sqlite", 3)
    from krakenbox.domain.account_commands import Deposit

    venue.submit(Deposit(account="user", asset="ZUSD", amount=10**12, timestamp=START + 5 * SECOND))
    best_ask = venue.market_data["XXBTZUSD"].book.best(Side.SELL)
    assert best_ask is not None
    sequenced = venue.submit(
        SubmitOrder(
            account="user",
            side=Side.BUY,
            order_type=OrderType.LIMIT,
            quantity=10**7,  # 0.1 XBT: more than the best level's 0.05
            price=best_ask[0] + 1_000,
            timestamp=START + 5 * SECOND,
        ),
        "XXBTZUSD",
    )
    venue.flush()
    fills = [event for event in sequenced.events if isinstance(event, TradeExecuted)]
    assert len(fills) == 2 and fills[0].maker_account == "sim-maker"
    assert fills[0].price == best_ask[0] < fills[1].price  # slippage through two levels
    venue.close()


def test_the_maker_quotes_on_grid_lines_and_moves_one_level_as_the_reference_crosses_one(
    tmp_path: Path,
) -> None:
    venue = SpotVenue(load_spot_catalogue(), tmp_path / "j.sqlite")
    simulation = Simulation(venue, SimulationSettings(taker_probability_percent=0))
    simulation.fund(START)
    market = simulation.markets["XXBTZUSD"]
    spacing = market.spacing
    assert spacing == 300  # 500 ppm of 60,000.0 in tenths
    market.set_reference(600_010)
    wanted = market.ladder()
    assert max(price for side, price in wanted if side is Side.BUY) == 600_000
    assert min(price for side, price in wanted if side is Side.SELL) == 600_300
    assert all(price % spacing == 0 for _, price in wanted)
    for command in market._requote(venue.orders, START):
        venue.submit(command, "XXBTZUSD")
    venue.flush()
    market.set_reference(600_290)  # inside the same cell: nothing to change
    assert market._requote(venue.orders, START) == []
    market.set_reference(600_310)  # one line up: one level moves on each side
    changes = market._requote(venue.orders, START)
    assert sorted(type(command).__name__ for command in changes) == [
        "CancelOrder",
        "CancelOrder",
        "SubmitOrder",
        "SubmitOrder",
    ]
    venue.close()


def test_after_a_restart_the_walk_resumes_from_the_last_index_price(tmp_path: Path) -> None:
    venue, _ = run(tmp_path / "j.sqlite", 30)
    index = {key: book.index_price for key, book in venue.engine.books().items()}
    venue.close()
    again = SpotVenue(load_spot_catalogue(), tmp_path / "j.sqlite")
    resumed = Simulation(again)
    for key, market in resumed.markets.items():
        assert market.reference == index[key]
    assert resumed.markets["XXBTZUSD"].reference != 600_000  # it walked
    again.close()
