"""Spot REST and WebSocket v2 throughput against aiohttp itself, in one run.

    python bench/rest.py --json [--pairs 3000] [--hellos 6000] [--subscribers 200] [--updates 300]

The benchmark starts `krakenbox serve` (a separate process, fresh data dir, ``--rate-limits
off``, plain HTTP) and, as the same-run baseline, a hello-world aiohttp server in another
process. Over one keep-alive connection each:

- ``add_cancel_per_s``: authenticated AddOrder + CancelOrder pairs per second (API-Key /
  API-Sign over the form body, a fresh nonce each; each pair waits for both answers);
- ``hello_per_s``: GET requests per second to the hello-world endpoint;
- ``ratio``: add_cancel_per_s / hello_per_s (pairs are two requests);
- ``ws_fanout_msgs_per_s``, ``ws_p99_lag_ms``: ``--subscribers`` public WebSocket connections
  subscribed to the XBT/USD book while orders placed over REST change it ``--updates`` times;
  book messages delivered per second across all subscribers, and the 99th percentile of the
  time from sending the AddOrder to each subscriber's book update (so it includes the REST
  call; one event loop reads all sockets in this process, so it includes reading them all).

Prints one JSON object with --json; human-readable lines otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

import aiohttp

from krakenbox.kraken.rest.authentication import signature
from loopback import percentile, report, start_server, start_venue

HELLO_SERVER = """
from aiohttp import web
async def hello(request): return web.Response(text="hello")
app = web.Application(); app.router.add_get("/hello", hello)
import socket
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); sock.listen(128)
print("listening on tcp://127.0.0.1:%d" % sock.getsockname()[1], flush=True)
try:
    import uvloop; uvloop.install()
except ImportError:
    pass
web.run_app(app, sock=sock, print=None, access_log=None)
"""


class Signer:
    """Kraken's REST signature with a strictly increasing nonce."""

    def __init__(self, key: str, secret: str) -> None:
        self.key, self.secret = key, secret
        self.nonce = time.time_ns() // 1000

    def request(self, method: str, **parameters: str) -> tuple[str, bytes, dict[str, str]]:
        self.nonce += 1
        path = f"/0/private/{method}"
        body = urllib.parse.urlencode({"nonce": str(self.nonce), **parameters}).encode()
        headers = {
            "API-Key": self.key,
            "API-Sign": signature(path, str(self.nonce), body, self.secret),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return path, body, headers


async def private(
    session: aiohttp.ClientSession, url: str, signer: Signer, method: str, **parameters: str
) -> Any:
    path, body, headers = signer.request(method, **parameters)
    async with session.post(url + path, data=body, headers=headers) as response:
        answer = await response.json()
    if answer["error"]:
        raise RuntimeError(f"{method}: {answer['error']}")
    return answer["result"]


async def add_cancel_pairs(url: str, signer: Signer, pairs: int) -> float:
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=connector) as session:
        order = {"ordertype": "limit", "type": "buy", "volume": "0.001", "pair": "XBTUSD",
                 "price": "1000"}  # fmt: skip
        for _ in range(50):  # warm up
            added = await private(session, url, signer, "AddOrder", **order)
            await private(session, url, signer, "CancelOrder", txid=added["txid"][0])
        started = time.perf_counter()
        for _ in range(pairs):
            added = await private(session, url, signer, "AddOrder", **order)
            await private(session, url, signer, "CancelOrder", txid=added["txid"][0])
        return pairs / (time.perf_counter() - started)


async def hellos(url: str, count: int) -> float:
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=connector) as session:
        for _ in range(100):
            async with session.get(url) as response:
                await response.read()
        started = time.perf_counter()
        for _ in range(count):
            async with session.get(url) as response:
                await response.read()
        return count / (time.perf_counter() - started)


async def fanout(
    rest_url: str, ws_url: str, signer: Signer, subscribers: int, updates: int
) -> dict[str, float]:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        sockets = [await session.ws_connect(ws_url) for _ in range(subscribers)]
        for socket in sockets:
            await socket.send_json(
                {"method": "subscribe", "params": {"channel": "book", "symbol": ["BTC/USD"]}}
            )
        for socket in sockets:  # status, ack, snapshot
            while True:
                message = await socket.receive_json()
                if message.get("channel") == "book" and message.get("type") == "snapshot":
                    break
        lags: list[float] = []
        delivered = 0

        async def read(socket: aiohttp.ClientWebSocketResponse, expected: int) -> None:
            nonlocal delivered
            seen = 0
            while seen < expected:
                message = await socket.receive_json()
                if message.get("channel") == "book" and message.get("type") == "update":
                    lags.append(time.perf_counter() - sent_at[seen])
                    seen += 1
                    delivered += 1

        sent_at: list[float] = []
        readers = [asyncio.ensure_future(read(socket, updates)) for socket in sockets]
        started = time.perf_counter()
        async with aiohttp.ClientSession() as rest:
            for number in range(updates):
                price = str(1000 + number)  # a new level each time: one book update
                sent_at.append(time.perf_counter())
                await private(rest, rest_url, signer, "AddOrder", ordertype="limit", type="buy",
                              volume="0.001", pair="XBTUSD", price=price)  # fmt: skip
        await asyncio.wait_for(asyncio.gather(*readers), 120)
        elapsed = time.perf_counter() - started
        for socket in sockets:
            await socket.close()
    return {
        "msgs_per_s": delivered / elapsed,
        "p99_lag_ms": percentile(lags, 0.99) * 1000,
        "p50_lag_ms": percentile(lags, 0.5) * 1000,
    }


async def measure(arguments: argparse.Namespace) -> dict[str, float | int | str]:
    hello_server, hello_port = start_server([sys.executable, "-c", HELLO_SERVER])
    try:
        hello = await hellos(f"http://127.0.0.1:{hello_port}/hello", arguments.hellos)
    finally:
        hello_server.terminate()
        hello_server.wait(10)
    with tempfile.TemporaryDirectory(prefix="krakenbox-bench-") as directory:
        venue, credentials = start_venue(Path(directory))
        try:
            endpoints = credentials["endpoints"]
            alice = credentials["accounts"][0]["spot"]
            bob = credentials["accounts"][1]["spot"]
            pairs = await add_cancel_pairs(
                endpoints["spot_rest"], Signer(alice["api_key"], alice["api_secret"]),
                arguments.pairs,
            )  # fmt: skip
            spread = await fanout(
                endpoints["spot_rest"], endpoints["spot_ws_public"],
                Signer(bob["api_key"], bob["api_secret"]), arguments.subscribers,
                arguments.updates,
            )  # fmt: skip
        finally:
            venue.terminate()
            venue.wait(20)
    return {
        "add_cancel_per_s": round(pairs),
        "hello_per_s": round(hello),
        "ratio": round(pairs / hello, 3),
        "ws_fanout_msgs_per_s": round(spread["msgs_per_s"]),
        "ws_p99_lag_ms": round(spread["p99_lag_ms"], 2),
        "ws_p50_lag_ms": round(spread["p50_lag_ms"], 2),
        "subscribers": arguments.subscribers,
        "updates": arguments.updates,
        "pairs": arguments.pairs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--pairs", type=int, default=3000, help="AddOrder + CancelOrder pairs")
    parser.add_argument("--hellos", type=int, default=6000, help="hello-world requests")
    parser.add_argument("--subscribers", type=int, default=200, help="WebSocket book subscribers")
    parser.add_argument("--updates", type=int, default=300, help="book updates fanned out")
    report(measure, parser.parse_args())


if __name__ == "__main__":
    main()
