"""Snapshots: a restart restores the last one it can trust and replays only the journal after it,
reaching exactly the state a full replay reaches; a snapshot it cannot trust is ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

from krakenbox.domain.account_commands import Deposit
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.commands import SubmitOrder
from krakenbox.domain.orders import OrderType, Side
from krakenbox.sim.settings import SimulationSettings
from krakenbox.sim.simulation import Simulation
from krakenbox.venue.journal import Journal
from krakenbox.venue.routing import spot_engine_codec
from krakenbox.venue.spot import SpotVenue

START = 1_795_300_000 * 10**9
SECOND = 10**9
SIMULATED = frozenset({SimulationSettings().maker, SimulationSettings().taker})
CODEC = spot_engine_codec()


def open_venue(data_dir: Path, *, snapshots: bool = True, interval: int = 10**9) -> SpotVenue:
    return SpotVenue(
        load_spot_catalogue(),
        data_dir / "journal.sqlite",
        transient_accounts=SIMULATED,
        snapshots=snapshots,
        snapshot_interval=interval,
    )


def simulate(venue: SpotVenue, steps: int, first_step: int = 0) -> None:
    simulation = Simulation(venue)
    simulation.fund(START)
    for step in range(first_step, first_step + steps):
        simulation.step(START + step * SECOND)
        venue.flush()


def user_order(venue: SpotVenue, side: Side, timestamp: int) -> str:
    """A user's marketable order against the simulated maker: the events it gives, encoded."""
    venue.submit(Deposit(account="user", asset="ZUSD", amount=10**12, timestamp=timestamp))
    venue.submit(Deposit(account="user", asset="XXBT", amount=10**10, timestamp=timestamp))
    book = venue.market_data["XXBTZUSD"].book
    best = book.best(Side.SELL if side is Side.BUY else Side.BUY)
    assert best is not None
    sequenced = venue.submit(
        SubmitOrder(
            account="user",
            side=side,
            order_type=OrderType.LIMIT,
            quantity=10**6,  # 0.01 XBT: within the best level
            price=best[0],
            timestamp=timestamp,
        ),
        "XXBTZUSD",
    )
    venue.flush()
    return CODEC.encode_many_text(sequenced.events, context=sequenced.command.command)


def test_a_restart_replays_only_what_came_after_the_snapshot_and_matches_a_full_replay(
    tmp_path: Path,
) -> None:
    venue = open_venue(tmp_path)
    simulate(venue, 40)
    assert venue.save_snapshot() > 0
    snapshot_sequence = venue.snapshot_sequence
    simulate(venue, 10, first_step=40)
    last = venue.journal.durable_sequence
    venue.journal.flush()
    shutil.copytree(tmp_path, tmp_path.parent / "copy")
    venue.journal.close()  # as kill -9 would leave it: no snapshot at close

    restored = open_venue(tmp_path)
    full = open_venue(tmp_path.parent / "copy", snapshots=False)
    assert restored.recovered.first_sequence == snapshot_sequence + 1
    assert restored.recovered.last_sequence == full.recovered.last_sequence == last
    assert full.recovered.commands == last
    assert restored.recovered.commands == last - snapshot_sequence < last

    for venue_ in (restored, full):  # the same state: the same next events
        assert venue_.orders.open_orders(SimulationSettings().maker)
    assert [o.order_id for o in restored.orders.open_orders("sim-maker")] == [
        o.order_id for o in full.orders.open_orders("sim-maker")
    ]
    assert user_order(restored, Side.BUY, START + 60 * SECOND) == user_order(
        full, Side.BUY, START + 60 * SECOND
    )
    assert (
        restored.engine.accounts.get("user").balances == full.engine.accounts.get("user").balances
    )
    restored.close()
    full.close()


def test_closing_saves_a_snapshot_and_the_next_start_replays_nothing(tmp_path: Path) -> None:
    venue = open_venue(tmp_path)
    simulate(venue, 20)
    venue.close()
    again = open_venue(tmp_path)
    assert again.recovered.commands == 0
    assert again.snapshot_sequence == again.journal.durable_sequence > 0
    again.close()


def test_a_snapshot_is_saved_every_interval_commands(tmp_path: Path) -> None:
    venue = open_venue(tmp_path, interval=100)
    simulate(venue, 20)
    assert venue.journal.durable_sequence >= 300
    assert 0 < venue.journal.durable_sequence - venue.snapshot_sequence < 100 + 30
    assert venue.journal.snapshot() is not None
    venue.close()


def test_a_snapshot_it_cannot_trust_is_ignored_and_the_whole_journal_replayed(
    tmp_path: Path,
) -> None:
    venue = open_venue(tmp_path)
    simulate(venue, 10)
    venue.close()
    total = open_venue(tmp_path, snapshots=False)
    commands = total.recovered.commands
    total.close()

    journal = Journal(tmp_path / "journal.sqlite", CODEC)
    data = journal.snapshot()
    assert data is not None
    journal.store_snapshot(data[: len(data) // 2])  # truncated
    journal.close()
    truncated = open_venue(tmp_path)
    assert truncated.recovered.commands == commands
    truncated.journal.store_snapshot(data.replace(b"krakenbox-snapshot-1", b"krakenbox-snapshot-0"))
    truncated.journal.close()
    stamped_otherwise = open_venue(tmp_path)
    assert stamped_otherwise.recovered.commands == commands
    stamped_otherwise.journal.close()

    fresh_path = tmp_path / "fresh"  # a new journal holding the old snapshot: ahead of it
    fresh_path.mkdir()
    journal = Journal(fresh_path / "journal.sqlite", CODEC)
    journal.store_snapshot(data)
    journal.close()
    fresh = open_venue(fresh_path)
    assert fresh.recovered.commands == 0 and fresh.snapshot_sequence == 0
    assert not fresh.orders.open_orders("sim-maker")
    fresh.journal.close()


def test_transient_accounts_keep_their_open_orders_and_forget_the_closed_ones(
    tmp_path: Path,
) -> None:
    venue = open_venue(tmp_path, snapshots=False)
    simulate(venue, 30)
    maker = venue.orders.open_orders("sim-maker")
    assert len(maker) == 5 * 2 * 7  # five levels a side on seven pairs
    assert not venue.orders.closed_orders("sim-maker")
    assert not venue.orders.closed_orders("sim-taker")
    assert len(venue.orders) == len(maker)
    user_order(venue, Side.SELL, START + 40 * SECOND)
    (user,) = venue.orders.closed_orders("user")  # a user's history is kept
    assert user.filled > 0
    venue.close()
