"""What the session does with each inbound message: the FIX 4.4 session rules.

Order of checks for a message on a logged-on session (QuickFIX's order where FIX is loose):

1. BeginString (8) must be ours, else Logout and close.
2. MsgSeqNum (34) must be a number, else Logout and close.
3. CompIDs (49/56), else Reject 373=9 and Logout; SendingTime (52) within ``max_latency_s``,
   else Reject 373=10 and Logout.
4. Logout, ResendRequest and SequenceReset in reset mode act whatever their MsgSeqNum.
5. Sequence: too high → queued, ResendRequest 7=expected 16=0 (once); too low without
   PossDupFlag → Logout "MsgSeqNum too low, expecting N but received M" and close; too low with
   PossDupFlag → ignored (after the OrigSendingTime checks).
6. In sequence: validation (dictionary, or the minimal header check) → session Reject, message
   consumed; then the admin handler or the application; then the queue is drained.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from krakenbox.fix.application import BusinessReject, RejectLogon, UnsupportedMessageType
from krakenbox.fix.message import Message
from krakenbox.fix.session import admin, checks
from krakenbox.fix.session.checks import Problem
from krakenbox.fix.session.settings import Role
from krakenbox.fix.session.state import QueuedMessage, SessionState
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.fix.validation import validate

if TYPE_CHECKING:
    from krakenbox.fix.session.session import Session

MAX_QUEUED = 100_000
"""Out-of-sequence messages kept while waiting for a gap fill; beyond this the session logs out."""


class InboundRules:
    """The inbound half of a :class:`Session` (kept apart so each file has one idea)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- entry point -----------------------------------------------------------------------

    def on_message(self, message: Message) -> None:
        session = self.session
        connection = session.connection
        connection.last_received_ns = session.clock.now_ns()
        connection.test_request_id = None
        state = connection.state
        header = checks.read_header(message)
        if header.begin_string != session.session_id.begin_string:
            session.log.warning("%s: wrong BeginString %r", session.session_id, header.begin_string)
            session.logout_and_wait("Incorrect BeginString")
            return
        if state in (SessionState.AWAITING_LOGON, SessionState.LOGON_SENT):
            self.before_logon(message)
            return
        seq = checks.sequence_number(header)
        if seq is None:
            session.logout_and_close("MsgSeqNum (34) missing or not a number")
            return
        problem = checks.header_problem(header)
        if problem is not None:
            # Without 49/56/52 the CompID and SendingTime checks cannot speak: reject as invalid.
            self.reject(message, seq, self.validation_problem(message) or problem)
            self.consume(seq, message)
            return
        if not self.arrival_checks(message, header, seq):
            return
        msg_type = message.msg_type
        if msg_type == MsgType.Logout:
            self.on_logout(message, seq)
        elif msg_type == MsgType.ResendRequest:
            self.on_resend_request(message, seq)
        elif msg_type == MsgType.SequenceReset and message.get(Tag.GapFillFlag) != "Y":
            self.on_sequence_reset(message, seq)
        elif msg_type == MsgType.Logon:
            self.on_logon_while_logged_on(message, seq)
        else:
            self.in_sequence_or_not(message, header, seq)

    # -- checks on arrival -----------------------------------------------------------------

    def arrival_checks(
        self,
        message: Message,
        header: checks.Header,
        seq: int,
        end_session: Callable[[str | None], None] | None = None,
    ) -> bool:
        """CompIDs and SendingTime; on failure: Reject, then ``end_session`` (by default a
        Logout that waits for the reply), and False."""
        session = self.session
        settings = session.settings
        if settings.check_comp_id and not checks.comp_ids_match(header, session.session_id):
            problem = Problem(admin.COMP_ID_PROBLEM)
        elif settings.check_latency and not checks.sending_time_accurate(
            header, session.clock.now_ns(), settings.max_latency_s
        ):
            problem = Problem(admin.SENDING_TIME_ACCURACY_PROBLEM)
        else:
            return True
        self.reject(message, seq, problem)
        (end_session or session.logout_and_wait)(None)
        return False

    def validation_problem(
        self, message: Message, header: checks.Header | None = None
    ) -> Problem | None:
        """The dictionary's verdict (or the minimal header check without one; ``header``: the
        message's header, if it was read already)."""
        dictionary = self.session.settings.validate_with
        if dictionary is None:
            problem = checks.header_problem(header or checks.read_header(message))
            known = self.session.dictionary
            if (
                problem is None
                and known is not None
                and not known.is_known_msg_type(message.msg_type)
            ):
                problem = Problem(admin.INVALID_MSG_TYPE, None)
            return problem
        info = validate(message, dictionary)
        if info is None:
            return None
        return Problem(info.reason, info.ref_tag, info.text)

    # -- sequence handling -----------------------------------------------------------------

    def in_sequence_or_not(self, message: Message, header: checks.Header, seq: int) -> None:
        session = self.session
        expected = session.store.next_target_seq
        if seq > expected:
            self.queue_ahead(message, seq, handled=False)
            return
        if seq < expected:
            self.too_low(message, header, seq, expected)
            return
        self.process_in_order(message, seq, header)
        self.drain_queue()

    def too_low(self, message: Message, header: checks.Header, seq: int, expected: int) -> None:
        session = self.session
        if not header.poss_dup:
            text = f"MsgSeqNum too low, expecting {expected} but received {seq}"
            session.log.warning("%s: %s", session.session_id, text)
            session.logout_and_close(text)
            return
        problem = checks.orig_sending_time_problem(header)
        if problem is not None:
            self.reject(message, seq, problem)
            if problem.reason == admin.SENDING_TIME_ACCURACY_PROBLEM:
                session.logout_and_wait(None)
            return
        session.log.debug("%s: duplicate %d ignored (PossDupFlag=Y)", session.session_id, seq)

    def queue_ahead(self, message: Message, seq: int, handled: bool) -> None:
        """Keep a message that arrived ahead of sequence and ask for the gap (once)."""
        session = self.session
        connection = session.connection
        if len(connection.queue) >= MAX_QUEUED:
            session.logout_and_close("Too many messages out of sequence")
            return
        connection.queue[seq] = QueuedMessage(message, handled)
        expected = session.store.next_target_seq
        pending = connection.resend_requested_up_to
        if pending is not None and pending >= expected:
            connection.resend_requested_up_to = max(pending, seq)
            session.log.info(
                "%s: %d queued; ResendRequest already pending", session.session_id, seq
            )
            return
        session.log.info(
            "%s: MsgSeqNum too high, expecting %d but received %d",
            session.session_id,
            expected,
            seq,
        )
        connection.resend_requested_up_to = seq
        session.send_admin(admin.resend_request(expected, 0))

    def consume(self, seq: int, message: Message) -> None:
        """A message that needs no further processing still uses up its MsgSeqNum."""
        expected = self.session.store.next_target_seq
        if seq == expected:
            self.session.store.next_target_seq = seq + 1
            self.drain_queue()
        elif seq > expected:
            self.queue_ahead(message, seq, handled=True)

    def drain_queue(self) -> None:
        """Process queued messages that are now in sequence."""
        session = self.session
        connection = session.connection
        queue = connection.queue
        while (
            queue
            and session.connection is connection
            and connection.state
            in (
                SessionState.LOGGED_ON,
                SessionState.LOGOUT_SENT,
            )
        ):
            expected = session.store.next_target_seq
            for stale in [seq for seq in queue if seq < expected]:
                del queue[stale]
            item = queue.pop(expected, None)
            if item is None:
                break
            if item.handled:
                session.store.next_target_seq = expected + 1
            elif item.message.msg_type == MsgType.Logout:
                self.on_logout(item.message, expected)
            else:
                self.process_in_order(item.message, expected)
        pending = connection.resend_requested_up_to
        if pending is not None and session.store.next_target_seq > pending:
            session.log.info("%s: resend satisfied up to %d", session.session_id, pending)
            connection.resend_requested_up_to = None
        if (
            queue
            and connection.resend_requested_up_to is None
            and connection.state is SessionState.LOGGED_ON
        ):
            # The gap was only partly filled: ask again from where we are.
            first = min(queue)
            item = queue.pop(first)
            self.queue_ahead(item.message, first, item.handled)

    # -- in-order processing ---------------------------------------------------------------

    def process_in_order(
        self, message: Message, seq: int, header: checks.Header | None = None
    ) -> None:
        """A message whose MsgSeqNum is the expected one (``header``: read already, if it was)."""
        session = self.session
        store = session.store
        problem = self.validation_problem(message, header)
        if problem is None:
            header = header or checks.read_header(message)
            if header.poss_dup:
                problem = checks.orig_sending_time_problem(header)
        if problem is not None:
            self.reject(message, seq, problem)
            store.next_target_seq = seq + 1
            if problem.reason == admin.SENDING_TIME_ACCURACY_PROBLEM:
                session.logout_and_wait(None)
            return
        msg_type = message.msg_type
        if msg_type == MsgType.SequenceReset:
            self.on_gap_fill(message, seq)
            return
        if session.is_admin(msg_type):
            self.on_admin_message(message)
        else:
            self.on_application_message(message, seq)
        if store.next_target_seq == seq:
            store.next_target_seq = seq + 1

    def on_admin_message(self, message: Message) -> None:
        session = self.session
        self.tell_admin(message)
        if message.msg_type == MsgType.TestRequest:
            session.send_admin(admin.heartbeat(message.get(Tag.TestReqID, "")))

    def tell_admin(self, message: Message) -> None:
        session = self.session
        try:
            session.application.on_admin(message, session.session_id)
        except RejectLogon:
            pass
        except Exception:
            session.log.exception("%s: Application.on_admin failed", session.session_id)

    def on_application_message(self, message: Message, seq: int) -> None:
        session = self.session
        msg_type = message.msg_type
        try:
            session.application.on_message(message, session.session_id)
        except UnsupportedMessageType:
            session.send_admin(
                admin.business_reject(
                    seq, msg_type, admin.UNSUPPORTED_MESSAGE_TYPE, "Unsupported Message Type"
                )
            )
        except BusinessReject as rejection:
            session.send_admin(
                admin.business_reject(
                    seq, msg_type, rejection.reason, rejection.text, rejection.ref_id
                )
            )
        except Exception:
            session.log.exception(
                "%s: Application.on_message failed on %d", session.session_id, seq
            )
            session.send_admin(
                admin.business_reject(
                    seq, msg_type, admin.APPLICATION_NOT_AVAILABLE, "Application not available"
                )
            )

    def reject(self, message: Message, seq: int | None, problem: Problem) -> None:
        session = self.session
        session.log.warning(
            "%s: rejecting %s %s: %s (373=%d, 371=%s)",
            session.session_id,
            message.msg_type,
            seq,
            problem.reject_text,
            problem.reason,
            problem.ref_tag,
        )
        session.send_admin(
            admin.reject(
                seq, message.msg_type, problem.reason, problem.ref_tag, problem.reject_text
            )
        )

    # -- admin messages with their own sequence rules --------------------------------------

    def on_logout(self, message: Message, seq: int) -> None:
        """A Logout ends the session whatever its MsgSeqNum; answer it unless it answers ours."""
        session = self.session
        if seq == session.store.next_target_seq:
            session.store.next_target_seq = seq + 1
        self.tell_admin(message)
        text = message.get(Tag.Text)
        session.log.info("%s: Logout received%s", session.session_id, f": {text}" if text else "")
        if session.connection.state is SessionState.LOGGED_ON:
            session.send_admin(admin.logout())
        session.move(SessionState.CLOSING)

    def on_resend_request(self, message: Message, seq: int) -> None:
        """Served at once, even out of sequence (both sides may ask at the same time)."""
        session = self.session
        problem = self.validation_problem(message)
        if problem is None:
            begin = self.int_field(message, Tag.BeginSeqNo)
            end = self.int_field(message, Tag.EndSeqNo)
            if isinstance(begin, Problem):
                problem = begin
            elif isinstance(end, Problem):
                problem = end
            else:
                self.tell_admin(message)
                session.resend(begin, end)
        if problem is not None and seq == session.store.next_target_seq:
            self.reject(message, seq, problem)
        self.consume(seq, message)

    def on_sequence_reset(self, message: Message, seq: int) -> None:
        """Reset mode (123=N or absent): MsgSeqNum is ignored, NewSeqNo becomes the expected one."""
        session = self.session
        problem = self.validation_problem(message)
        new_seq = self.int_field(message, Tag.NewSeqNo) if problem is None else problem
        if isinstance(new_seq, Problem):
            self.reject(message, seq, new_seq)
            return
        self.tell_admin(message)
        expected = session.store.next_target_seq
        if new_seq < expected:
            self.reject(message, seq, Problem(admin.VALUE_IS_INCORRECT, Tag.NewSeqNo))
            return
        if new_seq > expected:
            session.log.info("%s: SequenceReset to %d", session.session_id, new_seq)
            session.store.next_target_seq = new_seq
        self.drain_queue()

    def on_gap_fill(self, message: Message, seq: int) -> None:
        """Gap-fill mode (123=Y), in sequence; 43=Y is not required (Kraken omits it)."""
        session = self.session
        new_seq = self.int_field(message, Tag.NewSeqNo)
        if isinstance(new_seq, Problem):
            self.reject(message, seq, new_seq)
            session.store.next_target_seq = seq + 1
            return
        self.tell_admin(message)
        if new_seq > seq:
            session.store.next_target_seq = new_seq
        elif new_seq < seq:
            self.reject(message, seq, Problem(admin.VALUE_IS_INCORRECT, Tag.NewSeqNo))
        # new_seq == seq: nothing to fill; ignored (QuickFIX does the same).

    def int_field(self, message: Message, tag: int) -> int | Problem:
        value = message.get(tag)
        if value is None:
            return Problem(admin.REQUIRED_TAG_MISSING, tag)
        if not (value.isdigit() and value.isascii()):
            return Problem(admin.INCORRECT_DATA_FORMAT, tag)
        return int(value)

    # -- Logon -----------------------------------------------------------------------------

    def before_logon(self, message: Message) -> None:
        """The first message on a connection: it must be a Logon (or a Logout refusing ours)."""
        session = self.session
        msg_type = message.msg_type
        if msg_type == MsgType.Logout and session.settings.role is Role.INITIATOR:
            session.log.warning(
                "%s: Logon refused: %s", session.session_id, message.get(Tag.Text, "")
            )
            self.tell_admin(message)
            session.move(SessionState.CLOSING)
            return
        if msg_type != MsgType.Logon:
            session.log.warning(
                "%s: first message not a Logon (35=%s), disconnecting", session.session_id, msg_type
            )
            session.move(SessionState.CLOSING)
            return
        header = checks.read_header(message)
        seq = checks.sequence_number(header)
        if seq is None:
            session.logout_and_close("MsgSeqNum (34) missing or not a number")
            return
        problem = self.validation_problem(message)
        if problem is not None:
            session.logout_and_close(problem.reject_text)
            return
        # Before logon there is no session to wind down: refuse and close at once.
        if not self.arrival_checks(message, header, seq, self.session.logout_and_close):
            return
        if session.settings.role is Role.ACCEPTOR:
            self.acceptor_logon(message, seq)
        else:
            self.initiator_logon_reply(message, seq)

    def heartbeat_interval(self, message: Message) -> int | None:
        value = message.get(Tag.HeartBtInt)
        if value is None or not (value.isdigit() and value.isascii()):
            return None
        return int(value)

    def acceptor_logon(self, message: Message, seq: int) -> None:
        session = self.session
        store = session.store
        now = session.clock.now_ns()
        if session.in_blackout(now):
            session.logout_and_close("Logon refused: session rollover in progress")
            return
        session.apply_daily_reset(now)
        interval = self.heartbeat_interval(message)
        if interval is None:
            session.logout_and_close("HeartBtInt (108) missing or invalid")
            return
        reset = message.get(Tag.ResetSeqNumFlag) == "Y" or session.settings.reset_on_logon
        if reset:
            store.reset(now)
        expected = store.next_target_seq
        if seq < expected:
            text = f"MsgSeqNum too low, expecting {expected} but received {seq}"
            session.log.warning("%s: %s", session.session_id, text)
            session.logout_and_close(text)
            return
        try:
            session.application.on_admin(message, session.session_id)
        except RejectLogon as refusal:
            session.log.warning(
                "%s: Logon refused by the application: %s", session.session_id, refusal.text
            )
            session.logout_and_close(refusal.text)
            return
        session.connection.heartbeat_interval_s = interval
        session.send_admin(admin.logon(interval, reset))
        self.logged_on(seq, message)

    def initiator_logon_reply(self, message: Message, seq: int) -> None:
        session = self.session
        store = session.store
        if message.get(Tag.ResetSeqNumFlag) == "Y" and not session.connection.sent_reset:
            session.log.info("%s: counterparty reset its sequence", session.session_id)
            store.next_target_seq = 1
        expected = store.next_target_seq
        if seq < expected:
            session.logout_and_close(f"MsgSeqNum too low, expecting {expected} but received {seq}")
            return
        self.tell_admin(message)
        self.logged_on(seq, message)

    def logged_on(self, seq: int, message: Message) -> None:
        session = self.session
        connection = session.connection
        connection.logon_deadline_ns = None
        session.move(SessionState.LOGGED_ON)
        session.log.info(
            "%s: logged on (HeartBtInt %d)", session.session_id, connection.heartbeat_interval_s
        )
        session.application.on_logon(session.session_id)
        if session.connection is not connection or connection.state is not SessionState.LOGGED_ON:
            return
        self.consume(seq, message)

    def on_logon_while_logged_on(self, message: Message, seq: int) -> None:
        """A Logon with ResetSeqNumFlag=Y resets the session in place; any other is an error."""
        session = self.session
        if message.get(Tag.ResetSeqNumFlag) != "Y" or session.settings.role is Role.INITIATOR:
            if message.get(Tag.ResetSeqNumFlag) == "Y":
                self.reset_in_place(message, seq, answer=False)
                return
            session.logout_and_wait("Logon received while already logged on")
            return
        self.reset_in_place(message, seq, answer=True)

    def reset_in_place(self, message: Message, seq: int, answer: bool) -> None:
        session = self.session
        problem = self.validation_problem(message)
        if problem is not None:
            self.reject(message, seq, problem)
            return
        self.tell_admin(message)
        session.store.reset(session.clock.now_ns())
        connection = session.connection
        connection.queue.clear()
        connection.resend_requested_up_to = None
        if answer:
            session.send_admin(admin.logon(connection.heartbeat_interval_s, True))
        session.log.info("%s: sequence reset by Logon with ResetSeqNumFlag=Y", session.session_id)
        self.consume(seq, message)
