"""LocalBook against Kraken's checksum vector (spec/fix.md §8.5) and the §16 35=X example."""

from __future__ import annotations

from decimal import Decimal

import pytest

from krakenbox.client import BookError, ChecksumMethod, ChecksumMismatch, LocalBook
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag

from .venue import frames

SOH = "\x01"
# spec/fix.md §16, checksum-valid as printed: the ask at 28013.0 changes to 0.00096506.
SPEC_INCREMENT = (
    "8=FIX.4.4|9=167|35=X|34=12|49=KRAKEN-MD|52=20231012-09:55:14.934|56=CLIENT|55=BTC/USD|262=0"
    "|268=1|279=1|269=1|278=O28013.0|270=28013.0|271=0.00096506|273=09:55:15.071|5041=3341325816"
    "|10=090|"
)
ASKS = ["28013.0", "28039.8", "28066.5", "28093.3", "28120.0"]
ASKS += ["28146.7", "28173.5", "28200.2", "28227.0", "28253.7"]
BIDS = [
    ("28003.0", "0.001"),
    ("27999.9", "0.00096375"),
    ("27969.9", "0.73860423"),
    ("27700.1", "0.0035"),
    ("27573.2", "0.0032"),
    ("27137.4", "0.01"),
    ("27091.3", "0.004"),
    ("26729.4", "0.001"),
    ("26702.6", "0.001"),
    ("26675.9", "0.001"),
]


def snapshot(asks: list[tuple[str, str]], bids: list[tuple[str, str]]) -> Message:
    message = Message.of(
        MsgType.MarketDataSnapshotFullRefresh,
        (Tag.MDReqID, "0"),
        (Tag.Symbol, "BTC/USD"),
        (Tag.NoMDEntries, len(asks) + len(bids)),
    )
    for side, prefix, levels in (("1", "O", asks), ("0", "B", bids)):
        for price, size in levels:
            for tag, value in (
                (Tag.MDEntryType, side),
                (Tag.MDEntryID, prefix + price),
                (Tag.MDEntryPx, price),
                (Tag.MDEntrySize, size),
                (Tag.MDEntryTime, "09:55:14.000"),
            ):
                message.append(tag, value)
    return message


def increment(*entries: tuple[str, str, str, str], checksum: int | None = None) -> Message:
    """Entries as (action, side, price, size)."""
    message = Message.of(
        MsgType.MarketDataIncrementalRefresh,
        (Tag.Symbol, "BTC/USD"),
        (Tag.MDReqID, "0"),
        (Tag.NoMDEntries, len(entries)),
    )
    for action, side, price, size in entries:
        for tag, value in (
            (Tag.MDUpdateAction, action),
            (Tag.MDEntryType, side),
            (Tag.MDEntryID, ("B" if side == "0" else "O") + price),
            (Tag.MDEntryPx, price),
            (Tag.MDEntrySize, size),
        ):
            message.append(tag, value)
    if checksum is not None:
        message.append(Tag.ChecksumOrderBook, checksum)
    return message


def vector_book(first_ask_size: str = "0.001") -> LocalBook:
    book = LocalBook("BTC/USD", price_decimals=1, quantity_decimals=8)
    asks = [(ASKS[0], first_ask_size)] + [(price, "0.001") for price in ASKS[1:]]
    book.apply_snapshot(snapshot(asks, BIDS))
    return book


def spec_increment() -> Message:
    (message,) = frames(SPEC_INCREMENT.replace("|", SOH).encode("latin-1"))
    return message


def test_the_spec_vector_book_has_the_spec_checksum() -> None:
    assert vector_book("0.00096506").checksum() == 3341325816


def test_the_spec_increment_applies_and_its_5041_verifies() -> None:
    book = vector_book()
    assert book.apply_incremental(spec_increment()) == []
    assert book.valid and book.checksums_verified == 1
    assert book.best_ask == (Decimal("28013.0"), Decimal("0.00096506"))
    assert book.best_bid == (Decimal("28003.0"), Decimal("0.00100000"))
    assert len(book.asks()) == len(book.bids()) == 10


def test_a_wrong_book_is_detected_at_the_next_5041() -> None:
    book = vector_book()
    book.apply_snapshot(snapshot([(ASKS[0], "0.001"), ("28039.9", "0.001")], BIDS))  # not Kraken's
    with pytest.raises(ChecksumMismatch) as caught:
        book.apply_incremental(spec_increment())
    assert caught.value.expected == 3341325816 and caught.value.computed != 3341325816
    assert caught.value.sequence_number == "12"
    assert not book.valid


def test_entries_apply_in_order_before_the_check() -> None:
    book = vector_book("0.00096506")
    expected = book.checksum()
    # A level created and deleted in one message, and a change undone: the book ends as before.
    message = increment(
        ("0", "1", "28000.5", "1"),
        ("1", "0", "28003.0", "0.5"),
        ("2", "1", "28000.5", "0"),
        ("1", "0", "28003.0", "0.001"),
        checksum=expected,
    )
    book.apply_incremental(message)
    assert book.checksums_verified == 1 and book.checksum() == expected


def test_the_checksum_covers_only_the_top_ten_levels() -> None:
    book = vector_book("0.00096506")
    book.apply_incremental(
        increment(("0", "1", "29000.0", "5"), ("0", "0", "100.0", "5"), checksum=3341325816)
    )
    assert len(book.asks()) == 11 and book.checksums_verified == 1


def test_trades_are_returned_not_booked() -> None:
    book = vector_book("0.00096506")
    message = increment(checksum=None)
    message.append(Tag.MDUpdateAction, "0")
    message.append(Tag.MDEntryType, "2")
    message.append(Tag.MDEntryPx, "28013.0")
    message.append(Tag.MDEntrySize, "0.5")
    message.append(Tag.AggressorSide, "1")
    (trade,) = book.apply_incremental(message)
    assert (trade.price, trade.quantity, trade.aggressor_side) == (
        Decimal("28013.0"),
        Decimal("0.5"),
        "buy",
    )
    assert book.checksum() == 3341325816


def test_numbers_finer_than_the_precision_are_refused() -> None:
    book = vector_book()
    with pytest.raises(BookError, match="more than 1 decimals"):
        book.apply_incremental(increment(("0", "1", "28000.05", "1")))


def test_level3_accepts_the_level_or_the_per_order_checksum() -> None:
    book = LocalBook("BTC/USD", 1, 8, level3=True)
    message = Message.of(MsgType.MarketDataSnapshotFullRefresh, (Tag.NoMDEntries, 3))
    for order_id, price, size in (("a", "100.0", "1"), ("b", "100.0", "2"), ("c", "101.0", "1")):
        for tag, value in (
            (Tag.MDEntryType, "1"),
            (Tag.MDEntryID, order_id),
            (Tag.MDEntryPx, price),
            (Tag.MDEntrySize, size),
        ):
            message.append(tag, value)
    book.apply_snapshot(message)
    assert book.asks() == [
        (Decimal("100.0"), Decimal("3.00000000")),
        (Decimal("101.0"), Decimal("1.00000000")),
    ]
    for method in (ChecksumMethod.LEVELS, ChecksumMethod.ORDERS):
        book.verify(book.checksum(method))
    assert book.checksums_verified == 2
    strict = LocalBook("BTC/USD", 1, 8, level3=True, checksum_method=ChecksumMethod.ORDERS)
    strict.apply_snapshot(message)
    with pytest.raises(ChecksumMismatch):
        strict.verify(book.checksum(ChecksumMethod.LEVELS))
