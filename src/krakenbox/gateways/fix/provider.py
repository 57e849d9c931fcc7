"""Session providers: how an acceptor finds the session a Logon asks for.

Routing follows what a FIX counterparty expects. On a port dedicated to one CompID (or one
CompID pair), every Logon is routed to that session even when its CompIDs or BeginString are
wrong, so the session answers the mistake in the protocol's own way (Reject 373=9 and Logout,
or a Logout "Incorrect BeginString"). On a port that serves several CompIDs, a Logon naming
none of them has no session to answer for it, and the acceptor refuses it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from krakenbox.core.clock import Clock
from krakenbox.fix.application import Application
from krakenbox.fix.dictionary import Dictionary
from krakenbox.fix.message import Message
from krakenbox.fix.session import Session, SessionID, SessionSettings
from krakenbox.fix.store import MessageStore
from krakenbox.fix.tags import Tag


class DynamicSessionProvider:
    """Creates a session the first time a counterparty logs on, and keeps it for reconnects.

    ``our_comp_ids``: the TargetCompIDs this port answers to. ``counterparties``: the
    SenderCompIDs allowed to log on (None: anyone). ``settings_for`` turns a session id into its
    settings; ``open_store`` gives its store. ``qualifier`` tells this port's sessions apart
    from same-named sessions on other ports.
    """

    def __init__(
        self,
        *,
        clock: Clock,
        application: Application,
        settings_for: Callable[[SessionID], SessionSettings],
        open_store: Callable[[SessionID], MessageStore],
        dictionary: Dictionary | None,
        our_comp_ids: Collection[str],
        counterparties: Collection[str] | None = None,
        begin_string: str = "FIX.4.4",
        qualifier: str = "",
    ) -> None:
        self.clock = clock
        self.application = application
        self.settings_for = settings_for
        self.open_store = open_store
        self.dictionary = dictionary
        self.our_comp_ids = frozenset(our_comp_ids)
        self.counterparties = frozenset(counterparties) if counterparties is not None else None
        self.begin_string = begin_string
        self.qualifier = qualifier
        self.sessions: dict[SessionID, Session] = {}

    def session_for(self, logon: Message) -> Session | None:
        """The session this Logon is for (created on first use), or None to refuse it."""
        session_id = self.route(logon.get(Tag.SenderCompID), logon.get(Tag.TargetCompID))
        if session_id is None:
            return None
        return self.session(session_id)

    def session(self, session_id: SessionID) -> Session:
        """The session ``session_id`` names, created (with its store) on first use: also before
        its counterparty ever logs on, so messages for it are sequenced and kept for replay."""
        session = self.sessions.get(session_id)
        if session is None:
            session = Session(
                self.settings_for(session_id),
                self.open_store(session_id),
                self.application,
                self.clock,
                self.dictionary,
            )
            self.sessions[session_id] = session
        return session

    def route(self, their_comp_id: str | None, our_comp_id: str | None) -> SessionID | None:
        """Our SessionID for a Logon from ``their_comp_id`` to ``our_comp_id``."""
        ours = our_comp_id if our_comp_id in self.our_comp_ids else _only(self.our_comp_ids)
        if self.counterparties is None:
            theirs = their_comp_id or None
        else:
            allowed = their_comp_id in self.counterparties
            theirs = their_comp_id if allowed else _only(self.counterparties)
        if ours is None or theirs is None or "\x01" in theirs:
            return None
        return SessionID(self.begin_string, ours, theirs, self.qualifier)


def _only(names: frozenset[str]) -> str | None:
    return next(iter(names)) if len(names) == 1 else None
