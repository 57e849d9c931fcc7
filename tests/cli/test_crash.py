"""kill -9 loses nothing a client was told: acknowledged orders, fills and balances come back
after a restart (the journal commits before any answer goes out)."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

from kraken.spot import Market, Trade, User

from tests.cli.processes import running, serve_arguments


def rest_of(data_dir: Path, name: str) -> tuple[str, str, str]:
    content = json.loads((data_dir / "credentials.json").read_text())
    spot = next(entry["spot"] for entry in content["accounts"] if entry["name"] == name)
    return spot["api_key"], spot["api_secret"], content["endpoints"]["spot_rest"]


def test_kill_9_then_restart_keeps_every_acknowledged_change(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    quiet = ("--no-tls", "--no-sim")  # alice's order meets bob's, not the simulated maker
    with running(*serve_arguments(data_dir, *quiet), cwd=tmp_path) as (process, _):
        key, secret, url = rest_of(data_dir, "alice")
        bob_key, bob_secret, _ = rest_of(data_dir, "bob")
        trade = Trade(key, secret, url=url)
        resting = trade.create_order(
            ordertype="limit", side="sell", volume="1", pair="XBTUSD", price="61000"
        )["txid"][0]
        Trade(bob_key, bob_secret, url=url).create_order(
            ordertype="limit", side="buy", volume="0.25", pair="XBTUSD", price="61000"
        )
        before = User(key, secret, url=url).get_account_balance()
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    with running(*serve_arguments(data_dir, *quiet), cwd=tmp_path):
        key, secret, url = rest_of(data_dir, "alice")
        user = User(key, secret, url=url)
        assert user.get_account_balance() == before
        order = user.get_open_orders()["open"][resting]
        assert order["vol_exec"] == "0.25000000"
        [fill] = user.get_trades_history()["trades"].values()
        assert (fill["ordertxid"], fill["vol"]) == (resting, "0.25000000")


def test_kill_9_with_the_simulated_market_running_then_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running(*serve_arguments(data_dir, "--no-tls"), cwd=tmp_path) as (process, _):
        _, _, url = rest_of(data_dir, "alice")
        market = Market(url=url)
        deadline = time.monotonic() + 20
        while not (before := market.get_recent_trades(pair="XBTUSD")["XXBTZUSD"]):
            assert time.monotonic() < deadline, "no simulated trade"
            time.sleep(0.2)  # a real server on real time: poll its public data
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    with running(*serve_arguments(data_dir, "--no-tls"), cwd=tmp_path):
        market = Market(url=rest_of(data_dir, "alice")[2])  # the new ports
        after = market.get_recent_trades(pair="XBTUSD")["XXBTZUSD"]
        assert after[: len(before)] == before  # every trade published before the kill
        book = market.get_order_book(pair="XBTUSD", count=10)["XXBTZUSD"]
        assert len(book["bids"]) == len(book["asks"]) == 5
