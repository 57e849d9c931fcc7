"""Invariants of the Spot engine with accounts over long random command streams (several
accounts, two books sharing an asset): no book is ever crossed; each asset's total over all
accounts and the fee account moves only by deposits and withdrawals; every account's hold is
exactly what its open orders reserve; no balance, hold or available amount is ever negative;
the same commands give the same events and balances. The orders include conditional market
and limit orders of both sides, trailing stops among them, which fire as the random trades
move the last price (and are canceled when the account cannot afford them by then)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from krakenbox.domain.account_commands import Deposit, OpenAccount, Transfer, Withdraw
from krakenbox.domain.account_events import FundsDeposited, FundsWithdrawn
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.commands import AdvanceTime, AmendOrder, CancelOrder, EditOrder, SubmitOrder
from krakenbox.domain.events import OrderAccepted
from krakenbox.domain.orders import (
    FeePreference,
    OffsetUnit,
    OrderType,
    PriceOffset,
    SelfTradePrevention,
    Side,
    TimeInForce,
)
from krakenbox.matching.spot_engine import SpotEngine

ACCOUNTS = ["m", "s", "x", "y"]
ASSETS = {"ZUSD": 10**7, "XXBT": 10**9, "XETH": 10**10}
"""A deposit step's unit per asset (1000 USD, 0.1 BTC, 1 ETH); withdrawals and transfers move
tenths of it."""
# pair: (centre price in price units, tick, ordermin in lots)
PAIRS = {"XXBTZUSD": (300_000, 1, 5_000), "XETHXXBT": (5_000, 1, 1_000_000)}

deposits = st.builds(
    lambda account, asset, whole: ("deposit", account, asset, whole),
    st.sampled_from(ACCOUNTS),
    st.sampled_from(list(ASSETS)),
    st.integers(1, 50),
)
withdrawals = st.builds(
    lambda account, asset, whole: ("withdraw", account, asset, whole),
    st.sampled_from(ACCOUNTS),
    st.sampled_from(list(ASSETS)),
    st.integers(1, 20),
)
transfers = st.builds(
    lambda source, destination, asset, whole: ("transfer", source, destination, asset, whole),
    st.sampled_from(ACCOUNTS),
    st.sampled_from(ACCOUNTS),
    st.sampled_from(list(ASSETS)),
    st.integers(1, 20),
)
orders = st.builds(
    lambda *values: ("order", *values),
    st.sampled_from(ACCOUNTS),
    st.sampled_from(list(PAIRS)),
    st.sampled_from([Side.BUY, Side.SELL]),
    st.sampled_from(
        [
            "limit",
            "limit",
            "limit",
            "market",
            "ioc",
            "viqc",
            "stop-limit",
            "stop",
            "take-profit",
            "trailing",
            "trailing-limit",
        ]
    ),
    st.integers(-6, 6),
    st.integers(1, 60),
    st.sampled_from([None, FeePreference.BASE, FeePreference.QUOTE]),
    st.sampled_from(list(SelfTradePrevention)),
)
cancels = st.builds(
    lambda account, pick: ("cancel", account, pick), st.sampled_from(ACCOUNTS), st.integers(0, 50)
)
amends = st.builds(
    lambda account, pick, offset, size: ("amend", account, pick, offset, size),
    st.sampled_from(ACCOUNTS),
    st.integers(0, 50),
    st.integers(-20, 20) | st.none(),
    st.integers(1, 400) | st.none(),
)
edits = st.builds(
    lambda account, pick, offset: ("edit", account, pick, offset),
    st.sampled_from(ACCOUNTS),
    st.integers(0, 50),
    st.integers(-20, 20),
)
steps = st.one_of(
    orders,
    orders,
    orders,
    orders,
    orders,
    orders,
    deposits,
    deposits,
    withdrawals,
    transfers,
    orders,
    orders,
    orders,
    orders,
    cancels,
    amends,
    edits,
    st.just(("advance",)),
)


# Streams that make conditional orders fire often, with little money: the accounts trade
# prices up to 10 % around the centre, each funded with one unit, so that a fired buy often
# finds the asks dearer than its hold and the account short.
trigger_orders = st.builds(
    lambda *values: ("order", *values),
    st.sampled_from(ACCOUNTS),
    st.just("XXBTZUSD"),
    st.sampled_from([Side.BUY, Side.SELL]),
    st.sampled_from(
        ["limit", "limit", "limit", "market", "stop", "take-profit", "trailing", "trailing-limit"]
    ),
    st.integers(-6, 6),
    st.integers(20, 600),
    st.sampled_from([None, FeePreference.BASE, FeePreference.QUOTE]),
    st.sampled_from(list(SelfTradePrevention)),
)
trigger_steps = st.one_of(*[trigger_orders] * 8, cancels)


class Run:
    def __init__(self, funding: int = 20, spread: int = 1) -> None:
        self.spread = spread
        """Ticks per price step of an order (wide spreads: fired buys meet dear asks)."""
        self.engine = SpotEngine(load_spot_catalogue(), seed=11)
        self.now = 10**18
        self.expected = dict.fromkeys(ASSETS, 0)
        self.open: dict[str, list[tuple[str, str]]] = {account: [] for account in ACCOUNTS}
        self.log: list[Any] = []
        for account in ACCOUNTS[:1] + ACCOUNTS[2:]:
            self.send(OpenAccount(account=account, timestamp=self.now))
        self.send(OpenAccount(account="s", parent="m", timestamp=self.now))
        for account in ACCOUNTS:
            for asset, unit in ASSETS.items():
                self.send(
                    Deposit(account=account, asset=asset, amount=funding * unit, timestamp=self.now)
                )

    def send(self, command: Any, pair: str | None = None) -> list[Any]:
        events = self.engine.handle(command, pair)
        self.log.extend(events)
        for event in events:
            if isinstance(event, FundsDeposited):
                self.expected[event.asset] += event.amount
            elif isinstance(event, FundsWithdrawn):
                self.expected[event.asset] -= event.amount
            elif isinstance(event, OrderAccepted):
                self.open[event.request.account].append((pair or "", event.order_id))
        return events

    def pick(self, account: str, index: int) -> tuple[str, str] | None:
        live = [
            (pair, order_id)
            for pair, order_id in self.open[account]
            if self.engine.book(pair).order(order_id) is not None
        ]
        self.open[account] = live
        return live[index % len(live)] if live else None

    def step(self, step: tuple[Any, ...]) -> None:
        self.now += 1_000_000_000
        now = self.now
        kind = step[0]
        if kind == "deposit":
            _, account, asset, whole = step
            self.send(
                Deposit(account=account, asset=asset, amount=whole * ASSETS[asset], timestamp=now)
            )
        elif kind == "withdraw":
            _, account, asset, whole = step
            self.send(
                Withdraw(
                    account=account, asset=asset, amount=whole * ASSETS[asset] // 10, timestamp=now
                )
            )
        elif kind == "transfer":
            _, source, destination, asset, whole = step
            amount = whole * ASSETS[asset] // 10
            self.send(
                Transfer(
                    source=source,
                    destination=destination,
                    asset=asset,
                    amount=amount,
                    timestamp=now,
                )
            )
        elif kind == "order":
            self.order(*step[1:])
        elif kind == "cancel":
            found = self.pick(step[1], step[2])
            if found:
                self.send(CancelOrder(account=step[1], order_id=found[1], timestamp=now), found[0])
        elif kind == "amend":
            _, account, index, offset, size = step
            found = self.pick(account, index)
            if found:
                centre, tick, minimum = PAIRS[found[0]]
                self.send(
                    AmendOrder(
                        account=account,
                        order_id=found[1],
                        price=None if offset is None else centre + offset * tick,
                        quantity=None if size is None else size * minimum,
                        timestamp=now,
                    ),
                    found[0],
                )
        elif kind == "edit":
            _, account, index, offset = step
            found = self.pick(account, index)
            if found:
                centre, tick, _minimum = PAIRS[found[0]]
                self.send(
                    EditOrder(
                        account=account,
                        order_id=found[1],
                        price=centre + offset * tick,
                        timestamp=now,
                    ),
                    found[0],
                )
        else:
            self.send(AdvanceTime(timestamp=now))

    def order(
        self,
        account: str,
        pair: str,
        side: Side,
        style: str,
        offset: int,
        size: int,
        fee: FeePreference | None,
        stp: SelfTradePrevention,
    ) -> None:
        centre, tick, minimum = PAIRS[pair]
        tick *= self.spread
        options: dict[str, Any] = {}
        quantity = size * minimum
        if style in ("limit", "ioc"):
            options["order_type"] = OrderType.LIMIT
            options["price"] = centre + offset * tick
            if style == "ioc":
                options["time_in_force"] = TimeInForce.IOC
        elif style == "stop-limit":
            options["order_type"] = OrderType.STOP_LOSS_LIMIT
            options["price"] = centre + offset * tick
            options["trigger_price"] = centre - offset * tick
        elif style in ("stop", "take-profit"):
            stop = style == "stop"
            options["order_type"] = OrderType.STOP_LOSS if stop else OrderType.TAKE_PROFIT
            options["trigger_price"] = centre + offset * tick
        elif style in ("trailing", "trailing-limit"):
            # absolute offsets of a few price steps, or percent in 0.1 % steps (1 000 ppm)
            unit = OffsetUnit.PERCENT if offset % 2 else OffsetUnit.ABSOLUTE
            amount = (abs(offset) + 1) * (1_000 if unit is OffsetUnit.PERCENT else tick)
            options["trailing_offset"] = PriceOffset(amount, unit)
            if style == "trailing":
                options["order_type"] = OrderType.TRAILING_STOP
            else:
                options["order_type"] = OrderType.TRAILING_STOP_LIMIT
                options["limit_offset"] = PriceOffset(offset * tick)
        else:
            options["order_type"] = OrderType.MARKET
            if style == "viqc" and side is Side.BUY:
                options["quantity_in_quote"] = True
                quantity = size * minimum * centre
        command = SubmitOrder(
            account=account,
            side=side,
            quantity=quantity,
            timestamp=self.now,
            fee_preference=fee,
            self_trade_prevention=stp,
            **options,
        )
        self.send(command, pair)

    def check(self) -> None:
        engine = self.engine
        for pair in PAIRS:
            assert not engine.book(pair).book.is_crossed()
        accounts = engine.accounts
        for asset, expected in self.expected.items():
            assert accounts.total(asset) == expected, asset
        open_ids = {order.order_id for pair in PAIRS for order in engine.book(pair).open_orders()}
        reserved = {order_id for pair in PAIRS for order_id in engine.open_reservations(pair)}
        assert reserved == open_ids
        for account in accounts:
            for asset in ASSETS:
                hold = account.hold(asset)
                assert hold == engine.held_by_orders(account.account_id, asset)
                assert account.balance(asset) >= 0, (account, asset)
                assert hold >= 0
                assert account.available(asset) >= 0, (account, asset)

    def balances(self) -> dict[str, dict[str, int]]:
        return {account.account_id: dict(account.balances) for account in self.engine.accounts}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=20, max_size=200))
def test_accounts_invariants_hold_after_every_command(stream: list[tuple[Any, ...]]) -> None:
    run = Run()
    for step in stream:
        run.step(step)
        run.check()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(trigger_steps, min_size=40, max_size=150))
def test_invariants_hold_when_conditional_orders_fire_on_tight_funds(
    stream: list[tuple[Any, ...]],
) -> None:
    run = Run(funding=1, spread=5_000)
    for step in stream:
        run.step(step)
        run.check()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=20, max_size=120))
def test_same_commands_same_events_and_balances(stream: list[tuple[Any, ...]]) -> None:
    first, second = Run(), Run()
    for step in stream:
        first.step(step)
        second.step(step)
    assert first.log == second.log
    assert first.balances() == second.balances()
