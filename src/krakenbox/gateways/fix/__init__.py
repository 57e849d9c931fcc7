"""Asyncio edges of the FIX engine: an acceptor (many sessions, many ports) and an initiator.

Both are thin: bytes from a socket go into a sans-I/O :class:`krakenbox.fix.session.Session`,
bytes it produces go out after its store is flushed, and its deadline becomes a loop timer.
"""

from krakenbox.gateways.fix.acceptor import FixAcceptor, Listener, SessionProvider
from krakenbox.gateways.fix.initiator import FixInitiator

__all__ = ["FixAcceptor", "FixInitiator", "Listener", "SessionProvider"]
