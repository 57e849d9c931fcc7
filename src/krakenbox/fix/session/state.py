"""The session's states, the legal moves between them, and its per-connection data.

Sequence numbers are persistent and live in the :class:`~krakenbox.fix.store.MessageStore`;
everything else a session remembers belongs to one connection and is kept here as plain data
(:class:`ConnectionData`), separate from the logic in :mod:`krakenbox.fix.session.session`.
``connection_made`` and ``connection_lost`` replace it wholesale.

State table (every transition the session makes; anything else is a bug and raises)::

    DISCONNECTED    --connection_made (acceptor)---------------> AWAITING_LOGON
    DISCONNECTED    --connection_made (initiator, Logon sent)--> LOGON_SENT
    DISCONNECTED    --connection_made (initiator, blackout)----> AWAITING_LOGON
    AWAITING_LOGON  --initiator sends its Logon----------------> LOGON_SENT
    AWAITING_LOGON  --valid Logon received (acceptor)----------> LOGGED_ON
    LOGON_SENT      --valid Logon reply------------------------> LOGGED_ON
    LOGGED_ON       --we send a Logout (ours or an error)------> LOGOUT_SENT
    LOGGED_ON       --Logout received, answered----------------> CLOSING
    LOGOUT_SENT     --Logout reply or logout timeout-----------> CLOSING
    any connected   --fatal peer error / refused logon / timeout / rollover --> CLOSING
    any             --connection_lost--------------------------> DISCONNECTED
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from krakenbox.fix.codec import Parser
from krakenbox.fix.message import Message


class SessionState(enum.Enum):
    DISCONNECTED = "disconnected"
    """No transport."""
    AWAITING_LOGON = "awaiting logon"
    """Connected; acceptor waits for the Logon, initiator waits to send it (rollover blackout)."""
    LOGON_SENT = "logon sent"
    """Initiator: our Logon is out, waiting for the reply."""
    LOGGED_ON = "logged on"
    """Application messages flow."""
    LOGOUT_SENT = "logout sent"
    """We sent a Logout and wait for the reply (or the logout timeout)."""
    CLOSING = "closing"
    """We want the transport closed (``wants_close``); only connection_lost leaves this state."""


S = SessionState
TRANSITIONS: dict[SessionState, frozenset[SessionState]] = {
    S.DISCONNECTED: frozenset({S.AWAITING_LOGON, S.LOGON_SENT}),
    S.AWAITING_LOGON: frozenset({S.LOGON_SENT, S.LOGGED_ON, S.CLOSING, S.DISCONNECTED}),
    S.LOGON_SENT: frozenset({S.LOGGED_ON, S.CLOSING, S.DISCONNECTED}),
    S.LOGGED_ON: frozenset({S.LOGOUT_SENT, S.CLOSING, S.DISCONNECTED}),
    S.LOGOUT_SENT: frozenset({S.CLOSING, S.DISCONNECTED}),
    S.CLOSING: frozenset({S.DISCONNECTED}),
}
CONNECTED_STATES = frozenset(set(SessionState) - {S.DISCONNECTED})


class IllegalTransition(RuntimeError):
    """The session logic tried a move the state table does not allow (a bug, not peer input)."""


def check_transition(current: SessionState, target: SessionState) -> None:
    if target is not current and target not in TRANSITIONS[current]:
        raise IllegalTransition(f"{current.name} -> {target.name}")


@dataclass(slots=True)
class QueuedMessage:
    """An inbound message that arrived ahead of sequence, waiting for the gap to be filled.

    ``handled`` marks messages already acted on when they arrived (a Logon, a ResendRequest):
    when their turn comes they only advance the expected sequence number.
    """

    message: Message
    handled: bool = False


@dataclass(slots=True)
class ConnectionData:
    """Everything a session knows about the current connection (reset on every connect)."""

    state: SessionState = SessionState.DISCONNECTED
    parser: Parser = field(default_factory=Parser)
    outbound: list[bytes] = field(default_factory=list)
    heartbeat_interval_s: int = 0
    last_sent_ns: int = 0
    last_received_ns: int = 0
    test_request_id: str | None = None
    test_request_count: int = 0
    logon_deadline_ns: int | None = None
    logout_deadline_ns: int | None = None
    logon_not_before_ns: int | None = None
    """Initiator in the rollover blackout: when to send the Logon."""
    sent_reset: bool = False
    """We sent ResetSeqNumFlag=Y in our Logon."""
    resend_requested_up_to: int | None = None
    """We sent a ResendRequest and wait for the counterparty to catch up to this MsgSeqNum."""
    queue: dict[int, QueuedMessage] = field(default_factory=dict)
