"""Book checksums against the vectors in Kraken's documentation (spec/fix.md §8.5)."""

from __future__ import annotations

from decimal import Decimal

from krakenbox.kraken.checksums import book_checksum, orders_checksum


def units(text: str, decimals: int) -> int:
    return int(Decimal(text).scaleb(decimals))


def test_fix_guide_vector() -> None:
    asks = [("28013.0", "0.00096506")] + [
        (price, "0.001")
        for price in (
            "28039.8", "28066.5", "28093.3", "28120.0", "28146.7",
            "28173.5", "28200.2", "28227.0", "28253.7",
        )
    ]  # fmt: skip
    bids = [
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
    as_units = [[(units(p, 1), units(q, 8)) for p, q in side] for side in (asks, bids)]
    assert book_checksum(as_units[0], as_units[1]) == 3341325816


def test_empty_book_and_orders_form_agree_with_one_order_per_level() -> None:
    asks = [(500005, 125000000), (500008, 75000000)]
    bids = [(499999, 100000000)]
    assert book_checksum([], []) == 0
    assert orders_checksum(
        [(price, [quantity]) for price, quantity in asks],
        [(price, [quantity]) for price, quantity in bids],
    ) == book_checksum(asks, bids)
