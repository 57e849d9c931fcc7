"""The client over real sockets (TLS and plain TCP) against the scripted venue in a FixAcceptor.

The same path a user takes against `krakenbox serve`: FixInitiator, TLS with the venue's CA,
Logon reply awaited, orders answered, a clean Logout on close.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import pytest

from krakenbox.client import CredentialsFile, ExecutionType, KrakenFixClient, LogonRefused
from krakenbox.core.clock import SystemClock
from krakenbox.fix.session import Role, SessionID, SessionSettings
from krakenbox.fix.store import MemoryStore
from krakenbox.gateways.fix import FixAcceptor, Listener
from krakenbox.gateways.fix.provider import DynamicSessionProvider
from krakenbox.gateways.tls import client_context, ensure_tls_files, server_context

from .venue import API_KEY, API_SECRET, TradingVenue


def acceptor(
    venue: TradingVenue, tls_dir: Path | None
) -> tuple[FixAcceptor, DynamicSessionProvider]:
    clock = SystemClock()
    provider = DynamicSessionProvider(
        clock=clock,
        application=venue,
        settings_for=lambda session_id: SessionSettings(session_id=session_id, role=Role.ACCEPTOR),
        open_store=lambda session_id: MemoryStore(clock.now_ns()),
        dictionary=None,
        our_comp_ids={"KRAKEN-TRD"},
    )
    context = server_context(ensure_tls_files(tls_dir)) if tls_dir is not None else None
    listener = Listener("trading", "127.0.0.1", 0, provider, ssl_context=context)
    return FixAcceptor(clock, [listener]), provider


@pytest.mark.parametrize("tls", [True, False], ids=["tls", "tcp"])
def test_place_and_cancel_over_a_socket(tmp_path: Path, tls: bool) -> None:
    async def scenario() -> None:
        venue = TradingVenue(SystemClock())  # type: ignore[arg-type]
        server, provider = acceptor(venue, tmp_path if tls else None)
        await server.start()
        port = server.listeners[0].bound_port
        context = client_context(tmp_path / "ca.pem") if tls else None
        try:
            async with KrakenFixClient(
                "127.0.0.1", port, "alice", API_KEY, API_SECRET, ssl_context=context
            ) as client:
                venue.session = provider.sessions[SessionID("FIX.4.4", "KRAKEN-TRD", "alice")]
                order = await client.place_order(
                    symbol="XBT/USD", side="buy", quantity=Decimal("0.01"), price=Decimal("50000")
                )
                report = await asyncio.wait_for(order.acknowledged, 5)
                assert report.execution_type is ExecutionType.NEW
                canceled = await client.cancel(order, timeout_s=5)
                assert canceled.execution_type is ExecutionType.CANCELED
            assert not client.is_logged_on
        finally:
            await server.stop()

    asyncio.run(scenario())


def test_wrong_credentials_are_refused_over_a_socket() -> None:
    async def scenario() -> None:
        venue = TradingVenue(SystemClock())  # type: ignore[arg-type]
        server, _ = acceptor(venue, None)
        await server.start()
        port = server.listeners[0].bound_port
        client = KrakenFixClient("127.0.0.1", port, "alice", API_KEY, "d3Jvbmc=")
        try:
            with pytest.raises(LogonRefused, match="invalid credentials"):
                await client.connect(timeout_s=5)
        finally:
            await client.close()
            await server.stop()

    asyncio.run(scenario())


def test_the_example_trades_against_a_venue_described_by_a_credentials_file(tmp_path: Path) -> None:
    import importlib.util
    import json

    path = Path(__file__).resolve().parents[2] / "examples" / "fix_client.py"
    spec = importlib.util.spec_from_file_location("fix_client_example", path)
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)

    async def scenario() -> None:
        venue = TradingVenue(SystemClock())  # type: ignore[arg-type]
        server, provider = acceptor(venue, tmp_path)
        await server.start()
        port = server.listeners[0].bound_port
        content = {
            "accounts": [
                {
                    "name": "alice",
                    "fix": {
                        "sender_comp_id": "alice",
                        "api_key": API_KEY,
                        "api_secret": API_SECRET,
                    },
                }
            ],
            "endpoints": {"fix_spot_trading": f"tls://127.0.0.1:{port}"},
            "tls": {"ca_file": str(tmp_path / "ca.pem")},
        }
        (tmp_path / "credentials.json").write_text(json.dumps(content))
        credentials = CredentialsFile.load(tmp_path / "credentials.json")
        endpoint = credentials.endpoint(CredentialsFile.TRADING)
        try:
            async with KrakenFixClient(
                endpoint.host,
                endpoint.port,
                "alice",
                API_KEY,
                API_SECRET,
                ssl_context=credentials.ssl_context(endpoint),
            ) as client:
                venue.session = provider.sessions[SessionID("FIX.4.4", "KRAKEN-TRD", "alice")]
                reports = await asyncio.wait_for(example.trade(client), 5)
            assert [report.execution_type for report in reports] == [
                ExecutionType.NEW,
                ExecutionType.REPLACED,
                ExecutionType.CANCELED,
            ]
        finally:
            await server.stop()

    asyncio.run(scenario())
