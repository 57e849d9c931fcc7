"""The journal: every sequenced command and the events it produced, append-only, in SQLite.

One row per command: ``(sequence, timestamp, command, events)``; ``command`` is one record and
``events`` one list of records, as JSON text (:mod:`krakenbox.venue.codec`), the events written
with the command as context (an ``OrderAccepted`` refers to its command as ``["@"]`` instead of
repeating it). Appends are buffered and
written by :meth:`Journal.flush` in one transaction, so a batch costs one commit; the sequencer
tells nobody about a command before the flush that holds it has returned.

Durability (WAL mode): with ``synchronous=NORMAL`` (the default) a flushed batch survives the
process being killed (``kill -9``), because the commit is in the WAL file the moment ``flush``
returns; a power cut or OS crash may lose the last flushed batches (NORMAL does not fsync on
each commit) but never corrupts the journal. ``synchronous=FULL`` fsyncs every commit and so
survives an OS crash too, at the cost of one fsync per batch.

The ``meta`` table keeps the journal's format version and the codec schema it was written
with; opening a journal checks that this version can read it. The ``snapshot`` table keeps one
opaque blob, the venue's last snapshot (:mod:`krakenbox.venue.snapshots`), so the journal and
the state it shortens travel together in one file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from krakenbox.venue.codec import Codec
from krakenbox.venue.routing import event_context

FORMAT_VERSION: Final = 1
Synchronous = Literal["OFF", "NORMAL", "FULL", "EXTRA"]

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal (
    sequence INTEGER PRIMARY KEY,
    timestamp INTEGER NOT NULL,
    command TEXT NOT NULL,
    events TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshot (only INTEGER PRIMARY KEY CHECK (only = 1), data BLOB NOT NULL);
"""


class JournalError(RuntimeError):
    """The journal cannot be used as asked (out-of-order sequence, wrong format, closed)."""


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One stored row, still encoded."""

    sequence: int
    timestamp: int
    command: str
    events: str


@dataclass(frozen=True, slots=True)
class JournalRecord:
    """One stored row, decoded."""

    sequence: int
    timestamp: int
    command: Any
    events: list[Any]


class Journal:
    """An append-only SQLite journal of sequenced commands and their events."""

    __slots__ = (
        "_codec",
        "_connection",
        "_durable_sequence",
        "_last_sequence",
        "_pending",
        "_writer",
        "path",
    )

    def __init__(
        self, path: str | Path, codec: Codec, *, synchronous: Synchronous = "NORMAL"
    ) -> None:
        self.path = Path(path)
        self._codec = codec
        # Autocommit mode: transactions are opened and committed by hand, one per batch.
        self._connection = sqlite3.connect(self.path, isolation_level=None)
        connection = self._connection
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(f"PRAGMA synchronous={synchronous}")
        connection.executescript(_SCHEMA)
        self._check_meta()
        row = connection.execute("SELECT max(sequence) FROM journal").fetchone()
        self._durable_sequence: int = row[0] or 0
        self._last_sequence = self._durable_sequence
        self._pending: list[tuple[int, int, str, str]] = []
        self._writer = connection.cursor()
        """The cursor flushes write through: one for the journal's life instead of a new one
        per statement (``Connection.execute`` makes one each call)."""

    def _check_meta(self) -> None:
        connection = self._connection
        stored = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        if not stored:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("format_version", str(FORMAT_VERSION)),
                    ("schema", json.dumps(self._codec.schema, separators=(",", ":"))),
                ],
            )
            connection.execute("COMMIT")
            return
        if int(stored.get("format_version", "0")) != FORMAT_VERSION:
            raise JournalError(
                f"{self.path}: journal format {stored.get('format_version')}, "
                f"this version reads {FORMAT_VERSION}"
            )
        self._codec.check_readable(json.loads(stored["schema"]))

    # --- writing ----------------------------------------------------------------------------

    @property
    def last_sequence(self) -> int:
        """The last sequence number appended (flushed or not); 0 when empty."""
        return self._last_sequence

    @property
    def durable_sequence(self) -> int:
        """The last sequence number committed by a flush."""
        return self._durable_sequence

    @property
    def pending(self) -> int:
        """How many appended entries wait for the next flush."""
        return len(self._pending)

    def append(self, sequence: int, timestamp: int, command: str, events: str) -> None:
        """Buffer one encoded entry (``events`` encoded with ``command`` as context); it is
        durable once :meth:`flush` returns."""
        if sequence != self._last_sequence + 1:
            raise JournalError(f"sequence {sequence} after {self._last_sequence}")
        self._pending.append((sequence, timestamp, command, events))
        self._last_sequence = sequence

    def flush(self) -> int:
        """Commit everything appended, in one transaction; the durable sequence number."""
        pending = self._pending
        if not pending:
            return self._durable_sequence
        writer = self._writer
        writer.execute("BEGIN")
        try:
            writer.executemany(
                "INSERT INTO journal (sequence, timestamp, command, events) VALUES (?, ?, ?, ?)",
                pending,
            )
            writer.execute("COMMIT")
        except BaseException:
            writer.execute("ROLLBACK")
            raise
        self._durable_sequence = pending[-1][0]
        pending.clear()
        return self._durable_sequence

    # --- reading ----------------------------------------------------------------------------

    def entries(self, from_sequence: int = 1) -> Iterator[JournalEntry]:
        """Committed entries from ``from_sequence`` on, in order, still encoded."""
        cursor = self._connection.execute(
            "SELECT sequence, timestamp, command, events FROM journal "
            "WHERE sequence >= ? ORDER BY sequence",
            (from_sequence,),
        )
        for sequence, timestamp, command, events in cursor:
            yield JournalEntry(sequence, timestamp, command, events)

    def records(self, from_sequence: int = 1) -> Iterator[JournalRecord]:
        """Committed entries from ``from_sequence`` on, in order, decoded."""
        decode, decode_many = self._codec.decode, self._codec.decode_many
        for entry in self.entries(from_sequence):
            command = decode(entry.command)
            events = decode_many(entry.events, context=event_context(command))
            yield JournalRecord(entry.sequence, entry.timestamp, command, events)

    def setting(self, key: str) -> str | None:
        """A value stored in ``meta`` (how the engine was built, say: catalogue, id seeds)."""
        row = self._connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def store_setting(self, key: str, value: str) -> None:
        """Store ``value`` in ``meta`` under ``key`` (committed at once; the keys
        ``format_version`` and ``schema`` are the journal's own)."""
        if key in ("format_version", "schema"):
            raise JournalError(f"{key} belongs to the journal")
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        connection.execute("COMMIT")

    def snapshot(self) -> bytes | None:
        """The stored snapshot blob, if any."""
        row = self._connection.execute("SELECT data FROM snapshot WHERE only = 1").fetchone()
        return None if row is None else bytes(row[0])

    def store_snapshot(self, data: bytes) -> None:
        """Replace the stored snapshot blob (committed at once, in one transaction)."""
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(
                "INSERT OR REPLACE INTO snapshot (only, data) VALUES (1, ?)", (data,)
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def count(self) -> int:
        """Committed entries."""
        row = self._connection.execute("SELECT count(*) FROM journal").fetchone()
        return int(row[0])

    # --- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Flush and close."""
        self.flush()
        self._connection.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()
