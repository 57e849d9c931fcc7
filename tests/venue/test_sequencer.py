"""The sequencer: commands numbered in arrival order, events published only once durable, and
a restart that replays the journal into a fresh engine, reproducing every event and the book,
and refusing an engine that does not."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from krakenbox.domain.commands import AdvanceTime, SubmitOrder
from krakenbox.domain.events import Event, OrderAccepted
from krakenbox.domain.orders import OrderType, Side
from krakenbox.matching.engine import SpotBook
from krakenbox.venue.codec import spot_codec
from krakenbox.venue.journal import Journal
from krakenbox.venue.sequencer import (
    DeterminismError,
    Sequenced,
    Sequencer,
    SequencerStopped,
    recover,
    replay,
)

from .streams import command_stream, new_book

CODEC = spot_codec()


def state_of(book: SpotBook) -> tuple[Any, ...]:
    """Everything a client could see of a book: both sides order by order, open orders with
    their fills, prices, the next trade id and the dead man's switches."""
    return (
        [
            (price, [(o.order_id, o.remaining, o.visible) for o in orders])
            for side in (Side.BUY, Side.SELL)
            for price, orders in book.orders_by_level(side)
        ],
        [
            (o.order_id, o.account, o.status, o.filled, o.cost, o.quantity, o.triggered)
            for o in book.open_orders()
        ],
        book.last_price,
        book.index_price,
        book.status,
        book.next_trade_id,
        [book.dead_man_switch(account) for account in ("alice", "bob", "carol")],
    )


def test_events_are_published_in_order_only_after_the_flush(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite", CODEC)
    sequencer = Sequencer(new_book(), journal, CODEC, batch_size=4)
    seen: list[Sequenced] = []

    def subscriber(sequenced: Sequenced) -> None:
        assert journal.durable_sequence >= sequenced.sequence  # durable before anyone hears
        seen.append(sequenced)

    sequencer.subscribe(subscriber)
    stream = command_stream(10)
    results = [sequencer.submit(command) for command in stream[:3]]
    assert [r.sequence for r in results] == [1, 2, 3]
    assert seen == []  # not acknowledged yet
    sequencer.submit(stream[3])  # the batch is full: flushed and published
    assert [s.sequence for s in seen] == [1, 2, 3, 4]
    sequencer.submit(stream[4])
    assert [s.sequence for s in sequencer.flush()] == [5]
    assert [s.command for s in seen] == stream[:5]
    sequencer.close()


def test_replay_reproduces_every_event_and_the_book(tmp_path: Path) -> None:
    stream = command_stream(3_000, seed=11)
    original = new_book()
    recorded: list[list[Event]] = []
    sequencer = Sequencer(original, Journal(tmp_path / "j.sqlite", CODEC), CODEC, batch_size=64)
    sequencer.subscribe(lambda sequenced: recorded.append(sequenced.events))
    for index, command in enumerate(stream):
        sequencer.submit(command)
        if index % 7 == 0:
            sequencer.flush()
    sequencer.close()
    assert len(recorded) == len(stream)

    replayed: list[list[Event]] = []
    rebuilt = new_book()
    journal = Journal(tmp_path / "j.sqlite", CODEC)
    result = replay(rebuilt, journal, CODEC, on_replayed=lambda s: replayed.append(s.events))
    assert (result.commands, result.last_sequence) == (3_000, 3_000)
    assert replayed == recorded
    assert state_of(rebuilt) == state_of(original)
    # The journal holds the same events, decoded.
    assert [record.events for record in journal.records()] == recorded
    journal.close()


def test_recover_continues_where_the_journal_ends(tmp_path: Path) -> None:
    stream = command_stream(600, seed=5)
    path = tmp_path / "j.sqlite"
    reference = new_book()
    expected = [reference.handle(command) for command in stream]

    first = Sequencer(new_book(), Journal(path, CODEC), CODEC)
    for command in stream[:400]:
        first.submit(command)
    first.flush()
    for command in stream[400:450]:
        first.submit(command)  # submitted, never flushed: lost with the process
    del first

    sequencer, result = recover(new_book(), Journal(path, CODEC), CODEC)
    assert result.last_sequence == 400
    assert sequencer.next_sequence == 401
    continued = [sequencer.submit(command) for command in stream[400:]]
    sequencer.close()
    assert [c.sequence for c in continued] == list(range(401, 601))
    assert [c.events for c in continued] == expected[400:]

    _, again = recover(new_book(), Journal(path, CODEC), CODEC)
    assert again.commands == 600


class Flaky:
    """An engine that sometimes makes up an event: not deterministic."""

    def __init__(self, seed: int) -> None:
        self.book = new_book()
        self.random = random.Random(seed)

    def handle(self, command: Any) -> list[Any]:
        events = self.book.handle(command)
        if self.random.random() < 0.2:
            events.append(OrderAccepted("OFLAKY-FLAKY-FLAKY1", order(), command.timestamp))
        return events


def order() -> SubmitOrder:
    return SubmitOrder(
        account="x", side=Side.BUY, order_type=OrderType.LIMIT, quantity=1, price=1, timestamp=0
    )


def test_a_non_deterministic_engine_is_caught_on_replay(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    sequencer = Sequencer(Flaky(seed=1), Journal(path, CODEC), CODEC)
    for command in command_stream(200):
        sequencer.submit(command)
    sequencer.close()
    with pytest.raises(DeterminismError, match="determinism broken at sequence") as caught:
        replay(Flaky(seed=2), Journal(path, CODEC), CODEC)
    assert caught.value.journaled != caught.value.regenerated
    # Without the check the replay goes through (for tools that only want the commands).
    assert replay(Flaky(seed=2), Journal(path, CODEC), CODEC, verify=False).commands == 200


def test_an_engine_built_differently_is_caught_too(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    sequencer = Sequencer(new_book(seed=7), Journal(path, CODEC), CODEC)
    for command in command_stream(50):
        sequencer.submit(command)
    sequencer.close()
    with pytest.raises(DeterminismError):  # other id seed: other order ids
        replay(new_book(seed=8), Journal(path, CODEC), CODEC)


def test_replay_from_a_sequence_number_is_the_snapshot_seam(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    stream = command_stream(300, seed=3)
    sequencer = Sequencer(new_book(), Journal(path, CODEC), CODEC)
    for command in stream:
        sequencer.submit(command)
    sequencer.close()
    # "Snapshot" at 120: an engine that has seen the first 120 commands, then the tail.
    engine = new_book()
    for command in stream[:120]:
        engine.handle(command)
    result = replay(engine, Journal(path, CODEC), CODEC, from_sequence=121)
    assert (result.first_sequence, result.last_sequence, result.commands) == (121, 300, 180)


def test_a_failed_flush_stops_the_sequencer(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite", CODEC)
    sequencer = Sequencer(new_book(), journal, CODEC)
    sequencer.submit(AdvanceTime(timestamp=1))
    journal._connection.close()  # the disk goes away
    with pytest.raises(Exception, match="closed"):
        sequencer.flush()
    assert sequencer.stopped
    with pytest.raises(SequencerStopped, match="recover"):
        sequencer.submit(AdvanceTime(timestamp=2))


class Exploding:
    """An engine with a bug: it raises on the third command, after changing its state."""

    def __init__(self) -> None:
        self.book = new_book()
        self.count = 0

    def handle(self, command: Any) -> list[Any]:
        self.count += 1
        events = self.book.handle(command)
        if self.count == 3:
            raise RuntimeError("engine bug")
        return events


def test_an_engine_that_raises_stops_the_sequencer(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    stream = command_stream(5)
    sequencer = Sequencer(Exploding(), Journal(path, CODEC), CODEC)
    sequencer.submit(stream[0])
    sequencer.submit(stream[1])
    with pytest.raises(RuntimeError, match="engine bug"):
        sequencer.submit(stream[2])
    with pytest.raises(SequencerStopped):
        sequencer.submit(stream[3])
    with pytest.raises(SequencerStopped):
        sequencer.flush()
    sequencer.journal.close()  # what was sequenced before the failure is journaled
    _, result = recover(new_book(), Journal(path, CODEC), CODEC)
    assert result.last_sequence == 2
