"""`krakenbox serve` and `krakenbox fix-echo` as a user runs them: subprocesses on real ports."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

from krakenbox.core.clock import SystemClock
from krakenbox.fix.message import Message
from krakenbox.fix.session import SessionID
from krakenbox.fix.store import SqliteStoreFactory
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.gateways.fix import FixInitiator
from krakenbox.gateways.tls import TlsFiles
from krakenbox.kraken.permissions import KeyKind
from krakenbox.venue.directory import ApiKey
from tests.cli.processes import STARTUP_TIMEOUT_S, running, serve_arguments, url_of
from tests.gateways.fixtures import initiator_for, new_order, recorder
from tests.gateways.spot_fix.harness import Client, order
from tests.gateways.spot_fix.harness import client as client_of

CLOCK = SystemClock()


def demo_fix_key(data_dir: Path, name: str = "alice") -> ApiKey:
    """The FIX key of a demo account, from the credentials.json serve wrote."""
    content = json.loads((data_dir / "credentials.json").read_text())
    account = next(entry for entry in content["accounts"] if entry["name"] == name)
    fix = account["fix"]
    return ApiKey(fix["api_key"], fix["api_secret"], name, KeyKind.FIX, frozenset())


def test_serve_trades_logs_out_on_sigterm_and_keeps_orders_and_sequences(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    tls = TlsFiles.in_dir(data_dir / "tls")

    async def trade(
        port: int, reset: bool, store_path: Path, client_order_id: str
    ) -> tuple[FixInitiator, Message, SqliteStoreFactory]:
        stores = SqliteStoreFactory(store_path)
        store = stores.open(SessionID("FIX.4.4", "ALICE", "KRAKEN-TRD"), CLOCK.now_ns())
        application = Client(key=demo_fix_key(data_dir), clock=CLOCK)
        initiator = initiator_for(
            port,
            CLOCK,
            sender="ALICE",
            target="KRAKEN-TRD",
            tls=tls,
            store=store,
            reset_on_logon=reset,
            application=application,
            reconnect=False,
        )
        initiator.start()
        await initiator.wait_logged_on()
        initiator.send(order(client_order_id, "1", "0.5", "50000.1"))
        reply = await application.next()
        return initiator, reply, stores

    with running(*serve_arguments(data_dir), cwd=tmp_path) as (process, banner):
        scheme, port = url_of(banner, "FIX spot trading")
        assert scheme == "tls"
        assert (
            url_of(banner, "market data L2")[0] == "tls"
            and url_of(banner, "market data L3")[0] == "tls"
        )
        assert any(str(tls.ca_cert.resolve()) in line for line in banner)
        assert any("demo account alice" in line and "ALICE" in line for line in banner)
        assert "  simulated market          on, 7 pairs, seed 1 (--no-sim: off)" in banner

        async def first_visit() -> str:
            initiator, reply, stores = await trade(port, True, tmp_path / "alice.sqlite", "1")
            assert (reply.msg_type, reply[Tag.ExecType]) == (MsgType.ExecutionReport, "0")
            process.send_signal(signal.SIGTERM)  # the server logs us out: no cancel on disconnect
            assert initiator.connection is not None
            await asyncio.wait_for(initiator.connection.closed, 5)
            assert [m for m in client_of(initiator).admin if m.msg_type == MsgType.Logout]
            stores.close()
            return reply[Tag.OrderID]

        order_id = asyncio.run(first_visit())
        assert process.wait(10) == 0
        assert process.stdout is not None and "krakenbox stopped" in process.stdout.read()

    with running(*serve_arguments(data_dir), cwd=tmp_path) as (process, banner):
        _, port = url_of(banner, "FIX spot trading")

        async def second_visit() -> None:
            # No reset: the server kept its sequence numbers across the restart:
            # it sent Logon 1, ER 2, Logout 3, and now Logon 4, ER 5. The first order is
            # still working (the journal rebuilt it), so a status request finds it open.
            initiator, reply, stores = await trade(port, False, tmp_path / "alice.sqlite", "2")
            assert reply[Tag.MsgSeqNum] == "5"
            initiator.send(
                Message.of(
                    MsgType.OrderStatusRequest,
                    (Tag.ClOrdID, "3"),
                    (Tag.OrderID, order_id),
                    (Tag.Symbol, "XBT/USD"),
                )
            )
            status = await client_of(initiator).next()
            assert (status[Tag.ExecType], status[Tag.OrdStatus]) == ("I", "0")
            await initiator.stop()
            stores.close()

        asyncio.run(second_visit())


def test_serve_without_tls_market_data_ports_and_a_busy_port(tmp_path: Path) -> None:
    with running(*serve_arguments(tmp_path / "a", "--no-tls"), cwd=tmp_path) as (_, banner):
        scheme, port = url_of(banner, "FIX spot trading")
        assert scheme == "tcp"

        async def both_market_data_ports() -> None:
            # One SenderCompID on L2 and L3 at once: same CompIDs, two separate sessions.
            ports = [url_of(banner, name)[1] for name in ("market data L2", "market data L3")]
            initiators = [
                initiator_for(md_port, CLOCK, sender="ALICE", target="KRAKEN-MD", reconnect=False)
                for md_port in ports
            ]
            for initiator in initiators:
                initiator.start()
            for initiator in initiators:
                await initiator.wait_logged_on()
            for initiator in initiators:
                await initiator.stop()

        asyncio.run(both_market_data_ports())
        busy = subprocess.run(
            [
                sys.executable,
                "-m",
                "krakenbox.cli.main",
                *serve_arguments(tmp_path / "b", "--no-tls", "--fix-spot-trading-port", str(port)),
            ],
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT_S,
        )
        assert busy.returncode == 1
        assert "cannot listen" in busy.stdout


def test_fix_echo_echoes_orders(tmp_path: Path) -> None:
    with running("fix-echo", "--port", "0", "--comp-id", "ECHO", cwd=tmp_path) as (process, banner):
        _, port = url_of(banner, "listening on")

        async def scenario() -> None:
            initiator = initiator_for(port, CLOCK, reconnect=False)
            initiator.start()
            await initiator.wait_logged_on()
            initiator.send(new_order("E1"))
            echoed = await asyncio.wait_for(recorder(initiator).messages.get(), 5)
            assert echoed.msg_type == MsgType.NewOrderSingle and echoed[Tag.ClOrdID] == "E1"
            await initiator.stop()

        asyncio.run(scenario())
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0


def test_fix_dictionary_writes_a_quickfix_data_dictionary(tmp_path: Path) -> None:
    output = tmp_path / "FIX44-kraken.xml"
    done = subprocess.run(
        [sys.executable, "-m", "krakenbox.cli.main", "fix-dictionary", "kraken", "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr
    root = ElementTree.parse(output).getroot()
    fields = {
        field.get("number"): field.get("name")
        for field in root.iter("field")
        if field.get("number")
    }
    assert fields["5025"] == "Nonce" and fields["8674"] == "CancelOrdersOnDisconnect"
    assert len(root.find("messages")) == 93  # type: ignore[arg-type]
    standard = subprocess.run(
        [sys.executable, "-m", "krakenbox.cli.main", "fix-dictionary", "fix44"],
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT_S,
    )
    assert 'number="5025"' not in standard.stdout and 'number="35"' in standard.stdout


def test_serve_with_the_simulated_market_has_live_books_within_seconds(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running(*serve_arguments(data_dir, "--no-tls"), cwd=tmp_path):
        rest = json.loads((data_dir / "credentials.json").read_text())["endpoints"]["spot_rest"]
        from kraken.spot import Market

        market = Market(url=rest)
        deadline = CLOCK.now_ns() + 15 * 10**9
        while CLOCK.now_ns() < deadline:
            book = market.get_order_book(pair="XBTUSD", count=10)["XXBTZUSD"]
            trades = market.get_recent_trades(pair="XBTUSD")["XXBTZUSD"]
            if len(book["bids"]) == len(book["asks"]) == 5 and trades:
                break
            time.sleep(0.2)  # a real server on real time: poll its public data
        else:
            raise AssertionError(f"no live market: {book}, {trades}")
        assert float(book["bids"][0][0]) < float(book["asks"][0][0])
