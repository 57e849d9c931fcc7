"""`krakenbox serve`: the venue with its embedded defaults.

For now it runs the Spot FIX acceptors on Kraken's documented ports — trading (4001,
TargetCompID KRAKEN-TRD) and market data L2/L3 (4000/4005, KRAKEN-MD) — with durable session
state in the data dir, TLS from a local CA, and Kraken's daily 22:00 UTC sequence reset. The
trading engine is not wired in yet: application messages are answered with a
BusinessMessageReject (380=4, application not available).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
from dataclasses import dataclass
from pathlib import Path

from krakenbox.cli.runtime import run, until_stopped
from krakenbox.core.clock import Clock, SystemClock
from krakenbox.fix import dictionary
from krakenbox.fix.application import Application, BusinessReject
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, SessionID, SessionSettings
from krakenbox.fix.store import SqliteStoreFactory
from krakenbox.fix.tags import BusinessRejectReason
from krakenbox.gateways.fix import FixAcceptor, Listener
from krakenbox.gateways.fix.provider import DynamicSessionProvider
from krakenbox.gateways.tls import ensure_tls_files, server_context

KRAKEN_RESET_TIME = datetime.time(22, 0)
KRAKEN_ROLLOVER_S = 30.0


class EngineNotAvailable(Application):
    """Answers application messages until the trading engine is wired into the gateway."""

    def on_message(self, message: Message, session_id: SessionID) -> None:
        raise BusinessReject(
            BusinessRejectReason.APPLICATION_NOT_AVAILABLE, "Application not available"
        )


@dataclass(slots=True)
class SpotFix:
    """The Spot FIX acceptor and what it owns."""

    acceptor: FixAcceptor
    stores: SqliteStoreFactory
    ca_file: Path | None

    async def stop(self) -> None:
        """Log sessions out, then flush and close the session store."""
        await self.acceptor.stop()
        self.stores.close()


def spot_fix(clock: Clock, arguments: argparse.Namespace) -> SpotFix:
    """The Spot FIX acceptor as configured on the command line (not started)."""
    data_dir: Path = arguments.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    kraken = dictionary.load("kraken")
    stores = SqliteStoreFactory(data_dir / "fix-sessions.sqlite")
    application = EngineNotAvailable()
    ssl_context, ca_file = None, None
    if not arguments.no_tls:
        tls_files = ensure_tls_files(data_dir / "tls", (arguments.host,))
        ssl_context = server_context(tls_files, arguments.tls_min_version)
        ca_file = tls_files.ca_cert

    def settings_for(session_id: SessionID) -> SessionSettings:
        return SessionSettings(
            session_id=session_id,
            role=Role.ACCEPTOR,
            reset_time=KRAKEN_RESET_TIME,
            logon_blackout_s=KRAKEN_ROLLOVER_S,
            validate_with=kraken,
        )

    def listener(name: str, port: int, comp_id: str, qualifier: str) -> Listener:
        provider = DynamicSessionProvider(
            clock=clock,
            application=application,
            settings_for=settings_for,
            open_store=lambda session_id: stores.open(session_id, clock.now_ns()),
            dictionary=kraken,
            our_comp_ids={comp_id},
            qualifier=qualifier,
        )
        return Listener(name, arguments.host, port, provider, ssl_context)

    listeners = [
        listener("FIX spot trading", arguments.fix_spot_trading_port, "KRAKEN-TRD", "spot-trading"),
        listener(
            "FIX spot market data L2", arguments.fix_spot_md_l2_port, "KRAKEN-MD", "spot-md-l2"
        ),
        listener(
            "FIX spot market data L3", arguments.fix_spot_md_l3_port, "KRAKEN-MD", "spot-md-l3"
        ),
    ]
    return SpotFix(FixAcceptor(clock, listeners), stores, ca_file)


def banner(acceptor: FixAcceptor, data_dir: Path, ca_file: Path | None) -> str:
    lines = ["krakenbox is running", f"  data dir                  {data_dir.resolve()}"]
    lines += [f"  {listener.name:<25} {listener.url}" for listener in acceptor.listeners]
    lines.append(f"  TLS CA file               {ca_file.resolve() if ca_file else '(TLS off)'}")
    lines.append("  stop with Ctrl-C (SIGINT) or SIGTERM")
    return "\n".join(lines)


def serve(arguments: argparse.Namespace) -> int:
    async def main(stop: asyncio.Event) -> int:
        fix = spot_fix(SystemClock(), arguments)
        try:
            await fix.acceptor.start()
        except OSError as error:
            print(f"krakenbox: cannot listen: {error}", flush=True)
            await fix.stop()
            return 1
        print(banner(fix.acceptor, arguments.data_dir, fix.ca_file), flush=True)
        await until_stopped(stop, fix.stop)
        print("krakenbox stopped", flush=True)
        return 0

    return run(main)
