"""The sequencer: one line of commands from every gateway, in arrival order.

Each command gets the next sequence number, goes through the engine, and is appended with its
events to the journal's current batch. Nothing is published before its batch is durable:
:meth:`Sequencer.flush` commits the batch, then hands each command's events to the subscribers
in sequence order. A gateway acknowledges a command when its subscriber sees it, so no client
ever hears of an outcome the journal could lose on ``kill -9``. The caller decides when to
flush (after each burst of input, say); a full batch flushes by itself.

On restart, :func:`replay` feeds the journal's commands through a fresh engine built the same
way (same catalogue, same id seeds) and checks that each command gives exactly the events the
journal holds, byte for byte once encoded; a difference raises :class:`DeterminismError`.
The seam for snapshots is ``from_sequence``: restore an engine from a snapshot taken after
sequence *n*, then replay from *n + 1* (snapshots themselves are not written yet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from krakenbox.domain.records import fast_init
from krakenbox.venue.codec import Codec
from krakenbox.venue.journal import Journal, JournalError
from krakenbox.venue.routing import event_context


class Engine(Protocol):
    """What the sequencer drives: commands in, the events each one caused out, deterministic
    (``SpotBook`` today; the multi-instrument ``SpotEngine`` when it lands)."""

    def handle(self, command: Any, /) -> list[Any]: ...


@fast_init
@dataclass(frozen=True, slots=True)
class Sequenced:
    """A command with its sequence number and the events it produced."""

    sequence: int
    command: Any
    events: list[Any]


Subscriber = Callable[[Sequenced], None]
"""Called once per command, in sequence order, after its batch is durable."""


class DeterminismError(RuntimeError):
    """Replaying a journaled command gave different events: the engine is not deterministic
    (or was not built as the one that wrote the journal)."""

    def __init__(self, sequence: int, journaled: list[Any], regenerated: list[Any]) -> None:
        self.sequence = sequence
        self.journaled = journaled
        self.regenerated = regenerated
        difference = next(
            (
                index
                for index, (old, new) in enumerate(zip(journaled, regenerated, strict=False))
                if old != new
            ),
            min(len(journaled), len(regenerated)),
        )
        super().__init__(
            f"determinism broken at sequence {sequence}, event {difference}: journal has "
            f"{_describe(journaled, difference)}, replay gave {_describe(regenerated, difference)}"
        )


def _describe(events: list[Any], index: int) -> str:
    if index >= len(events):
        return f"no event (only {len(events)})"
    return repr(events[index])


class SequencerStopped(JournalError):
    """The engine or the journal failed earlier; the engine may be ahead of the journal, so
    nothing more is accepted until the venue restarts and recovers."""


class Sequencer:
    """Sequences commands through one engine, journals them and publishes their events."""

    __slots__ = (
        "_codec",
        "_engine",
        "_failure",
        "_journal",
        "_next_sequence",
        "_subscribers",
        "_unpublished",
        "batch_size",
    )

    def __init__(
        self, engine: Engine, journal: Journal, codec: Codec, *, batch_size: int = 1024
    ) -> None:
        """``engine`` must already hold the state of everything in ``journal`` (a fresh
        engine for an empty journal; see :func:`recover` otherwise)."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._engine = engine
        self._journal = journal
        self._codec = codec
        self._next_sequence = journal.last_sequence + 1
        self._subscribers: list[Subscriber] = []
        self._unpublished: list[Sequenced] = []
        self._failure: BaseException | None = None
        self.batch_size = batch_size

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def journal(self) -> Journal:
        return self._journal

    @property
    def next_sequence(self) -> int:
        return self._next_sequence

    def subscribe(self, subscriber: Subscriber) -> None:
        """Call ``subscriber`` for every command made durable from now on."""
        self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.remove(subscriber)

    def submit(self, command: Any) -> Sequenced:
        """Sequence and carry out ``command``; journal it in the current batch.

        The result is *not yet acknowledged*: it is published (and may be told to a client)
        when the batch is flushed, by :meth:`flush` or because the batch is full.

        The engine answers bad commands with events; if it raises instead (a bug), or the
        events cannot be encoded, the engine may be half-way through a change the journal
        does not have: the sequencer stops (everything after raises) and the venue must
        restart and recover from the journal, which leaves that command out.
        """
        self._check_running()
        sequence = self._next_sequence
        codec = self._codec
        try:
            events = self._engine.handle(command)
            self._journal.append(
                sequence,
                command.timestamp,
                codec.encode_text(command),
                codec.encode_many_text(events, context=event_context(command)),
            )
        except BaseException as error:
            self._failure = error
            raise
        self._next_sequence = sequence + 1
        sequenced = Sequenced(sequence, command, events)
        self._unpublished.append(sequenced)
        if len(self._unpublished) >= self.batch_size:
            self.flush()
        return sequenced

    def flush(self) -> list[Sequenced]:
        """Make the current batch durable, then publish it in order; what was published.

        If the journal cannot commit, the engine is ahead of the journal: the sequencer
        stops (:class:`SequencerStopped` for everything after; recover in a new process)."""
        self._check_running()
        try:
            self._journal.flush()
        except BaseException as error:
            self._failure = error
            raise
        published, self._unpublished = self._unpublished, []
        for sequenced in published:
            for subscriber in self._subscribers:
                subscriber(sequenced)
        return published

    def _check_running(self) -> None:
        if self._failure is not None:
            raise SequencerStopped(
                f"the sequencer stopped after {self._failure!r:.200}; restart and recover"
            ) from self._failure

    @property
    def stopped(self) -> bool:
        """Whether a failure stopped the sequencer (see :meth:`submit`, :meth:`flush`)."""
        return self._failure is not None

    def close(self) -> None:
        """Flush, publish and close the journal."""
        self.flush()
        self._journal.close()


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """What a replay went through."""

    first_sequence: int
    last_sequence: int
    commands: int
    events: int


def replay(
    engine: Engine,
    journal: Journal,
    codec: Codec,
    *,
    from_sequence: int = 1,
    verify: bool = True,
    on_replayed: Callable[[Sequenced], None] | None = None,
) -> ReplayResult:
    """Feed the journal's commands from ``from_sequence`` on through ``engine`` (fresh, or
    restored to the state after ``from_sequence - 1``), checking with ``verify`` that each gives
    exactly the journaled events; ``on_replayed`` sees each command and its events (to rebuild
    read models such as market-data views)."""
    decode, encode_many = codec.decode, codec.encode_many_text
    handle = engine.handle
    commands = events_count = 0
    last = from_sequence - 1
    for entry in journal.entries(from_sequence):
        if entry.sequence != last + 1:
            raise JournalError(f"journal gap: sequence {entry.sequence} after {last}")
        command = decode(entry.command)
        events = handle(command)
        if verify and encode_many(events, context=event_context(command)) != entry.events:
            journaled = codec.decode_many(entry.events, context=event_context(command))
            raise DeterminismError(entry.sequence, journaled, events)
        if on_replayed is not None:
            on_replayed(Sequenced(entry.sequence, command, events))
        commands += 1
        events_count += len(events)
        last = entry.sequence
    return ReplayResult(from_sequence, last, commands, events_count)


def recover(
    engine: Engine,
    journal: Journal,
    codec: Codec,
    *,
    batch_size: int = 1024,
    subscribers: Iterable[Subscriber] = (),
) -> tuple[Sequencer, ReplayResult]:
    """Rebuild ``engine`` (fresh) from the whole journal, verified, and return a sequencer that
    continues after the last journaled command."""
    result = replay(engine, journal, codec)
    sequencer = Sequencer(engine, journal, codec, batch_size=batch_size)
    for subscriber in subscribers:
        sequencer.subscribe(subscriber)
    return sequencer, result
