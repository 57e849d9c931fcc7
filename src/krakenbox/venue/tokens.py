"""WebSocket tokens: REST ``GetWebSocketsToken`` issues one, the authenticated WebSocket accepts
it (spec/spot-rest.md §9.9): an opaque string that must be used within 15 minutes; once a
connection has used it, it stays valid as long as that connection lives."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from krakenbox.core.clock import NANOS_PER_SECOND

TOKEN_LIFETIME_S: Final = 900


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    account: str
    expires_s: int
    """Seconds until it must be first used (REST ``expires``)."""


class WebsocketTokens:
    """Tokens by value, each with its account and the time it must be used by."""

    __slots__ = ("_tokens", "lifetime_ns", "make_token")

    def __init__(
        self, *, lifetime_s: int = TOKEN_LIFETIME_S, make_token: Callable[[], str] | None = None
    ) -> None:
        self.lifetime_ns = lifetime_s * NANOS_PER_SECOND
        self.make_token = make_token or _random_token
        self._tokens: dict[str, tuple[str, int]] = {}

    def issue(self, account: str, now_ns: int) -> IssuedToken:
        token = self.make_token()
        self._tokens[token] = (account, now_ns + self.lifetime_ns)
        return IssuedToken(token, account, self.lifetime_ns // NANOS_PER_SECOND)

    def account_of(self, token: str, now_ns: int) -> str | None:
        """The account a token authenticates, if it is known and not expired (an expired token is
        forgotten). A WebSocket connection checks its token once, when first used."""
        found = self._tokens.get(token)
        if found is None:
            return None
        account, deadline = found
        if now_ns > deadline:
            del self._tokens[token]
            return None
        return account


def _random_token() -> str:
    return secrets.token_urlsafe(32)
