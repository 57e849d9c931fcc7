"""One REST call as the handlers see it, and what the gateway keeps between calls."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Final

from krakenbox.domain.events import OrderCanceled
from krakenbox.domain.records import fast_init
from krakenbox.gateways.http.amends import AmendTrails
from krakenbox.kraken.errors import rest_cancel_reason
from krakenbox.kraken.errors.rejects import EdgeReason
from krakenbox.kraken.ratelimits import ApiCounter
from krakenbox.kraken.rest.errors import RestError
from krakenbox.venue.spot import Listener

if TYPE_CHECKING:
    from krakenbox.domain.orders import Order
    from krakenbox.gateways.spot_context import SpotContext
    from krakenbox.kraken.rest.parameters import Parameters
    from krakenbox.venue.spot import Published


PUBLICATION_TIMEOUT_S: Final = 30.0
"""A venue that has not published a command within this long has stopped (its flush failed):
the call is answered ``EService:Unavailable``."""


class CloseReasons(Listener):
    """Why each canceled order was canceled (REST ``reason`` of closed orders)."""

    def __init__(self) -> None:
        self.reasons: dict[str, str] = {}

    def on_event(self, published: Published, event: Any, orders: tuple[Order, ...]) -> None:
        if type(event) is OrderCanceled:
            self.reasons[event.order_id] = rest_cancel_reason(event.reason)


@dataclass(slots=True)
class RestState:
    """The REST gateway's own state: the call counter and closed orders' reasons."""

    context: SpotContext
    api_counter: ApiCounter
    close_reasons: CloseReasons = field(default_factory=CloseReasons)
    amend_trails: AmendTrails = field(default_factory=AmendTrails)


@fast_init
@dataclass(frozen=True, slots=True)
class Call:
    """A call being answered: its parameters, the time, and (private calls) the account."""

    state: RestState
    method: str
    parameters: Parameters
    now_ns: int
    account: str = ""

    @property
    def context(self) -> SpotContext:
        return self.state.context


Handler = Callable[[Call], Awaitable[Any]]


async def published(context: SpotContext) -> None:
    """Wait until everything submitted so far is durable and published (flushing soon).

    The wait is one future the flush resolves and one timer that fails it after
    :data:`PUBLICATION_TIMEOUT_S`, so the call resumes in the loop turn after the flush
    (``asyncio.wait_for`` would add a task wake-up and a turn per call)."""
    venue = context.venue
    if not venue.unpublished:
        return
    loop = asyncio.get_running_loop()
    future: asyncio.Future[None] = loop.create_future()
    venue.after_published(partial(_settle, future))
    context.venue_loop.request_flush()
    timer = loop.call_later(PUBLICATION_TIMEOUT_S, _expire, future)
    try:
        await future
    finally:
        timer.cancel()


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _expire(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_exception(RestError.of(EdgeReason.SERVICE_UNAVAILABLE))
