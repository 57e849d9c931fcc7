"""Running a server until SIGINT/SIGTERM, on uvloop when it is installed."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any


def run(main: Callable[[asyncio.Event], Coroutine[Any, Any, int]]) -> int:
    """Run ``main(stop_event)``; SIGINT and SIGTERM set the event instead of killing the process."""

    async def wrapper() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        return await main(stop)

    try:
        import uvloop
    except ImportError:
        return asyncio.run(wrapper())
    return uvloop.run(wrapper())


async def until_stopped(stop: asyncio.Event, *cleanups: Callable[[], Awaitable[None]]) -> None:
    """Wait for the stop signal, then run the clean-ups in order."""
    await stop.wait()
    for cleanup in cleanups:
        await cleanup()
