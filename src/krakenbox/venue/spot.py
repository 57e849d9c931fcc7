"""The Spot venue core: one engine, one sequence, one journal, and the read models every
gateway shares.

Gateways call :meth:`SpotVenue.submit` with a command and the pair it is for; the sequencer
runs it through the :class:`~krakenbox.matching.spot_engine.SpotEngine` and journals it. When
the batch is durable (:meth:`SpotVenue.flush`), the venue applies each command's events to the
read models — every order open and closed (:class:`~krakenbox.venue.orders.OrderRecords`) and
the market data of each instrument — and then tells its listeners, in sequence order, with the
instrument's :class:`~krakenbox.venue.market_data.MarketDataUpdate`. A gateway that must
answer after everything it submitted so far has been told (a refusal, a status reply) queues
the answer with :meth:`SpotVenue.after_published`, so a client sees replies in the order it
asked.

The journal records how the engine was built (its id seed and the catalogue's fingerprint); a
restart rebuilds the same engine and replays the journal into it, verifying every event. With
``snapshots`` on (:mod:`krakenbox.venue.snapshots`) the venue saves its state in the journal
every ``snapshot_interval`` commands and when it closes, and a restart replays only what came
after the snapshot it trusts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from krakenbox.domain.commands import AdvanceTime, SubmitOrder
from krakenbox.domain.records import fast_init
from krakenbox.matching.spot_engine import SpotEngine
from krakenbox.venue.journal import Journal, JournalError
from krakenbox.venue.market_data import MarketDataRegistry, MarketDataUpdate
from krakenbox.venue.orders import OrderRecords
from krakenbox.venue.routing import Routed, Router, spot_engine_codec
from krakenbox.venue.sequencer import Sequenced, Sequencer, replay
from krakenbox.venue.snapshots import Snapshot, Snapshots

if TYPE_CHECKING:
    from pathlib import Path

    from krakenbox.domain.account_commands import MoneyCommand
    from krakenbox.domain.catalogue import Catalogue
    from krakenbox.domain.commands import Command
    from krakenbox.domain.orders import Order

SEED_SETTING = "spot.seed"
CATALOGUE_SETTING = "spot.catalogue"
NEVER = 2**63
SNAPSHOT_INTERVAL = 200_000
"""Commands between snapshots: at the simulated market's ~25 commands a second, about every two
hours (a restart replays at tens of thousands of commands a second)."""


@fast_init
@dataclass(frozen=True, slots=True)
class Published:
    """One command as the listeners hear of it: after the journal has it."""

    sequenced: Sequenced
    pair: str | None
    market_data: MarketDataUpdate | None
    """What the command changed in the instrument's public views (None for money commands)."""

    @property
    def command(self) -> Any:
        return self.sequenced.command.command

    @property
    def events(self) -> list[Any]:
        return self.sequenced.events


class Listener:
    """What a gateway implements to hear of published commands. Override what you need."""

    def on_event(self, published: Published, event: Any, orders: tuple[Order, ...]) -> None:
        """One event of a published book command, with the orders it changed in their state
        just after it (a report per event renders from these, not from the final state).
        Money commands (deposits, withdrawals, transfers) touch no order: their events come
        only with :meth:`on_published`."""

    def on_published(self, published: Published) -> None:
        """The whole command, after its events (market data, balances)."""


class CatalogueChanged(JournalError):
    """The journal was written with another catalogue: replaying it would not rebuild state."""


def catalogue_fingerprint(catalogue: Catalogue) -> str:
    """A digest of everything in the catalogue the engine's behaviour depends on."""
    text = repr(sorted(repr(instrument) for instrument in catalogue)) + repr(
        sorted(repr(asset) for asset in catalogue.assets)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class SpotVenue:
    """The Spot engine behind its sequencer and journal, with the shared read models."""

    def __init__(
        self,
        catalogue: Catalogue,
        journal_path: str | Path,
        *,
        seed: int = 0,
        transient_accounts: frozenset[str] = frozenset(),
        snapshots: bool = False,
        snapshot_interval: int = SNAPSHOT_INTERVAL,
    ) -> None:
        """``transient_accounts``: accounts whose closed orders are not kept (see
        :class:`~krakenbox.venue.orders.OrderRecords`)."""
        codec = spot_engine_codec()
        self.catalogue = catalogue
        self.journal = Journal(journal_path, codec)
        self.seed = self._recorded_seed(seed)
        self.engine = SpotEngine(catalogue, seed=self.seed)
        self.orders = OrderRecords(transient_accounts)
        self.market_data = MarketDataRegistry()
        for instrument in catalogue:
            self.market_data.add(instrument.key)
        self._listeners: list[Listener] = []
        self._event_handlers: list[Callable[[Published, Any, tuple[Order, ...]], None]] = []
        self._published_handlers: list[Callable[[Published], None]] = []
        self.open_order_limit: Callable[[str], int | None] | None = None
        """An account's open-order limit per book (Kraken's per-tier limit), or None."""
        self._waiting: list[Callable[[], None]] = []
        self.snapshots: Snapshots | None = None
        self.snapshot_interval = snapshot_interval
        self.snapshot_sequence = 0
        """The sequence number of the last snapshot saved or restored (0: none)."""
        if snapshots:
            built_with = f"{self.seed}:{catalogue_fingerprint(catalogue)}:"
            self.snapshots = Snapshots(
                self.journal, built_with + ",".join(sorted(transient_accounts))
            )
            self._restore(self.snapshots)
        router = Router(self.engine)
        self.recovered = replay(
            router,
            self.journal,
            codec,
            from_sequence=self.snapshot_sequence + 1,
            on_replayed=self._publish,
        )
        self.sequencer = Sequencer(router, self.journal, codec)
        self.sequencer.subscribe(self._publish)

    def _restore(self, snapshots: Snapshots) -> None:
        snapshot = snapshots.load()
        if snapshot is not None:
            self.engine, self.orders, self.market_data = snapshot.state
            self.snapshot_sequence = snapshot.sequence

    def save_snapshot(self) -> int:
        """Flush, then save the state as of the last journaled command (unless the last
        snapshot already has it); the snapshot's size in bytes (0 if none was written)."""
        self.flush()
        return self._write_snapshot()

    def _write_snapshot(self) -> int:
        sequence = self.journal.durable_sequence
        if self.snapshots is None or sequence == self.snapshot_sequence:
            return 0
        state = (self.engine, self.orders, self.market_data)
        size = self.snapshots.save(Snapshot(sequence, state))
        self.snapshot_sequence = sequence
        return size

    def _recorded_seed(self, seed: int) -> int:
        journal = self.journal
        fingerprint = catalogue_fingerprint(self.catalogue)
        stored_seed = journal.setting(SEED_SETTING)
        if stored_seed is None:
            journal.store_setting(SEED_SETTING, str(seed))
            journal.store_setting(CATALOGUE_SETTING, fingerprint)
            return seed
        if journal.setting(CATALOGUE_SETTING) != fingerprint:
            raise CatalogueChanged(
                f"{journal.path} was written with another instrument catalogue; "
                "start with a new data dir (or the catalogue it was written with)"
            )
        return int(stored_seed)

    # --- commands ---------------------------------------------------------------------------

    def submit(self, command: Command | MoneyCommand, pair: str | None = None) -> Sequenced:
        """Sequence, carry out and journal one command (published at the next flush). A new
        order gets the account's open-order limit stamped on it (``open_order_limit``)."""
        limit = self.open_order_limit
        if limit is not None and type(command) is SubmitOrder:
            maximum = limit(command.account)
            if maximum is not None:
                command = replace(command, maximum_open_orders=maximum)
        return self.sequencer.submit(Routed(command, pair))

    def flush(self) -> None:
        """Make everything submitted durable, publish it, then run what waited for it."""
        self.sequencer.flush()
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()
        if (
            self.snapshots is not None
            and self.journal.durable_sequence - self.snapshot_sequence >= self.snapshot_interval
        ):
            self._write_snapshot()

    @property
    def unpublished(self) -> bool:
        return self.journal.pending > 0

    def after_published(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once everything submitted so far has been published (now, if it
        has)."""
        if self.unpublished:
            self._waiting.append(callback)
        else:
            callback()

    def advance_time(self, now: int) -> None:
        """Let every book whose GTD expiries or dead man's switches fall due by ``now`` act."""
        for pair, book in self.engine.books().items():
            if book.next_deadline <= now:
                self.submit(AdvanceTime(timestamp=now), pair)

    def next_deadline(self) -> int:
        """The earliest timed event of any book (``NEVER`` when none)."""
        return min((book.next_deadline for book in self.engine.books().values()), default=NEVER)

    # --- publishing -------------------------------------------------------------------------

    def listen(self, listener: Listener) -> None:
        """Tell ``listener`` about every command published from now on."""
        self._listeners.append(listener)
        self._bind_listeners()

    def unlisten(self, listener: Listener) -> None:
        self._listeners.remove(listener)
        self._bind_listeners()

    def _bind_listeners(self) -> None:
        """The listeners' methods, bound once and in order, leaving out the ones a listener
        does not override (``Listener``'s do nothing): publishing calls them per event."""
        listeners = self._listeners
        self._event_handlers = [
            listener.on_event
            for listener in listeners
            if type(listener).on_event is not Listener.on_event
        ]
        self._published_handlers = [
            listener.on_published
            for listener in listeners
            if type(listener).on_published is not Listener.on_published
        ]

    def _publish(self, sequenced: Sequenced) -> None:
        """Apply a command's events to the read models and tell the listeners (on replay at
        start-up nobody listens yet: only the read models are brought up to date)."""
        routed: Routed = sequenced.command
        pair = routed.pair
        published = Published(sequenced, pair, None)
        if pair is not None:
            apply = self.orders.apply
            event_handlers = self._event_handlers
            for event in sequenced.events:
                orders = apply(event, pair)
                for on_event in event_handlers:
                    on_event(published, event, orders)
            update = self.market_data.apply(pair, sequenced.events)
            published = Published(sequenced, pair, update)
        for on_published in self._published_handlers:
            on_published(published)

    def close(self) -> None:
        """Flush, save a snapshot (with a snapshot file) and close the journal."""
        self.save_snapshot()
        self.journal.close()
