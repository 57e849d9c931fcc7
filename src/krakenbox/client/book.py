"""A local order book built from Kraken's FIX market data, checked against every 5041.

:class:`LocalBook` applies a snapshot (35=W) and incremental refreshes (35=X) entry by entry, in
order (an entry may be created and deleted in one message), with prices and quantities held as
integers in the instrument's units (PricePrecision 2349, QtyPrecision 5010, learnt from the
InstrumentList 35=y). After each 35=X that carries ChecksumOrderBook (5041) it computes Kraken's
checksum (spec/fix.md §8.5, :func:`krakenbox.kraken.checksums.book_checksum`) and raises
:class:`ChecksumMismatch` when it differs. Sans-I/O: feed it messages, read the book.

L3 books (266=N) keep one entry per order; Kraken documents only the level checksum for FIX, so
by default an L3 book accepts either the level checksum or the per-order one of WebSocket L3
(:class:`ChecksumMethod`); see docs/fix-client.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from krakenbox.client.model import ORDER_TYPE_FROM_WIRE, SIDE_FROM_WIRE, OrderType, Side
from krakenbox.client.reports import ClientError
from krakenbox.fix.message import Message
from krakenbox.fix.tags import Tag
from krakenbox.kraken.checksums import book_checksum, orders_checksum

CHECKSUM_DEPTH = 10
BID, OFFER, TRADE = "0", "1", "2"
NEW, CHANGE, DELETE = "0", "1", "2"
ENTRY_TAGS = frozenset(
    {
        Tag.MDUpdateAction,
        Tag.MDEntryType,
        Tag.MDEntryID,
        Tag.MDEntryPx,
        Tag.MDEntrySize,
        Tag.MDEntryTime,
        Tag.MDEntryTimestamp,
        Tag.MDEntryTimeQueue,
        Tag.OrdType,
        Tag.AggressorSide,
    }
)


class ChecksumMethod(enum.Enum):
    LEVELS = "levels"
    """The FIX guide's: price and total quantity of each of the top 10 levels."""
    ORDERS = "orders"
    """WebSocket L3's: price and quantity of every order of the top 10 levels, in queue order."""
    EITHER = "either"
    """Accept a 5041 that matches either (the default for L3, where Kraken is silent)."""


class BookError(ClientError):
    """A market-data message the book cannot apply (a number finer than the precision, ...)."""


class ChecksumMismatch(BookError):
    """The book after a 35=X does not have the checksum the venue sent in 5041."""

    def __init__(
        self, symbol: str, expected: int, computed: int, sequence_number: str | None
    ) -> None:
        super().__init__(
            f"{symbol}: checksum mismatch after MsgSeqNum {sequence_number}:"
            f" venue sent {expected}, local book gives {computed}"
        )
        self.symbol = symbol
        self.expected = expected
        self.computed = computed
        self.sequence_number = sequence_number


@dataclass(frozen=True, slots=True)
class Trade:
    """A public trade from a 35=X trade entry (269=2)."""

    symbol: str
    price: Decimal
    quantity: Decimal
    aggressor_side: Side | None
    order_type: OrderType | None
    time: str | None


@dataclass(frozen=True, slots=True)
class Entry:
    side: str
    price: int
    quantity: int


def to_units(text: str | None, decimals: int, what: str) -> int:
    """``"28013.0"`` at 1 decimal -> 280130; BookError if absent, not a number or too fine."""
    if text is None:
        raise BookError(f"{what} is missing")
    try:
        scaled = Decimal(text).scaleb(decimals)
    except InvalidOperation:
        raise BookError(f"{what} is not a number: {text!r}") from None
    if not scaled.is_finite() or scaled != scaled.to_integral_value():
        raise BookError(f"{what} {text} has more than {decimals} decimals")
    return int(scaled)


def group_entries(message: Message, first_tag: int) -> list[dict[int, str]]:
    """The repeating-group entries of a W or X (each starts at ``first_tag``)."""
    entries: list[dict[int, str]] = []
    current: dict[int, str] | None = None
    for tag, value in message.fields:
        if tag == first_tag:
            current = {tag: value}
            entries.append(current)
        elif current is not None and tag in ENTRY_TAGS:
            current.setdefault(tag, value)
    return entries


class LocalBook:
    """One symbol's book: bid and offer entries by MDEntryID, grouped in price levels."""

    def __init__(
        self,
        symbol: str,
        price_decimals: int,
        quantity_decimals: int,
        *,
        level3: bool = False,
        checksum_method: ChecksumMethod | None = None,
        verify_checksums: bool = True,
    ) -> None:
        self.symbol = symbol
        self.verify_checksums = verify_checksums
        """False for a book shallower than the checksum's 10 levels (depth 1): it cannot check."""
        self.price_decimals = price_decimals
        self.quantity_decimals = quantity_decimals
        self.level3 = level3
        self.checksum_method = checksum_method or (
            ChecksumMethod.EITHER if level3 else ChecksumMethod.LEVELS
        )
        self.entries: dict[str, Entry] = {}
        self.levels: dict[str, dict[int, dict[str, int]]] = {BID: {}, OFFER: {}}
        """Side -> price units -> entry id -> quantity units (queue order in L3)."""
        self.valid = False
        """True once a snapshot was applied and no checksum failed since."""
        self.checksums_verified = 0

    # -- applying messages -----------------------------------------------------------------

    def apply_snapshot(self, message: Message) -> None:
        """A MarketDataSnapshotFullRefresh (35=W): the whole book, replacing what was here."""
        self.entries.clear()
        self.levels = {BID: {}, OFFER: {}}
        for fields in group_entries(message, Tag.MDEntryType):
            side = fields[Tag.MDEntryType]
            if side in (BID, OFFER):
                self._put(self._entry_id(fields), self._entry(side, fields))
        self.valid = True

    def apply_incremental(self, message: Message) -> list[Trade]:
        """A MarketDataIncrementalRefresh (35=X): every entry in order, then the 5041 check.

        Returns the trades it carried; raises ChecksumMismatch (and marks the book invalid)
        when 5041 disagrees with the book.
        """
        trades: list[Trade] = []
        for fields in group_entries(message, Tag.MDUpdateAction):
            side = fields.get(Tag.MDEntryType, "")
            if side == TRADE:
                trades.append(self._trade(fields))
                continue
            if side not in (BID, OFFER):
                continue
            action = fields[Tag.MDUpdateAction]
            entry_id = self._entry_id(fields)
            if action == DELETE:
                self._remove(entry_id)
            else:
                self._put(entry_id, self._entry(side, fields))
        expected = message.get(Tag.ChecksumOrderBook)
        if self.verify_checksums and expected is not None and expected.isdigit():
            self.verify(int(expected), message.get(Tag.MsgSeqNum))
        return trades

    def verify(self, expected: int, sequence_number: str | None = None) -> None:
        """Raise ChecksumMismatch unless the book's checksum (by its method) is ``expected``."""
        method = self.checksum_method
        computed = self.checksum(
            ChecksumMethod.ORDERS if method is ChecksumMethod.ORDERS else ChecksumMethod.LEVELS
        )
        if computed != expected and method is ChecksumMethod.EITHER:
            computed = self.checksum(ChecksumMethod.ORDERS)
        if computed != expected:
            self.valid = False
            raise ChecksumMismatch(self.symbol, expected, computed, sequence_number)
        self.checksums_verified += 1

    def checksum(self, method: ChecksumMethod = ChecksumMethod.LEVELS) -> int:
        """Kraken's CRC32 over the top 10 asks (ascending) then the top 10 bids (descending)."""
        asks = self._top(OFFER)
        bids = self._top(BID)
        if method is ChecksumMethod.ORDERS:
            return orders_checksum(
                [(price, list(orders.values())) for price, orders in asks],
                [(price, list(orders.values())) for price, orders in bids],
            )
        return book_checksum(
            [(price, sum(orders.values())) for price, orders in asks],
            [(price, sum(orders.values())) for price, orders in bids],
        )

    # -- reading ---------------------------------------------------------------------------

    def bids(self, depth: int | None = None) -> list[tuple[Decimal, Decimal]]:
        """``(price, total quantity)`` per level, best (highest) first."""
        return self._decimal_levels(BID, depth)

    def asks(self, depth: int | None = None) -> list[tuple[Decimal, Decimal]]:
        """``(price, total quantity)`` per level, best (lowest) first."""
        return self._decimal_levels(OFFER, depth)

    @property
    def best_bid(self) -> tuple[Decimal, Decimal] | None:
        levels = self.bids(1)
        return levels[0] if levels else None

    @property
    def best_ask(self) -> tuple[Decimal, Decimal] | None:
        levels = self.asks(1)
        return levels[0] if levels else None

    def price(self, units: int) -> Decimal:
        return Decimal(units).scaleb(-self.price_decimals)

    def quantity(self, units: int) -> Decimal:
        return Decimal(units).scaleb(-self.quantity_decimals)

    def __repr__(self) -> str:
        return f"LocalBook({self.symbol}, bid={self.best_bid}, ask={self.best_ask}, valid={self.valid})"

    # -- helpers ---------------------------------------------------------------------------

    def _entry_id(self, fields: dict[int, str]) -> str:
        entry_id = fields.get(Tag.MDEntryID)
        if entry_id:
            return entry_id
        # No 278: an L2 level is its side and price.
        return f"{fields[Tag.MDEntryType]}{fields.get(Tag.MDEntryPx, '')}"

    def _entry(self, side: str, fields: dict[int, str]) -> Entry:
        return Entry(
            side,
            to_units(fields.get(Tag.MDEntryPx), self.price_decimals, "MDEntryPx (270)"),
            to_units(fields.get(Tag.MDEntrySize), self.quantity_decimals, "MDEntrySize (271)"),
        )

    def _put(self, entry_id: str, entry: Entry) -> None:
        old = self.entries.get(entry_id)
        if old is not None and (old.side, old.price) != (entry.side, entry.price):
            self._remove(entry_id)
            old = None
        if entry.quantity <= 0:
            self._remove(entry_id)
            return
        self.entries[entry_id] = entry
        self.levels[entry.side].setdefault(entry.price, {})[entry_id] = entry.quantity

    def _remove(self, entry_id: str) -> None:
        entry = self.entries.pop(entry_id, None)
        if entry is None:
            return
        level = self.levels[entry.side].get(entry.price)
        if level is not None:
            level.pop(entry_id, None)
            if not level:
                del self.levels[entry.side][entry.price]

    def _top(
        self, side: str, depth: int | None = CHECKSUM_DEPTH
    ) -> list[tuple[int, dict[str, int]]]:
        levels = self.levels[side]
        prices = sorted(levels, reverse=side == BID)
        if depth is not None:
            prices = prices[:depth]
        return [(price, levels[price]) for price in prices]

    def _decimal_levels(self, side: str, depth: int | None) -> list[tuple[Decimal, Decimal]]:
        return [
            (self.price(price), self.quantity(sum(orders.values())))
            for price, orders in self._top(side, depth)
        ]

    def _trade(self, fields: dict[int, str]) -> Trade:
        price = fields.get(Tag.MDEntryPx)
        size = fields.get(Tag.MDEntrySize)
        if price is None or size is None:
            raise BookError("a trade entry needs MDEntryPx (270) and MDEntrySize (271)")
        return Trade(
            symbol=self.symbol,
            price=Decimal(price),
            quantity=Decimal(size),
            aggressor_side=SIDE_FROM_WIRE.get(fields.get(Tag.AggressorSide, "")),
            order_type=ORDER_TYPE_FROM_WIRE.get(fields.get(Tag.OrdType, "")),
            time=fields.get(Tag.MDEntryTime),
        )
