"""Message stores for FIX sessions: sequence numbers and sent messages, in memory or SQLite."""

from krakenbox.fix.store.base import MessageStore
from krakenbox.fix.store.memory import MemoryStore
from krakenbox.fix.store.sqlite import SqliteStore, SqliteStoreFactory

__all__ = ["MemoryStore", "MessageStore", "SqliteStore", "SqliteStoreFactory"]
