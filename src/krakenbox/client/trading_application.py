"""The trading session's Application: signs the Logon and routes answers to the tracker.

Sans-I/O like the session it plugs into: the FIX session calls these callbacks with messages
that passed its checks, in sequence order, and this class turns them into the tracker's calls.
The Logon gets Kraken's credentials after its header is filled (spec/fix.md §3): 553 the API
key, 5025 a millisecond nonce that always increases, 554 the signature over the Logon's own
34/49/56, and 8674 for cancel-on-disconnect.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from krakenbox.client.promise import Promise
from krakenbox.client.reports import (
    BusinessMessageReject,
    ExecutionReport,
    LogonRefused,
    SessionReject,
)
from krakenbox.client.tracking import OrderTracker
from krakenbox.core.clock import NANOS_PER_MILLI, Clock
from krakenbox.fix.application import Application
from krakenbox.fix.message import Message
from krakenbox.fix.session import SessionID
from krakenbox.fix.store import MessageStore
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.kraken.fix.logon import password

log = logging.getLogger("krakenbox.client")

SEQUENCE_TOO_LOW = re.compile(r"MsgSeqNum too low, expecting (\d+) but received (\d+)")
"""The refusal text of QuickFIX-style acceptors (krakenbox's too) for a Logon behind the
sequence the venue expects; Kraken documents no text for it (spec/fix.md §3.4)."""

CANCEL_ON_DISCONNECT = "0"
KEEP_ORDERS_ON_DISCONNECT = "1"


class LogonSigner:
    """Adds Kraken's credentials to an outgoing Logon (nonce: clock milliseconds, increasing)."""

    def __init__(
        self, api_key: str, api_secret: str, clock: Clock, cancel_on_disconnect: bool
    ) -> None:
        self.api_key = api_key
        self.api_secret = api_secret
        self.clock = clock
        self.cancel_on_disconnect = cancel_on_disconnect
        self.last_nonce = 0

    def next_nonce(self) -> str:
        nonce = max(self.clock.now_ns() // NANOS_PER_MILLI, self.last_nonce + 1)
        self.last_nonce = nonce
        return str(nonce)

    def sign(self, logon: Message) -> None:
        nonce = self.next_nonce()
        signature = password(
            self.api_key,
            self.api_secret,
            logon[Tag.MsgSeqNum],
            logon[Tag.SenderCompID],
            logon[Tag.TargetCompID],
            nonce,
        )
        logon.append(Tag.Username, self.api_key)
        logon.append(Tag.Password, signature)
        logon.append(Tag.Nonce, nonce)
        logon.append(
            Tag.CancelOrdersOnDisconnect,
            CANCEL_ON_DISCONNECT if self.cancel_on_disconnect else KEEP_ORDERS_ON_DISCONNECT,
        )


class TradingApplication(Application):
    """Callbacks of the trading session (see the module docstring)."""

    def __init__(
        self,
        signer: LogonSigner,
        tracker: OrderTracker,
        clock: Clock,
        store: MessageStore,
        adopt_expected_sequence: bool = True,
    ) -> None:
        self.signer = signer
        self.adopt_expected_sequence = adopt_expected_sequence
        self.tracker = tracker
        self.clock = clock
        self.store = store
        self.logged_on = False
        self.logon_outcome: Promise[None] = Promise()
        """Settles at the next Logon reply, or fails with LogonRefused at a Logout instead."""
        self.last_logout_text: str | None = None
        self.sequence_began_ns = store.creation_time_ns
        self.other_messages: list[Message] = []
        """Application messages that are not answers to orders (kept for inspection)."""
        self.listeners: list[Callable[[ExecutionReport], None]] = []
        """Called with every new ExecutionReport after the tracker applied it."""

    def expect_logon(self, fresh: bool = False) -> Promise[None]:
        """The promise of the next Logon reply (``fresh``: forget how the last one ended)."""
        if fresh and self.logon_outcome.done():
            self.logon_outcome = Promise()
        return self.logon_outcome

    # -- Application -----------------------------------------------------------------------

    def on_logon(self, session_id: SessionID) -> None:
        self.logged_on = True
        self.last_logout_text = None
        if self.store.creation_time_ns != self.sequence_began_ns:
            self.sequence_began_ns = self.store.creation_time_ns
            self.tracker.on_sequence_reset()
        log.info("%s: logged on", session_id)
        self.logon_outcome.resolve(None)

    def on_logout(self, session_id: SessionID) -> None:
        self.logged_on = False
        log.info(
            "%s: logged out%s",
            session_id,
            f" ({self.last_logout_text})" if self.last_logout_text else "",
        )

    def on_outgoing_admin(self, message: Message, session_id: SessionID) -> None:
        msg_type = message.msg_type
        if msg_type == MsgType.Logon:
            if self.logon_outcome.done():
                self.logon_outcome = Promise()
            self.signer.sign(message)
        elif msg_type == MsgType.SequenceReset and message.get(Tag.GapFillFlag) == "Y":
            first, new_sequence = int(message[Tag.MsgSeqNum]), int(message[Tag.NewSeqNo])
            self.tracker.on_gap_fill(first, new_sequence)

    def on_admin(self, message: Message, session_id: SessionID) -> None:
        msg_type = message.msg_type
        if msg_type == MsgType.Reject:
            self.tracker.on_session_reject(SessionReject.from_message(message))
        elif msg_type == MsgType.Logout:
            self.last_logout_text = message.get(Tag.Text)
            if not self.logged_on and not self.adopt_venue_sequence(self.last_logout_text):
                self.logon_outcome.fail(LogonRefused(self.last_logout_text or "Logon refused"))

    def adopt_venue_sequence(self, text: str | None) -> bool:
        """A Logon refused as behind the venue's sequence (a new store, or one reset while the
        venue kept the day's numbers): continue from the number the venue expects, so the
        reconnect logs on. True if it did."""
        match = SEQUENCE_TOO_LOW.search(text or "")
        if not self.adopt_expected_sequence or match is None:
            return False
        expected, received = int(match.group(1)), int(match.group(2))
        if expected <= received or self.store.next_sender_seq != received + 1:
            return False
        log.warning(
            "the venue expects MsgSeqNum %d, not %d: continuing from %d",
            expected,
            received,
            expected,
        )
        self.store.next_sender_seq = expected
        return True

    def on_message(self, message: Message, session_id: SessionID) -> None:
        msg_type = message.msg_type
        if msg_type == MsgType.ExecutionReport:
            report = ExecutionReport.from_message(message)
            if not self.tracker.on_execution_report(report, self.clock.now_ns()):
                return
            for listener in list(self.listeners):
                listener(report)
        elif msg_type == MsgType.BusinessMessageReject:
            self.tracker.on_business_reject(BusinessMessageReject.from_message(message))
        else:
            self.other_messages.append(message)
