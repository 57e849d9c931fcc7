"""``OrderAmends`` (spec/spot-rest.md §8.8): the audit trail of each order's amends, kept by a
listener from the events (the original order, then every amend), with ids ``AmendOrder``
answers with."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from krakenbox.domain.events import OrderAccepted, OrderAmended
from krakenbox.domain.records import fast_init
from krakenbox.kraken.rest.errors import RestError, invalid_arguments
from krakenbox.venue.spot import Listener

if TYPE_CHECKING:
    from krakenbox.domain.orders import Order
    from krakenbox.gateways.http.calls import Call
    from krakenbox.venue.spot import Published


def amend_id(order_id: str, index: int) -> str:
    """A Kraken-style amend id (``TQ7W2K-HDX4M-CN3PZA``), the same for the same amend."""
    text = base64.b32encode(hashlib.sha256(f"{order_id}/{index}".encode()).digest()).decode()
    return f"T{text[:5]}-{text[5:10]}-{text[10:16]}"


@fast_init
@dataclass(frozen=True, slots=True)
class AmendRecord:
    order_id: str
    index: int
    """The place in the order's trail (0: the order as placed)."""
    original: bool
    quantity: int
    display_quantity: int | None
    remaining: int
    price: int | None
    trigger_price: int | None
    post_only: bool
    timestamp: int

    @property
    def amend_id(self) -> str:
        """Made when asked (a SHA-256 and base32 per accepted order otherwise)."""
        return amend_id(self.order_id, self.index)


class AmendTrails(Listener):
    """Every order's amend trail, by order id."""

    def __init__(self) -> None:
        self.trails: dict[str, list[AmendRecord]] = {}

    def on_event(self, published: Published, event: Any, orders: tuple[Order, ...]) -> None:
        kind = type(event)
        if kind is not OrderAccepted and kind is not OrderAmended:
            return
        if not orders:
            return
        order = orders[0]
        trail = self.trails.setdefault(order.order_id, [])
        trail.append(
            AmendRecord(
                order.order_id,
                len(trail),
                kind is OrderAccepted,
                order.quantity,
                order.display_quantity,
                order.remaining,
                order.price,
                order.trigger_price,
                order.request.post_only,
                event.timestamp,
            )
        )

    def latest(self, order_id: str) -> str | None:
        trail = self.trails.get(order_id)
        return trail[-1].amend_id if trail else None


async def order_amends(call: Call) -> Any:
    order_id = call.parameters.text("order_id")
    if order_id is None:
        raise invalid_arguments("order_id")
    venue = call.context.venue
    order = venue.orders.get(order_id)
    pair = venue.orders.pair_of(order_id)
    if order is None or order.account != call.account or pair is None:
        raise RestError("EOrder:Unknown order")
    instrument = venue.catalogue.instrument(pair)
    amends = []
    for record in call.state.amend_trails.trails.get(order_id, []):
        entry: dict[str, Any] = {
            "amend_id": record.amend_id,
            "amend_type": "original" if record.original else "user",
            "order_qty": instrument.format_quantity(record.quantity),
            "remaining_qty": instrument.format_quantity(max(0, record.remaining)),
            "post_only": record.post_only,
            "timestamp": record.timestamp,
        }
        if record.display_quantity is not None:
            entry["display_qty"] = instrument.format_quantity(record.display_quantity)
        if record.price is not None:
            entry["limit_price"] = instrument.format_price(record.price)
        if record.trigger_price is not None:
            entry["trigger_price"] = instrument.format_price(record.trigger_price)
        amends.append(entry)
    return {"amends": amends, "count": len(amends)}
