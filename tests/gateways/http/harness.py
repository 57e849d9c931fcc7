"""A Spot venue with its REST server on an ephemeral port, and the two demo accounts funded.

Real clients (python-kraken-sdk, ccxt) are synchronous: tests run them in a worker thread
(:func:`in_thread`) while the server answers on the test's event loop. Time is a manual clock."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import ccxt

from krakenbox.core.clock import ManualClock
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.gateways.http import start_rest
from krakenbox.gateways.spot_context import SpotContext
from krakenbox.gateways.venue_loop import VenueLoop
from krakenbox.kraken.rest.authentication import signature
from krakenbox.venue.directory import ApiKey, DemoAccount, Directory, provision_demo
from krakenbox.venue.spot import SpotVenue
from tests.gateways.spot_fix.harness import fund

T = TypeVar("T")
START_NS = 1_775_570_000 * 10**9  # 2026-04-07 13:53:20 UTC


def scenario(function: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an ``async def`` test on a fresh event loop (pytest sees its fixtures)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(function(*args, **kwargs))

    return run


async def in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a blocking client method off the event loop the server runs on."""
    return await asyncio.to_thread(functools.partial(function, *args, **kwargs))


@dataclass
class Rest:
    clock: ManualClock
    directory: Directory
    demo: dict[str, DemoAccount]
    venue: SpotVenue
    loop: VenueLoop
    context: SpotContext
    url: str
    session: aiohttp.ClientSession

    def key(self, name: str) -> ApiKey:
        return self.demo[name].spot_key

    def ccxt(self, key: ApiKey | None = None) -> ccxt.kraken:
        options: dict[str, Any] = {
            "urls": {"api": {"public": self.url, "private": self.url}},
            "enableRateLimit": False,
        }
        if key is not None:
            options |= {"apiKey": key.key, "secret": key.secret}
        return ccxt.kraken(options)

    async def public(self, method: str, query: str = "") -> Any:
        path = f"/0/public/{method}" + (f"?{query}" if query else "")
        async with self.session.get(self.url + path) as response:
            assert response.status == 200
            return await response.json()

    async def private(
        self,
        method: str,
        body: str,
        key: ApiKey,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        nonce: str | None = None,
        sign: str | None = None,
    ) -> Any:
        """POST ``body`` (which holds ``nonce=...`` or ``"nonce": ...`` already), signed."""
        path = f"/0/private/{method}"
        if nonce is None:
            nonce = _nonce_in(body)
        headers = {
            "API-Key": key.key,
            "API-Sign": sign
            if sign is not None
            else signature(path, nonce, body.encode(), key.secret),
            "Content-Type": content_type,
        }
        async with self.session.post(
            self.url + path, data=body.encode(), headers=headers
        ) as response:
            assert response.status == 200
            return await response.json()


def _nonce_in(body: str) -> str:
    import json
    from urllib.parse import parse_qs

    if body.lstrip().startswith("{"):
        return str(json.loads(body)["nonce"])
    return parse_qs(body)["nonce"][0]


@contextlib.asynccontextmanager
async def running_rest(tmp_path: Path) -> AsyncIterator[Rest]:
    clock = ManualClock(START_NS)
    directory = Directory(":memory:", rng=random.Random(5))
    demo = provision_demo(directory, random.Random(5))
    venue = SpotVenue(load_spot_catalogue(), tmp_path / "journal.sqlite", seed=1)
    for name in demo:
        fund(venue, name, clock.now_ns())
    venue.flush()
    loop = VenueLoop(venue, clock)
    context = SpotContext.create(loop, directory, clock)
    runner, url = await start_rest(context, "127.0.0.1", 0)
    session = aiohttp.ClientSession()
    try:
        yield Rest(clock, directory, demo, venue, loop, context, url, session)
    finally:
        await session.close()
        await runner.cleanup()
        await loop.stop()
        directory.close()
