"""The FIX session: one sans-I/O state machine for acceptor and initiator.

It takes bytes (:meth:`Session.receive_data`) and time (:meth:`Session.on_timer`, with the clock
it was given) in, and gives bytes (:meth:`Session.data_to_send`) and a wish to close
(:attr:`Session.wants_close`) out; it never touches a socket or reads the wall clock. The adapter
that owns the transport calls ``store.flush()`` before writing what ``data_to_send`` returned.

The states and their transitions are in :mod:`krakenbox.fix.session.state`; the inbound rules
(sequence numbers, CompIDs, SendingTime, the admin messages) in
:mod:`krakenbox.fix.session.inbound`; docs/fix-session.md has the full table of situations.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Final

from krakenbox.core.clock import NANOS_PER_SECOND, Clock
from krakenbox.fix.codec import GarbledFrame, encode, encode_body
from krakenbox.fix.message import Message
from krakenbox.fix.session import admin
from krakenbox.fix.session.inbound import InboundRules
from krakenbox.fix.session.outbound import HeaderRenderer, with_header
from krakenbox.fix.session.resend import GapFill, plan_resend, resend_range
from krakenbox.fix.session.schedule import DailySchedule
from krakenbox.fix.session.settings import Role, SessionSettings
from krakenbox.fix.session.state import ConnectionData, SessionState, check_transition
from krakenbox.fix.tags import Tag
from krakenbox.fix.timestamps import format_utc_timestamp

if TYPE_CHECKING:
    from krakenbox.fix.application import Application
    from krakenbox.fix.dictionary import Dictionary
    from krakenbox.fix.session.session_id import SessionID
    from krakenbox.fix.store import MessageStore

log = logging.getLogger("krakenbox.fix.session")

LOGGED_ON_STATES = frozenset({SessionState.LOGGED_ON, SessionState.LOGOUT_SENT})
TEST_REQUEST_ID = "TEST"


ROLLOVER_TEXT: Final = "session rollover"
"""Text (58) of the Logout that ends a session at its daily reset."""


class Session:
    """One FIX session (one SessionID); lives across connections."""

    def __init__(
        self,
        settings: SessionSettings,
        store: MessageStore,
        application: Application,
        clock: Clock,
        dictionary: Dictionary | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.application = application
        self.clock = clock
        self.dictionary = dictionary if dictionary is not None else settings.validate_with
        self.session_id: SessionID = settings.session_id
        self.schedule = (
            DailySchedule(settings.reset_time, settings.logon_blackout_s)
            if settings.reset_time is not None
            else None
        )
        self.connection = ConnectionData()
        self.log = logging.LoggerAdapter(log, {"session_id": str(self.session_id)})
        self.inbound = InboundRules(self)
        self.header = HeaderRenderer(self.session_id)
        application.on_create(self.session_id)

    # -- public state ----------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        return self.connection.state

    @property
    def is_logged_on(self) -> bool:
        return self.connection.state is SessionState.LOGGED_ON

    @property
    def is_connected(self) -> bool:
        return self.connection.state is not SessionState.DISCONNECTED

    @property
    def wants_close(self) -> bool:
        """The adapter must close the transport once :meth:`data_to_send` is drained."""
        return self.connection.state is SessionState.CLOSING

    @property
    def heartbeat_interval_s(self) -> int:
        return self.connection.heartbeat_interval_s

    # -- connection lifecycle --------------------------------------------------------------

    def connection_made(self) -> None:
        """A transport is up: the initiator sends its Logon, the acceptor starts waiting."""
        if self.is_connected:
            raise RuntimeError(f"{self.session_id}: connection_made while already connected")
        now = self.clock.now_ns()
        self.connection = ConnectionData(
            last_sent_ns=now,
            last_received_ns=now,
            heartbeat_interval_s=self.settings.heartbeat_interval_s,
        )
        self.apply_daily_reset(now)
        if self.settings.role is Role.ACCEPTOR:
            self.move(SessionState.AWAITING_LOGON)
            self.connection.logon_deadline_ns = now + seconds(self.settings.logon_timeout_s)
            return
        if self.schedule is not None and self.schedule.in_blackout(now):
            self.move(SessionState.AWAITING_LOGON)
            self.connection.logon_not_before_ns = self.schedule.blackout_end_ns(now)
            self.log.info("%s: in the rollover blackout, Logon delayed", self.session_id)
            return
        self.send_logon()

    def connection_lost(self) -> None:
        """The transport is gone; connection-level state is dropped, sequence numbers kept."""
        if self.is_connected:
            self.log.info("%s: disconnected", self.session_id)
            self.move(SessionState.DISCONNECTED)
        self.connection = ConnectionData()

    def receive_data(self, data: bytes) -> None:
        """Bytes from the transport. Never raises because of what the peer sent."""
        connection = self.connection
        if connection.state in (SessionState.DISCONNECTED, SessionState.CLOSING):
            return
        connection.parser.feed(data)
        while self.connection is connection and not self.wants_close:
            item = connection.parser.next()
            if item is None:
                return
            if isinstance(item, GarbledFrame):
                self.on_garbled(item)
                continue
            if len(item.fields) < 3 or item.fields[2][0] != Tag.MsgType:
                self.on_garbled(
                    GarbledFrame("MsgType (35) is not the third field", item.raw or b"")
                )
                continue
            try:
                self.inbound.on_message(item)
            except Exception:
                self.log.exception("%s: error handling %r", self.session_id, item)

    def on_garbled(self, frame: GarbledFrame) -> None:
        self.log.warning(
            "%s: garbled input ignored (%s): %r", self.session_id, frame.reason, frame.raw[:200]
        )
        if self.connection.state in (SessionState.AWAITING_LOGON, SessionState.LOGON_SENT):
            self.log.warning("%s: garbled input before logon, disconnecting", self.session_id)
            self.move(SessionState.CLOSING)

    def data_to_send(self) -> bytes:
        """Everything queued for the transport since the last call."""
        outbound = self.connection.outbound
        if not outbound:
            return b""
        data = b"".join(outbound)
        outbound.clear()
        return data

    # -- the application's calls -----------------------------------------------------------

    def send(self, message: Message) -> bool:
        """Send an application message: the header is filled here; False if not logged on.

        A message sent while not logged on still takes a sequence number and is stored (as
        QuickFIX does), so the counterparty can ask for it after the next Logon.
        """
        raw = self.stamp_new(message, admin_message=False)
        if not self.is_logged_on:
            return False
        self.write(raw)
        return True

    def logout(self, text: str | None = None) -> None:
        """Start a Logout; the transport closes on the reply or after ``logout_timeout_s``."""
        state = self.connection.state
        if state is SessionState.LOGGED_ON:
            self.logout_and_wait(text)
        elif state in (SessionState.AWAITING_LOGON, SessionState.LOGON_SENT):
            self.move(SessionState.CLOSING)

    # -- timers ----------------------------------------------------------------------------

    def next_deadline_ns(self) -> int | None:
        """When :meth:`on_timer` must next be called (None: nothing is scheduled)."""
        connection = self.connection
        state = connection.state
        if state in (SessionState.DISCONNECTED, SessionState.CLOSING):
            return None
        deadlines: list[int] = []
        if self.schedule is not None:
            deadlines.append(self.schedule.next_boundary_ns(self.store.creation_time_ns))
        for deadline in (
            connection.logon_deadline_ns,
            connection.logon_not_before_ns,
            connection.logout_deadline_ns,
        ):
            if deadline is not None:
                deadlines.append(deadline)
        interval = connection.heartbeat_interval_s
        if state in LOGGED_ON_STATES and interval > 0:
            deadlines.append(connection.last_sent_ns + seconds(interval))
            silence = self.settings.test_request_factor * interval
            if connection.test_request_id is None:
                deadlines.append(connection.last_received_ns + seconds(silence))
            else:
                deadlines.append(connection.last_received_ns + seconds(2 * silence))
        return min(deadlines) if deadlines else None

    def on_timer(self) -> None:
        """Act on the current time; harmless when called early or often."""
        now = self.clock.now_ns()
        state = self.connection.state
        if state is SessionState.CLOSING:
            return
        if self.schedule is not None and self.schedule.needs_reset(
            self.store.creation_time_ns, now
        ):
            self.roll_over(now)
            if self.connection.state is SessionState.CLOSING:
                return
        if state is SessionState.DISCONNECTED:
            return
        self.check_logon_logout_timeouts(now)
        if self.connection.state in LOGGED_ON_STATES:
            self.check_heartbeats(now)

    def roll_over(self, now: int) -> None:
        """The daily reset instant: log out whoever is logged on, then start a new sequence."""
        state = self.connection.state
        if state in LOGGED_ON_STATES:
            self.log.info("%s: daily reset, logging out", self.session_id)
            self.send_admin(admin.logout(ROLLOVER_TEXT))
            self.move(SessionState.CLOSING)
        elif state is SessionState.LOGON_SENT:
            self.move(SessionState.CLOSING)
        self.store.reset(now)
        self.log.info("%s: sequence numbers reset (daily reset)", self.session_id)

    def check_logon_logout_timeouts(self, now: int) -> None:
        connection = self.connection
        state = connection.state
        if state is SessionState.AWAITING_LOGON and connection.logon_not_before_ns is not None:
            if now >= connection.logon_not_before_ns:
                connection.logon_not_before_ns = None
                self.send_logon()
            return
        if state in (SessionState.AWAITING_LOGON, SessionState.LOGON_SENT):
            if connection.logon_deadline_ns is not None and now >= connection.logon_deadline_ns:
                self.log.warning("%s: logon timeout", self.session_id)
                self.move(SessionState.CLOSING)
        elif (
            state is SessionState.LOGOUT_SENT
            and connection.logout_deadline_ns is not None
            and now >= connection.logout_deadline_ns
        ):
            self.log.warning("%s: no Logout reply, closing", self.session_id)
            self.move(SessionState.CLOSING)

    def check_heartbeats(self, now: int) -> None:
        connection = self.connection
        interval = connection.heartbeat_interval_s
        if interval <= 0:
            return
        silence_ns = now - connection.last_received_ns
        test_after = seconds(self.settings.test_request_factor * interval)
        if connection.test_request_id is not None and silence_ns >= 2 * test_after:
            self.log.warning("%s: no answer to TestRequest, disconnecting", self.session_id)
            self.send_admin(admin.logout("Heartbeat timeout"))
            self.move(SessionState.CLOSING)
            return
        if connection.test_request_id is None and silence_ns >= test_after:
            connection.test_request_count += 1
            connection.test_request_id = TEST_REQUEST_ID
            self.send_admin(admin.test_request(TEST_REQUEST_ID))
        if now - connection.last_sent_ns >= seconds(interval):
            self.send_admin(admin.heartbeat())

    # -- helpers used by the inbound rules -------------------------------------------------

    def move(self, target: SessionState) -> None:
        """Change state through the table; tell the application when a logon ends."""
        current = self.connection.state
        check_transition(current, target)
        self.connection.state = target
        if target is SessionState.CLOSING:
            self.connection.logout_deadline_ns = None
            self.connection.logon_deadline_ns = None
        if current in LOGGED_ON_STATES and target not in LOGGED_ON_STATES:
            self.application.on_logout(self.session_id)

    def apply_daily_reset(self, now: int) -> None:
        """Reset the store first if a daily boundary passed since its sequence began."""
        if self.schedule is not None and self.schedule.needs_reset(
            self.store.creation_time_ns, now
        ):
            self.log.info(
                "%s: a daily reset passed while away, sequence restarts at 1", self.session_id
            )
            self.store.reset(now)

    def in_blackout(self, now: int) -> bool:
        return self.schedule is not None and self.schedule.in_blackout(now)

    def is_admin(self, msg_type: str) -> bool:
        if self.dictionary is not None:
            return bool(self.dictionary.is_admin(msg_type))
        return msg_type in admin.ADMIN_MSG_TYPES

    def timestamp(self) -> str:
        return format_utc_timestamp(self.clock.now_ns(), self.settings.timestamp_precision)

    def stamp_new(self, message: Message, admin_message: bool) -> bytes:
        """Give ``message`` the next MsgSeqNum and our header, encode and store it."""
        store = self.store
        seq = store.next_sender_seq
        store.next_sender_seq = seq + 1
        if admin_message:  # the application may change an admin message (a Logon's signature)
            full = with_header(message, self.session_id, seq, self.timestamp())
            self.application.on_outgoing_admin(full, self.session_id)
            raw = encode(full, self.session_id.begin_string)
        else:  # the same bytes, without building the full message first
            body = self.header.render_body(message, seq, self.timestamp())
            raw = encode_body(body, self.session_id.begin_string)
        store.save_outgoing(seq, raw)
        return raw

    def write(self, raw: bytes) -> None:
        self.connection.outbound.append(raw)
        self.connection.last_sent_ns = self.clock.now_ns()

    def send_admin(self, message: Message) -> None:
        self.write(self.stamp_new(message, admin_message=True))

    def send_logon(self) -> None:
        """Initiator: our Logon (after the store reset ResetSeqNumFlag asks for)."""
        now = self.clock.now_ns()
        reset = self.settings.reset_on_logon
        if reset:
            self.store.reset(now)
        self.connection.sent_reset = reset
        self.send_admin(admin.logon(self.settings.heartbeat_interval_s, reset))
        self.move(SessionState.LOGON_SENT)
        self.connection.logon_deadline_ns = now + seconds(self.settings.logon_timeout_s)

    def logout_and_wait(self, text: str | None) -> None:
        """Send a Logout and wait for the reply (closing after ``logout_timeout_s``)."""
        if self.connection.state is not SessionState.LOGGED_ON:
            if self.connection.state is not SessionState.LOGOUT_SENT:
                self.logout_and_close(text)
            return
        self.send_admin(admin.logout(text))
        self.move(SessionState.LOGOUT_SENT)
        self.connection.logout_deadline_ns = self.clock.now_ns() + seconds(
            self.settings.logout_timeout_s
        )

    def logout_and_close(self, text: str | None) -> None:
        """Send a Logout and ask for the transport to be closed at once."""
        self.send_admin(admin.logout(text))
        self.move(SessionState.CLOSING)

    def resend(self, begin: int, end: int) -> None:
        """Answer a ResendRequest for ``begin..end`` from the store."""
        chosen = resend_range(begin, end, self.store.next_sender_seq)
        if chosen is None:
            self.log.info(
                "%s: ResendRequest %d..%d asks for nothing we sent", self.session_id, begin, end
            )
            return
        first, last = chosen
        self.log.info("%s: resending %d..%d", self.session_id, first, last)
        stored = self.store.outgoing(first, last)
        items = plan_resend(stored, first, last, self.is_admin, self.settings.gap_fill_everything)
        for item in items:
            now_text = self.timestamp()
            if isinstance(item, GapFill):
                message = with_header(
                    admin.gap_fill(item.new_seq), self.session_id, item.seq, now_text, now_text
                )
                self.application.on_outgoing_admin(message, self.session_id)
            else:
                message = with_header(
                    item.message, self.session_id, item.seq, now_text, item.orig_sending_time
                )
            self.write(encode(message, self.session_id.begin_string))


def seconds(value: float) -> int:
    """Seconds as integer nanoseconds."""
    return round(value * NANOS_PER_SECOND)
