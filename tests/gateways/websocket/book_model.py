"""A client-side v2 book kept from the raw text of the messages, as Kraken's guide says: apply
entries in order, drop qty 0, truncate to the depth, checksum from the numbers as printed."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


def raw_json(text: str) -> Any:
    """JSON with every non-integer number kept as the text it was printed as."""
    return json.loads(text, parse_float=lambda literal: literal)


def token(text: str) -> str:
    return text.replace(".", "").lstrip("0")


@dataclass
class ClientBook:
    depth: int
    bids: dict[str, str] = field(default_factory=dict)
    asks: dict[str, str] = field(default_factory=dict)

    def apply(self, data: dict[str, Any]) -> None:
        for side, levels in (("bids", data["bids"]), ("asks", data["asks"])):
            book = getattr(self, side)
            for level in levels:
                price, quantity = str(level["price"]), str(level["qty"])
                if Decimal(quantity) == 0:
                    book.pop(price, None)
                else:
                    book[price] = quantity
                kept = sorted(book, key=Decimal, reverse=side == "bids")[: self.depth]
                setattr(self, side, {price: book[price] for price in kept})

    def top(self, side: str) -> list[tuple[str, str]]:
        book = getattr(self, side)
        return [(price, book[price]) for price in sorted(book, key=Decimal, reverse=side == "bids")]

    def checksum(self) -> int:
        text = "".join(token(p) + token(q) for p, q in self.top("asks")[:10])
        text += "".join(token(p) + token(q) for p, q in self.top("bids")[:10])
        return zlib.crc32(text.encode())
