"""What the session does with the Application's answers, and the settings it refuses."""

from __future__ import annotations

import pytest

from krakenbox.fix.application import BusinessReject, RejectLogon
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, SessionID, SessionSettings, SessionState
from krakenbox.fix.session.resend import GapFill, Replay, plan_resend
from krakenbox.fix.session.state import IllegalTransition, check_transition

from .support import Harness, RecordingApplication, wire


class Refusing(RecordingApplication):
    def on_admin(self, message: Message, session_id: SessionID) -> None:
        super().on_admin(message, session_id)
        if message.msg_type == "A":
            raise RejectLogon("Logon failed: invalid credentials")


class Rejecting(RecordingApplication):
    def on_message(self, message: Message, session_id: SessionID) -> None:
        if message.get(11) == "BOOM":
            raise RuntimeError("bug in the application")
        raise BusinessReject(0, "EOrder:Insufficient funds", message.get(11))


class Chatty(RecordingApplication):
    """Sends from inside callbacks (re-entrancy)."""

    session: object = None

    def on_logon(self, session_id: SessionID) -> None:
        super().on_logon(session_id)
        assert self.session is not None
        self.session.send(Message.of("h", (336, "SESSION"), (340, 2)))  # type: ignore[attr-defined]


def test_reject_logon_sends_logout_with_the_text_and_nothing_else() -> None:
    app = Refusing()
    h = Harness(application=app)
    h.connect()
    out = h.feed(h.msg("A", 1, "98=0|108=30") + h.msg("0", 2))
    assert out == [h.ours("5", 1, "58=Logon failed: invalid credentials")]
    assert h.closed
    assert [m.msg_type for m in app.admin] == ["A"]
    assert app.events == ["create"]


def test_business_reject_carries_reason_text_and_ref_id() -> None:
    h = Harness(application=Rejecting())
    h.logon()
    out = h.feed(h.msg("D", 2, "11=C1|55=BTC/USD|54=1|40=1|38=1"))
    assert out == [h.ours("j", 2, "45=2|58=EOrder:Insufficient funds|372=D|379=C1|380=0")]
    assert h.store.next_target_seq == 3


def test_an_application_error_becomes_application_not_available() -> None:
    h = Harness(application=Rejecting())
    h.logon()
    out = h.feed(h.msg("D", 2, "11=BOOM"))
    assert out == [h.ours("j", 2, "45=2|58=Application not available|372=D|380=4")]
    assert h.session.is_logged_on


def test_the_application_may_send_from_inside_callbacks() -> None:
    app = Chatty()
    h = Harness(application=app)
    app.session = h.session
    out = h.logon()
    assert out == [h.ours("A", 1, "98=0|108=30"), h.ours("h", 2, "336=SESSION|340=2")]


def test_unknown_peer_input_never_raises() -> None:
    h = Harness()
    h.logon()
    for frame in (
        b"\x00\x01garbage",
        wire("8=FIX.4.4|35=2|34=2|49=TW|52=x|56=ISLD|7=a|16=b"),
        wire(f"8=FIX.4.4|35=4|34=2|49=TW|52={h.now()}|56=ISLD|36=zz"),
        wire(f"8=FIX.4.4|35=0|34=abc|49=TW|52={h.now()}|56=ISLD"),
    ):
        h.feed(frame)


def test_settings_refuse_nonsense() -> None:
    session_id = SessionID("FIX.4.4", "A", "B")
    with pytest.raises(ValueError):
        SessionSettings(session_id, Role.ACCEPTOR, heartbeat_interval_s=-1)
    with pytest.raises(ValueError):
        SessionSettings(session_id, Role.ACCEPTOR, timestamp_precision=4)
    with pytest.raises(ValueError):
        SessionSettings(session_id, Role.ACCEPTOR, logout_timeout_s=0)
    with pytest.raises(ValueError):
        SessionID("FIX.4.4", "", "B")
    settings = SessionSettings(session_id, Role.ACCEPTOR, timestamp_precision=6)
    assert settings.timestamp_precision == 6


def test_microsecond_sending_time() -> None:
    h = Harness(timestamp_precision=6)
    out = h.logon()
    assert out[0].split("|")[5] == f"52={h.now()}000"


def test_state_table_refuses_illegal_moves() -> None:
    check_transition(SessionState.LOGGED_ON, SessionState.LOGOUT_SENT)
    with pytest.raises(IllegalTransition):
        check_transition(SessionState.DISCONNECTED, SessionState.LOGGED_ON)


def test_plan_resend_collapses_admin_runs() -> None:
    def frame(seq: int, msg_type: str) -> tuple[int, bytes]:
        return seq, wire(f"8=FIX.4.4|35={msg_type}|49=A|56=B|34={seq}|52=20260407-14:32:00.000|58=x")

    stored = [frame(1, "A"), frame(2, "0"), frame(3, "8"), frame(4, "0"), frame(5, "3"), frame(7, "8")]
    items = plan_resend(stored, 1, 8, lambda t: t in {"0", "3", "A"})
    assert [type(item).__name__ for item in items] == ["GapFill", "Replay", "GapFill", "Replay", "GapFill"]
    assert items[0] == GapFill(1, 3)
    assert items[2] == GapFill(4, 7)  # 4, 5 admin and 6 missing: one gap fill
    assert items[4] == GapFill(8, 9)
    replay = items[1]
    assert isinstance(replay, Replay) and replay.orig_sending_time == "20260407-14:32:00.000"
    assert replay.message.fields == [(35, "8"), (58, "x")]
