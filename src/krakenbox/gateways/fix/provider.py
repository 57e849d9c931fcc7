"""Session providers: how an acceptor finds the session a Logon asks for."""

from __future__ import annotations

from collections.abc import Callable, Collection

from krakenbox.core.clock import Clock
from krakenbox.fix.application import Application
from krakenbox.fix.dictionary import Dictionary
from krakenbox.fix.message import Message
from krakenbox.fix.session import Session, SessionID, SessionSettings
from krakenbox.fix.store import MessageStore


class DynamicSessionProvider:
    """Creates a session the first time a counterparty logs on, and keeps it for reconnects.

    ``our_comp_ids`` limits which TargetCompIDs this listener answers to (None: any).
    ``settings_for`` turns a session id into its settings; ``open_store`` gives its store.
    """

    def __init__(
        self,
        *,
        clock: Clock,
        application: Application,
        settings_for: Callable[[SessionID], SessionSettings],
        open_store: Callable[[SessionID], MessageStore],
        dictionary: Dictionary | None,
        our_comp_ids: Collection[str] | None = None,
    ) -> None:
        self.clock = clock
        self.application = application
        self.settings_for = settings_for
        self.open_store = open_store
        self.dictionary = dictionary
        self.our_comp_ids = frozenset(our_comp_ids) if our_comp_ids is not None else None
        self.sessions: dict[SessionID, Session] = {}

    def session_for(self, session_id: SessionID, logon: Message) -> Session | None:
        if self.our_comp_ids is not None and session_id.sender_comp_id not in self.our_comp_ids:
            return None
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
