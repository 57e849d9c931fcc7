"""Kraken's order-book checksums: FIX 5041 (ChecksumOrderBook) and WebSocket v2 ``checksum``.

Both protocols use one algorithm (spec/fix.md §8.5, spec/spot-ws-v2.md §4.3): the top 10 asks
(price ascending) then the top 10 bids (price descending); each level becomes its price and its
quantity written with the instrument's exact decimals, the point removed and leading zeros
stripped; CRC32 of the concatenation, unsigned.

Inside krakenbox prices and quantities are already integers in the instrument's units, and
"exact decimals, point removed, leading zeros stripped" of such a number is just its integer
in decimal: ``str(units)``. So the checksum needs no instrument at all.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

Level = tuple[int, int]
"""``(price units, quantity units)``."""


def book_checksum(asks: Iterable[Level], bids: Iterable[Level]) -> int:
    """The checksum of an L2 book: ``asks`` best (lowest) first, ``bids`` best (highest)
    first, each already cut to the top 10 levels."""
    text = "".join([f"{price}{quantity}" for price, quantity in asks]) + "".join(
        [f"{price}{quantity}" for price, quantity in bids]
    )
    return zlib.crc32(text.encode("ascii"))


def orders_checksum(
    asks: Iterable[tuple[int, Iterable[int]]], bids: Iterable[tuple[int, Iterable[int]]]
) -> int:
    """The checksum of an L3 book (WebSocket v2 ``level3``): every order of the top 10 levels
    per side, in queue order, as ``(price units, [quantity units of each order])``."""
    parts = [
        f"{price}{quantity}"
        for levels in (asks, bids)
        for price, quantities in levels
        for quantity in quantities
    ]
    return zlib.crc32("".join(parts).encode("ascii"))
