"""Helpers for session tests: wire literals with `|`, a recording application, a harness."""

from __future__ import annotations

from dataclasses import dataclass, field

from krakenbox.core.clock import NANOS_PER_SECOND, ManualClock
from krakenbox.fix.application import Application
from krakenbox.fix.codec import Parser, checksum
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, Session, SessionID, SessionSettings
from krakenbox.fix.store import MemoryStore, MessageStore
from krakenbox.fix.timestamps import format_utc_timestamp

SOH = "\x01"
START_NS = 1_775_572_320 * NANOS_PER_SECOND  # 2026-04-07 14:32:00 UTC


def wire(text: str) -> bytes:
    """``8=FIX.4.4|35=...`` with `|` for SOH; 9 and 10 are computed and added."""
    fields = text.strip("|").split("|")
    body = "".join(f + SOH for f in fields[1:])
    head = f"{fields[0]}{SOH}9={len(body.encode('latin-1'))}{SOH}{body}"
    return (head + f"10={checksum(head.encode('latin-1'))}{SOH}").encode("latin-1")


def text_of(frame: bytes) -> str:
    """A frame without 9 and 10, `|`-separated, for comparisons."""
    fields = frame.decode("latin-1").rstrip(SOH).split(SOH)
    return "|".join(f for f in fields if not f.startswith(("9=", "10=")))


@dataclass
class RecordingApplication(Application):
    events: list[str] = field(default_factory=list)
    admin: list[Message] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    outgoing_admin: list[Message] = field(default_factory=list)

    def on_create(self, session_id: SessionID) -> None:
        self.events.append("create")

    def on_logon(self, session_id: SessionID) -> None:
        self.events.append("logon")

    def on_logout(self, session_id: SessionID) -> None:
        self.events.append("logout")

    def on_admin(self, message: Message, session_id: SessionID) -> None:
        self.admin.append(message)

    def on_outgoing_admin(self, message: Message, session_id: SessionID) -> None:
        self.outgoing_admin.append(message)

    def on_message(self, message: Message, session_id: SessionID) -> None:
        self.messages.append(message)


class Harness:
    """A session with a manual clock; ``us`` is our CompID, ``them`` the counterparty's."""

    def __init__(
        self,
        role: Role = Role.ACCEPTOR,
        us: str = "ISLD",
        them: str = "TW",
        application: Application | None = None,
        store: MessageStore | None = None,
        clock: ManualClock | None = None,
        **settings: object,
    ) -> None:
        self.clock = clock or ManualClock(START_NS)
        self.us, self.them = us, them
        self.application = application or RecordingApplication()
        self.store = store or MemoryStore(self.clock.now_ns())
        self.settings = SessionSettings(
            session_id=SessionID("FIX.4.4", us, them), role=role, **settings  # type: ignore[arg-type]
        )
        self.session = Session(self.settings, self.store, self.application, self.clock)
        self.closed = False

    def now(self, offset_s: float = 0.0) -> str:
        return format_utc_timestamp(self.clock.now_ns() + round(offset_s * NANOS_PER_SECOND))

    def msg(self, msg_type: str, seq: int, body: str = "", header: str = "") -> bytes:
        """A message from the counterparty to us."""
        text = f"8=FIX.4.4|35={msg_type}|34={seq}|49={self.them}|52={self.now()}|56={self.us}|{header}{body}"
        return wire(text)

    def connect(self) -> list[str]:
        self.closed = False
        self.session.connection_made()
        return self.output()

    def feed(self, *frames: bytes) -> list[str]:
        for frame in frames:
            self.session.receive_data(frame)
        return self.output()

    def advance(self, seconds: float) -> list[str]:
        """Move the clock, calling on_timer at every deadline on the way (like the adapter)."""
        target = self.clock.now_ns() + round(seconds * NANOS_PER_SECOND)
        out: list[str] = []
        while not self.closed:
            deadline = self.session.next_deadline_ns()
            if deadline is None or deadline > target:
                break
            self.clock.set_ns(max(deadline, self.clock.now_ns()))
            self.session.on_timer()
            out += self.output()
        self.clock.set_ns(target)
        self.session.on_timer()
        return out + self.output()

    def output(self) -> list[str]:
        """Frames written since the last call (as text without 9/10); closes if asked."""
        data = self.session.data_to_send()
        self.session.store.flush()
        parser = Parser()
        parser.feed(data)
        frames = []
        while (item := parser.next()) is not None:
            assert isinstance(item, Message) and item.raw is not None
            frames.append(text_of(item.raw))
        if self.session.wants_close and not self.closed:
            self.closed = True
            self.session.connection_lost()
        return frames

    def logon(self, heartbeat: int = 30, body: str = "") -> list[str]:
        """Acceptor: connect and receive a Logon; initiator: connect and answer ours."""
        out = self.connect()
        reply = self.msg("A", self.store.next_target_seq, f"98=0|108={heartbeat}{body}")
        return out + self.feed(reply)

    def ours(self, msg_type: str, seq: int, body: str = "", header: str = "", time: str | None = None) -> str:
        """What we are expected to send (52 given explicitly or 'now')."""
        stamp = time or self.now()
        text = f"8=FIX.4.4|35={msg_type}|49={self.us}|56={self.them}|34={seq}|52={stamp}|{header}{body}"
        return text.rstrip("|")
