"""What the loopback benchmarks share: starting server processes, a raw asyncio echo of bytes
(the same-run baseline), percentiles and the event loop's name."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RAW_ECHO_SERVER = """
import asyncio, sys
class Echo(asyncio.Protocol):
    def connection_made(self, transport): self.transport = transport
    def data_received(self, data): self.transport.write(data)
async def main():
    server = await asyncio.get_running_loop().create_server(Echo, "127.0.0.1", 0)
    print("listening on tcp://127.0.0.1:%d" % server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()
try:
    import uvloop; uvloop.run(main())
except ImportError:
    asyncio.run(main())
"""


def start_server(command: list[str]) -> tuple[subprocess.Popen[str], int]:
    """Start a server that prints ``listening on tcp://HOST:PORT`` first; the process and port."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        raise RuntimeError(f"server did not start: {command}: {line!r}")
    return process, int(line.rsplit(":", 1)[1])


def start_venue(data_dir: Path, *extra: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """`krakenbox serve` in ``data_dir``, every port free, rate limits off, no simulated market
    (a benchmark measures its own orders), ``extra`` options;
    the process and its credentials.json (endpoints, demo accounts)."""
    ports = ["--rest-port", "--ws-public-port", "--ws-auth-port", "--admin-port",
             "--fix-spot-trading-port", "--fix-spot-md-l2-port", "--fix-spot-md-l3-port"]  # fmt: skip
    command = [
        sys.executable, "-m", "krakenbox.cli.main", "--log-level", "warning", "serve",
        "--data-dir", str(data_dir), "--rate-limits", "off", "--no-sim",
        *[part for port in ports for part in (port, "0")], *extra,
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if "stop with" in line:
            return process, json.loads((data_dir / "credentials.json").read_text())
    process.kill()
    raise RuntimeError("the venue did not start")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def raw_echo(
    port: int, payload: bytes, samples: int, messages: int, window: int
) -> dict[str, float]:
    """Ping-pong latency (p50/p99 µs) and windowed throughput of ``payload`` through a raw
    echo server."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    latencies = []
    for _ in range(samples):
        started = time.perf_counter_ns()
        writer.write(payload)
        await reader.readexactly(len(payload))
        latencies.append((time.perf_counter_ns() - started) / 1000)
    started = time.perf_counter()
    in_flight = 0
    sent = received = 0
    while received < messages:
        while in_flight < window and sent < messages:
            writer.write(payload)
            sent += 1
            in_flight += 1
        await reader.readexactly(len(payload))
        received += 1
        in_flight -= 1
    elapsed = time.perf_counter() - started
    writer.close()
    return {
        "p50_us": statistics.median(latencies),
        "p99_us": percentile(latencies, 0.99),
        "msgs_per_s": messages / elapsed,
    }


def event_loop_name() -> str:
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio"
    return "uvloop"


def report(
    measure: Callable[[argparse.Namespace], Coroutine[Any, Any, dict[str, Any]]],
    arguments: argparse.Namespace,
) -> None:
    """Run ``measure`` on uvloop (asyncio without it) and print its figures: one JSON object
    with ``--json``, aligned lines otherwise."""
    try:
        import uvloop
    except ImportError:
        figures = asyncio.run(measure(arguments))
    else:
        figures = uvloop.run(measure(arguments))
    if arguments.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>18}: {value}")
