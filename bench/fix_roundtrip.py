"""FIX round trip over loopback: our initiator against our acceptor, beside a raw echo.

    python bench/fix_roundtrip.py --json [--messages 100000] [--latency-samples 20000]

Two server processes are started: `krakenbox fix-echo` (our acceptor: validates every message
against the FIX 4.4 dictionary, echoes NewOrderSingle) and a raw asyncio echo of bytes. This
process is the client for both. Same run, same machine, same NewOrderSingle bytes:

- latency: one message in flight (ping-pong); p50/p99 in microseconds; echo_* for the raw echo;
- throughput: ``--window`` messages in flight on one session until ``--messages`` came back.

Prints one JSON object with --json; human-readable lines otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

from krakenbox.core.clock import SystemClock
from krakenbox.fix.application import Application
from krakenbox.fix.codec import encode
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, Session, SessionID, SessionSettings
from krakenbox.fix.store import MemoryStore
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.gateways.fix import FixInitiator
from loopback import RAW_ECHO_SERVER, event_loop_name, percentile, raw_echo, report, start_server


def order(number: int) -> Message:
    return Message.of(
        MsgType.NewOrderSingle,
        (Tag.ClOrdID, f"bench-{number:09d}"),
        (Tag.HandlInst, "1"),
        (Tag.Symbol, "XBT/USD"),
        (Tag.Side, "1"),
        (Tag.TransactTime, "20260407-14:32:05.122"),
        (Tag.OrderQty, "0.01000000"),
        (Tag.OrdType, "2"),
        (Tag.Price, "64000.1"),
        (Tag.TimeInForce, "1"),
    )


class Collector(Application):
    """Counts echoes; in throughput mode sends the next order from inside the callback."""

    def __init__(self) -> None:
        self.waiter: asyncio.Future[None] | None = None
        self.session: Session | None = None
        self.to_send = 0
        self.remaining = 0
        self.sent = 0

    def on_message(self, message: Message, session_id: SessionID) -> None:
        if self.remaining:
            self.remaining -= 1
            if self.to_send:
                self.to_send -= 1
                self.sent += 1
                assert self.session is not None
                self.session.send(order(self.sent))
            if self.remaining == 0 and self.waiter is not None:
                self.waiter.set_result(None)
        elif self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)


async def fix_roundtrip(port: int, samples: int, messages: int, window: int) -> dict[str, float]:
    clock = SystemClock()
    collector = Collector()
    session_id = SessionID("FIX.4.4", "BENCH-CLIENT", "BENCH")
    settings = SessionSettings(
        session_id=session_id, role=Role.INITIATOR, heartbeat_interval_s=30, reset_on_logon=True
    )
    session = Session(settings, MemoryStore(clock.now_ns()), collector, clock, None)
    collector.session = session
    initiator = FixInitiator(session, clock, "127.0.0.1", port, reconnect=False)
    initiator.start()
    await initiator.wait_logged_on()
    loop = asyncio.get_running_loop()
    latencies = []
    for number in range(samples):
        collector.waiter = loop.create_future()
        started = time.perf_counter_ns()
        initiator.send(order(number))
        await collector.waiter
        latencies.append((time.perf_counter_ns() - started) / 1000)
    collector.waiter = loop.create_future()
    collector.remaining = messages
    collector.to_send = messages - window
    started = time.perf_counter()
    for number in range(window):
        collector.sent += 1
        initiator.send(order(number))
    await collector.waiter
    elapsed = time.perf_counter() - started
    await initiator.stop()
    return {
        "p50_us": statistics.median(latencies),
        "p99_us": percentile(latencies, 0.99),
        "msgs_per_s": messages / elapsed,
    }


async def measure(arguments: argparse.Namespace) -> dict[str, float | int | str]:
    echo_server, echo_port = start_server([sys.executable, "-c", RAW_ECHO_SERVER])
    fix_server, fix_port = start_server(
        [
            sys.executable,
            "-m",
            "krakenbox.cli.main",
            "--log-level",
            "warning",
            "fix-echo",
            "--port",
            "0",
            "--comp-id",
            "BENCH",
        ]
    )
    try:
        payload = encode(order(0))
        raw = await raw_echo(
            echo_port, payload, arguments.latency_samples, arguments.messages, arguments.window
        )
        ours = await fix_roundtrip(
            fix_port, arguments.latency_samples, arguments.messages, arguments.window
        )
    finally:
        for process in (echo_server, fix_server):
            process.terminate()
            process.wait(10)
    return {
        "p50_us": round(ours["p50_us"], 1),
        "p99_us": round(ours["p99_us"], 1),
        "msgs_per_s": round(ours["msgs_per_s"]),
        "echo_p50_us": round(raw["p50_us"], 1),
        "echo_p99_us": round(raw["p99_us"], 1),
        "echo_msgs_per_s": round(raw["msgs_per_s"]),
        "p50_ratio": round(ours["p50_us"] / raw["p50_us"], 2),
        "msgs_per_s_ratio": round(ours["msgs_per_s"] / raw["msgs_per_s"], 3),
        "messages": arguments.messages,
        "latency_samples": arguments.latency_samples,
        "window": arguments.window,
        "message_bytes": len(payload),
        "event_loop": event_loop_name(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--messages", type=int, default=100_000, help="messages in the throughput phase"
    )
    parser.add_argument(
        "--latency-samples", type=int, default=20_000, help="ping-pong round trips timed"
    )
    parser.add_argument(
        "--window", type=int, default=256, help="messages in flight in the throughput phase"
    )
    report(measure, parser.parse_args())


if __name__ == "__main__":
    main()
