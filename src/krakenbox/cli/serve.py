"""`krakenbox serve`: the venue with its embedded defaults.

Everything durable lives in the data dir: the Spot journal (``spot-journal.sqlite``; a restart
replays it), the account directory with API keys and SenderCompIDs (``directory.sqlite``), the
FIX session stores (``fix-sessions.sqlite``), the local CA and server certificate (``tls/``),
and ``credentials.json`` with the demo credentials and every endpoint.

On a first start the demo accounts alice and bob are created and funded. The Spot FIX gateway
serves trading (4001, KRAKEN-TRD) and market data L2/L3 (4000/4005, KRAKEN-MD) over TLS from the
local CA (``--no-tls`` for plain TCP), with Kraken's daily 22:00 UTC rollover.
"""

from __future__ import annotations

import argparse
import asyncio
import random
from dataclasses import dataclass
from pathlib import Path

from krakenbox.cli.credentials import credentials, write_credentials
from krakenbox.cli.runtime import run, until_stopped
from krakenbox.core.clock import Clock, SystemClock
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.fix.store import SqliteStoreFactory
from krakenbox.gateways.fix.spot.gateway import SpotFixGateway, SpotFixPorts, spot_fix_gateway
from krakenbox.gateways.spot_context import SpotContext
from krakenbox.gateways.tls import ensure_tls_files, server_context
from krakenbox.gateways.venue_loop import VenueLoop
from krakenbox.kraken.ratelimits import NO_LIMITS, TIER_LIMITS, TradingCounter
from krakenbox.venue.demo import fund_demo_accounts
from krakenbox.venue.directory import DemoAccount, Directory, provision_demo
from krakenbox.venue.spot import SpotVenue


@dataclass(slots=True)
class Services:
    """Everything ``serve`` runs, and what it owns."""

    venue_loop: VenueLoop
    fix: SpotFixGateway
    stores: SqliteStoreFactory
    directory: Directory
    demo: dict[str, DemoAccount]
    data_dir: Path
    ca_file: Path | None

    async def start(self) -> None:
        self.venue_loop.start()
        await self.fix.acceptor.start()

    async def stop(self) -> None:
        """Log FIX sessions out, flush and close the journal and the stores."""
        await self.fix.acceptor.stop()
        await self.venue_loop.stop()
        self.stores.close()
        self.directory.close()

    def endpoints(self) -> dict[str, str]:
        listeners = self.fix.acceptor.listeners
        names = ("fix_spot_trading", "fix_spot_md_l2", "fix_spot_md_l3")
        return {name: listener.url for name, listener in zip(names, listeners, strict=True)}


def build(clock: Clock, arguments: argparse.Namespace) -> Services:
    """The venue as configured on the command line (not started)."""
    data_dir: Path = arguments.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    directory = Directory(data_dir / "directory.sqlite")
    demo = provision_demo(directory, random.SystemRandom())
    venue = SpotVenue(load_spot_catalogue(), data_dir / "spot-journal.sqlite")
    fund_demo_accounts(venue, list(demo), clock.now_ns())
    venue_loop = VenueLoop(venue, clock)
    stores = SqliteStoreFactory(data_dir / "fix-sessions.sqlite")
    ssl_context, ca_file = None, None
    if not arguments.no_tls:
        tls_files = ensure_tls_files(data_dir / "tls", (arguments.host,))
        ssl_context = server_context(tls_files, arguments.tls_min_version)
        ca_file = tls_files.ca_cert
    limits = NO_LIMITS if arguments.rate_limits == "off" else TIER_LIMITS
    context = SpotContext.create(
        venue_loop, directory, clock, TradingCounter(directory.tier_of, limits)
    )
    fix = spot_fix_gateway(
        context,
        open_store=lambda session_id: stores.open(session_id, clock.now_ns()),
        host=arguments.host,
        ports=SpotFixPorts(
            arguments.fix_spot_trading_port,
            arguments.fix_spot_md_l2_port,
            arguments.fix_spot_md_l3_port,
        ),
        ssl_context=ssl_context,
    )
    return Services(venue_loop, fix, stores, directory, demo, data_dir, ca_file)


def banner(services: Services, credentials_file: Path) -> str:
    lines = ["krakenbox is running", f"  data dir                  {services.data_dir.resolve()}"]
    lines += [
        f"  {listener.name:<25} {listener.url}" for listener in services.fix.acceptor.listeners
    ]
    ca = services.ca_file
    lines.append(f"  TLS CA file               {ca.resolve() if ca else '(TLS off)'}")
    for name, account in services.demo.items():
        fix_key = account.fix_key
        lines.append(
            f"  demo account {name:<12} FIX SenderCompID {account.spot_comp_id.sender_comp_id},"
            f" API key {fix_key.key}"
        )
    lines.append(f"  credentials (secrets)     {credentials_file.resolve()}")
    lines.append("  stop with Ctrl-C (SIGINT) or SIGTERM")
    return "\n".join(lines)


def serve(arguments: argparse.Namespace) -> int:
    async def main(stop: asyncio.Event) -> int:
        services = build(SystemClock(), arguments)
        try:
            await services.start()
        except OSError as error:
            print(f"krakenbox: cannot listen: {error}", flush=True)
            await services.stop()
            return 1
        content = credentials(services.demo, services.endpoints(), services.ca_file)
        credentials_file = write_credentials(services.data_dir, content)
        print(banner(services, credentials_file), flush=True)
        await until_stopped(stop, services.stop)
        print("krakenbox stopped", flush=True)
        return 0

    return run(main)
