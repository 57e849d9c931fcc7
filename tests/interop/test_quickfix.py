"""Interoperability with QuickFIX, the most common FIX engine, in both roles.

QuickFIX validates everything it receives against a data dictionary; it is given the one
krakenbox exports (`krakenbox fix-dictionary`), so these tests also show that export loads in
QuickFIX and describes what krakenbox sends.
"""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

from krakenbox.core.clock import SystemClock
from krakenbox.fix.dictionary import export_quickfix_xml
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.gateways.tls import TlsFiles
from tests.cli.processes import running, serve_arguments, url_of
from tests.gateways.fixtures import initiator_for, new_order, recorder

from .quickfix_peer import quickfix_peer, settings_file

ORDER_FIELDS = (
    (11, "QF-1"),
    (21, "1"),
    (55, "XBT/USD"),
    (54, "1"),
    (60, "20260407-14:32:05.122"),
    (38, "0.5"),
    (40, "2"),
    (44, "64000.1"),
    (59, "1"),
)


def dictionary_file(directory: Path, dialect: str) -> Path:
    path = directory / f"FIX44-{dialect}.xml"
    path.write_text(export_quickfix_xml(dialect))  # type: ignore[arg-type]
    return path


def initiator_settings(
    directory: Path, port: int, sender: str, target: str, dialect: str, **tls: str
) -> Path:
    return settings_file(
        directory,
        "initiator",
        {
            "BeginString": "FIX.4.4",
            "SenderCompID": sender,
            "TargetCompID": target,
            "SocketConnectHost": "127.0.0.1",
            "SocketConnectPort": str(port),
        },
        HeartBtInt="30",
        ResetOnLogon="Y",
        UseDataDictionary="Y",
        DataDictionary=str(dictionary_file(directory, dialect)),
        **tls,
    )


def test_quickfix_initiator_gets_its_order_echoed_by_fix_echo(tmp_path: Path) -> None:
    with running("fix-echo", "--port", "0", "--comp-id", "ECHO", cwd=tmp_path) as (_, banner):
        _, port = url_of(banner, "listening on")
        config = initiator_settings(tmp_path, port, "QF", "ECHO", "fix44")
        with quickfix_peer("SocketInitiator", config, order=ORDER_FIELDS) as peer:
            peer.wait_for("logon")
            echoed = peer.wait_for("app", "D")
            assert echoed.field(11) == "QF-1" and echoed.field(44) == "64000.1"
            assert echoed.field(49) == "ECHO" and echoed.field(34) == "2"
            peer.wait_for("logout")
            assert peer.exit_code() == 0


def test_quickfix_over_tls_to_serve_with_the_kraken_dictionary(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running(*serve_arguments(data_dir), cwd=tmp_path) as (_, banner):
        scheme, port = url_of(banner, "FIX spot trading")
        assert scheme == "tls"
        config = initiator_settings(
            tmp_path,
            port,
            "ALICE",
            "KRAKEN-TRD",
            "kraken",
            CertificationAuthoritiesFile=str(TlsFiles.in_dir(data_dir / "tls").ca_cert),
            CertificateVerifyLevel="1",
            SSLProtocol="+TLSv1_3",
        )
        alice = json.loads((data_dir / "credentials.json").read_text())["accounts"][0]["fix"]
        sign = f"{alice['api_key']}:{alice['api_secret']}"
        # ClOrdID in Kraken's shape; post-only, STP cancel newest.
        kraken_order = ((11, "1775570000000001"), *ORDER_FIELDS[1:], (18, "P"), (7928, "1"))
        with quickfix_peer("SSLSocketInitiator", config, order=kraken_order, sign=sign) as peer:
            peer.wait_for("logon")
            report = peer.wait_for("app", "8")
            assert (report.field(150), report.field(39)) == ("0", "0")
            assert report.field(11) == "1775570000000001" and report.field(55) == "XBT/USD"
            peer.wait_for("logout")


def test_krakenbox_initiator_trades_with_a_quickfix_acceptor(tmp_path: Path) -> None:
    port = free_port()
    config = settings_file(
        tmp_path,
        "acceptor",
        {"BeginString": "FIX.4.4", "SenderCompID": "QF-VENUE", "TargetCompID": "TW"},
        SocketAcceptPort=str(port),
        UseDataDictionary="Y",
        DataDictionary=str(dictionary_file(tmp_path, "fix44")),
    )

    async def scenario() -> None:
        initiator = initiator_for(port, SystemClock(), target="QF-VENUE", reconnect=False)
        initiator.start()
        await initiator.wait_logged_on()
        initiator.send(new_order("KB-1"))
        report = await asyncio.wait_for(recorder(initiator).messages.get(), 10)
        assert report.msg_type == MsgType.ExecutionReport
        assert report[Tag.ClOrdID] == "KB-1" and report[Tag.OrdStatus] == "0"
        await initiator.stop()
        assert recorder(initiator).logouts == 1

    with quickfix_peer("SocketAcceptor", config, answer_orders=True) as peer:
        asyncio.run(scenario())
        order = peer.wait_for("app", "D")
        assert order.field(11) == "KB-1"
        peer.wait_for("logout")
        assert peer.exit_code() == 0


def free_port() -> int:
    """A port nobody listens on right now (QuickFIX cannot report an ephemeral one)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
