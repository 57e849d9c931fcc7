"""Message stores: the same behaviour in memory and in SQLite; SQLite survives kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from krakenbox.fix.session import SessionID
from krakenbox.fix.store import MemoryStore, MessageStore, SqliteStoreFactory

ALICE = SessionID("FIX.4.4", "KRAKEN-TRD", "ALICE")
BOB = SessionID("FIX.4.4", "KRAKEN-TRD", "BOB")


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MessageStore]:
    if request.param == "memory":
        yield MemoryStore(100)
        return
    factory = SqliteStoreFactory(tmp_path / "fix.db")
    yield factory.open(ALICE, 100)
    factory.close()


def test_a_new_store_starts_at_one(store: MessageStore) -> None:
    assert (store.next_sender_seq, store.next_target_seq, store.creation_time_ns) == (1, 1, 100)


def test_outgoing_returns_the_stored_range_in_order(store: MessageStore) -> None:
    for seq in (3, 1, 2, 5):
        store.save_outgoing(seq, b"m%d" % seq)
    store.flush()
    store.save_outgoing(6, b"m6")  # not flushed yet, still visible to the session
    assert store.outgoing(2, 6) == [(2, b"m2"), (3, b"m3"), (5, b"m5"), (6, b"m6")]
    assert store.outgoing(7, 9) == []


def test_reset_starts_a_new_sequence(store: MessageStore) -> None:
    store.next_sender_seq, store.next_target_seq = 9, 7
    store.save_outgoing(1, b"x")
    store.flush()
    store.reset(500)
    store.save_outgoing(1, b"new")
    store.flush()
    assert (store.next_sender_seq, store.next_target_seq, store.creation_time_ns) == (1, 1, 500)
    assert store.outgoing(1, 10) == [(1, b"new")]


def test_many_sessions_share_one_file_and_reopen(tmp_path: Path) -> None:
    factory = SqliteStoreFactory(tmp_path / "fix.db")
    alice, bob = factory.open(ALICE, 1), factory.open(BOB, 2)
    alice.next_sender_seq = 5
    alice.save_outgoing(4, b"alice-4")
    bob.next_target_seq = 8
    alice.flush()
    bob.flush()
    factory.close()
    again = SqliteStoreFactory(tmp_path / "fix.db")
    alice, bob = again.open(ALICE, 99), again.open(BOB, 99)
    assert (alice.next_sender_seq, alice.creation_time_ns, alice.outgoing(1, 9)) == (5, 1, [(4, b"alice-4")])
    assert (bob.next_target_seq, bob.creation_time_ns, bob.outgoing(1, 9)) == (8, 2, [])
    again.close()


def test_writes_are_batched_until_flush(tmp_path: Path) -> None:
    path = tmp_path / "fix.db"
    factory = SqliteStoreFactory(path)
    store = factory.open(ALICE, 1)
    store.next_sender_seq = 3
    store.save_outgoing(2, b"two")
    reader = sqlite3.connect(path)
    assert reader.execute("SELECT count(*) FROM fix_messages").fetchone() == (0,)
    store.flush()
    assert reader.execute("SELECT count(*) FROM fix_messages").fetchone() == (1,)
    assert reader.execute("SELECT next_sender_seq FROM fix_sessions").fetchone() == (3,)
    assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    reader.close()
    factory.close()


WRITER = textwrap.dedent(
    """
    import os, sys, time
    from krakenbox.fix.session import SessionID
    from krakenbox.fix.store import SqliteStoreFactory
    factory = SqliteStoreFactory(sys.argv[1])
    store = factory.open(SessionID("FIX.4.4", "KRAKEN-TRD", "ALICE"), 1234)
    for seq in range(1, 501):
        store.save_outgoing(seq, b"message %d" % seq)
        store.next_sender_seq = seq + 1
        store.next_target_seq = seq // 2 + 1
        if seq % 50 == 0:
            store.flush()
    store.save_outgoing(501, b"never flushed")
    print("flushed", flush=True)
    time.sleep(60)
    """
)


def test_sqlite_store_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "fix.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3] / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, env=env, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "flushed"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    reader = textwrap.dedent(
        """
        import sys
        from krakenbox.fix.session import SessionID
        from krakenbox.fix.store import SqliteStoreFactory
        store = SqliteStoreFactory(sys.argv[1]).open(SessionID("FIX.4.4", "KRAKEN-TRD", "ALICE"), 0)
        messages = store.outgoing(1, 1000)
        print(store.next_sender_seq, store.next_target_seq, store.creation_time_ns, len(messages),
              messages[0][1].decode(), messages[-1][1].decode())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", reader, str(path)], capture_output=True, env=env, text=True, check=True
    )
    assert result.stdout.split() == ["501", "251", "1234", "500", "message", "1", "message", "500"]


def test_an_exclusive_store_keeps_the_file_to_itself_until_closed(tmp_path: Path) -> None:
    path = tmp_path / "fix.db"
    factory = SqliteStoreFactory(path, exclusive=True)
    store = factory.open(ALICE, 1)
    store.next_sender_seq = 3
    store.save_outgoing(2, b"two")
    store.flush()
    reader = sqlite3.connect(path, timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        reader.execute("SELECT count(*) FROM fix_messages").fetchone()
    factory.close()
    assert reader.execute("SELECT seq, raw FROM fix_messages").fetchall() == [(2, b"two")]
    assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    reader.close()
    again = SqliteStoreFactory(path, exclusive=True)
    reopened = again.open(ALICE, 99)
    assert (reopened.next_sender_seq, reopened.outgoing(1, 9)) == (3, [(2, b"two")])
    again.close()


def test_an_exclusive_sqlite_store_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "fix.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3] / "src")}
    writer = WRITER.replace("SqliteStoreFactory(sys.argv[1])", "SqliteStoreFactory(sys.argv[1], exclusive=True)")
    assert writer != WRITER
    child = subprocess.Popen([sys.executable, "-c", writer, str(path)], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "flushed"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    again = SqliteStoreFactory(path, exclusive=True)
    store = again.open(SessionID("FIX.4.4", "KRAKEN-TRD", "ALICE"), 0)
    messages = store.outgoing(1, 1000)
    assert (store.next_sender_seq, store.next_target_seq, store.creation_time_ns, len(messages)) == (501, 251, 1234, 500)
    assert (messages[0][1], messages[-1][1]) == (b"message 1", b"message 500")
    again.close()
