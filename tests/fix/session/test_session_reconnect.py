"""A Session outlives its connections: sequence numbers continue unless a reset is asked for."""

from __future__ import annotations

from krakenbox.fix.message import Message

from .support import Harness, RecordingApplication


def test_reconnect_without_reset_continues_the_sequence() -> None:
    h = Harness()
    h.logon()
    h.feed(h.msg("0", 2), h.msg("0", 3))
    h.session.connection_lost()
    assert not h.session.is_connected
    out = h.connect() + h.feed(h.msg("A", 4, "98=0|108=30"))
    assert out == [h.ours("A", 2, "98=0|108=30")]
    assert h.store.next_target_seq == 5


def test_reconnect_with_a_gap_asks_for_a_resend() -> None:
    h = Harness()
    h.logon()
    h.session.connection_lost()
    out = h.connect() + h.feed(h.msg("A", 7, "98=0|108=30"))
    assert out == [h.ours("A", 2, "98=0|108=30"), h.ours("2", 3, "7=2|16=0")]


def test_messages_sent_while_disconnected_are_resent_on_request() -> None:
    h = Harness()
    h.logon()
    h.session.connection_lost()
    sent_at = h.now()
    assert h.session.send(Message.of("8", (37, "O1"))) is False
    h.connect()
    h.feed(h.msg("A", 2, "98=0|108=30"))
    h.clock.advance(1)
    out = h.feed(h.msg("2", 3, "7=2|16=0"))
    assert out == [
        h.ours("8", 2, "37=O1", header=f"43=Y|122={sent_at}|"),
        h.ours("4", 3, "123=Y|36=4", header=f"43=Y|122={h.now()}|"),  # our second Logon
    ]


def test_connection_state_is_fresh_on_every_connection() -> None:
    h = Harness()
    h.logon()
    h.feed(h.msg("0", 5))  # queued, resend requested
    assert h.session.connection.queue
    h.session.connection_lost()
    h.connect()
    assert not h.session.connection.queue
    assert h.session.connection.resend_requested_up_to is None


def test_on_logout_is_called_when_the_connection_drops() -> None:
    app = RecordingApplication()
    h = Harness(application=app)
    h.logon()
    h.session.connection_lost()
    assert app.events == ["create", "logon", "logout"]


def test_logon_timeout_for_a_silent_connection() -> None:
    h = Harness(logon_timeout_s=5)
    h.connect()
    h.advance(5)
    assert h.closed
