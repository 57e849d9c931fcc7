"""The most `bench/rest.py`'s ratio can be with its client: the same signed AddOrder +
CancelOrder pairs against an aiohttp server that does none of the work.

    python bench/rest_ceiling.py --json [--pairs 3000] [--hellos 6000] [--rounds 3]

Starts the hello-world aiohttp server of `bench/rest.py` and a "canned" aiohttp server in
another process: ``POST /0/private/{method}`` reads the body and answers a fixed AddOrder or
CancelOrder result (no key, signature, nonce, order, journal or publication). The client is
`bench/rest.py`'s, unchanged: ``add_cancel_pairs`` (API-Key/API-Sign over the form body, a
fresh nonce each, both answers awaited) and ``hellos``. Each round measures both, one after
the other; the figures are the medians over ``--rounds``.

``ceiling_ratio`` = canned pairs/s ÷ hellos/s is what a venue whose REST work cost nothing
would score on `bench/rest.py` on this machine: the client's signing and JSON, aiohttp's
handling of a POST with a body, and the two processes taking turns remain.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from loopback import report, start_server
from rest import HELLO_SERVER, Signer, add_cancel_pairs, hellos

CANNED_SERVER = """
import json, socket
from aiohttp import web
ADDED = {"descr": {"order": "buy 0.00100000 XBTUSD @ limit 1000.0"},
         "txid": ["OABCDE-FGHIJ-KLMNOP"]}
ANSWERS = {
    "AddOrder": json.dumps({"error": [], "result": ADDED}, separators=(",", ":")).encode(),
    "CancelOrder": json.dumps({"error": [], "result": {"count": 1}}, separators=(",", ":")).encode(),
}
async def private(request):
    await request.read()
    return web.Response(body=ANSWERS[request.match_info["method"]], content_type="application/json")
app = web.Application(); app.router.add_post("/0/private/{method}", private)
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); sock.listen(128)
print("listening on tcp://127.0.0.1:%d" % sock.getsockname()[1], flush=True)
try:
    import uvloop; uvloop.install()
except ImportError:
    pass
web.run_app(app, sock=sock, print=None, access_log=None)
"""


async def measure(arguments: argparse.Namespace) -> dict[str, float | int | str]:
    hello_server, hello_port = start_server([sys.executable, "-c", HELLO_SERVER])
    canned_server, canned_port = start_server([sys.executable, "-c", CANNED_SERVER])
    hello_rates: list[float] = []
    pair_rates: list[float] = []
    try:
        for _ in range(arguments.rounds):
            hello_rates.append(
                await hellos(f"http://127.0.0.1:{hello_port}/hello", arguments.hellos)
            )
            pair_rates.append(
                await add_cancel_pairs(
                    f"http://127.0.0.1:{canned_port}",
                    Signer("canned", "c2VjcmV0"),
                    arguments.pairs,
                )
            )
    finally:
        for server in (hello_server, canned_server):
            server.terminate()
            server.wait(10)
    ratios = [pairs / hello for pairs, hello in zip(pair_rates, hello_rates, strict=True)]
    return {
        "canned_add_cancel_per_s": round(statistics.median(pair_rates)),
        "hello_per_s": round(statistics.median(hello_rates)),
        "ceiling_ratio": round(statistics.median(ratios), 3),
        "pairs": arguments.pairs,
        "rounds": arguments.rounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--pairs", type=int, default=3000, help="AddOrder + CancelOrder pairs")
    parser.add_argument("--hellos", type=int, default=6000, help="hello-world requests")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each")
    report(measure, parser.parse_args())


if __name__ == "__main__":
    main()
