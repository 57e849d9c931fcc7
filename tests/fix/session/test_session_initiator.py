"""The initiator role: Logon (signed in on_outgoing_admin), heartbeats, resend, reset, logout."""

from __future__ import annotations

from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, SessionID, SessionState

from .support import Harness, RecordingApplication


class SigningApplication(RecordingApplication):
    """Adds credentials to our Logon after the header is filled, as a Kraken client does."""

    def on_outgoing_admin(self, message: Message, session_id: SessionID) -> None:
        super().on_outgoing_admin(message, session_id)
        if message.msg_type == "A":
            message.append(553, "KEY")
            message.append(554, f"signed-{message[34]}-{message[49]}-{message[56]}")


def initiator(**settings: object) -> Harness:
    return Harness(Role.INITIATOR, us="CLIENT", them="KRAKEN-TRD", **settings)


def test_connection_made_sends_a_signed_logon() -> None:
    h = initiator(application=SigningApplication(), heartbeat_interval_s=60)
    assert h.connect() == [h.ours("A", 1, "98=0|108=60|553=KEY|554=signed-1-CLIENT-KRAKEN-TRD")]
    assert h.session.state is SessionState.LOGON_SENT


def test_reset_on_logon_sends_141_and_restarts_at_one() -> None:
    h = initiator(reset_on_logon=True)
    h.store.next_sender_seq = 40
    h.store.next_target_seq = 33
    assert h.connect() == [h.ours("A", 1, "98=0|108=30|141=Y")]
    assert h.feed(h.msg("A", 1, "98=0|108=30|141=Y")) == []
    assert h.session.is_logged_on
    assert (h.store.next_sender_seq, h.store.next_target_seq) == (2, 2)


def test_logon_reply_logs_on_and_tells_the_application() -> None:
    h = initiator()
    h.logon()
    assert h.session.is_logged_on
    assert isinstance(h.application, RecordingApplication)
    assert h.application.events == ["create", "logon"]
    assert [m.msg_type for m in h.application.admin] == ["A"]


def test_logon_reply_too_high_asks_for_a_resend() -> None:
    h = initiator()
    h.connect()
    assert h.feed(h.msg("A", 4, "98=0|108=30")) == [h.ours("2", 2, "7=1|16=0")]
    assert h.session.is_logged_on
    h.feed(h.msg("4", 1, "123=Y|36=4", header=f"43=Y|122={h.now()}|"))
    h.feed(h.msg("0", 5))
    assert h.store.next_target_seq == 6


def test_logout_instead_of_logon_reply_closes() -> None:
    h = initiator()
    h.connect()
    assert h.feed(h.msg("5", 1, "58=Logon failed: invalid credentials")) == []
    assert h.closed


def test_no_logon_reply_times_out() -> None:
    h = initiator(logon_timeout_s=10)
    h.connect()
    h.advance(9.9)
    assert not h.closed
    h.advance(0.2)
    assert h.closed


def test_heartbeat_then_test_request_then_disconnect() -> None:
    h = initiator(heartbeat_interval_s=30)
    h.logon(heartbeat=30)
    assert h.advance(30) == [h.ours("0", 2)]
    assert h.advance(6) == [h.ours("1", 3, "112=TEST")]
    h.feed(h.msg("0", 2, "112=TEST"))
    assert h.advance(30) == [h.ours("0", 4)]
    assert h.advance(6) == [h.ours("1", 5, "112=TEST")]
    out = h.advance(36)
    assert out[-1] == h.ours("5", 7, "58=Heartbeat timeout")
    assert h.closed


def test_test_request_from_the_acceptor_is_answered() -> None:
    h = initiator()
    h.logon()
    assert h.feed(h.msg("1", 2, "112=PING")) == [h.ours("0", 2, "112=PING")]


def test_resend_request_replays_application_messages_and_gap_fills_admin() -> None:
    h = initiator()
    h.logon()
    sent_at = h.now()
    assert h.session.send(Message.of("D", (11, "A1"), (55, "BTC/USD")))
    h.advance(30)  # heartbeat 3
    h.session.send(Message.of("F", (11, "A2"), (41, "A1")))
    h.output()
    h.clock.advance(1)
    out = h.feed(h.msg("2", 2, "7=1|16=0"))
    resent = f"43=Y|122={h.now()}|"
    assert out == [
        h.ours("4", 1, "123=Y|36=2", header=resent),
        h.ours("D", 2, "11=A1|55=BTC/USD", header=f"43=Y|122={sent_at}|"),
        h.ours("4", 3, "123=Y|36=4", header=resent),
        h.ours("F", 4, "11=A2|41=A1", header=f"43=Y|122={h.now(-1)}|"),
    ]
    assert h.store.next_sender_seq == 5


def test_gap_fill_everything_answers_with_one_gap_fill() -> None:
    h = initiator(gap_fill_everything=True)
    h.logon()
    h.session.send(Message.of("D", (11, "A1")))
    h.output()
    out = h.feed(h.msg("2", 2, "7=1|16=0"))
    assert out == [h.ours("4", 1, "123=Y|36=3", header=f"43=Y|122={h.now()}|")]


def test_gap_fill_from_the_acceptor_without_poss_dup() -> None:
    """Kraken's own SequenceReset examples omit 43=Y; they are accepted."""
    h = initiator()
    h.logon()
    h.feed(h.msg("4", 2, "123=Y|36=14"))
    assert h.store.next_target_seq == 14
    assert h.feed(h.msg("1", 14, "112=X")) == [h.ours("0", 2, "112=X")]


def test_sequence_reset_mode_from_the_acceptor() -> None:
    h = initiator()
    h.logon()
    h.feed(h.msg("4", 1, "123=N|36=50"))
    assert h.store.next_target_seq == 50


def test_logout_waits_for_the_reply() -> None:
    h = initiator()
    h.logon()
    h.session.logout("bye")
    assert h.output() == [h.ours("5", 2, "58=bye")]
    assert h.session.state is SessionState.LOGOUT_SENT
    assert h.feed(h.msg("5", 2)) == []
    assert h.closed
    assert isinstance(h.application, RecordingApplication)
    assert h.application.events[-1] == "logout"


def test_logout_without_reply_closes_after_the_timeout() -> None:
    h = initiator(logout_timeout_s=2)
    h.logon()
    h.session.logout()
    h.output()
    h.advance(1.9)
    assert not h.closed
    h.advance(0.2)
    assert h.closed


def test_send_when_not_logged_on_stores_the_message_with_a_sequence_number() -> None:
    h = initiator()
    assert h.session.send(Message.of("D", (11, "X"))) is False
    assert h.store.next_sender_seq == 2
    assert h.store.outgoing(1, 1)[0][0] == 1
