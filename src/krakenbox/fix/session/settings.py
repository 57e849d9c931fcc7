"""How one FIX session behaves: its identity, role, timers and the checks it makes.

:class:`SessionSettings` is frozen and checks itself at construction, so a session never runs
with nonsense (a negative heartbeat, an unknown timestamp precision, a reset time with a zone
other than UTC).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import time, timedelta
from typing import TYPE_CHECKING

from krakenbox.fix.session.session_id import SessionID

if TYPE_CHECKING:
    from krakenbox.fix.dictionary import Dictionary

TIMESTAMP_PRECISIONS = (0, 3, 6, 9)


class Role(enum.Enum):
    """Who opens the connection and sends the first Logon."""

    ACCEPTOR = "acceptor"
    INITIATOR = "initiator"


@dataclass(frozen=True, slots=True)
class SessionSettings:
    """Configuration of one session (see docs/fix-session.md for each field's effect)."""

    session_id: SessionID
    role: Role
    heartbeat_interval_s: int = 30
    """HeartBtInt (108) an initiator sends; an acceptor uses the counterparty's value."""
    reset_on_logon: bool = False
    """Initiator: send 141=Y and start at 1. Acceptor: reset on every Logon and answer 141=Y."""
    reset_time: time | None = None
    """Daily sequence reset (UTC wall time); None = never (generic FIX). Kraken: 22:00."""
    logon_blackout_s: float = 0.0
    """After the daily reset, Logons are refused for this long (Kraken: about 30 s)."""
    logon_timeout_s: float = 10.0
    """How long to wait for a Logon (acceptor) or the Logon reply (initiator)."""
    logout_timeout_s: float = 2.0
    """How long to wait for the Logout reply after sending a Logout."""
    max_latency_s: float = 120.0
    """Largest accepted |SendingTime - now| when ``check_latency`` is on."""
    check_latency: bool = True
    check_comp_id: bool = True
    gap_fill_everything: bool = False
    """Answer every ResendRequest with gap fills only (never replay application messages)."""
    timestamp_precision: int = 3
    """Fraction digits of SendingTime (52) and OrigSendingTime (122): 0, 3, 6 or 9."""
    validate_with: Dictionary | None = None
    """Validate every inbound message against this dictionary (session Reject on failure)."""
    test_request_factor: float = 1.2
    """Send a TestRequest after HeartBtInt x this factor of silence; give up after twice that."""

    def __post_init__(self) -> None:
        if not isinstance(self.session_id, SessionID):
            raise TypeError("session_id must be a SessionID")
        if not isinstance(self.role, Role):
            raise TypeError("role must be a Role")
        if self.heartbeat_interval_s < 0:
            raise ValueError("heartbeat_interval_s must be >= 0")
        for name in ("logon_timeout_s", "logout_timeout_s", "max_latency_s"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be > 0")
        if not 0 <= self.logon_blackout_s < 86_400:
            raise ValueError("logon_blackout_s must be in [0, 86400)")
        if self.timestamp_precision not in TIMESTAMP_PRECISIONS:
            raise ValueError(f"timestamp_precision must be one of {TIMESTAMP_PRECISIONS}")
        if self.test_request_factor < 1:
            raise ValueError("test_request_factor must be >= 1")
        if self.reset_time is not None:
            offset = self.reset_time.utcoffset()
            if offset is not None and offset != timedelta(0):
                raise ValueError("reset_time must be naive (UTC) or in UTC")
