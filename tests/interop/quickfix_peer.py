"""QuickFIX (the C++ engine, through its Python binding) as the counterparty in interop tests.

Each peer runs in a child process (tests/interop/quickfix_child.py) and reports its events as
JSON lines; the test reads them with a timeout.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("quickfix", reason="QuickFIX wheels exist for Linux x86_64 only")

EVENT_TIMEOUT_S = 10
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Event:
    kind: str  # "ready", "logon", "logout", "admin", "app"
    wire: str = ""  # the message with | for SOH

    def field(self, tag: int) -> str | None:
        for pair in self.wire.split("|"):
            name, _, value = pair.partition("=")
            if name == str(tag):
                return value
        return None


class QuickFixPeer:
    """Reads the events of a running quickfix_child process."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.buffer = ""

    def wait_for(self, kind: str, msg_type: str | None = None) -> Event:
        """The next event of ``kind`` (and MsgType), skipping others; fails after a timeout."""
        deadline = time.monotonic() + EVENT_TIMEOUT_S
        while True:
            event = self._next_event(deadline)
            if event.kind == kind and (msg_type is None or event.field(35) == msg_type):
                return event

    def exit_code(self) -> int:
        return self.process.wait(EVENT_TIMEOUT_S)

    def _next_event(self, deadline: float) -> Event:
        """The next event line; QuickFIX's own chatter on stdout (its SSL engine prints) is skipped."""
        while True:
            line = self._next_line(deadline)
            if line.startswith('{"kind"'):
                return Event(**json.loads(line))

    def _next_line(self, deadline: float) -> str:
        stdout = self.process.stdout
        assert stdout is not None
        while "\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([stdout], [], [], remaining)[0]:
                raise AssertionError("QuickFIX reported nothing in time")
            chunk = os.read(stdout.fileno(), 65536).decode()
            if not chunk:
                raise AssertionError(f"QuickFIX exited with {self.process.wait()}")
            self.buffer += chunk
        line, self.buffer = self.buffer.split("\n", 1)
        return line


@contextmanager
def quickfix_peer(
    engine: str,
    config: Path,
    *,
    order: tuple[tuple[int, str], ...] = (),
    answer_orders: bool = False,
    sign: str | None = None,
) -> Iterator[QuickFixPeer]:
    """Start QuickFIX in a child process; yield once it reports ready."""
    command = [sys.executable, "-m", "tests.interop.quickfix_child", engine, str(config)]
    if order:
        command += ["--order", json.dumps(list(order))]
    if answer_orders:
        command.append("--answer-orders")
    if sign:
        command += ["--sign", sign]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        peer = QuickFixPeer(process)
        peer.wait_for("ready")
        yield peer
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(EVENT_TIMEOUT_S)
        assert process.stdout is not None
        process.stdout.close()


def settings_file(directory: Path, role: str, session: dict[str, str], **defaults: str) -> Path:
    """A QuickFIX settings file with one session; logs and stores go under ``directory``."""
    lines = [
        "[DEFAULT]",
        f"ConnectionType={role}",
        f"FileStorePath={directory / 'store'}",
        f"FileLogPath={directory / 'log'}",
        "StartTime=00:00:00",
        "EndTime=00:00:00",
        "ReconnectInterval=1",
        *(f"{key}={value}" for key, value in defaults.items()),
        "[SESSION]",
        *(f"{key}={value}" for key, value in session.items()),
    ]
    path = directory / f"{role}.cfg"
    path.write_text("\n".join(lines) + "\n")
    return path
