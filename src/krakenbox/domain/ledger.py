"""Ledger entries and trade records of an account, and Kraken's filters over them as pure
functions (REST ``Ledgers`` and ``TradesHistory``, spot REST digest §8.9 and §8.12).

Amounts are integers in the asset's ledger units; times are nanoseconds since the epoch. Both
lists are kept oldest first; queries answer newest first, 50 per page, as Kraken does.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

from krakenbox.domain.records import fast_init

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from krakenbox.domain.order_terms import OrderType, Side

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
