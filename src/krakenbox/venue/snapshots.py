"""Snapshots of the venue's state, so a restart replays only the journal's tail.

The journal stays the truth: a snapshot is the state after some journaled sequence number,
pickled, and a restart that finds one it can trust restores it and replays the commands after
it (verifying each, as a full replay does). A snapshot is trusted only when its *stamp* matches
this run's: the digest of the code that made the state (every source file of the package),
the Python version, and how the engine was built (id seed, catalogue). Anything else — another
version of krakenbox, an edited source file, a corrupt or truncated file — and the snapshot is
ignored: the restart replays the whole journal, as it would without one.

The file is written whole to a temporary name and renamed over the old one, so a crash while
writing leaves the previous snapshot. Like the journal, the file belongs to the data dir: it is
unpickled, so it must not come from anywhere less trusted than the code itself.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

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
    """The snapshot file of one venue."""

    __slots__ = ("path", "stamp")

    def __init__(self, path: str | Path, built_with: str) -> None:
        """``built_with``: what else the state depends on (seed, catalogue fingerprint)."""
        self.path = Path(path)
        self.stamp = f"{FORMAT}:{code_digest()}:{built_with}"

    def load(self, durable_sequence: int) -> Snapshot | None:
        """The snapshot, if there is one this run can trust and the journal reaches it."""
        try:
            with self.path.open("rb") as file:
                stamp, sequence, state = pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception:  # truncated, corrupt, or of classes that no longer exist
            return None
        if stamp != self.stamp or not 0 < sequence <= durable_sequence:
            return None
        return Snapshot(sequence, state)

    def save(self, snapshot: Snapshot) -> int:
        """Write ``snapshot`` in place of the last one; its size in bytes."""
        data = pickle.dumps((self.stamp, snapshot.sequence, snapshot.state), protocol=5)
        temporary = self.path.with_name(self.path.name + ".tmp")
        with temporary.open("wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.path)
        return len(data)
