"""Kraken's FIX market data (spec/fix.md §8): MarketDataRequest (35=V) in; snapshots (35=W),
increments (35=X) and rejects (35=Y) out.

:func:`read_request` turns a V into a :class:`Subscribe`, an :class:`Unsubscribe` or a
:class:`RequestRejected` (35=Y, MDReqRejReason 281). The renderers take plain entries —
:class:`Level` (L2: one per side and price, MDEntryID ``B<price>`` / ``O<price>``),
:class:`Order` (L3: one per order, MDEntryID the order id, 5060/5273 ISO-8601 with
nanoseconds) and public trades — and write them at the instrument's decimals; the gateway
builds the entries from the venue's market-data views. Prices and quantities are integers in
the instrument's units throughout.

Choices where Kraken is silent or contradicts itself are in ``docs/fix-market-data.md``; the
main ones: MarketDepth 100 is accepted (the field table lists it; a reject example refuses it —
pass other ``depths`` to change that); depth 0 is 1000 levels on L2 and L3; ChecksumOrderBook
(5041) is the last body field of an X, after the entries group; trades come first in an X.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from krakenbox.domain.orders import Side
from krakenbox.fix.application import BusinessReject
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.kraken.symbols import UnknownPair
from krakenbox.kraken.trades import PublicTradeView

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument
    from krakenbox.kraken.symbols import SymbolTranslator

SUPPORTED_DEPTHS: Final = frozenset({0, 1, 10, 25, 100, 500, 1000})
"""MarketDepth (264) values accepted by default (spec/fix.md §8.1; 100 despite the CONFLICT)."""
FULL_DEPTH: Final = 1000
"""Depth 0 ("full book") is capped at this many levels per side."""
CONDITIONALLY_REQUIRED_FIELD_MISSING: Final = 5
"""BusinessRejectReason (380) for a V without MDReqID: a Y cannot be addressed without it."""

BID, OFFER, TRADE = "0", "1", "2"
SNAPSHOT_AND_UPDATES, UNSUBSCRIBE = "1", "2"
INCREMENTAL = "1"


class RejectReason(StrEnum):
    """MDReqRejReason (281) values Kraken lists."""

    UNKNOWN_SYMBOL = "0"
    DUPLICATE_REQUEST_ID = "1"
    UNSUPPORTED_SUBSCRIPTION_TYPE = "4"
    UNSUPPORTED_DEPTH = "5"
    UNSUPPORTED_UPDATE_TYPE = "6"
    UNSUPPORTED_ENTRY_TYPE = "8"
    UNSUPPORTED_SCOPE = "A"
    LEVEL3_NOT_AVAILABLE = "B"
    TRADE_NOT_AVAILABLE = "C"


class UpdateAction(StrEnum):
    """MDUpdateAction (279)."""

    NEW = "0"
    CHANGE = "1"
    DELETE = "2"


# --- requests -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Subscribe:
    """A valid 263=1 request: one feed per symbol (``(name as sent, instrument)``)."""

    request_id: str
    symbols: tuple[tuple[str, Instrument], ...]
    depth: int
    """Levels per side (depth 0 is already :data:`FULL_DEPTH` here)."""
    level3: bool
    book: bool
    """Bids and offers (269=0 and 269=1) were asked for."""
    trades: bool


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    request_id: str


@dataclass(frozen=True, slots=True)
class RequestRejected:
    """A 35=Y to send."""

    request_id: str
    reason: RejectReason
    text: str


Request = Subscribe | Unsubscribe | RequestRejected


def read_request(
    message: Message,
    translator: SymbolTranslator,
    *,
    level3_port: bool,
    active: Collection[str],
    depths: Collection[int] = SUPPORTED_DEPTHS,
) -> Request:
    """Read a MarketDataRequest. ``active``: the session's live MDReqIDs. Raises
    :class:`BusinessReject` when MDReqID (262) itself is missing."""
    request_id = message.get(Tag.MDReqID)
    if not request_id:
        raise BusinessReject(
            CONDITIONALLY_REQUIRED_FIELD_MISSING, "Required tag missing: MDReqID (262)"
        )
    subscription = message.get(Tag.SubscriptionRequestType)
    if subscription == UNSUBSCRIBE:
        return Unsubscribe(request_id)

    def rejected(reason: RejectReason, text: str) -> RequestRejected:
        return RequestRejected(request_id, reason, text)

    if subscription != SNAPSHOT_AND_UPDATES:
        return rejected(
            RejectReason.UNSUPPORTED_SUBSCRIPTION_TYPE,
            f"Unsupported SubscriptionRequestType: {subscription or '(missing)'}",
        )
    if request_id in active:
        return rejected(RejectReason.DUPLICATE_REQUEST_ID, "Duplicate MDReqID")
    update_type = message.get(Tag.MDUpdateType, INCREMENTAL)
    if update_type != INCREMENTAL:
        return rejected(
            RejectReason.UNSUPPORTED_UPDATE_TYPE, f"Unsupported MDUpdateType: {update_type}"
        )
    scope = message.get(Tag.Scope)
    if scope is not None:
        return rejected(RejectReason.UNSUPPORTED_SCOPE, f"Unsupported scope: {scope}")
    aggregated = message.get(Tag.AggregatedBook, "Y")
    if aggregated not in ("Y", "N") or (aggregated == "N" and not level3_port):
        return rejected(RejectReason.LEVEL3_NOT_AVAILABLE, "Level3 not available on this port")
    level3 = aggregated == "N"
    depth = _depth(message.get(Tag.MarketDepth), depths)
    if depth is None:
        return rejected(
            RejectReason.UNSUPPORTED_DEPTH,
            f"Unsupported market depth: {message.get(Tag.MarketDepth, '(missing)')}",
        )
    types = set(message.get_all(Tag.MDEntryType))
    entry_problem = _entry_type_problem(types, level3)
    if entry_problem is not None:
        return rejected(*entry_problem)
    symbols = _symbols(message, translator)
    if isinstance(symbols, str):
        return rejected(RejectReason.UNKNOWN_SYMBOL, symbols)
    return Subscribe(request_id, symbols, depth, level3, BID in types, TRADE in types)


def _depth(text: str | None, depths: Collection[int]) -> int | None:
    if text is None or not (text.isdigit() and text.isascii()):
        return None
    depth = int(text)
    if depth not in depths:
        return None
    return FULL_DEPTH if depth == 0 else depth


def _entry_type_problem(types: set[str], level3: bool) -> tuple[RejectReason, str] | None:
    unknown = sorted(types - {BID, OFFER, TRADE})
    if unknown:
        return RejectReason.UNSUPPORTED_ENTRY_TYPE, f"Unsupported MDEntryType: {unknown[0]}"
    if not types:
        return RejectReason.UNSUPPORTED_ENTRY_TYPE, "Unsupported MDEntryType: (missing)"
    if (BID in types) != (OFFER in types):
        return (
            RejectReason.UNSUPPORTED_ENTRY_TYPE,
            "Unsupported MDEntryType: bids (0) and offers (1) are only available together",
        )
    if level3 and TRADE in types:
        return RejectReason.TRADE_NOT_AVAILABLE, "Trade not available with Level3"
    return None


def _symbols(
    message: Message, translator: SymbolTranslator
) -> tuple[tuple[str, Instrument], ...] | str:
    """The requested pairs, or the reject text for the first unknown one."""
    names = list(dict.fromkeys(message.get_all(Tag.Symbol)))
    if not names:
        return "Unknown symbol: (missing)"
    pairs = []
    for name in names:
        try:
            pairs.append((name, translator.fix_pair(name)))
        except UnknownPair as error:
            return error.reply
    return tuple(pairs)


def reject_message(rejected: RequestRejected) -> Message:
    """35=Y: MDReqID, MDReqRejReason, Text (Kraken's example order)."""
    return Message.of(
        MsgType.MarketDataRequestReject,
        (Tag.MDReqID, rejected.request_id),
        (Tag.MDReqRejReason, rejected.reason.value),
        (Tag.Text, rejected.text),
    )


# --- entries --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Level:
    """An L2 entry: one side's size at one price; ``time`` (273) its last change."""

    side: Side
    price: int
    quantity: int
    time: int


@dataclass(frozen=True, slots=True)
class Order:
    """An L3 entry: one resting order. ``time`` is its last change (273 and 5060),
    ``queue_time`` when it joined its level's queue (5273)."""

    order_id: str
    side: Side
    price: int
    quantity: int
    time: int
    queue_time: int


BookEntry = Level | Order


@dataclass(frozen=True, slots=True)
class BookUpdate:
    """One bid/offer entry of an X. A DELETE's entry carries the size to send: 0 when the level
    or order is gone, its size when it only left the subscribed depth."""

    action: UpdateAction
    entry: BookEntry


# --- rendering ------------------------------------------------------------------------------


def snapshot_message(
    request_id: str, symbol: str, instrument: Instrument, entries: Sequence[BookEntry]
) -> Message:
    """35=W: the subscribed book, bids best first then offers best first (may be empty)."""
    message = Message.of(
        MsgType.MarketDataSnapshotFullRefresh,
        (Tag.MDReqID, request_id),
        (Tag.Symbol, symbol),
        (Tag.NoMDEntries, len(entries)),
    )
    for entry in entries:
        _append_entry(message, instrument, entry)
    return message


def incremental_message(
    request_id: str,
    symbol: str,
    instrument: Instrument,
    trades: Sequence[PublicTradeView],
    updates: Sequence[BookUpdate],
    checksum: int | None,
) -> Message:
    """35=X for one symbol: trades first, then bid/offer updates in the order to apply them;
    ChecksumOrderBook (5041) last, when given (it must be whenever ``updates`` is not empty)."""
    message = Message.of(
        MsgType.MarketDataIncrementalRefresh,
        (Tag.Symbol, symbol),
        (Tag.MDReqID, request_id),
        (Tag.NoMDEntries, len(trades) + len(updates)),
    )
    for trade in trades:
        _append_trade(message, instrument, trade)
    for update in updates:
        message.append(Tag.MDUpdateAction, update.action.value)
        _append_entry(message, instrument, update.entry)
    if checksum is not None:
        message.append(Tag.ChecksumOrderBook, checksum)
    return message


def _append_entry(message: Message, instrument: Instrument, entry: BookEntry) -> None:
    bid = entry.side is Side.BUY
    price = instrument.format_price(entry.price)
    entry_id = entry.order_id if isinstance(entry, Order) else ("B" if bid else "O") + price
    fields = message.fields
    fields.append((Tag.MDEntryType, BID if bid else OFFER))
    fields.append((Tag.MDEntryID, entry_id))
    fields.append((Tag.MDEntryPx, price))
    fields.append((Tag.MDEntrySize, instrument.format_quantity(entry.quantity)))
    fields.append((Tag.MDEntryTime, time_of_day(entry.time)))
    if isinstance(entry, Order):
        fields.append((Tag.MDEntryTimestamp, iso_nanoseconds(entry.time)))
        fields.append((Tag.MDEntryTimeQueue, iso_nanoseconds(entry.queue_time)))


def _append_trade(message: Message, instrument: Instrument, trade: PublicTradeView) -> None:
    fields = message.fields
    fields.append((Tag.MDUpdateAction, UpdateAction.NEW.value))
    fields.append((Tag.MDEntryType, TRADE))
    fields.append((Tag.MDEntryID, str(trade.trade_id)))
    fields.append((Tag.MDEntryPx, instrument.format_price(trade.price)))
    fields.append((Tag.MDEntrySize, instrument.format_quantity(trade.quantity)))
    fields.append((Tag.MDEntryTime, time_of_day(trade.timestamp)))
    fields.append((Tag.OrdType, "1" if trade.taker_is_market else "2"))
    fields.append((Tag.AggressorSide, "1" if trade.taker_side is Side.BUY else "2"))


# --- time formats ---------------------------------------------------------------------------

NANOS_PER_SECOND: Final = 1_000_000_000


def time_of_day(nanoseconds: int) -> str:
    """MDEntryTime (273): ``HH:MM:SS.sss`` UTC, truncated to the millisecond."""
    seconds, fraction = divmod(nanoseconds, NANOS_PER_SECOND)
    minutes, second = divmod(seconds % 86_400, 60)
    hour, minute = divmod(minutes, 60)
    return f"{hour:02d}:{minute:02d}:{second:02d}.{fraction // 1_000_000:03d}"


def iso_nanoseconds(nanoseconds: int) -> str:
    """5060 / 5273: ISO-8601 UTC with nanoseconds (``2026-02-03T10:24:34.650069468Z``)."""
    seconds, fraction = divmod(nanoseconds, NANOS_PER_SECOND)
    moment = time.gmtime(seconds)
    return (
        f"{moment.tm_year:04d}-{moment.tm_mon:02d}-{moment.tm_mday:02d}T"
        f"{moment.tm_hour:02d}:{moment.tm_min:02d}:{moment.tm_sec:02d}.{fraction:09d}Z"
    )


def levels_of(side: Side, rows: Iterable[tuple[int, int, int]]) -> list[Level]:
    """``(price, quantity, time)`` rows of one side as :class:`Level` entries."""
    return [Level(side, price, quantity, moment) for price, quantity, moment in rows]
