"""The sequencer and journal in front of the multi-instrument SpotEngine (accounts, holds,
fees): routed commands are journaled with their pair, and a restart rebuilds the same
balances and books."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from krakenbox.domain.account_commands import Deposit, OpenAccount, Transfer, Withdraw
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.commands import AdvanceTime, CancelOrder, SubmitOrder
from krakenbox.domain.events import OrderAccepted
from krakenbox.domain.orders import OrderType, Side
from krakenbox.matching.spot_engine import SpotEngine
from krakenbox.venue.journal import Journal
from krakenbox.venue.routing import Routed, Router, spot_engine_codec
from krakenbox.venue.sequencer import Sequenced, Sequencer, recover

CODEC = spot_engine_codec()
PAIR = "XXBTZUSD"
ACCOUNTS = ("alice", "bob", "carol")
START = 1_700_000_000 * 10**9


def new_engine() -> SpotEngine:
    return SpotEngine(load_spot_catalogue(), seed=7)


def stream(count: int, seed: int) -> list[Routed]:
    """Accounts funded, then orders around 30,000 USD, cancels of accepted orders, transfers
    and withdrawals; ids of accepted orders learnt from an engine run alongside."""
    rng = random.Random(seed)
    engine = new_engine()
    now = START
    commands: list[Routed] = []
    open_ids: list[tuple[str, str]] = []

    def send(routed: Routed) -> None:
        commands.append(routed)
        for event in engine.handle(routed.command, routed.pair):
            if isinstance(event, OrderAccepted):
                open_ids.append((event.order_id, event.request.account))

    for account in ACCOUNTS:
        now += 1
        send(Routed(OpenAccount(account=account, timestamp=now)))
        send(Routed(Deposit(account=account, asset="ZUSD", amount=10**9, timestamp=now)))
        send(Routed(Deposit(account=account, asset="XXBT", amount=10**11, timestamp=now)))
    while len(commands) < count:
        now += rng.randrange(1, 10**9)
        account = rng.choice(ACCOUNTS)
        draw = rng.random()
        if draw < 0.6:
            price = 300_000 + rng.randrange(-50, 51)
            send(
                Routed(
                    SubmitOrder(
                        account=account,
                        side=rng.choice((Side.BUY, Side.SELL)),
                        order_type=OrderType.LIMIT if draw < 0.55 else OrderType.MARKET,
                        quantity=rng.randrange(1, 20) * 10**6,
                        price=price if draw < 0.55 else None,
                        timestamp=now,
                    ),
                    PAIR,
                )
            )
        elif draw < 0.85 and open_ids:
            order_id, owner = rng.choice(open_ids)
            send(Routed(CancelOrder(account=owner, order_id=order_id, timestamp=now), PAIR))
        elif draw < 0.9:
            send(
                Routed(
                    Transfer(
                        source=account,
                        destination=rng.choice(ACCOUNTS),
                        asset="ZUSD",
                        amount=rng.randrange(1, 10**6),
                        timestamp=now,
                    )
                )
            )
        elif draw < 0.95:
            send(Routed(Withdraw(account=account, asset="XXBT", amount=10**6, timestamp=now)))
        else:
            send(Routed(AdvanceTime(timestamp=now)))
    return commands


def balances(engine: SpotEngine) -> list[Any]:
    """Balance and hold of every account and asset."""
    result = []
    for account_id in ACCOUNTS:
        account = engine.accounts.get(account_id)
        for asset in ("ZUSD", "XXBT"):
            result.append((account_id, asset, account.balance(asset), account.hold(asset)))
    return result


def test_a_spot_engine_journal_replays_to_the_same_balances_and_book(tmp_path: Path) -> None:
    path = tmp_path / "spot.sqlite"
    commands = stream(800, seed=4)
    original = new_engine()
    published: list[Sequenced] = []
    sequencer = Sequencer(Router(original), Journal(path, CODEC), CODEC, batch_size=50)
    sequencer.subscribe(published.append)
    for routed in commands:
        sequencer.submit(routed)
    sequencer.close()
    kinds = {type(event).__name__ for sequenced in published for event in sequenced.events}
    assert {"OrderAccepted", "TradeExecuted", "OrderCanceled", "FundsDeposited"} <= kinds

    with Journal(path, CODEC) as journal:
        records = list(journal.records())
    assert [record.command for record in records] == commands
    assert [record.events for record in records] == [s.events for s in published]

    rebuilt = new_engine()
    _, result = recover(Router(rebuilt), Journal(path, CODEC), CODEC)
    assert result.commands == 800
    assert balances(rebuilt) == balances(original)
    for side in (Side.BUY, Side.SELL):
        assert rebuilt.book(PAIR).depth(side) == original.book(PAIR).depth(side)
