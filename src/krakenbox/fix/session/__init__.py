"""The sans-I/O FIX session layer: one state machine for acceptor and initiator.

Public API (see docs/fix-session.md)::

    session = Session(settings, store, application, clock, dictionary)
    session.connection_made(); session.receive_data(data); session.connection_lost()
    session.next_deadline_ns(); session.on_timer()
    session.send(message) -> bool; session.logout(text)
    session.data_to_send() -> bytes; session.wants_close; session.is_logged_on
"""

from krakenbox.fix.session.schedule import DailySchedule
from krakenbox.fix.session.session import Session
from krakenbox.fix.session.session_id import SessionID
from krakenbox.fix.session.settings import Role, SessionSettings
from krakenbox.fix.session.state import SessionState

__all__ = ["DailySchedule", "Role", "Session", "SessionID", "SessionSettings", "SessionState"]
