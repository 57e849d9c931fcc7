"""The Spot REST server (api.kraken.com's equivalent) on aiohttp.

Routes are data: ``/0/public/<Method>`` (GET or POST) and ``/0/private/<Method>`` (POST; Earn
methods have a slash) look the method up in :data:`ALL_PUBLIC_METHODS` / :data:`PRIVATE_METHODS`.
Every Kraken-level failure is a :class:`~krakenbox.kraken.rest.errors.RestError` and becomes
``{"error": [...]}`` with HTTP 200 in :func:`_answer`, the one place exceptions turn into
replies; anything unexpected is logged and answered ``EGeneral:Internal error``.

A private call passes, in order: a known method, the ``API-Key`` (a Spot key of the directory),
the key not locked out, a nonce that is a number, the ``API-Sign`` over the raw body, the nonce
increasing for the key (with the key's nonce window), the key's permission for the method, the
REST call counter. Failures of the nonce and signature count towards a lockout
(:mod:`krakenbox.kraken.lockouts`).
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from krakenbox.gateways.http.account import ACCOUNT_METHODS
from krakenbox.gateways.http.amends import order_amends
from krakenbox.gateways.http.books import grouped_book, level3
from krakenbox.gateways.http.calls import Call, RestState
from krakenbox.gateways.http.earn import EARN_METHODS
from krakenbox.gateways.http.funding import FUNDING_METHODS
from krakenbox.gateways.http.public import PUBLIC_METHODS
from krakenbox.gateways.http.trading import TRADING_METHODS
from krakenbox.kraken.errors.rejects import EdgeReason
from krakenbox.kraken.permissions import KeyKind, rest_permitted
from krakenbox.kraken.ratelimits import ApiCounter, rest_call_cost
from krakenbox.kraken.rest.authentication import nonce_of, signature_matches
from krakenbox.kraken.rest.errors import RestError, unknown_method
from krakenbox.kraken.rest.parameters import Parameters, parse_body, parse_form

if TYPE_CHECKING:
    import ssl

    from krakenbox.gateways.http.calls import Handler
    from krakenbox.gateways.spot_context import SpotContext
    from krakenbox.venue.directory import ApiKey

log = logging.getLogger(__name__)

MAXIMUM_BODY: Final = 1 << 20
"""Bodies above 1 MiB are refused (``EAPI:Bad request``) before they are read."""
PRIVATE_METHODS: Final[dict[str, Handler]] = {
    **ACCOUNT_METHODS,
    **TRADING_METHODS,
    **FUNDING_METHODS,
    **EARN_METHODS,
    "Level3": level3,
    "OrderAmends": order_amends,
}
ALL_PUBLIC_METHODS: Final[dict[str, Handler]] = {**PUBLIC_METHODS, "GroupedBook": grouped_book}
STATE_KEY: Final = web.AppKey("krakenbox.rest", RestState)
_INTERNAL_ERROR: Final = RestError.of(EdgeReason.INTERNAL_ERROR)
_ENCODE: Final = json.JSONEncoder(separators=(",", ":")).encode
"""``json.dumps(document, separators=(",", ":"))`` with the encoder made once, not per reply."""


def _reply(document: dict[str, Any]) -> web.Response:
    return web.Response(body=_ENCODE(document).encode(), content_type="application/json")


def _error(error: RestError) -> web.Response:
    return _reply({"error": list(error.errors)})


async def _body(request: web.Request) -> bytes:
    if request.content_length is not None and request.content_length > MAXIMUM_BODY:
        raise RestError.of(EdgeReason.BAD_REQUEST)
    try:
        return await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise RestError.of(EdgeReason.BAD_REQUEST) from None


async def _answer(request: web.Request, handler: Any) -> web.Response:
    started = time.perf_counter()
    try:
        result = await handler(request)
    except RestError as error:
        return _error(error)
    except Exception:
        log.exception("REST %s failed", request.path)
        return _error(_INTERNAL_ERROR)
    finally:
        observe = request.app[STATE_KEY].context.observe_request
        if observe is not None:
            observe("rest", time.perf_counter() - started)
    return _reply({"error": [], "result": result})


async def _public(request: web.Request) -> web.Response:
    return await _answer(request, _call_public)


async def _call_public(request: web.Request) -> Any:
    state = request.app[STATE_KEY]
    method = request.match_info["method"]
    handler = ALL_PUBLIC_METHODS.get(method)
    if handler is None:
        raise unknown_method()
    values = parse_form(request.query_string)
    if request.method == "POST":
        values.update(parse_body(request.content_type, await _body(request)))
    call = Call(state, method, Parameters(values), state.context.clock.now_ns())
    return await handler(call)


async def _private(request: web.Request) -> web.Response:
    return await _answer(request, _call_private)


async def _call_private(request: web.Request) -> Any:
    state = request.app[STATE_KEY]
    context = state.context
    method = request.match_info["method"]
    handler = PRIVATE_METHODS.get(method)
    if handler is None:
        raise unknown_method()
    body = await _body(request)
    key = context.directory.key(request.headers.get("API-Key", ""))
    if key is None or key.kind is not KeyKind.SPOT:
        raise RestError.of(EdgeReason.INVALID_KEY)
    now = context.clock.now_ns()
    if context.lockouts.is_locked(key.key, now):
        raise RestError.of(EdgeReason.TEMPORARY_LOCKOUT)
    values = parse_body(request.headers.get("Content-Type"), body)
    try:
        nonce_text, nonce = nonce_of(values.get("nonce"))
    except RestError as error:
        raise _failed(context, key, now, error) from None
    if not signature_matches(
        request.path, nonce_text, body, key.secret, request.headers.get("API-Sign", "")
    ):
        raise _failed(context, key, now, RestError.of(EdgeReason.INVALID_SIGNATURE))
    if not context.nonces.accept(key.key, nonce, window=key.nonce_window):
        raise _failed(context, key, now, RestError.of(EdgeReason.INVALID_NONCE))
    if not rest_permitted(key.permissions, method):
        raise RestError.of(EdgeReason.PERMISSION_DENIED)
    if not state.api_counter.charge(key.account, rest_call_cost(method), now):
        raise RestError.of(EdgeReason.API_RATE_LIMIT)
    call = Call(state, method, Parameters(values), now, key.account)
    return await handler(call)


def _failed(context: SpotContext, key: ApiKey, now: int, error: RestError) -> RestError:
    """``error``, after counting a failed authentication of ``key`` towards a lockout."""
    if context.lockouts.failed(key.key, now):
        log.warning(
            "API key locked out after failed authentications", extra={"account": key.account}
        )
    return error


async def _unknown(request: web.Request) -> web.Response:
    return _error(unknown_method())


def rest_application(
    context: SpotContext, *, api_counter: ApiCounter | None = None
) -> web.Application:
    """The REST API of the Spot venue in ``context``, as an aiohttp application. The call
    counter uses the trading counter's limits (so ``--rate-limits off`` turns both off)."""
    app = web.Application(client_max_size=MAXIMUM_BODY)
    counter = api_counter or ApiCounter(context.directory.tier_of, context.counter.limits)
    state = RestState(context, counter)
    app[STATE_KEY] = state
    context.venue.listen(state.close_reasons)
    context.venue.listen(state.amend_trails)

    async def stop_listening(app: web.Application) -> None:
        context.venue.unlisten(state.close_reasons)
        context.venue.unlisten(state.amend_trails)

    app.on_cleanup.append(stop_listening)
    app.router.add_route("GET", "/0/public/{method}", _public)
    app.router.add_route("POST", "/0/public/{method}", _public)
    app.router.add_route("POST", "/0/private/{method:.+}", _private)
    app.router.add_route("*", "/{tail:.*}", _unknown)
    return app


async def start_rest(
    context: SpotContext,
    host: str = "127.0.0.1",
    port: int = 8080,
    ssl_context: ssl.SSLContext | None = None,
    *,
    api_counter: ApiCounter | None = None,
) -> tuple[web.AppRunner, str]:
    """Serve the REST API on ``host:port`` (0: any free port); the runner (``await
    runner.cleanup()`` to stop) and the base URL clients take (``http://127.0.0.1:8080``)."""
    runner = web.AppRunner(
        rest_application(context, api_counter=api_counter), access_log=None, handle_signals=False
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port, ssl_context=ssl_context)
    await site.start()
    server = site._server
    assert server is not None
    sockets = getattr(server, "sockets", None) or []
    bound = sockets[0].getsockname()[1] if sockets else port
    scheme = "https" if ssl_context is not None else "http"
    shown = f"[{host}]" if ":" in host else host
    return runner, f"{scheme}://{shown}:{bound}"
