"""The admin API on aiohttp (default http://127.0.0.1:8084).

Every route but ``/health`` and ``/openapi.json`` needs ``Authorization: Bearer <token>``.
Answers are JSON; a refused request is HTTP 400 ``{"error": "..."}`` (401 for the token, 404 for
an unknown path). Money and instrument changes are venue commands like any other: journaled,
published to every gateway, answered once durable.

Routes (the OpenAPI document at ``/openapi.json`` has them all): accounts and their tiers; API
keys (spot, fix, derivatives) with Kraken's permissions; FIX SenderCompIDs; deposits and
withdrawals in decimal amounts; balances; an instrument's status (online, cancel_only,
post_only, limit_only, ...); the FIX sessions, and dropping one's connection; the venue's
clock (advance or set it when serve runs with ``--manual-clock``) and the daily rollover, now. ``GET /metrics`` (no token) is the
Prometheus exposition of :mod:`krakenbox.gateways.metrics`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import ssl
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from krakenbox.core.clock import NANOS_PER_SECOND, ManualClock
from krakenbox.core.units import InvalidNumber, format_units, parse_units
from krakenbox.domain.account_commands import Deposit, MoneyCommand, Withdraw
from krakenbox.domain.account_events import MoneyRejected
from krakenbox.domain.commands import ChangeMarketStatus, UpdateIndexPrice
from krakenbox.domain.instruments import MarketStatus
from krakenbox.gateways.admin.openapi import DOCUMENT
from krakenbox.kraken.permissions import PERMISSIONS_BY_KIND, KeyKind, Permission
from krakenbox.kraken.ratelimits import Tier
from krakenbox.kraken.symbols import UnknownAsset, UnknownPair
from krakenbox.venue.directory import DirectoryError, Market

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument
    from krakenbox.gateways.fix.spot.gateway import SpotFixGateway
    from krakenbox.gateways.metrics import VenueMetrics
    from krakenbox.gateways.spot_context import SpotContext
    from krakenbox.gateways.websocket.server import WebsocketServer

Handler = Callable[["Admin", web.Request], Awaitable[Any]]
SetReference = Callable[[str, int], bool]
"""Moves the simulated market's reference price of a pair (REST key, price units); False when
the pair is not simulated."""
ADMIN_KEY: Final = web.AppKey("admin", object)
ANSWER_TIMEOUT_S: Final = 30.0


class Refused(Exception):
    """A request the admin API answers with 400 and this text."""


class Admin:
    """What the routes act on."""

    def __init__(
        self,
        context: SpotContext,
        fix: SpotFixGateway | None,
        token: str,
        metrics: VenueMetrics | None = None,
        set_reference: SetReference | None = None,
        websockets: Sequence[WebsocketServer] = (),
    ) -> None:
        self.context = context
        self.fix = fix
        self.token = token
        self.metrics = metrics
        self.set_reference = set_reference
        self.websockets = websockets

    # --- venue commands ---------------------------------------------------------------------

    async def submit(self, command: Any, pair: str | None = None) -> list[Any]:
        """Submit, wait until published (durable), return the events."""
        venue = self.context.venue
        sequenced = venue.submit(command, pair)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def published() -> None:
            if not done.done():
                done.set_result(None)

        venue.after_published(published)
        self.context.venue_loop.request_flush()
        await asyncio.wait_for(done, ANSWER_TIMEOUT_S)
        return sequenced.events

    def asset_amount(self, body: dict[str, Any]) -> tuple[Any, int]:
        translator = self.context.translator
        try:
            asset = translator.rest_asset(_text(body, "asset"))
        except UnknownAsset as error:
            raise Refused(f"unknown asset {error.args[0]!r}") from None
        try:
            amount = parse_units(_text(body, "amount"), asset.decimals)
        except InvalidNumber:
            raise Refused(
                f"amount: a positive decimal with at most {asset.decimals} decimals"
            ) from None
        if amount <= 0:
            raise Refused("amount: must be positive")
        return asset, amount

    async def money(self, command: MoneyCommand) -> dict[str, Any]:
        [event] = await self.submit(command)
        if isinstance(event, MoneyRejected):
            raise Refused(f"refused: {event.reason.value}")
        return {"ledger_id": event.ledger_id}


# --- routes ---------------------------------------------------------------------------------


async def health(admin: Admin, request: web.Request) -> Any:
    venue = admin.context.venue
    return {
        "status": "ok",
        "sequence": venue.journal.last_sequence,
        "stopped": venue.sequencer.stopped,
    }


async def openapi(admin: Admin, request: web.Request) -> Any:
    return DOCUMENT


async def metrics(admin: Admin, request: web.Request) -> Any:
    if admin.metrics is None:
        raise Refused("metrics are not collected by this venue")
    return web.Response(text=admin.metrics.render(), content_type="text/plain", charset="utf-8")


async def list_accounts(admin: Admin, request: web.Request) -> Any:
    return [
        {"name": record.name, "tier": record.tier.value}
        for record in admin.context.directory.accounts()
    ]


async def create_account(admin: Admin, request: web.Request) -> Any:
    body = await _body(request)
    tier = body.get("tier")
    if tier is not None and tier not in {member.value for member in Tier}:
        raise Refused(f"tier: one of {', '.join(member.value for member in Tier)}")
    record = admin.context.directory.create_account(
        _text(body, "name"), Tier(tier) if tier else None
    )
    return {"name": record.name, "tier": record.tier.value}


async def issue_key(admin: Admin, request: web.Request) -> Any:
    body = await _body(request)
    account = _account(admin, request)
    try:
        kind = KeyKind(_text(body, "kind"))
    except ValueError:
        raise Refused(f"kind: one of {', '.join(member.value for member in KeyKind)}") from None
    names = body.get("permissions")
    if names is None:
        permissions = PERMISSIONS_BY_KIND[kind]
    elif isinstance(names, list) and all(isinstance(name, str) for name in names):
        try:
            permissions = frozenset(Permission(name) for name in names)
        except ValueError as error:
            raise Refused(f"permissions: {error}") from None
    else:
        raise Refused("permissions: a list of permission names")
    key = admin.context.directory.issue_key(account, kind, permissions)
    return {
        "api_key": key.key,
        "api_secret": key.secret,
        "kind": key.kind.value,
        "permissions": sorted(permission.value for permission in key.permissions),
    }


async def add_comp_id(admin: Admin, request: web.Request) -> Any:
    body = await _body(request)
    try:
        market = Market(body.get("market", "spot"))
    except ValueError:
        raise Refused("market: spot or derivatives") from None
    record = admin.context.directory.add_comp_id(
        _account(admin, request), _text(body, "sender_comp_id"), market
    )
    return {"sender_comp_id": record.sender_comp_id, "market": record.market.value}


async def deposit(admin: Admin, request: web.Request) -> Any:
    return await _move_money(admin, request, Deposit)


async def withdraw(admin: Admin, request: web.Request) -> Any:
    return await _move_money(admin, request, Withdraw)


async def _move_money(
    admin: Admin, request: web.Request, kind: type[Deposit] | type[Withdraw]
) -> dict[str, Any]:
    asset, amount = admin.asset_amount(await _body(request))
    now = admin.context.clock.now_ns()
    account = _account(admin, request)
    return await admin.money(kind(account=account, asset=asset.id, amount=amount, timestamp=now))


async def balances(admin: Admin, request: web.Request) -> Any:
    name = _account(admin, request)
    found = admin.context.venue.engine.accounts.find(name)
    catalogue = admin.context.venue.catalogue
    result = {}
    for asset in catalogue.assets:
        balance = found.balance(asset.id) if found is not None else 0
        hold = found.hold(asset.id) if found is not None else 0
        if balance or hold:
            result[asset.id] = {
                "balance": format_units(balance, asset.decimals),
                "hold": format_units(hold, asset.decimals),
            }
    return result


async def set_status(admin: Admin, request: web.Request) -> Any:
    body = await _body(request)
    instrument = _instrument(admin, request)
    try:
        status = MarketStatus(_text(body, "status"))
    except ValueError:
        raise Refused(
            f"status: one of {', '.join(member.value for member in MarketStatus)}"
        ) from None
    now = admin.context.clock.now_ns()
    await admin.submit(ChangeMarketStatus(status=status, timestamp=now), instrument.key)
    return {"pair": instrument.key, "status": status.value}


async def set_reference_price(admin: Admin, request: web.Request) -> Any:
    """The price the simulated market moves around from now on (its maker requotes at its next
    step), and the pair's index price at once; without a simulation, the index price alone
    (what index-triggered orders watch)."""
    body = await _body(request)
    instrument = _instrument(admin, request)
    try:
        price = parse_units(_text(body, "price"), instrument.price_decimals)
    except InvalidNumber:
        price = 0
    tick = instrument.price_to_units(instrument.tick_size)
    if price <= 0 or price % tick:
        raise Refused(f"price: a positive multiple of the tick size {instrument.tick_size}")
    simulated = admin.set_reference is not None and admin.set_reference(instrument.key, price)
    now = admin.context.clock.now_ns()
    await admin.submit(UpdateIndexPrice(price=price, timestamp=now), instrument.key)
    return {
        "pair": instrument.key,
        "price": format_units(price, instrument.price_decimals),
        "simulated": simulated,
    }


async def clock(admin: Admin, request: web.Request) -> Any:
    now = admin.context.clock.now_ns()
    return {
        "now": format_utc(now),
        "now_ns": now,
        "manual": isinstance(admin.context.clock, ManualClock),
    }


async def advance_clock(admin: Admin, request: web.Request) -> Any:
    body = await _body(request)
    seconds = body.get("seconds")
    if not isinstance(seconds, (int, Decimal)) or isinstance(seconds, bool) or seconds < 0:
        raise Refused("seconds: a number of seconds, not negative")
    manual = _manual_clock(admin)
    manual.advance(nanos=int(Decimal(seconds) * NANOS_PER_SECOND))
    admin.context.venue_loop.tick()
    return await clock(admin, request)


async def set_clock(admin: Admin, request: web.Request) -> Any:
    text = _text(await _body(request), "time")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Refused("time: an ISO-8601 time, e.g. 2026-11-22T21:59:50Z") from None
    if moment.tzinfo is None:
        raise Refused("time: give the zone (Z or +00:00)")
    manual = _manual_clock(admin)
    target = int(moment.timestamp()) * NANOS_PER_SECOND + moment.microsecond * 1000
    if target < manual.now_ns():
        raise Refused("time: the venue's clock does not run backwards")
    manual.set_ns(target)
    admin.context.venue_loop.tick()
    return await clock(admin, request)


async def rollover(admin: Admin, request: web.Request) -> Any:
    """Kraken's daily reset, now: every FIX session logged out, sequence numbers reset."""
    if admin.fix is None:
        return {"sessions": 0}
    acceptor = admin.fix.acceptor
    count = 0
    for provider in admin.fix.providers.values():
        for session_id, session in provider.sessions.items():
            session.roll_over(session.clock.now_ns())
            connection = acceptor.bound.get(session_id)
            if connection is not None:
                connection.pump()
            count += 1
    return {"sessions": count}


def _manual_clock(admin: Admin) -> ManualClock:
    clock = admin.context.clock
    if not isinstance(clock, ManualClock):
        raise Refused("the venue runs on the system clock: start it with --manual-clock")
    return clock


def format_utc(now_ns: int) -> str:
    moment = datetime.fromtimestamp(now_ns // NANOS_PER_SECOND, UTC)
    return moment.replace(microsecond=now_ns % NANOS_PER_SECOND // 1000).isoformat()


async def sessions(admin: Admin, request: web.Request) -> Any:
    if admin.fix is None:
        return []
    return [
        {
            "session": str(session_id),
            "sender_comp_id": session_id.target_comp_id,
            "target_comp_id": session_id.sender_comp_id,
            "port": session_id.qualifier,
            "logged_on": session.is_logged_on,
        }
        for provider in admin.fix.providers.values()
        for session_id, session in provider.sessions.items()
    ]


async def disconnect(admin: Admin, request: web.Request) -> Any:
    wanted = request.match_info["session"]
    if admin.fix is not None:
        for provider in admin.fix.providers.values():
            for session_id in provider.sessions:
                if str(session_id) == wanted:
                    return {"disconnected": admin.fix.acceptor.disconnect(session_id)}
    raise Refused(f"no FIX session {wanted!r}")


async def connections(admin: Admin, request: web.Request) -> Any:
    return [entry for server in admin.websockets for entry in server.connections()]


async def drop_connection(admin: Admin, request: web.Request) -> Any:
    wanted = request.match_info["connection"]
    if any(server.drop(wanted) for server in admin.websockets):
        return {"disconnected": True}
    raise Refused(f"no WebSocket connection {wanted!r}")


ROUTES: Final[list[tuple[str, str, Handler, bool]]] = [
    ("GET", "/health", health, False),
    ("GET", "/openapi.json", openapi, False),
    ("GET", "/metrics", metrics, False),
    ("GET", "/accounts", list_accounts, True),
    ("POST", "/accounts", create_account, True),
    ("POST", "/accounts/{name}/keys", issue_key, True),
    ("POST", "/accounts/{name}/comp-ids", add_comp_id, True),
    ("POST", "/accounts/{name}/deposits", deposit, True),
    ("POST", "/accounts/{name}/withdrawals", withdraw, True),
    ("GET", "/accounts/{name}/balances", balances, True),
    ("PUT", "/instruments/{pair}/status", set_status, True),
    ("PUT", "/instruments/{pair}/reference-price", set_reference_price, True),
    ("GET", "/clock", clock, True),
    ("POST", "/clock/advance", advance_clock, True),
    ("POST", "/clock/set", set_clock, True),
    ("POST", "/rollover", rollover, True),
    ("GET", "/sessions", sessions, True),
    ("POST", "/sessions/{session}/disconnect", disconnect, True),
    ("GET", "/connections", connections, True),
    ("POST", "/connections/{connection}/disconnect", drop_connection, True),
]
"""(method, path, handler, needs the token)."""


# --- the edge: token, JSON, errors ----------------------------------------------------------


def _route(handler: Handler, needs_token: bool) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def respond(request: web.Request) -> web.Response:
        admin: Admin = request.app[ADMIN_KEY]  # type: ignore[assignment]
        if needs_token and not _authorized(request, admin.token):
            return web.json_response({"error": "a valid bearer token is required"}, status=401)
        try:
            answer = await handler(admin, request)
            if isinstance(answer, web.Response):
                return answer
            return web.json_response(answer)
        except (Refused, DirectoryError) as error:
            return web.json_response({"error": str(error)}, status=400)

    return respond


def _authorized(request: web.Request, token: str) -> bool:
    sent = request.headers.get("Authorization", "")
    return sent.startswith("Bearer ") and hmac.compare_digest(sent[7:].encode(), token.encode())


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.read() or b"{}", parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise Refused("the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise Refused("the body must be a JSON object")
    return body


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and name == "amount":
        return str(value)
    if not isinstance(value, str) or not value:
        raise Refused(f"{name}: a non-empty string is required")
    return value


def _instrument(admin: Admin, request: web.Request) -> Instrument:
    try:
        return admin.context.translator.rest_pair(request.match_info["pair"])
    except UnknownPair:
        raise Refused(f"unknown pair {request.match_info['pair']!r}") from None


def _account(admin: Admin, request: web.Request) -> str:
    name = request.match_info["name"]
    if admin.context.directory.account(name) is None:
        raise Refused(f"unknown account {name!r}")
    return name


def admin_application(
    context: SpotContext,
    token: str,
    fix: SpotFixGateway | None = None,
    metrics: VenueMetrics | None = None,
    set_reference: SetReference | None = None,
    websockets: Sequence[WebsocketServer] = (),
) -> web.Application:
    application = web.Application(client_max_size=64 * 1024)
    application[ADMIN_KEY] = Admin(context, fix, token, metrics, set_reference, websockets)
    for method, path, handler, needs_token in ROUTES:
        application.router.add_route(method, path, _route(handler, needs_token))
    return application


async def start_admin(
    context: SpotContext,
    token: str,
    host: str = "127.0.0.1",
    port: int = 8084,
    fix: SpotFixGateway | None = None,
    ssl_context: ssl.SSLContext | None = None,
    metrics: VenueMetrics | None = None,
    set_reference: SetReference | None = None,
    websockets: Sequence[WebsocketServer] = (),
) -> tuple[web.AppRunner, str]:
    """Serve the admin API; the runner (``await runner.cleanup()``) and its base URL."""
    runner = web.AppRunner(
        admin_application(context, token, fix, metrics, set_reference, websockets),
        access_log=None,
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port, ssl_context=ssl_context)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    scheme = "https" if ssl_context is not None else "http"
    return runner, f"{scheme}://{host}:{bound}"
