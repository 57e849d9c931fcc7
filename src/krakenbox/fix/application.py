"""The Application interface: what a FIX session tells the code that uses it.

A :class:`~krakenbox.fix.session.Session` calls these methods as things happen on the wire
(the QuickFIX model, with names in full words). Subclass :class:`Application` and override what
you need; every callback has a no-op default. Callbacks may call ``session.send(...)``.

Three exceptions let a callback steer the session's reply instead of raising into it:

- :class:`RejectLogon` from :meth:`Application.on_admin` on a Logon: the session answers with a
  Logout carrying the text (58) and closes the connection; nothing else is processed on it.
- :class:`UnsupportedMessageType` from :meth:`Application.on_message`: the session answers with a
  BusinessMessageReject (35=j, 380=3).
- :class:`BusinessReject` from :meth:`Application.on_message`: a BusinessMessageReject with the
  given reason (380), text (58) and, when given, BusinessRejectRefID (379).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from krakenbox.fix.message import Message
    from krakenbox.fix.session import SessionID


class RejectLogon(Exception):
    """Refuse a counterparty's Logon; ``text`` goes into the Logout's Text (58)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class UnsupportedMessageType(Exception):
    """The application does not handle this (valid) application message type."""


class BusinessReject(Exception):
    """Reject an application message with a BusinessMessageReject (35=j)."""

    def __init__(self, reason: int, text: str, ref_id: str | None = None) -> None:
        super().__init__(text)
        self.reason = reason
        self.text = text
        self.ref_id = ref_id


class Application:
    """Callbacks from a FIX session. Override what you need; the defaults do nothing."""

    def on_create(self, session_id: SessionID) -> None:
        """The session object exists (once per session, before any connection)."""

    def on_logon(self, session_id: SessionID) -> None:
        """The Logon exchange completed; application messages may flow."""

    def on_logout(self, session_id: SessionID) -> None:
        """The session left the logged-on state (Logout exchange, disconnect, or rollover)."""

    def on_admin(self, message: Message, session_id: SessionID) -> None:
        """An inbound admin message passed the session's checks. Raise RejectLogon to refuse a Logon."""

    def on_outgoing_admin(self, message: Message, session_id: SessionID) -> None:
        """An outbound admin message, header filled, about to be encoded (sign a Logon here)."""

    def on_message(self, message: Message, session_id: SessionID) -> None:
        """An inbound application message, in sequence. Raise UnsupportedMessageType or BusinessReject."""
