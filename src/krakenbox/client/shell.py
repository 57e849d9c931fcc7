"""The fix-shell prompt: a :class:`cmd.Cmd` over a :class:`~krakenbox.client.KrakenFixClient`.

Commands are parsed by :mod:`krakenbox.client.commands`; each one runs a client coroutine through
the ``run`` callable it was given (on the asyncio loop that owns the client) and prints the
answer. Tab completes commands, symbols, order types, options and order references (stdlib
readline, through :class:`cmd.Cmd`). ``krakenbox fix-shell`` (krakenbox.cli.fix_shell) wires it to
a venue.
"""

from __future__ import annotations

import cmd
import shlex
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from krakenbox.client.commands import (
    COMMANDS,
    DEFAULT_SYMBOLS,
    INSTRUCTIONS,
    ORDER_TYPES,
    TIME_IN_FORCE,
    CommandError,
    describe,
    parse_amend,
    parse_order,
    plain,
)
from krakenbox.client.reports import ExecutionReport

MARKET_DEPTHS = (0, 1, 10, 25, 100, 500, 1000)
"""MarketDepth (264) values Kraken lists; any other depth subscribes to the full book."""

if TYPE_CHECKING:
    from krakenbox.client.market_data import MarketDataClient
    from krakenbox.client.tracking import OrderHandle
    from krakenbox.client.trading import KrakenFixClient


@dataclass
class ShellState:
    """What the shell remembers besides the client: its numbering of orders, known symbols."""

    orders: list[OrderHandle] = field(default_factory=list)
    symbols: set[str] = field(default_factory=lambda: set(DEFAULT_SYMBOLS))


class FixShell(cmd.Cmd):
    """The prompt. ``run`` executes a client coroutine and returns its result (on the loop)."""

    prompt = "fix> "
    intro = "Kraken FIX shell: type help or ? for commands, Tab completes, Ctrl-D quits."

    def __init__(
        self,
        client: KrakenFixClient,
        run: Callable[[Coroutine[Any, Any, Any]], Any],
        *,
        market_data: Callable[[], MarketDataClient | None] | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        super().__init__(stdout=stdout)
        self.client = client
        self.run = run
        self.market_data_factory = market_data
        self.market_data: MarketDataClient | None = None
        self.state = ShellState()
        self.subscriptions: dict[str, Any] = {}
        self.busy = False
        """A command is waiting for its answer (which it prints itself)."""

    # -- plumbing --------------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.stdout.write(text + "\n")

    def onecmd(self, line: str) -> bool:
        self.busy = True
        try:
            return bool(super().onecmd(line))
        except CommandError as error:
            self.say(f"error: {error}")
        except Exception as error:  # show the venue's answer (OrderRejected, ...) and go on
            self.say(f"error: {type(error).__name__}: {error}")
        finally:
            self.busy = False
        return False

    def emptyline(self) -> bool:
        return False

    def default(self, line: str) -> None:
        self.say(f"unknown command {line.split()[0]!r}; try help")

    def completenames(self, text: str, *ignored: Any) -> list[str]:
        return [name for name in COMMANDS if name.startswith(text)]

    def reference(self, text: str) -> OrderHandle | str:
        """``#n`` (from ``orders``), an OrderID or a ClOrdID."""
        if text.startswith("#"):
            try:
                return self.state.orders[int(text[1:]) - 1]
            except (ValueError, IndexError):
                raise CommandError(f"no order {text}; see orders") from None
        return self.client.order(text) or text

    def order_ids(self) -> list[str]:
        ids = [f"#{index}" for index in range(1, len(self.state.orders) + 1)]
        ids += [order.order_id for order in self.state.orders if order.order_id]
        return ids

    # -- commands --------------------------------------------------------------------------

    def do_buy(self, line: str) -> bool:
        """buy QTY SYMBOL [TYPE] PRICE... [ioc|fok] [post-only] [id=CLORDID]
        TYPE: limit (default) PRICE | market | stop-loss/take-profit/trailing-stop TRIGGER |
        stop-loss-limit/take-profit-limit/trailing-stop-limit TRIGGER LIMIT"""
        return self.place("buy", line)

    def do_sell(self, line: str) -> bool:
        """sell QTY SYMBOL [TYPE] PRICE... (as buy)"""
        return self.place("sell", line)

    def place(self, side: str, line: str) -> bool:
        command = parse_order(side, shlex.split(line))
        self.state.symbols.add(command.symbol)

        async def place_and_wait() -> ExecutionReport:
            handle = await self.client.place_order(**command.arguments())
            self.state.orders.append(handle)
            return await handle.acknowledged

        report = self.run(place_and_wait())
        self.say(f"#{len(self.state.orders)} {describe(report)}")
        return False

    def do_cancel(self, line: str) -> bool:
        """cancel ORDER   (#n from orders, an OrderID or a ClOrdID)"""
        words = shlex.split(line)
        if len(words) != 1:
            raise CommandError("usage: cancel ORDER")
        self.say(describe(self.run(self.client.cancel(self.reference(words[0])))))
        return False

    def do_cancel_all(self, line: str) -> bool:
        """cancel-all [SYMBOL]   (OrderMassCancelRequest; waits for the quiet period)"""
        words = shlex.split(line)
        reports = self.run(self.client.mass_cancel(words[0].upper() if words else None))
        for report in reports:
            self.say(describe(report))
        self.say(f"{len(reports)} order(s) canceled")
        return False

    def do_amend(self, line: str) -> bool:
        """amend ORDER QTY [PRICE] [stop=TRIGGER]"""
        command = parse_amend(shlex.split(line))
        report = self.run(
            self.client.amend(
                self.reference(command.reference),
                quantity=command.quantity,
                price=command.price,
                stop_price=command.stop_price,
            )
        )
        self.say(describe(report))
        return False

    def do_status(self, line: str) -> bool:
        """status ORDER   (OrderStatusRequest)"""
        words = shlex.split(line)
        if len(words) != 1:
            raise CommandError("usage: status ORDER")
        self.say(describe(self.run(self.client.status(self.reference(words[0])))))
        return False

    def do_orders(self, line: str) -> bool:
        """orders   (the orders placed from this shell and where they stand)"""
        if not self.state.orders:
            self.say("no orders yet")
        for index, order in enumerate(self.state.orders, start=1):
            last = order.reports[-1] if order.reports else None
            state = (
                "rejected" if order.rejection else (order.status.value if order.status else "sent")
            )
            price = f" @ {plain(last.price)}" if last and last.price is not None else ""
            quantity = plain(
                last.order_quantity if last else (order.request.quantity if order.request else None)
            )
            self.say(
                f"#{index} {order.symbol} {order.side.value if order.side else '?'} {quantity}{price}"
                f" [{state}] order {order.order_id} clordid {order.latest_client_order_id}"
            )
        return False

    def do_reports(self, line: str) -> bool:
        """reports ORDER   (every execution report of the order)"""
        reference = self.reference(line.strip())
        if isinstance(reference, str):
            raise CommandError(f"unknown order {reference}")
        for report in reference.reports:
            self.say(describe(report))
        return False

    def do_book(self, line: str) -> bool:
        """book SYMBOL [DEPTH]   (subscribes on the market-data session; shows the top levels)"""
        words = shlex.split(line)
        if not words:
            raise CommandError("usage: book SYMBOL [DEPTH]")
        symbol = words[0].upper()
        depth = int(words[1]) if len(words) > 1 else 10
        market = self.connect_market_data()
        subscription = self.subscriptions.get(symbol)
        if subscription is None:
            subscription = self.run(
                market.subscribe(symbol, depth=depth if depth in MARKET_DEPTHS else 0)
            )
            self.subscriptions[symbol] = subscription
            self.state.symbols.add(symbol)
        book = subscription.book
        status = "verified" if book.valid else "invalid, resubscribing"
        self.say(f"{symbol}: {book.checksums_verified} checksum(s) {status}")
        asks = book.asks(depth)
        for price, quantity in reversed(asks):
            self.say(f"          {price:>14} {quantity:>16}  ask")
        for price, quantity in book.bids(depth):
            self.say(f"  bid     {price:>14} {quantity:>16}")
        return False

    def do_instruments(self, line: str) -> bool:
        """instruments [SYMBOL]   (InstrumentList from the market-data session)"""
        words = shlex.split(line)
        market = self.connect_market_data()
        instruments = self.run(market.instruments(words[0].upper() if words else None))
        for instrument in instruments:
            self.state.symbols.add(instrument.symbol)
            self.say(
                f"{instrument.symbol:<12} price decimals {instrument.price_decimals}"
                f"  qty decimals {instrument.quantity_decimals}  tick {instrument.tick_size}"
                f"  min {instrument.minimum_quantity}  {instrument.status}"
            )
        return False

    def do_quit(self, line: str) -> bool:
        """quit   (log out and leave; Ctrl-D does the same)"""
        return True

    do_EOF = do_quit

    def connect_market_data(self) -> MarketDataClient:
        if self.market_data is None:
            market = self.market_data_factory() if self.market_data_factory else None
            if market is None:
                raise CommandError("no market-data endpoint configured (--md-port)")
            self.run(market.connect())
            self.market_data = market
        return self.market_data

    # -- completion ------------------------------------------------------------------------

    def complete_order(self, text: str, line: str) -> list[str]:
        words = line.split()
        position = len(words) if line.endswith(" ") else len(words) - 1
        if position == 2:
            options: Iterable[str] = sorted(self.state.symbols)
        elif position == 3:
            options = ORDER_TYPES
        elif position >= 4:
            options = [*TIME_IN_FORCE, *INSTRUCTIONS, "id="]
        else:
            options = ()
        return [option for option in options if option.lower().startswith(text.lower())]

    def complete_buy(self, text: str, line: str, begin: int, end: int) -> list[str]:
        return self.complete_order(text, line)

    complete_sell = complete_buy

    def complete_reference(self, text: str, line: str, begin: int, end: int) -> list[str]:
        return [identifier for identifier in self.order_ids() if identifier.startswith(text)]

    complete_cancel = complete_amend = complete_status = complete_reports = complete_reference

    def complete_symbol(self, text: str, line: str, begin: int, end: int) -> list[str]:
        return [symbol for symbol in sorted(self.state.symbols) if symbol.startswith(text.upper())]

    complete_book = complete_instruments = complete_cancel_all = complete_symbol

    def parseline(self, line: str) -> tuple[str | None, str | None, str]:
        command, argument, text = super().parseline(line)
        if command == "cancel" and argument is not None and argument.startswith("-all"):
            return "cancel_all", argument[4:].strip(), text
        return command, argument, text
