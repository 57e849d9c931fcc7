"""`krakenbox serve`: the venue with its embedded defaults.

Everything durable lives in the data dir: the Spot journal (``spot-journal.sqlite``; a restart
replays it), the account directory with API keys and SenderCompIDs (``directory.sqlite``), the
FIX session stores (``fix-sessions.sqlite``), the local CA and server certificate (``tls/``),
and ``credentials.json`` with the demo credentials and every endpoint.

On a first start the demo accounts alice and bob are created and funded. The Spot FIX gateway
serves trading (4001, KRAKEN-TRD) and market data L2/L3 (4000/4005, KRAKEN-MD) over TLS from the
local CA (``--no-tls`` for plain TCP), with Kraken's daily 22:00 UTC rollover; the Spot REST API
(8080) and WebSocket v2 (8081 public, 8082 authenticated) serve plain HTTP unless
``--http-tls``. All three protocols trade on one engine, with one rate counter per account.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import ssl
import sys
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from krakenbox.cli.collector import settle_after_start_up
from krakenbox.cli.credentials import admin_token, credentials, write_credentials
from krakenbox.cli.options import ConfigError, ServeOptions
from krakenbox.cli.runtime import run, until_stopped
from krakenbox.cli.simulation_loop import SimulationLoop
from krakenbox.core.clock import Clock, ManualClock, SystemClock
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.fix.store import SqliteStoreFactory
from krakenbox.gateways.admin import start_admin
from krakenbox.gateways.event_log import EventLog
from krakenbox.gateways.fix.spot.gateway import SpotFixGateway, SpotFixPorts, spot_fix_gateway
from krakenbox.gateways.http.server import start_rest
from krakenbox.gateways.metrics import VenueMetrics
from krakenbox.gateways.spot_context import SpotContext
from krakenbox.gateways.tls import ensure_tls_files, server_context
from krakenbox.gateways.venue_loop import VenueLoop
from krakenbox.gateways.websocket.server import SERVER_KEY, start_websocket
from krakenbox.kraken.lockouts import LockoutPolicy, Lockouts
from krakenbox.kraken.ratelimits import NO_LIMITS, TIER_LIMITS, TradingCounter
from krakenbox.kraken.symbols import FixSymbolStyle
from krakenbox.sim.settings import SimulationSettings
from krakenbox.sim.simulation import Simulation
from krakenbox.venue.demo import fund_demo_accounts
from krakenbox.venue.directory import DemoAccount, Directory, provision_demo
from krakenbox.venue.spot import SpotVenue


@dataclass(slots=True)
class Services:
    """Everything ``serve`` runs, and what it owns."""

    context: SpotContext
    fix: SpotFixGateway
    stores: SqliteStoreFactory
    demo: dict[str, DemoAccount]
    data_dir: Path
    ca_file: Path | None
    options: ServeOptions
    admin_token: str = ""
    http_tls: ssl.SSLContext | None = None
    metrics: VenueMetrics | None = None
    simulation: SimulationLoop | None = None
    runners: list[web.AppRunner] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)

    async def start(self) -> None:
        """The venue's clock, the FIX acceptor, REST and both WebSocket endpoints, the admin
        API and (unless ``--no-sim``) the simulated market."""
        self.context.venue_loop.start()
        if self.simulation is not None:
            self.simulation.start()
        await self.fix.acceptor.start()
        arguments, host, context = self.options, self.options.host, self.context
        runner, self.urls["spot_rest"] = await start_rest(
            context, host, arguments.rest_port, self.http_tls
        )
        self.runners.append(runner)
        for name, port, authenticated in (
            ("spot_ws_public", arguments.ws_public_port, False),
            ("spot_ws_auth", arguments.ws_auth_port, True),
        ):
            runner, self.urls[name] = await start_websocket(
                context, host, port, authenticated, self.http_tls
            )
            self.runners.append(runner)
        runner, self.urls["admin"] = await start_admin(
            context,
            self.admin_token,
            host,
            arguments.admin_port,
            self.fix,
            self.http_tls,
            self.metrics,
            None if self.simulation is None else self.simulation.simulation.set_reference,
            [runner.app[SERVER_KEY] for runner in self.runners if SERVER_KEY in runner.app],
        )
        self.runners.append(runner)

    async def stop(self) -> None:
        """Close HTTP and WebSocket, log FIX sessions out, flush and close the journal and the
        stores."""
        if self.simulation is not None:
            await self.simulation.stop()
        for runner in reversed(self.runners):
            await runner.cleanup()
        await self.fix.acceptor.stop()
        await self.context.venue_loop.stop()
        self.stores.close()
        self.context.directory.close()

    def endpoints(self) -> dict[str, str]:
        listeners = self.fix.acceptor.listeners
        names = ("fix_spot_trading", "fix_spot_md_l2", "fix_spot_md_l3")
        fix = {name: listener.url for name, listener in zip(names, listeners, strict=True)}
        return {**self.urls, **fix}


def build(clock: Clock, arguments: ServeOptions, session_clock: Clock | None = None) -> Services:
    """The venue as configured (not started). ``clock`` is the venue's; ``session_clock`` (default
    the same) drives the FIX sessions."""
    session_clock = session_clock or clock
    data_dir: Path = arguments.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    directory = Directory(data_dir / "directory.sqlite")
    demo = provision_demo(directory, random.SystemRandom())
    simulated = SimulationSettings()
    simulated_accounts = frozenset({simulated.maker, simulated.taker})
    venue = SpotVenue(
        load_spot_catalogue(),
        data_dir / "spot-journal.sqlite",
        transient_accounts=simulated_accounts,
        snapshots=True,
    )
    fund_demo_accounts(venue, list(demo), clock.now_ns())
    venue_loop = VenueLoop(venue, clock)
    stores = SqliteStoreFactory(data_dir / "fix-sessions.sqlite", exclusive=True)
    tls, ca_file = None, None
    if not arguments.no_tls or arguments.http_tls:  # one local CA and certificate for both
        tls_files = ensure_tls_files(data_dir / "tls", (arguments.host,))
        tls = server_context(tls_files, arguments.tls_min_version)
        ca_file = tls_files.ca_cert
    ssl_context = None if arguments.no_tls else tls
    http_tls = tls if arguments.http_tls else None
    limits = NO_LIMITS if arguments.rate_limits == "off" else TIER_LIMITS
    if limits is TIER_LIMITS:
        venue.open_order_limit = lambda account: (
            limits[directory.tier_of(account)].open_orders_per_pair
        )
    context = SpotContext.create(
        venue_loop,
        directory,
        clock,
        TradingCounter(directory.tier_of, limits),
        FixSymbolStyle(arguments.fix_symbols),
    )
    context.lockouts = Lockouts(
        LockoutPolicy(
            arguments.lockout_failures, arguments.lockout_window, arguments.lockout_seconds
        )
    )
    fix = spot_fix_gateway(
        context,
        open_store=lambda session_id: stores.open(session_id, session_clock.now_ns()),
        host=arguments.host,
        ports=SpotFixPorts(
            arguments.fix_spot_trading_port,
            arguments.fix_spot_md_l2_port,
            arguments.fix_spot_md_l3_port,
        ),
        ssl_context=ssl_context,
        session_clock=session_clock,
    )
    metrics = VenueMetrics(context)
    venue.listen(metrics)
    venue.listen(EventLog(venue.catalogue, quiet_accounts=simulated_accounts))
    venue_loop.on_flushed = metrics.flushes.observe
    context.observe_request = metrics.observe_request
    metrics.fix_sessions = lambda: [
        (session_id.qualifier, session.is_logged_on)
        for provider in fix.providers.values()
        for session_id, session in provider.sessions.items()
    ]
    return Services(
        context,
        fix,
        stores,
        demo,
        data_dir,
        ca_file,
        arguments,
        admin_token(data_dir),
        http_tls,
        metrics,
        simulation_of(arguments, venue_loop),
    )


def simulation_of(options: ServeOptions, venue_loop: VenueLoop) -> SimulationLoop | None:
    if not options.sim:
        return None
    settings = SimulationSettings(
        seed=options.sim_seed,
        volatility_ppm=options.sim_volatility_ppm,
        taker_probability_percent=options.sim_taker_percent,
    )
    simulation = Simulation(venue_loop.venue, settings)
    return SimulationLoop(simulation, venue_loop)


ENDPOINT_NAMES = {
    "spot_rest": "Spot REST",
    "spot_ws_public": "Spot WebSocket public",
    "spot_ws_auth": "Spot WebSocket private",
    "admin": "Admin API",
}


def banner(services: Services, credentials_file: Path) -> str:
    lines = ["krakenbox is running", f"  data dir                  {services.data_dir.resolve()}"]
    lines += [f"  {ENDPOINT_NAMES[name]:<25} {url}" for name, url in services.urls.items()]
    lines += [
        f"  {listener.name:<25} {listener.url}" for listener in services.fix.acceptor.listeners
    ]
    ca = services.ca_file
    lines.append(f"  TLS CA file               {ca.resolve() if ca else '(TLS off)'}")
    options = services.options
    market = (
        f"on, {len(services.simulation.simulation.markets)} pairs, seed {options.sim_seed}"
        " (--no-sim: off)"
        if services.simulation is not None
        else "off"
    )
    lines.append(f"  simulated market          {market}")
    for name, account in services.demo.items():
        lines.append(
            f"  demo account {name:<12} REST/WS API key {account.spot_key.key},"
            f" FIX SenderCompID {account.spot_comp_id.sender_comp_id} (key {account.fix_key.key})"
        )
    lines.append(f"  credentials (secrets)     {credentials_file.resolve()}")
    lines.append("  stop with Ctrl-C (SIGINT) or SIGTERM")
    return "\n".join(lines)


def serve(arguments: argparse.Namespace) -> int:
    try:
        options = ServeOptions.from_arguments(arguments)
    except ConfigError as error:
        print(f"krakenbox: {error}", file=sys.stderr, flush=True)
        return 2

    async def main(stop: asyncio.Event) -> int:
        wall = SystemClock()
        venue_clock = ManualClock(wall.now_ns()) if options.manual_clock else wall
        services = build(venue_clock, options, session_clock=wall)
        try:
            await services.start()
        except OSError as error:
            print(f"krakenbox: cannot listen: {error}", flush=True)
            await services.stop()
            return 1
        content = credentials(
            services.demo, services.endpoints(), services.ca_file, services.admin_token
        )
        credentials_file = write_credentials(services.data_dir, content)
        settle_after_start_up()
        print(banner(services, credentials_file), flush=True)
        await until_stopped(stop, services.stop)
        print("krakenbox stopped", flush=True)
        return 0

    return run(main)
