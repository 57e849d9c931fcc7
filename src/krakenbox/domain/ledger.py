"""Ledger entries and trade records of an account, and Kraken's filters over them as pure
functions (REST ``Ledgers`` and ``TradesHistory``, spot REST digest §8.9 and §8.12).

Amounts are integers in the asset's ledger units; times are nanoseconds since the epoch. Both
lists are kept oldest first; queries answer newest first, 50 per page, as Kraken does.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol, TypeVar, overload

from krakenbox.domain.order_terms import OrderType, Side
from krakenbox.domain.records import fast_init

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

PAGE_SIZE: Final = 50
"""Kraken returns 50 entries per page of Ledgers and TradesHistory."""


class LedgerType(enum.Enum):
    """Kraken's ledger ``type`` values that the venue writes."""

    TRADE = "trade"
    DEPOSIT = "deposit"
    WITHDRAWAL = "withdrawal"
    TRANSFER = "transfer"
    ADJUSTMENT = "adjustment"

    __hash__ = object.__hash__


SPOT_TO_FUTURES: Final = "spottofutures"
"""The ledger ``subtype`` of a transfer from the Spot wallet to the Futures wallet (type
``transfer``; Kraken support, "How to interpret Ledger history fields")."""


@fast_init
@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One change of one asset's balance: ``amount`` (signed) and ``fee`` (charged on top,
    so the balance moved by ``amount - fee``), ``balance`` after it. ``reference`` is Kraken's
    ``refid``: the trade id (``T...``) of a trade, the funding reference or the entry's own id
    otherwise."""

    ledger_id: str
    reference: str
    timestamp: int
    type: LedgerType
    asset: str
    amount: int
    fee: int
    balance: int
    subtype: str = ""


@fast_init
@dataclass(frozen=True, slots=True)
class TradeRecord:
    """One fill of one of the account's orders (a REST ``TradesHistory`` entry).

    ``price`` in price units, ``quantity`` in lots, ``cost`` in notional units (price units ×
    lots, exact: the gateway rounds to the pair's cost decimals), ``fee`` in ledger units of
    ``fee_asset``."""

    execution_id: str
    order_id: str
    pair: str
    timestamp: int
    side: Side
    order_type: OrderType
    price: int
    quantity: int
    cost: int
    fee: int
    fee_asset: str
    maker: bool
    trade_id: int
    ledger_ids: tuple[str, ...]


TradeRow = tuple[
    str, str, int, int, str, int, int, int, str, int, int, int, str, bool, str, int, int, int, int,
    str, bool, int,
]  # fmt: skip
"""One fill of one order as the settlement writes it: both of its ledger entries and its trade
record in one tuple of plain numbers and strings, which the cyclic garbage collector stops
tracking (an account keeps every one). In order: execution id, order id, timestamp, the counter
of the first of its two ledger ids; quote asset, amount, fee, balance after; base asset, amount,
fee, balance after; pair, is a buy, order type (its value), price, quantity, cost, fee, fee
asset, maker, trade id. :class:`Ledger` and :class:`TradeHistory` build the records from it."""

_ORDER_TYPES: Final = {order_type.value: order_type for order_type in OrderType}


class _IdsAt(Protocol):
    def id_at(self, counter: int) -> str: ...


class Ledger(Sequence[LedgerEntry]):
    """An account's ledger entries, oldest first: a read-only sequence of :class:`LedgerEntry`.

    Money commands append entries; a trade appends its :data:`TradeRow` (its quote entry) and
    None (its base entry: the row before it), and the entries are built, with their ledger ids,
    the first time they are read (and kept: the same object each time)."""

    __slots__ = ("built", "ids", "rows")

    def __init__(self, ids: _IdsAt | None = None) -> None:
        self.ids = ids
        """Where the ledger ids of trade rows come from (the accounts' ledger id generator)."""
        self.rows: list[LedgerEntry | TradeRow | None] = []
        self.built: dict[int, LedgerEntry] = {}
        """Entries of trade rows read so far, by position."""

    def append(self, entry: LedgerEntry) -> None:
        self.rows.append(entry)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> LedgerEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[LedgerEntry]: ...

    def __getitem__(self, index: int | slice) -> LedgerEntry | list[LedgerEntry]:
        rows = self.rows
        if isinstance(index, slice):
            return [self._entry(position) for position in range(*index.indices(len(rows)))]
        if index < 0:
            index += len(rows)
        if not 0 <= index < len(rows):
            raise IndexError("ledger index out of range")
        return self._entry(index)

    def __iter__(self) -> Iterator[LedgerEntry]:
        for position in range(len(self.rows)):
            yield self._entry(position)

    def __reversed__(self) -> Iterator[LedgerEntry]:
        for position in range(len(self.rows) - 1, -1, -1):
            yield self._entry(position)

    def _entry(self, position: int) -> LedgerEntry:
        rows = self.rows
        row = rows[position]
        if isinstance(row, LedgerEntry):
            return row
        built = self.built.get(position)
        if built is not None:
            return built
        is_base = row is None
        if row is None:  # a trade's base entry: its row is the one before
            row = rows[position - 1]
            if not isinstance(row, tuple):
                raise RuntimeError("a base entry follows its trade row")
        ids = self.ids
        if ids is None:
            raise RuntimeError("a ledger with trades needs its ledger id source")
        if is_base:
            ledger_id = ids.id_at(row[3] + 1)
            asset, amount, fee, balance = row[8], row[9], row[10], row[11]
        else:
            ledger_id = ids.id_at(row[3])
            asset, amount, fee, balance = row[4], row[5], row[6], row[7]
        entry = LedgerEntry(
            ledger_id, row[0], row[2], LedgerType.TRADE, asset, amount, fee, balance
        )
        self.built[position] = entry
        return entry

    def __repr__(self) -> str:
        return f"Ledger({list(self)!r})"


class TradeHistory(Sequence[TradeRecord]):
    """An account's fills, oldest first: a read-only sequence of :class:`TradeRecord`, built
    from the settlement's :data:`TradeRow` the first time they are read (and kept in its
    place)."""

    __slots__ = ("ids", "rows")

    def __init__(self, ids: _IdsAt | None = None) -> None:
        self.ids = ids
        """Where the ledger ids the records name come from."""
        self.rows: list[TradeRecord | TradeRow] = []

    def append(self, record: TradeRecord) -> None:
        self.rows.append(record)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> TradeRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[TradeRecord]: ...

    def __getitem__(self, index: int | slice) -> TradeRecord | list[TradeRecord]:
        rows = self.rows
        if isinstance(index, slice):
            return [self._record(position) for position in range(*index.indices(len(rows)))]
        if index < 0:
            index += len(rows)
        if not 0 <= index < len(rows):
            raise IndexError("trade history index out of range")
        return self._record(index)

    def __iter__(self) -> Iterator[TradeRecord]:
        for position in range(len(self.rows)):
            yield self._record(position)

    def __reversed__(self) -> Iterator[TradeRecord]:
        for position in range(len(self.rows) - 1, -1, -1):
            yield self._record(position)

    def _record(self, position: int) -> TradeRecord:
        row = self.rows[position]
        if isinstance(row, TradeRecord):
            return row
        ids = self.ids
        if ids is None:
            raise RuntimeError("a trade history needs its ledger id source")
        counter = row[3]
        record = self.rows[position] = TradeRecord(
            row[0],
            row[1],
            row[12],
            row[2],
            Side.BUY if row[13] else Side.SELL,
            _ORDER_TYPES[row[14]],
            row[15],
            row[16],
            row[17],
            row[18],
            row[19],
            row[20],
            row[21],
            (ids.id_at(counter), ids.id_at(counter + 1)),
        )
        return record

    def __repr__(self) -> str:
        return f"TradeHistory({list(self)!r})"


class _Stamped(Protocol):
    @property
    def timestamp(self) -> int: ...


_Item = TypeVar("_Item", bound=_Stamped)

Bound = int | str | None
"""A query bound: a time (nanoseconds since the epoch), an id, or nothing."""


def _position(
    items: Sequence[_Item], bound: int | str, key: Callable[[_Item], str], *, after: bool
) -> int:
    """Index of the first item beyond ``bound`` (``after``) or of the first item not within it
    (the end bound, inclusive). An unknown id bounds nothing."""
    if isinstance(bound, str):
        for index, item in enumerate(items):
            if key(item) == bound:
                return index + 1
        return 0 if after else len(items)
    low, high = 0, len(items)
    while low < high:  # items are in time order: the first one later than ``bound``
        middle = (low + high) // 2
        if items[middle].timestamp <= bound:
            low = middle + 1
        else:
            high = middle
    return low


def _window(
    items: Sequence[_Item],
    key: Callable[[_Item], str],
    start: Bound,
    end: Bound,
) -> Sequence[_Item]:
    first = 0 if start is None else _position(items, start, key, after=True)
    last = len(items) if end is None else _position(items, end, key, after=False)
    return items[first:last]


def _page(matching: list[_Item], offset: int, size: int) -> tuple[list[_Item], int]:
    newest_first = matching[::-1]
    return newest_first[offset : offset + size], len(matching)


def select_ledger(
    entries: Sequence[LedgerEntry],
    *,
    assets: frozenset[str] | None = None,
    types: frozenset[LedgerType] | None = None,
    start: Bound = None,
    end: Bound = None,
    offset: int = 0,
    size: int = PAGE_SIZE,
) -> tuple[list[LedgerEntry], int]:
    """Kraken's ``Ledgers`` filter: entries of ``assets`` and ``types`` (None: all) after
    ``start`` (exclusive) up to ``end`` (inclusive), newest first from ``offset``; and how many
    match in all (``count``)."""
    window = _window(entries, _ledger_key, start, end)
    matching = [
        entry
        for entry in window
        if (assets is None or entry.asset in assets) and (types is None or entry.type in types)
    ]
    return _page(matching, offset, size)


def select_trades(
    trades: Sequence[TradeRecord],
    *,
    start: Bound = None,
    end: Bound = None,
    offset: int = 0,
    size: int = PAGE_SIZE,
) -> tuple[list[TradeRecord], int]:
    """Kraken's ``TradesHistory`` filter (spot: every ``type`` is the same, there are no
    positions): trades after ``start`` (exclusive) up to ``end`` (inclusive), newest first."""
    return _page(list(_window(trades, _trade_key, start, end)), offset, size)


def find_ledger(entries: Sequence[LedgerEntry], ids: Sequence[str]) -> list[LedgerEntry]:
    """``QueryLedgers``: the entries with these ids, in the order asked."""
    by_id = {entry.ledger_id: entry for entry in entries}
    return [by_id[ledger_id] for ledger_id in ids if ledger_id in by_id]


def find_trades(trades: Sequence[TradeRecord], ids: Sequence[str]) -> list[TradeRecord]:
    """``QueryTrades``: the trades with these ids, in the order asked."""
    by_id = {trade.execution_id: trade for trade in trades}
    return [by_id[trade_id] for trade_id in ids if trade_id in by_id]


def _ledger_key(entry: LedgerEntry) -> str:
    return entry.ledger_id


def _trade_key(trade: TradeRecord) -> str:
    return trade.execution_id
