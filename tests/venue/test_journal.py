"""The journal: ordered appends, batched commits, reading back from a sequence number, the
stored schema, and durability of every flushed batch across ``kill -9``."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from krakenbox.domain.commands import AdvanceTime
from krakenbox.domain.events import IndexPriceUpdated
from krakenbox.venue.codec import SchemaError, spot_codec
from krakenbox.venue.journal import Journal, JournalError, JournalRecord

CODEC = spot_codec()
SOURCE = Path(__file__).resolve().parents[2] / "src"


def entry(sequence: int) -> tuple[int, int, str, str]:
    command = AdvanceTime(timestamp=sequence * 10)
    events = [IndexPriceUpdated(sequence, sequence * 10)]
    return sequence, sequence * 10, CODEC.encode_text(command), CODEC.encode_many_text(events)


def test_appends_wait_for_flush_and_read_back_in_order(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", CODEC) as journal:
        for sequence in range(1, 6):
            journal.append(*entry(sequence))
        assert (journal.last_sequence, journal.durable_sequence, journal.pending) == (5, 0, 5)
        assert list(journal.entries()) == []  # nothing committed yet
        assert journal.flush() == 5
        assert journal.pending == 0
        assert [e.sequence for e in journal.entries(3)] == [3, 4, 5]
        assert list(journal.records(5)) == [
            JournalRecord(5, 50, AdvanceTime(timestamp=50), [IndexPriceUpdated(5, 50)])
        ]
    with Journal(tmp_path / "j.sqlite", CODEC) as reopened:
        assert reopened.last_sequence == reopened.durable_sequence == 5
        assert reopened.count() == 5
        reopened.append(*entry(6))
    with Journal(tmp_path / "j.sqlite", CODEC) as again:  # close flushes
        assert again.last_sequence == 6


def test_sequence_numbers_must_follow_on(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", CODEC) as journal:
        journal.append(*entry(1))
        with pytest.raises(JournalError, match="sequence 3 after 1"):
            journal.append(*entry(3))
        with pytest.raises(JournalError):
            journal.append(*entry(1))


def test_wal_mode_and_the_stored_schema(tmp_path: Path) -> None:
    Journal(tmp_path / "j.sqlite", CODEC, synchronous="FULL").close()
    connection = sqlite3.connect(tmp_path / "j.sqlite")
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    assert meta["format_version"] == "1"
    assert '"SubmitOrder":["account","side","order_type"' in meta["schema"]
    connection.execute("UPDATE meta SET value = '{\"OrderExpired\":[\"x\"]}' WHERE key = 'schema'")
    connection.commit()
    connection.close()
    with pytest.raises(SchemaError):
        Journal(tmp_path / "j.sqlite", CODEC)


def test_a_journal_of_another_format_is_refused(tmp_path: Path) -> None:
    Journal(tmp_path / "j.sqlite", CODEC).close()
    with sqlite3.connect(tmp_path / "j.sqlite") as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'")
    with pytest.raises(JournalError, match="format 99"):
        Journal(tmp_path / "j.sqlite", CODEC)


CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[2])
    from krakenbox.domain.commands import AdvanceTime
    from krakenbox.domain.events import IndexPriceUpdated
    from krakenbox.venue.codec import spot_codec
    from krakenbox.venue.journal import Journal

    codec = spot_codec()
    journal = Journal(sys.argv[1], codec)
    sequence = 0
    while True:  # batches of 50; report each one once flushed; never closes
        for _ in range(50):
            sequence += 1
            journal.append(
                sequence, sequence, codec.encode_text(AdvanceTime(timestamp=sequence)),
                codec.encode_many_text([IndexPriceUpdated(sequence, sequence)]),
            )
        journal.flush()
        print(sequence, flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_every_flushed_batch_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(SOURCE)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    flushed = 0
    while flushed < 2_000:  # let it get well into its stride, then kill it mid-batch
        flushed = int(child.stdout.readline())
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    with Journal(path, CODEC) as journal:
        sequences = [record.sequence for record in journal.records()]
        assert len(sequences) >= flushed  # everything acknowledged is there...
        assert sequences == list(range(1, len(sequences) + 1))  # ...in order, without holes
        assert len(sequences) % 50 == 0  # and only whole batches
        last = next(journal.records(len(sequences)))
        assert last.command == AdvanceTime(timestamp=len(sequences))


def test_settings_are_kept_beside_the_journal(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", CODEC) as journal:
        assert journal.setting("engine") is None
        journal.store_setting("engine", '{"id_seed": 7}')
        with pytest.raises(JournalError):
            journal.store_setting("schema", "{}")
    with Journal(tmp_path / "j.sqlite", CODEC) as journal:
        assert journal.setting("engine") == '{"id_seed": 7}'
