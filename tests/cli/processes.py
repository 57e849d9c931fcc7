"""Running `krakenbox` commands as a user does: subprocesses, reading the banner for endpoints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STARTUP_TIMEOUT_S = 20


@contextmanager
def running(*arguments: str, cwd: Path) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """Start `krakenbox ARGUMENTS`; yield the process and the banner lines read so far."""
    process = subprocess.Popen(
        [sys.executable, "-m", "krakenbox.cli.main", *arguments],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        yield process, read_banner(process)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def read_banner(process: subprocess.Popen[str]) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip())
        if "stop with" in line or "listening on" in line:
            return lines
    raise AssertionError(f"no banner; stderr: {process.stderr.read() if process.stderr else ''}")


def url_of(lines: list[str], name: str) -> tuple[str, int]:
    line = next(line for line in lines if name in line)
    match = re.search(r"(tcp|tls)://([\d.]+):(\d+)", line)
    assert match, line
    return match.group(1), int(match.group(3))


def serve_arguments(data_dir: Path, *extra: str) -> list[str]:
    """`serve` in ``data_dir`` on free ports (read them from the banner)."""
    ports = [
        "--rest-port",
        "0",
        "--ws-public-port",
        "0",
        "--ws-auth-port",
        "0",
        "--admin-port",
        "0",
        "--fix-spot-trading-port",
        "0",
        "--fix-spot-md-l2-port",
        "0",
        "--fix-spot-md-l3-port",
        "0",
    ]
    return ["serve", "--data-dir", str(data_dir), *ports, *extra]
