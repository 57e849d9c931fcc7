"""Reference data and venue status on Kraken's FIX market-data session (spec/fix.md §9).

InstrumentListRequest (35=x, FIX's SecurityListRequest) → InstrumentList (35=y), and
TradingSessionStatusRequest (35=g) → TradingSessionStatus (35=h). Readers return a request or a
refusal; renderers write the reply. Statuses come from :class:`MarketStatus` (AssetPairStatus
5032 per pair, TradSesStatus 340 for the venue). Choices where Kraken is silent are in
``docs/fix-market-data.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from krakenbox.domain.instruments import InstrumentKind, MarketStatus
from krakenbox.fix import dictionary
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.kraken.symbols import UnknownPair

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument
    from krakenbox.kraken.symbols import SymbolTranslator

SNAPSHOT, SNAPSHOT_AND_UPDATES, UNSUBSCRIBE = "0", "1", "2"
ONE_SYMBOL, BY_SECURITY_TYPE, ALL = "0", "1", "4"
SPOT_SECURITY_TYPE: Final = "CASH"
OTHER_SECURITY_TYPES: Final = frozenset({"FUT", "OPT", "TS"})
"""Types Kraken lists that this Spot venue has no instrument of: a request for them is valid
and matches nothing."""
SESSION_ID: Final = "SESSION"
"""The one TradingSessionID (336) Kraken's examples use; any other is unknown (567=1)."""

# InstrumentRequestResult (560).
VALID, INVALID, NO_MATCH = 0, 1, 2

ASSET_PAIR_STATUS: Final = {
    MarketStatus.WORK_IN_PROGRESS: 0,
    MarketStatus.ONLINE: 1,
    MarketStatus.MAINTENANCE: 2,
    MarketStatus.CANCEL_ONLY: 3,
    MarketStatus.POST_ONLY: 4,
    MarketStatus.LIMIT_ONLY: 5,
    MarketStatus.DELISTED: 6,
    MarketStatus.REDUCE_ONLY: 7,
}
"""AssetPairStatus (5032); a pair still being set up (work in progress) is "hidden" (0)."""

TRADING_SESSION_STATUS: Final = {
    MarketStatus.MAINTENANCE: 1,
    MarketStatus.ONLINE: 2,
    MarketStatus.LIMIT_ONLY: 2,
    MarketStatus.REDUCE_ONLY: 2,
    MarketStatus.CANCEL_ONLY: 101,
    MarketStatus.POST_ONLY: 102,
}
"""TradSesStatus (340) for the venue's status; anything else is 0 (unknown). Limit-only and
reduce-only still match orders, so the session is online."""

# TradSesStatusRejReason (567).
UNKNOWN_SESSION, INVALID_REQUEST_ID, INVALID_SUBSCRIPTION = 1, 100, 101
DUPLICATE_REQUEST_ID, ALREADY_SUBSCRIBED = 102, 103
REQUEST_REJECTED: Final = 6
"""TradSesStatus (340) on a refusal: standard FIX's "request rejected" (Kraken lists no value)."""


# --- InstrumentListRequest (35=x) → InstrumentList (35=y) -----------------------------------


@dataclass(frozen=True, slots=True)
class InstrumentListRequest:
    """A valid 35=x. ``only`` is the one pair asked for (559=0, with ``symbol`` as sent);
    None means every Spot pair."""

    request_id: str
    subscription: str
    """SubscriptionRequestType (263): 0 snapshot (the default), 1 with updates, 2 stop."""
    only: Instrument | None = None
    symbol: str | None = None

    def covers(self, instrument: Instrument) -> bool:
        if self.only is not None:
            return self.only.key == instrument.key
        return instrument.kind is InstrumentKind.SPOT

    def name_of(self, instrument: Instrument, translator: SymbolTranslator) -> str:
        """Symbol (55): as the client wrote it for a one-pair request, else the venue's spelling."""
        if self.symbol is not None and self.covers(instrument):
            return self.symbol
        return translator.fix_symbol(instrument)


@dataclass(frozen=True, slots=True)
class InstrumentListRejected:
    request_id: str
    result: int
    """InstrumentRequestResult (560): 1 invalid or unsupported, 2 no match."""
    text: str


def read_instrument_list_request(
    message: Message, translator: SymbolTranslator
) -> InstrumentListRequest | InstrumentListRejected:
    request_id = message.get(Tag.SecurityReqID, "") or ""
    subscription = message.get(Tag.SubscriptionRequestType, SNAPSHOT) or SNAPSHOT
    if subscription not in (SNAPSHOT, SNAPSHOT_AND_UPDATES, UNSUBSCRIBE):
        return InstrumentListRejected(
            request_id, INVALID, f"Unsupported SubscriptionRequestType: {subscription}"
        )
    kind = message.get(Tag.SecurityListRequestType)
    if kind == ALL:
        return InstrumentListRequest(request_id, subscription)
    if kind == ONE_SYMBOL:
        return _one_symbol(message, translator, request_id, subscription)
    if kind == BY_SECURITY_TYPE:
        return _by_type(message.get(Tag.SecurityType), request_id, subscription)
    return InstrumentListRejected(
        request_id, INVALID, f"Unsupported InstrumentListRequestType: {kind or '(missing)'}"
    )


def _one_symbol(
    message: Message, translator: SymbolTranslator, request_id: str, subscription: str
) -> InstrumentListRequest | InstrumentListRejected:
    symbol = message.get(Tag.Symbol)
    if not symbol:
        return InstrumentListRejected(request_id, INVALID, "Missing Symbol (55)")
    try:
        instrument = translator.fix_pair(symbol)
    except UnknownPair as error:
        return InstrumentListRejected(request_id, NO_MATCH, error.reply)
    return InstrumentListRequest(request_id, subscription, instrument, symbol)


def _by_type(
    security_type: str | None, request_id: str, subscription: str
) -> InstrumentListRequest | InstrumentListRejected:
    if security_type == SPOT_SECURITY_TYPE:
        return InstrumentListRequest(request_id, subscription)
    if security_type in OTHER_SECURITY_TYPES:
        return InstrumentListRejected(
            request_id, NO_MATCH, f"No instruments of SecurityType {security_type}"
        )
    return InstrumentListRejected(
        request_id, INVALID, f"Unsupported SecurityType: {security_type or '(missing)'}"
    )


def instrument_list_message(
    request_id: str,
    response_id: str,
    rows: Sequence[tuple[str, Instrument, MarketStatus]],
) -> Message:
    """35=y, result valid, one group entry per ``(symbol, instrument, status)``, unfragmented."""
    message = Message.of(
        MsgType.SecurityList,
        (Tag.SecurityReqID, request_id),
        (Tag.SecurityResponseID, response_id),
        (Tag.SecurityRequestResult, VALID),
        (Tag.NoRelatedSym, len(rows)),
    )
    for symbol, instrument, status in rows:
        _append_instrument(message, symbol, instrument, status)
    return message


def instrument_list_reject_message(rejected: InstrumentListRejected, response_id: str) -> Message:
    """35=y refusing the request: result 1 or 2, no entries, and the reason as Text (58) once
    the dictionary has 58 on 35=y (Kraken lists it; standard FIX 4.4 has it only per entry, so
    a validating client would refuse it until then)."""
    message = Message.of(
        MsgType.SecurityList,
        (Tag.SecurityReqID, rejected.request_id),
        (Tag.SecurityResponseID, response_id),
        (Tag.SecurityRequestResult, rejected.result),
    )
    if _instrument_list_has_text():
        message.append(Tag.Text, rejected.text)
    return message


@functools.cache
def _instrument_list_has_text() -> bool:
    return Tag.Text in dictionary.load("kraken").message(MsgType.SecurityList).member_set


def _append_instrument(
    message: Message, symbol: str, instrument: Instrument, status: MarketStatus
) -> None:
    message.append(Tag.Symbol, symbol)
    message.append(Tag.MinTradeVol, plain(instrument.quantity_increment))
    message.append(Tag.QtyPrecision, instrument.quantity_decimals)
    message.append(Tag.QtyMin, plain(instrument.minimum_quantity))
    if instrument.maximum_quantity is not None:
        message.append(Tag.QtyMax, plain(instrument.maximum_quantity))
    message.append(Tag.MinimumCost, plain(instrument.minimum_cost))
    message.append(Tag.PricePrecision, instrument.price_decimals)
    message.append(Tag.TickSize, plain(instrument.tick_size))
    message.append(Tag.AssetPairStatus, ASSET_PAIR_STATUS[status])


def plain(value: Decimal) -> str:
    """A catalogue number as Kraken writes it: positional, no exponent (``1E-7`` → ``0.0000001``)."""
    return format(value, "f")


# --- TradingSessionStatusRequest (35=g) → TradingSessionStatus (35=h) -----------------------


@dataclass(frozen=True, slots=True)
class SessionStatusRequest:
    request_id: str
    session_id: str
    subscribe: bool


@dataclass(frozen=True, slots=True)
class SessionStatusRejected:
    request_id: str
    session_id: str
    reason: int
    """TradSesStatusRejReason (567)."""
    text: str


def read_session_status_request(
    message: Message, *, active: Collection[str]
) -> SessionStatusRequest | SessionStatusRejected:
    """Read a 35=g; ``active`` holds the request ids of the session's live 263=1 subscriptions."""
    request_id = message.get(Tag.TradSesReqID, "") or ""
    session_id = message.get(Tag.TradingSessionID, "") or ""

    def rejected(reason: int, text: str) -> SessionStatusRejected:
        return SessionStatusRejected(request_id, session_id, reason, text)

    if not request_id.strip():
        return rejected(INVALID_REQUEST_ID, "Invalid TradSesReqID")
    subscription = message.get(Tag.SubscriptionRequestType)
    if subscription not in (SNAPSHOT, SNAPSHOT_AND_UPDATES):
        return rejected(
            INVALID_SUBSCRIPTION,
            f"Unsupported SubscriptionRequestType: {subscription or '(missing)'}",
        )
    if session_id != SESSION_ID:
        return rejected(UNKNOWN_SESSION, f"Unknown TradingSessionID: {session_id or '(missing)'}")
    if request_id in active:
        return rejected(DUPLICATE_REQUEST_ID, "Duplicate TradSesReqID")
    subscribe = subscription == SNAPSHOT_AND_UPDATES
    if subscribe and active:
        return rejected(ALREADY_SUBSCRIBED, "Already subscribed")
    return SessionStatusRequest(request_id, session_id, subscribe)


def session_status_message(request_id: str, session_id: str, status: MarketStatus) -> Message:
    """35=h: TradSesReqID, TradingSessionID, TradSesStatus (Kraken's example order)."""
    return Message.of(
        MsgType.TradingSessionStatus,
        (Tag.TradSesReqID, request_id),
        (Tag.TradingSessionID, session_id),
        (Tag.TradSesStatus, TRADING_SESSION_STATUS.get(status, 0)),
    )


def session_status_reject_message(rejected: SessionStatusRejected) -> Message:
    """35=h refusing the request: TradSesStatus 6 (request rejected, standard FIX), the reason
    (567) and a Text (58)."""
    return Message.of(
        MsgType.TradingSessionStatus,
        (Tag.TradSesReqID, rejected.request_id),
        (Tag.TradingSessionID, rejected.session_id or SESSION_ID),
        (Tag.TradSesStatus, REQUEST_REJECTED),
        (Tag.TradSesStatusRejReason, rejected.reason),
        (Tag.Text, rejected.text),
    )
