"""Orders through the whole venue over FIX: NewOrderSingle → ExecutionReport (New) round trips,
driven by krakenbox's FIX client, beside a raw loopback echo of the same bytes.

    python bench/fix_orders.py --json [--orders 20000] [--latency-samples 5000] [--window 64]

The benchmark starts `krakenbox serve` itself (a separate process, fresh data dir,
``--rate-limits off``): the order goes through the FIX session, the Kraken dialect, the
sequencer, the Spot engine (funds check, hold, events), the SQLite journal (one commit per
loop iteration) and back as an ExecutionReport. Orders are limit buys of 0.001 XBT at 1,000 USD,
far below any seller: each is accepted (150=0) and rests, as a market maker's quotes do; the
benchmark's venue is thrown away afterwards. ``--ioc`` sends IOC orders instead, which are
accepted and then canceled (two reports each), so nothing stays on the book.

- latency: one order in flight; p50/p99 µs of place_order → first ExecutionReport;
- throughput: ``--window`` orders in flight on one session until ``--orders`` were acknowledged;
- echo_*: a raw asyncio echo server (another process) sending back the same NewOrderSingle bytes;
- tls_*: the same against a venue serving TLS 1.3 (``--no-tls-run`` skips it).

Prints one JSON object with --json; human-readable lines otherwise.
"""

from __future__ import annotations

import argparse
import collections
import json
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from krakenbox.client import KrakenFixClient
from krakenbox.fix.codec import encode
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag
from loopback import (
    RAW_ECHO_SERVER,
    event_loop_name,
    percentile,
    raw_echo,
    report,
    start_server,
    start_venue,
)

QUANTITY = Decimal("0.001")
PRICE = Decimal("1000")


def venue_for(data_dir: Path, tls: bool) -> tuple[subprocess.Popen[str], int]:
    """`krakenbox serve` on free ports; the process and its FIX trading port."""
    process, credentials = start_venue(data_dir, *(() if tls else ("--no-tls",)))
    return process, int(credentials["endpoints"]["fix_spot_trading"].rsplit(":", 1)[1])


def client_for(data_dir: Path, port: int, tls: bool) -> KrakenFixClient:
    alice = json.loads((data_dir / "credentials.json").read_text())["accounts"][0]["fix"]
    context = None
    if tls:
        context = ssl.create_default_context(cafile=str(data_dir / "tls" / "ca.pem"))
        context.minimum_version = ssl.TLSVersion.TLSv1_3
    return KrakenFixClient(
        "127.0.0.1", port, alice["sender_comp_id"], alice["api_key"], alice["api_secret"],
        ssl_context=context, server_hostname="localhost", reset_on_logon=True,
    )  # fmt: skip


TIME_IN_FORCE = {"resting": "gtc", "ioc": "ioc"}


async def place(client: KrakenFixClient, kind: str) -> Any:
    return await client.place_order(
        symbol="XBT/USD", side="buy", quantity=QUANTITY, order_type="limit", price=PRICE,
        time_in_force=TIME_IN_FORCE[kind],
    )  # fmt: skip


async def orders(
    client: KrakenFixClient, samples: int, total: int, window: int, kind: str = "resting"
) -> dict[str, float]:
    latencies = []
    for _ in range(samples):
        started = time.perf_counter_ns()
        handle = await place(client, kind)
        report = await handle.acknowledged
        latencies.append((time.perf_counter_ns() - started) / 1000)
    assert report.message.get(Tag.ExecType) == "0", report
    in_flight: collections.deque[Any] = collections.deque()
    started_s = time.perf_counter()
    for _ in range(total):
        if len(in_flight) >= window:
            await in_flight.popleft().acknowledged
        in_flight.append(await place(client, kind))
    while in_flight:
        await in_flight.popleft().acknowledged
    elapsed = time.perf_counter() - started_s
    return {
        "p50_us": statistics.median(latencies),
        "p99_us": percentile(latencies, 0.99),
        "orders_per_s": total / elapsed,
    }


async def through_venue(arguments: argparse.Namespace, tls: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="krakenbox-bench-") as directory:
        data_dir = Path(directory)
        venue, port = venue_for(data_dir, tls)
        try:
            async with client_for(data_dir, port, tls) as client:
                return await orders(
                    client,
                    arguments.latency_samples,
                    arguments.orders,
                    arguments.window,
                    "ioc" if arguments.ioc else "resting",
                )
        finally:
            venue.terminate()
            venue.wait(20)


def sample_order() -> bytes:
    """The bytes of one NewOrderSingle as the client sends it (for the raw echo)."""
    return encode(
        Message.of(
            MsgType.NewOrderSingle,
            (Tag.MsgSeqNum, "2"),
            (Tag.SenderCompID, "ALICE"),
            (Tag.SendingTime, "20261122-10:00:00.000"),
            (Tag.TargetCompID, "KRAKEN-TRD"),
            (Tag.ClOrdID, "1795860000000001"),
            (Tag.Symbol, "XBT/USD"),
            (Tag.Side, "1"),
            (Tag.TransactTime, "20261122-10:00:00.000"),
            (Tag.OrderQty, str(QUANTITY)),
            (Tag.OrdType, "2"),
            (Tag.Price, str(PRICE)),
            (Tag.TimeInForce, "1"),
        )
    )


async def measure(arguments: argparse.Namespace) -> dict[str, float | int | str]:
    echo_server, echo_port = start_server([sys.executable, "-c", RAW_ECHO_SERVER])
    payload = sample_order()
    try:
        raw = await raw_echo(
            echo_port, payload, arguments.latency_samples, arguments.orders, arguments.window
        )
    finally:
        echo_server.terminate()
        echo_server.wait(10)
    plain = await through_venue(arguments, tls=False)
    figures: dict[str, float | int | str] = {
        "p50_us": round(plain["p50_us"], 1),
        "p99_us": round(plain["p99_us"], 1),
        "orders_per_s": round(plain["orders_per_s"]),
        "echo_p50_us": round(raw["p50_us"], 1),
        "echo_p99_us": round(raw["p99_us"], 1),
        "echo_msgs_per_s": round(raw["msgs_per_s"]),
        "p50_ratio": round(plain["p50_us"] / raw["p50_us"], 2),
    }
    if not arguments.no_tls_run:
        secure = await through_venue(arguments, tls=True)
        figures |= {
            "tls_p50_us": round(secure["p50_us"], 1),
            "tls_p99_us": round(secure["p99_us"], 1),
            "tls_orders_per_s": round(secure["orders_per_s"]),
            "tls_p50_ratio": round(secure["p50_us"] / raw["p50_us"], 2),
        }
    figures |= {
        "orders": arguments.orders,
        "latency_samples": arguments.latency_samples,
        "window": arguments.window,
        "order_kind": "ioc" if arguments.ioc else "resting",
        "message_bytes": len(payload),
        "event_loop": event_loop_name(),
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--orders", type=int, default=20_000, help="orders in the throughput phase")
    parser.add_argument(
        "--latency-samples", type=int, default=5_000, help="orders timed one by one"
    )
    parser.add_argument("--window", type=int, default=64, help="orders in flight (throughput)")
    parser.add_argument("--no-tls-run", action="store_true", help="skip the TLS figures")
    parser.add_argument("--ioc", action="store_true", help="IOC orders (New + Canceled each)")
    report(measure, parser.parse_args())


if __name__ == "__main__":
    main()
