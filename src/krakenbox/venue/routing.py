"""Commands for a multi-instrument engine: ``SpotEngine.handle(command, pair)`` takes the pair
beside the command, and the journal must keep both. :class:`Routed` is that pair as one
record, and :class:`Router` adapts such an engine to the sequencer's one-argument ``Engine``
protocol::

    codec = spot_engine_codec()
    sequencer = Sequencer(Router(SpotEngine(catalogue, seed=7)), journal, codec)
    sequencer.submit(Routed(SubmitOrder(...), "XXBTZUSD"))
    sequencer.submit(Routed(Deposit(...)))            # money commands need no pair
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from krakenbox.domain.account_commands import MoneyCommand
from krakenbox.domain.account_events import MoneyEvent
from krakenbox.domain.commands import Command
from krakenbox.domain.records import fast_init
from krakenbox.venue.codec import Codec, spot_codec


@fast_init
@dataclass(frozen=True, slots=True)
class Routed:
    """A command and the instrument it is for (REST pair key; None for money commands and
    an ``AdvanceTime`` that moves every book)."""

    command: Command | MoneyCommand
    pair: str | None = None

    @property
    def timestamp(self) -> int:
        return self.command.timestamp


class PairEngine(Protocol):
    """An engine whose commands name their instrument separately (``SpotEngine``)."""

    def handle(self, command: Any, pair: str | None = None, /) -> list[Any]: ...


class Router:
    """Drives a :class:`PairEngine` with :class:`Routed` commands."""

    __slots__ = ("engine",)

    def __init__(self, engine: PairEngine) -> None:
        self.engine = engine

    def handle(self, routed: Routed, /) -> list[Any]:
        return self.engine.handle(routed.command, routed.pair)


def event_context(command: Any) -> Any:
    """The record a command's events may carry (and the journal writes as a reference): the
    command itself, or the command inside a :class:`Routed`."""
    return command.command if isinstance(command, Routed) else command


def spot_engine_codec(extra: Iterable[type[Any]] = ()) -> Codec:
    """The codec for a ``SpotEngine`` journal: routed book and money commands, and every
    event they give."""
    return spot_codec(
        extra=[
            Routed,
            *typing.get_args(MoneyCommand),
            *typing.get_args(MoneyEvent),
            *extra,
        ]
    )
