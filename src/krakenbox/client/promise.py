"""A result that arrives later: settled by plain code, awaited by asyncio code.

The client's bookkeeping (:mod:`krakenbox.client.tracking`) is sans-I/O: it settles a
:class:`Promise` when the venue answers, without needing an event loop. Awaiting the promise is
what joins asyncio: the first ``await`` on an unsettled promise parks on a future of the running
loop, which the promise wakes when it settles.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Generator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Promise(Generic[T]):
    """Settled once, with a value or an exception; awaitable any number of times."""

    __slots__ = ("_callbacks", "_error", "_settled", "_value", "_waiters")

    def __init__(self) -> None:
        self._settled = False
        self._value: T | None = None
        self._error: BaseException | None = None
        # Made when first needed: most promises are settled before anyone waits on them, and a
        # client holding many open orders keeps every list it makes in the collector's view.
        self._waiters: list[asyncio.Future[None]] | None = None
        self._callbacks: list[Callable[[Promise[T]], None]] | None = None

    def done(self) -> bool:
        """True once settled (with a value or an exception)."""
        return self._settled

    def result(self) -> T:
        """The value, or raise the exception; RuntimeError while unsettled."""
        if not self._settled:
            raise RuntimeError("the promise is not settled yet")
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # settled with a value of type T

    def exception(self) -> BaseException | None:
        """The exception it was settled with (None for a value); RuntimeError while unsettled."""
        if not self._settled:
            raise RuntimeError("the promise is not settled yet")
        return self._error

    def resolve(self, value: T) -> bool:
        """Settle with ``value``; False (and nothing changes) if already settled."""
        if self._settled:
            return False
        self._value = value
        self._settle()
        return True

    def fail(self, error: BaseException) -> bool:
        """Settle with ``error``; False (and nothing changes) if already settled."""
        if self._settled:
            return False
        self._error = error
        self._settle()
        return True

    def add_done_callback(self, callback: Callable[[Promise[T]], None]) -> None:
        """Call ``callback(self)`` when settled (at once if already settled)."""
        if self._settled:
            callback(self)
        elif self._callbacks is None:
            self._callbacks = [callback]
        else:
            self._callbacks.append(callback)

    def _settle(self) -> None:
        self._settled = True
        waiters, self._waiters = self._waiters, None
        if waiters is not None:
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)
        callbacks, self._callbacks = self._callbacks, None
        if callbacks is not None:
            for callback in callbacks:
                callback(self)

    def __await__(self) -> Generator[Any, None, T]:
        if not self._settled:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            if self._waiters is None:
                self._waiters = [waiter]
            else:
                self._waiters.append(waiter)
            yield from waiter.__await__()
        return self.result()

    def __repr__(self) -> str:
        if not self._settled:
            return "Promise(pending)"
        if self._error is not None:
            return f"Promise(error={self._error!r})"
        return f"Promise(value={self._value!r})"
