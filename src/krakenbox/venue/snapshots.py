"""Snapshots of the venue's state, so a restart replays only the journal's tail.

The journal stays the truth: a snapshot is the state after some journaled sequence number,
pickled, and a restart that finds one it can trust restores it and replays the commands after
it (verifying each, as a full replay does). A snapshot is trusted only when its *stamp* matches
this run's: the digest of the code that made the state (every source file of the package),
the Python version, and how the engine was built (id seed, catalogue). Anything else — another
version of krakenbox, an edited source file, a corrupt or truncated file — and the snapshot is
ignored: the restart replays the whole journal, as it would without one.

The snapshot is kept in the journal's own SQLite file (one row, replaced in one transaction,
so a crash while writing leaves the previous one). It is unpickled, so the journal must not
come from anywhere less trusted than the code itself.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from krakenbox.venue.journal import Journal

FORMAT: Final = "krakenbox-snapshot-1"


@dataclass(frozen=True, slots=True)
class Snapshot:
    sequence: int
    """The last journaled command the state includes."""
    state: Any


@cache
def code_digest() -> str:
    """A digest of every Python source file of the krakenbox package and the interpreter's
    version: a snapshot is only as good as the classes that will read it."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Snapshots:
    """The snapshot of one venue, in its journal."""

    __slots__ = ("journal", "stamp")

    def __init__(self, journal: Journal, built_with: str) -> None:
        """``built_with``: what else the state depends on (seed, catalogue fingerprint)."""
        self.journal = journal
        self.stamp = f"{FORMAT}:{code_digest()}:{built_with}"

    def load(self) -> Snapshot | None:
        """The snapshot, if there is one this run can trust and the journal reaches it."""
        data = self.journal.snapshot()
        if data is None:
            return None
        try:
            stamp, sequence, state = pickle.loads(data)
        except Exception:  # corrupt, or of classes that no longer exist
            return None
        if stamp != self.stamp or not 0 < sequence <= self.journal.durable_sequence:
            return None
        return Snapshot(sequence, state)

    def save(self, snapshot: Snapshot) -> int:
        """Store ``snapshot`` in place of the last one; its size in bytes."""
        data = pickle.dumps((self.stamp, snapshot.sequence, snapshot.state), protocol=5)
        self.journal.store_snapshot(data)
        return len(data)
