"""A small text language for order entry, as the fix-shell prompt speaks it.

``buy 0.01 XBT/USD limit 50000``, ``sell 1 XBT/USD stop-loss-limit 40500 40000 ioc``,
``amend #1 0.02 49500``: :func:`parse_order` and :func:`parse_amend` turn the words into
frozen commands with Decimal numbers (never floats); :func:`describe` prints an execution report
on one line. Pure functions, so the prompt's grammar is tested without a venue.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from krakenbox.client.reports import ExecutionReport

COMMANDS = (
    "buy",
    "sell",
    "cancel",
    "cancel-all",
    "amend",
    "status",
    "orders",
    "reports",
    "book",
    "instruments",
    "help",
    "quit",
)
ORDER_TYPES = {
    "market": 0,
    "limit": 1,
    "stop-loss": 1,
    "take-profit": 1,
    "trailing-stop": 1,
    "stop-loss-limit": 2,
    "take-profit-limit": 2,
    "trailing-stop-limit": 2,
}
"""Order type → how many prices follow it (one: the limit or the trigger; two: trigger, limit)."""
TIME_IN_FORCE = {"gtc": "gtc", "ioc": "ioc", "fok": "fok"}
INSTRUCTIONS = {"post-only": "post-only", "reduce-only": "reduce-only", "viqc": "quantity-in-quote"}
DEFAULT_SYMBOLS = ("XBT/USD", "ETH/USD", "XBT/EUR", "ETH/XBT")


class CommandError(ValueError):
    """A command line that cannot be understood; the text says what is expected."""


@dataclass(frozen=True, slots=True)
class OrderCommand:
    """``buy|sell QTY SYMBOL [TYPE] [PRICES...] [ioc|fok|gtc] [post-only] [id=CLORDID]``."""

    side: str
    quantity: Decimal
    symbol: str
    order_type: str
    price: Decimal | None = None
    stop_price: Decimal | None = None
    time_in_force: str = "gtc"
    instructions: tuple[str, ...] = ()
    client_order_id: str | None = None

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments for KrakenFixClient.place_order."""
        return {
            "symbol": self.symbol,
            "side": self.side,
            "quantity": self.quantity,
            "order_type": self.order_type,
            "price": self.price,
            "stop_price": self.stop_price,
            "time_in_force": self.time_in_force,
            "exec_inst": self.instructions,
            "client_order_id": self.client_order_id,
        }


@dataclass(frozen=True, slots=True)
class AmendCommand:
    """``amend ORDER QTY [PRICE] [stop=TRIGGER]``."""

    reference: str
    quantity: Decimal
    price: Decimal | None = None
    stop_price: Decimal | None = None


def parse_decimal(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CommandError(f"{what} must be a number, not {text!r}") from None
    if not value.is_finite() or value <= 0:
        raise CommandError(f"{what} must be a positive number, not {text!r}")
    return value


def parse_order(side: str, words: list[str]) -> OrderCommand:
    """Parse the words after ``buy`` / ``sell`` (see :class:`OrderCommand`)."""
    if len(words) < 3:
        raise CommandError(
            f"usage: {side} QTY SYMBOL [TYPE] PRICE... (e.g. {side} 0.01 XBT/USD limit 50000)"
        )
    quantity = parse_decimal(words[0], "quantity")
    symbol = words[1].upper()
    rest = list(words[2:])
    order_type = rest.pop(0).lower() if rest[0].lower() in ORDER_TYPES else "limit"
    prices: list[Decimal] = []
    for _ in range(ORDER_TYPES[order_type]):
        if not rest:
            raise CommandError(f"a {order_type} order needs {ORDER_TYPES[order_type]} price(s)")
        prices.append(parse_decimal(rest.pop(0), "price"))
    price = stop_price = None
    if order_type == "limit":
        price = prices[0]
    elif len(prices) == 1:
        stop_price = prices[0]
    elif len(prices) == 2:
        stop_price, price = prices
    time_in_force = "gtc"
    instructions: list[str] = []
    client_order_id = None
    for word in rest:
        lowered = word.lower()
        if lowered in TIME_IN_FORCE:
            time_in_force = TIME_IN_FORCE[lowered]
        elif lowered in INSTRUCTIONS:
            instructions.append(INSTRUCTIONS[lowered])
        elif lowered.startswith("id="):
            client_order_id = word[3:]
        else:
            raise CommandError(
                f"unknown option {word!r} (ioc, fok, gtc, post-only, reduce-only, viqc, id=...)"
            )
    return OrderCommand(
        side,
        quantity,
        symbol,
        order_type,
        price,
        stop_price,
        time_in_force,
        tuple(instructions),
        client_order_id,
    )


def parse_amend(words: list[str]) -> AmendCommand:
    if len(words) < 2:
        raise CommandError("usage: amend ORDER QTY [PRICE] [stop=TRIGGER]")
    price = stop_price = None
    for word in words[2:]:
        if word.lower().startswith("stop="):
            stop_price = parse_decimal(word[5:], "stop price")
        elif price is None:
            price = parse_decimal(word, "price")
        else:
            raise CommandError(f"unexpected {word!r}")
    return AmendCommand(words[0], parse_decimal(words[1], "quantity"), price, stop_price)


def describe(report: ExecutionReport) -> str:
    """One line per execution report (numbers as plain digits, never an exponent)."""
    parts = [
        f"{report.execution_type.value:<13}",
        report.symbol,
        report.side.value if report.side else "?",
        plain(report.order_quantity),
    ]
    if report.price is not None:
        parts.append(f"@ {plain(report.price)}")
    if report.stop_price is not None:
        parts.append(f"trigger {plain(report.stop_price)}")
    parts.append(f"[{report.order_status.value}]")
    if report.last_quantity is not None:
        parts.append(f"filled {plain(report.last_quantity)} @ {plain(report.last_price)}")
    if report.cumulative_quantity is not None:
        parts.append(f"cum {plain(report.cumulative_quantity)}")
    parts.append(f"order {report.order_id} clordid {report.client_order_id}")
    if report.text:
        parts.append(f"({report.text})")
    return " ".join(parts)


def plain(value: Decimal | None) -> str:
    return "?" if value is None else format(value, "f")
