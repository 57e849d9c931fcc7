"""What Kraken's protocols render of a public trade (FIX 35=X trade entries, WebSocket v2
``trade``): the venue's ``PublicTrade`` records have these attributes; ``kraken/`` asks only
for the shape, as it may not import the venue."""

from __future__ import annotations

from typing import Protocol

from krakenbox.domain.orders import Side


class PublicTradeView(Protocol):
    @property
    def trade_id(self) -> int: ...
    @property
    def price(self) -> int: ...
    @property
    def quantity(self) -> int: ...
    @property
    def taker_side(self) -> Side: ...
    @property
    def taker_is_market(self) -> bool: ...
    @property
    def timestamp(self) -> int: ...
