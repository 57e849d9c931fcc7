"""The newer book endpoints (spec/spot-rest.md §7.10, §8.15): public ``GroupedBook`` (levels
merged into buckets of ``grouping`` ticks) and private ``Level3`` (every visible order)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from krakenbox.core.units import ceil_to_step, floor_to_step
from krakenbox.domain.orders import Side
from krakenbox.gateways.http.public import one_pair
from krakenbox.kraken.rest.errors import invalid_arguments

if TYPE_CHECKING:
    from krakenbox.gateways.http.calls import Call

GROUPED_DEPTHS: Final = frozenset({10, 25, 100, 250, 1000})
GROUPINGS: Final = frozenset({1, 5, 10, 25, 50, 100, 250, 500, 1000})
LEVEL3_DEPTHS: Final = frozenset({0, 10, 25, 100, 250, 1000})


def _choice(call: Call, name: str, default: int, allowed: frozenset[int]) -> int:
    value = call.parameters.integer(name, default)
    if value not in allowed:
        raise invalid_arguments(name)
    assert value is not None
    return value


async def grouped_book(call: Call) -> Any:
    """Each side's levels summed into buckets of ``grouping`` ticks: asks round up to their
    bucket's price, bids down (liquidity goes to the nearer passive level)."""
    key, instrument = one_pair(call)
    depth = _choice(call, "depth", 10, GROUPED_DEPTHS)
    grouping = _choice(call, "grouping", 1, GROUPINGS)
    step = grouping * instrument.tick_units
    book = call.context.venue.market_data[instrument.key].book

    def side(of: Side) -> list[dict[str, str]]:
        buckets: dict[int, int] = {}
        for price, lots in book.levels(of):
            bucket = ceil_to_step(price, step) if of is Side.SELL else floor_to_step(price, step)
            if bucket not in buckets and len(buckets) == depth:
                break
            buckets[bucket] = buckets.get(bucket, 0) + lots
        return [
            {"price": instrument.format_price(price), "qty": instrument.format_quantity(lots)}
            for price, lots in buckets.items()
        ]

    return {"pair": key, "grouping": grouping, "bids": side(Side.BUY), "asks": side(Side.SELL)}


async def level3(call: Call) -> Any:
    key, instrument = one_pair(call)
    depth = _choice(call, "depth", 100, LEVEL3_DEPTHS)
    orders = call.context.venue.market_data[instrument.key].orders

    def side(of: Side) -> list[dict[str, Any]]:
        return [
            {
                "price": instrument.format_price(price),
                "qty": instrument.format_quantity(order.quantity),
                "order_id": order.order_id,
                "timestamp": order.timestamp,
            }
            for price, level in orders.levels(of, depth or None)
            for order in level
        ]

    return {"pair": key, "bids": side(Side.BUY), "asks": side(Side.SELL)}
