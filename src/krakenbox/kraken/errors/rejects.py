"""Refusals, one table: every reason a command can be refused for → Kraken's error string
(REST ``error`` array element, WebSocket v2 ``error``) and FIX BusinessRejectReason (380).

Three kinds of reason share the table:

* :class:`~krakenbox.domain.events.RejectReason` — the engine refused an order, amend, edit or
  cancel;
* :class:`EdgeReason` — refused before the engine saw it, by a gateway or by ``kraken/``
  (authentication, permissions, rate counters, deadlines, service state);
* :class:`~krakenbox.domain.account_commands.MoneyRejectReason` — a deposit, withdrawal or
  transfer was refused (REST only: Kraken has no funding over WebSocket v2 or FIX).

Sources (tags used in the table, spelled out in ``docs/errors.md``): ``rest§4`` is
``spec/spot-rest.md`` §4 (Kraken's error guide, support article 360001491786, PKS and CCXT
exception tables), ``rest§6``/``rest§9`` its rate-limit and trading sections, ``ws§6``/``ws§7``
``spec/spot-ws-v2.md``, ``fix§4.7``/``fix§11`` ``spec/fix.md``; ``choice`` marks where Kraken
is silent and krakenbox chose.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from krakenbox.domain.account_commands import MoneyRejectReason
from krakenbox.domain.events import RejectReason
from krakenbox.kraken.errors.replies import FixBusinessReject

# BusinessRejectReason (380) values Kraken lists (spec/fix.md §4.7).
FIX_OTHER: Final = 0
FIX_UNKNOWN_ID: Final = 1
FIX_UNKNOWN_INSTRUMENT: Final = 2
FIX_UNSUPPORTED_MESSAGE_TYPE: Final = 3
FIX_APPLICATION_NOT_AVAILABLE: Final = 4
FIX_CONDITIONALLY_REQUIRED_FIELD_MISSING: Final = 5
FIX_NOT_AUTHORIZED: Final = 6
FIX_UNKNOWN_ORDER: Final = 101
FIX_ORDER_TOO_OLD: Final = 104


class EdgeReason(enum.Enum):
    """Refusals decided before a command reaches the engine (gateways and ``kraken/``)."""

    TRADING_RATE_LIMIT = "trading rate limit"
    """The per-pair matching-engine counter would pass its threshold (spot-rest §6.2)."""
    DOMAIN_RATE_LIMIT = "domain rate limit"
    """The account-wide trading limit (KSDK)."""
    API_RATE_LIMIT = "api rate limit"
    """The REST call counter is above the tier maximum (REST only)."""
    SCHEDULED_ORDERS_LIMIT = "scheduled orders limit"
    """Too many orders with a future start time (spot-rest §6.3)."""
    PERMISSION_DENIED = "permission denied"
    """The key lacks the permission the call needs."""
    INVALID_KEY = "invalid key"
    INVALID_SIGNATURE = "invalid signature"
    INVALID_NONCE = "invalid nonce"
    TEMPORARY_LOCKOUT = "temporary lockout"
    INVALID_TOKEN = "invalid token"
    """WebSocket v2: missing, stale or unknown token."""
    UNKNOWN_METHOD = "unknown method"
    BAD_REQUEST = "bad request"
    """The request could not be parsed at all."""
    INVALID_ORDER = "invalid order"
    """Kraken's generic order refusal (a request that makes no sense as an order)."""
    UNKNOWN_ASSET = "unknown asset"
    DEADLINE_ELAPSED = "deadline elapsed"
    """``deadline`` (REST/WS) or ValidUntilTime (FIX 62) passed before the engine saw it."""
    SERVICE_UNAVAILABLE = "service unavailable"
    SERVICE_BUSY = "service busy"
    INTERNAL_ERROR = "internal error"


@dataclass(frozen=True, slots=True)
class Refusal:
    """One row of the table."""

    text: str
    """Kraken's error string, exactly: REST ``error`` element and WebSocket v2 ``error``."""
    fix_reason: int | None
    """BusinessRejectReason (380); None where FIX has no such request (REST-only reasons)."""
    source: str
    """Where the string comes from (``choice`` when Kraken is silent)."""


_ENGINE: Final[dict[RejectReason, Refusal]] = {
    RejectReason.UNKNOWN_PAIR: Refusal(
        "EQuery:Unknown asset pair", FIX_UNKNOWN_INSTRUMENT, "rest§4"
    ),
    RejectReason.INVALID_ARGUMENTS: Refusal("EGeneral:Invalid arguments", FIX_OTHER, "rest§4"),
    RejectReason.INVALID_PRICE: Refusal("EOrder:Invalid price", FIX_OTHER, "rest§4"),
    RejectReason.TICK_SIZE: Refusal("EOrder:Tick size check failed", FIX_OTHER, "rest§4"),
    RejectReason.INVALID_QUANTITY: Refusal(
        "EGeneral:Invalid arguments:volume", FIX_OTHER, "rest§4"
    ),
    RejectReason.INVALID_DISPLAY_QUANTITY: Refusal(
        "EGeneral:Invalid arguments:displayvol", FIX_OTHER, "choice (rest§4 detail form)"
    ),
    RejectReason.INVALID_EXPIRE_TIME: Refusal(
        "EGeneral:Invalid arguments:expiretm", FIX_OTHER, "choice (rest§4 detail form)"
    ),
    RejectReason.ORDER_MINIMUM: Refusal("EOrder:Order minimum not met", FIX_OTHER, "rest§4"),
    RejectReason.COST_MINIMUM: Refusal("EOrder:Cost minimum not met", FIX_OTHER, "rest§4"),
    RejectReason.INSUFFICIENT_FUNDS: Refusal(
        "EOrder:Insufficient funds", FIX_OTHER, "rest§4, ws§6.1, fix§4.7 (380=0 in both examples)"
    ),
    RejectReason.MARKET_CANCEL_ONLY: Refusal(
        "EService:Market in cancel_only mode", FIX_OTHER, "rest§4"
    ),
    RejectReason.MARKET_POST_ONLY: Refusal(
        "EService:Market in post_only mode", FIX_OTHER, "rest§4"
    ),
    RejectReason.MARKET_LIMIT_ONLY: Refusal(
        "EService:Market in limit_only mode", FIX_OTHER, "rest§4"
    ),
    RejectReason.MARKET_REDUCE_ONLY: Refusal(
        "EService:Market in reduce_only mode", FIX_OTHER, "choice (pattern of rest§4)"
    ),
    RejectReason.MARKET_UNAVAILABLE: Refusal(
        "EService:Unavailable", FIX_APPLICATION_NOT_AVAILABLE, "rest§4"
    ),
    RejectReason.TOO_MANY_OPEN_ORDERS: Refusal(
        "EOrder:Orders limit exceeded", FIX_OTHER, "rest§4, rest§6.3, fix§4.7"
    ),
    RejectReason.INDEX_UNAVAILABLE: Refusal(
        "EGeneral:Invalid arguments:Index unavailable", FIX_OTHER, "rest§4"
    ),
    RejectReason.DUPLICATE_CLIENT_ORDER_ID: Refusal(
        "EOrder:Invalid order", FIX_OTHER, "choice (rest§4 generic order refusal)"
    ),
    RejectReason.UNKNOWN_ORDER: Refusal(
        "EOrder:Unknown order", FIX_UNKNOWN_ORDER, "rest§4, ws§6.2, fix§6.1"
    ),
    RejectReason.NO_AMENDABLE_PARAMETERS: Refusal(
        "EOrder:No amendable parameters", FIX_OTHER, "rest§4, rest§9.3 (KSDK)"
    ),
    RejectReason.NOT_AMENDABLE: Refusal(
        "EOrder:Invalid order", FIX_OTHER, "rest§4 (generic order refusal)"
    ),
    RejectReason.POST_ONLY_WOULD_TAKE: Refusal(
        "EOrder:Post only order", FIX_OTHER, "rest§4 (UNVERIFIED text)"
    ),
}

_EDGE: Final[dict[EdgeReason, Refusal]] = {
    EdgeReason.TRADING_RATE_LIMIT: Refusal(
        "EOrder:Rate limit exceeded", FIX_OTHER, "rest§4, rest§6.2, fix§11"
    ),
    EdgeReason.DOMAIN_RATE_LIMIT: Refusal(
        "EOrder:Domain rate limit exceeded", FIX_OTHER, "rest§4, rest§6.2"
    ),
    EdgeReason.API_RATE_LIMIT: Refusal("EAPI:Rate limit exceeded", None, "rest§4"),
    EdgeReason.SCHEDULED_ORDERS_LIMIT: Refusal(
        "EOrder:Scheduled orders limit exceeded", FIX_OTHER, "rest§4, rest§6.3"
    ),
    EdgeReason.PERMISSION_DENIED: Refusal(
        "EGeneral:Permission denied", FIX_NOT_AUTHORIZED, "rest§4, ws§7"
    ),
    EdgeReason.INVALID_KEY: Refusal("EAPI:Invalid key", None, "rest§4"),
    EdgeReason.INVALID_SIGNATURE: Refusal("EAPI:Invalid signature", None, "rest§4"),
    EdgeReason.INVALID_NONCE: Refusal("EAPI:Invalid nonce", None, "rest§4"),
    EdgeReason.TEMPORARY_LOCKOUT: Refusal("EGeneral:Temporary lockout", None, "rest§4"),
    EdgeReason.INVALID_TOKEN: Refusal("EAPI:Invalid token", None, "ws§3.5, ws§7"),
    EdgeReason.UNKNOWN_METHOD: Refusal(
        "EGeneral:Unknown method", FIX_UNSUPPORTED_MESSAGE_TYPE, "rest§4"
    ),
    EdgeReason.BAD_REQUEST: Refusal("EAPI:Bad request", FIX_OTHER, "rest§4"),
    EdgeReason.INVALID_ORDER: Refusal("EOrder:Invalid order", FIX_OTHER, "rest§4, ws§6"),
    EdgeReason.UNKNOWN_ASSET: Refusal("EQuery:Unknown asset", None, "rest§4"),
    EdgeReason.DEADLINE_ELAPSED: Refusal(
        "EService:Deadline elapsed", FIX_ORDER_TOO_OLD, "rest§4, rest§9.1; 380 choice"
    ),
    EdgeReason.SERVICE_UNAVAILABLE: Refusal(
        "EService:Unavailable", FIX_APPLICATION_NOT_AVAILABLE, "rest§4"
    ),
    EdgeReason.SERVICE_BUSY: Refusal("EService:Busy", FIX_APPLICATION_NOT_AVAILABLE, "rest§4"),
    EdgeReason.INTERNAL_ERROR: Refusal("EGeneral:Internal error", FIX_OTHER, "rest§4"),
}

_MONEY: Final[dict[MoneyRejectReason, Refusal]] = {
    MoneyRejectReason.UNKNOWN_ASSET: Refusal("EQuery:Unknown asset", None, "rest§4"),
    MoneyRejectReason.INVALID_AMOUNT: Refusal("EFunding:Invalid amount", None, "rest§4"),
    MoneyRejectReason.INSUFFICIENT_FUNDS: Refusal(
        "EFunding:Insufficient funds", None, "choice (DERIVED, domain)"
    ),
    MoneyRejectReason.UNKNOWN_ACCOUNT: Refusal(
        "EGeneral:Permission denied", None, "choice (DERIVED, domain)"
    ),
    MoneyRejectReason.ACCOUNT_EXISTS: Refusal(
        "EGeneral:Invalid arguments", None, "choice (DERIVED, domain)"
    ),
    MoneyRejectReason.NOT_RELATED: Refusal(
        "EGeneral:Permission denied", None, "choice (subaccount rules)"
    ),
}


class UnknownOrderText(enum.Enum):
    """Which string an id that matches no open order gets (spot-rest §9.5, spot-ws-v2 §6.4
    CONFLICT); gateways take it from configuration."""

    UNKNOWN_ORDER = "EOrder:Unknown order"
    """Kraken's docs (v1 WebSocket, REST error list); ccxt maps it to OrderNotFound. Default."""
    INVALID_ORDER = "EOrder:Invalid order"
    """What Kraken's own SDK observed live for cancels of unknown or closed ids."""


TradingReason = RejectReason | EdgeReason
"""A refusal a trading request (REST, WebSocket v2 or FIX) can get."""
AnyReason = RejectReason | EdgeReason | MoneyRejectReason


def refusal(reason: AnyReason) -> Refusal:
    """The table's row for ``reason``."""
    if isinstance(reason, RejectReason):
        return _ENGINE[reason]
    if isinstance(reason, EdgeReason):
        return _EDGE[reason]
    return _MONEY[reason]


def _text(reason: AnyReason, unknown_order: UnknownOrderText) -> str:
    if reason is RejectReason.UNKNOWN_ORDER:
        return unknown_order.value
    return refusal(reason).text


def rest_error(
    reason: AnyReason, *, unknown_order: UnknownOrderText = UnknownOrderText.UNKNOWN_ORDER
) -> str:
    """The string to put in REST's ``error`` array (HTTP 200)."""
    return _text(reason, unknown_order)


def websocket_error(
    reason: TradingReason, *, unknown_order: UnknownOrderText = UnknownOrderText.UNKNOWN_ORDER
) -> str:
    """WebSocket v2's ``error`` (a single string in a ``success: false`` ack): the REST string,
    as Kraken reuses them (spot-ws-v2 §6, §7)."""
    return _text(reason, unknown_order)


def fix_business_reject(
    reason: TradingReason, *, unknown_order: UnknownOrderText = UnknownOrderText.UNKNOWN_ORDER
) -> FixBusinessReject:
    """BusinessRejectReason (380) and Text (58) for a request refused before acceptance.

    Raises :class:`ValueError` for reasons that cannot happen on a FIX trading session: REST
    keys, nonces, the REST call counter and WebSocket tokens (FIX refuses bad credentials at
    logon), and funding refusals (no funding over FIX).
    """
    row = refusal(reason)
    if row.fix_reason is None:
        raise ValueError(f"{reason!r} has no FIX business reject")
    return FixBusinessReject(row.fix_reason, _text(reason, unknown_order))


def engine_reasons() -> dict[RejectReason, Refusal]:
    """The engine part of the table (a copy)."""
    return dict(_ENGINE)


def edge_reasons() -> dict[EdgeReason, Refusal]:
    """The edge part of the table (a copy)."""
    return dict(_EDGE)


def money_reasons() -> dict[MoneyRejectReason, Refusal]:
    """The money part of the table (a copy)."""
    return dict(_MONEY)
