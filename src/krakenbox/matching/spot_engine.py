"""The Spot engine over a whole catalogue: one :class:`~krakenbox.matching.engine.SpotBook` per
instrument, the accounts behind every book's funds check, and settlement of every book's events
into balances, holds, fees, ledger entries and trade history.

Deterministic like the books: order, trade and ledger ids come from generators seeded with
``seed``; time is each command's timestamp. The same commands give the same events and the same
balances.

```python
engine = SpotEngine(load_spot_catalogue(), seed=7)
engine.handle(Deposit(account="A", asset="ZUSD", amount=10_000_0000, timestamp=1))
engine.handle(SubmitOrder(account="A", side=Side.BUY, ...), pair="XXBTZUSD")
engine.accounts.get("A").holds   # {'ZUSD': ...}
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from krakenbox.core.ids import IdGenerator, IdKind
from krakenbox.domain.account_commands import (
    Deposit,
    OpenAccount,
    Transfer,
    TransferToFutures,
    Withdraw,
)
from krakenbox.domain.account_fees import FeeTable
from krakenbox.domain.accounts import Accounts
from krakenbox.domain.commands import (
    AdvanceTime,
    AmendOrder,
    CancelAll,
    CancelAllAfter,
    CancelOrder,
    ChangeMarketStatus,
    EditOrder,
    MassCancel,
    SubmitOrder,
    UpdateIndexPrice,
)
from krakenbox.matching.engine import SpotBook
from krakenbox.matching.funds import AccountFunds
from krakenbox.matching.rules import BookRules
from krakenbox.matching.settlement import Market, Settlement

if TYPE_CHECKING:
    from collections.abc import Callable

    from krakenbox.domain.account_commands import MoneyCommand
    from krakenbox.domain.account_events import MoneyEvent
    from krakenbox.domain.catalogue import Catalogue
    from krakenbox.domain.commands import Command
    from krakenbox.domain.events import Event
    from krakenbox.domain.instruments import Instrument

_MONEY = (OpenAccount, Deposit, Withdraw, Transfer, TransferToFutures)
_BOOK_COMMANDS = frozenset(
    {
        SubmitOrder,
        AmendOrder,
        EditOrder,
        CancelOrder,
        CancelAll,
        MassCancel,
        CancelAllAfter,
        AdvanceTime,
        UpdateIndexPrice,
        ChangeMarketStatus,
    }
)


class UnknownPair(LookupError):
    """A book command named no instrument of the catalogue (the gateway checks names first)."""


class SpotEngine:
    """Every Spot book of a catalogue, with accounts."""

    __slots__ = ("_books", "_routes", "_settlements", "accounts", "catalogue")

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        seed: int | str | bytes = 0,
        market_data: bool = True,
        maximum_open_orders: int | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.accounts = Accounts(
            IdGenerator(seed, IdKind.LEDGER), (asset.id for asset in catalogue.assets)
        )
        order_ids = IdGenerator(seed, IdKind.ORDER)
        execution_ids = IdGenerator(seed, IdKind.TRADE)
        fee_tables: dict[str, FeeTable] = {}
        self._books: dict[str, SpotBook] = {}
        self._settlements: dict[str, Settlement] = {}
        self._routes: dict[
            str, tuple[Callable[[Command], list[Event]], Callable[[list[Event]], None]]
        ] = {}
        """Pair → (the book's ``handle``, its settlement's ``apply``): the path of every book
        command."""
        for instrument in catalogue:
            schedule = instrument.fees
            table = fee_tables.get(schedule.name)
            if table is None:
                volume_asset = catalogue.asset(schedule.volume_currency)
                table = fee_tables[schedule.name] = FeeTable(schedule, volume_asset.decimals)
            settlement = Settlement(
                Market(instrument, table, schedule.volume_currency), self.accounts
            )
            funds = AccountFunds(settlement)
            book = SpotBook(
                BookRules.from_instrument(instrument, maximum_open_orders=maximum_open_orders),
                order_ids=order_ids,
                execution_ids=execution_ids,
                status=instrument.status,
                funds=funds,
                market_data=market_data,
            )
            funds.book = book.book
            funds.prices = book
            settlement.is_open = book.has_order
            self._books[instrument.key] = book
            self._settlements[instrument.key] = settlement
            self._routes[instrument.key] = (book.handle, settlement.apply)

    def handle(
        self, command: Command | MoneyCommand, pair: str | None = None
    ) -> list[Event | MoneyEvent]:
        """Carry out one command. Book commands name their instrument by REST pair key;
        ``AdvanceTime`` without a pair moves every book; money commands need none."""
        if type(command) in _BOOK_COMMANDS:  # the common case first: a book command
            route = self._routes.get(pair)  # type: ignore[arg-type]  # None finds nothing
            if route is not None:
                book_events = route[0](command)  # type: ignore[arg-type]  # a book command
                route[1](book_events)
                # The book's list is new for each command and not kept once it is returned.
                return book_events  # type: ignore[return-value]  # list invariance: same events
        if isinstance(command, _MONEY):
            return [self.accounts.handle(command)]
        if pair is None:
            if not isinstance(command, AdvanceTime):
                raise UnknownPair("a book command needs a pair")
            result: list[Event | MoneyEvent] = []
            for key, book in self._books.items():
                events = book.handle(command)
                self._settlements[key].apply(events)
                result.extend(events)
            return result
        found = self._books.get(pair)
        if found is None:
            raise UnknownPair(pair)
        events = found.handle(command)
        self._settlements[pair].apply(events)
        return list(events)

    # --- views ---------------------------------------------------------------------------------

    def book(self, pair: str) -> SpotBook:
        """The book of one instrument (REST pair key)."""
        return self._books[pair]

    def books(self) -> dict[str, SpotBook]:
        return dict(self._books)

    def instrument(self, pair: str) -> Instrument:
        return self._settlements[pair].market.instrument

    def fee_rates(self, account: str, pair: str, now: int) -> tuple[int, int]:
        """The account's (maker, taker) fee on ``pair`` at time ``now``, in parts per million
        of cost (REST TradeVolume ``fees_maker`` / ``fees``)."""
        table = self._settlements[pair].market.fees
        found = self.accounts.find(account)
        volume = 0
        if found is not None:
            found.expire_volume(now)
            volume = found.volume
        return table.maker_rate(volume), table.taker_rate(volume)

    def held_by_orders(self, account: str, asset: str) -> int:
        """What the account's open orders reserve of ``asset``, summed order by order (equals
        the account's hold: the property tests check it)."""
        return sum(
            reservation.amount
            for settlement in self._settlements.values()
            for reservation in settlement.reservations.values()
            if reservation.account.account_id == account and reservation.asset == asset
        )

    def open_reservations(self, pair: str) -> dict[str, int]:
        """Order id → what it holds, for one book."""
        return {
            order_id: reservation.amount
            for order_id, reservation in self._settlements[pair].reservations.items()
        }
