"""What the Spot FIX trading gateway remembers about each session and each request.

A trading session belongs to one account (the key it logged on with). Within a trading day
(22:00 UTC to 22:00 UTC) it keeps the ClOrdIDs it has used — Kraken checks uniqueness across the
FIX session — unless a Logon asks for ForceResetClOrdID (5030=Y).

A :class:`Request` is what a report needs from the message that caused a command: who asked,
the MsgSeqNum (45 of a reject), ClOrdID (11) and OrigClOrdID (41). Commands carry the order's
identifiers into the journal; the request's own ClOrdID only lives here, until the command is
published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from krakenbox.core.clock import NANOS_PER_SECOND
from krakenbox.domain.records import fast_init
from krakenbox.fix.session import SessionID

DAY_NS: Final = 86_400 * NANOS_PER_SECOND
ROLLOVER_OFFSET_NS: Final = 22 * 3_600 * NANOS_PER_SECOND
"""Kraken's trading day starts at 22:00 UTC (spec/fix.md §4.1)."""


def trading_day(now_ns: int) -> int:
    """The number of the Kraken trading day ``now_ns`` falls in."""
    return (now_ns - ROLLOVER_OFFSET_NS) // DAY_NS


def session_key(session_id: SessionID) -> str:
    """The origin session id the engine records for orders of a FIX session: stable across
    reconnects and restarts (``fix:<their CompID>``)."""
    return f"fix:{session_id.target_comp_id}"


@dataclass(slots=True)
class TradingSession:
    session_id: SessionID
    key: str
    account: str
    cancel_on_disconnect: bool = True
    clean_logout: bool = False
    day: int = 0
    client_order_ids: set[str] = field(default_factory=set)

    def start(self, *, account: str, cancel_on_disconnect: bool, reset_ids: bool, now: int) -> None:
        """A Logon was accepted."""
        day = trading_day(now)
        if reset_ids or day != self.day:
            self.client_order_ids.clear()
        self.account = account
        self.day = day
        self.cancel_on_disconnect = cancel_on_disconnect
        self.clean_logout = False

    def use(self, client_order_id: str) -> bool:
        """Record a ClOrdID; False if this session already used it today."""
        if client_order_id in self.client_order_ids:
            return False
        self.client_order_ids.add(client_order_id)
        return True


@fast_init
@dataclass(frozen=True, slots=True)
class Request:
    """The FIX message behind a command."""

    session: TradingSession
    msg_type: str
    sequence: int | None
    """MsgSeqNum (34) of the request."""
    client_order_id: str | None
    original_client_order_id: str | None = None
    allocation_account: str | None = None
