"""The Spot engine with accounts: holds, fills, fees and refusals, one literal scenario each."""

from __future__ import annotations

from krakenbox.domain.accounts import FEE_ACCOUNT, VOLUME_WINDOW
from krakenbox.domain.commands import AdvanceTime, AmendOrder, CancelOrder, EditOrder
from krakenbox.domain.events import OrderCanceled, OrderRejected, RejectReason, TradeExecuted
from krakenbox.domain.ledger import LedgerType, find_trades, select_trades
from krakenbox.domain.orders import FeePreference, OrderType
from tests.matching.spot_support import (
    BTC,
    BUY,
    LOT,
    SELL,
    USD,
    XBTUSD,
    Spot,
    accepted_id,
    dollars,
    price,
)


def funded() -> Spot:
    spot = Spot()
    spot.deposit("A", "ZUSD", dollars(100_000))
    spot.deposit("B", "XXBT", 10 * BTC)
    return spot


def test_a_resting_buy_holds_its_cost_and_the_taker_fee_in_quote() -> None:
    spot = funded()
    spot.order("A", BUY, LOT, price(30_000))
    account = spot.account("A")
    assert account.hold("ZUSD") == dollars(30_120)  # 30 000 + 0.40 %
    assert account.available("ZUSD") == dollars(100_000 - 30_120)
    assert account.balance("ZUSD") == dollars(100_000)


def test_a_resting_sell_holds_its_quantity_and_the_fee_in_base() -> None:
    spot = funded()
    spot.order("B", SELL, LOT, price(30_000))
    assert spot.account("B").hold("XXBT") == BTC + BTC * 4 // 1000


def test_cancel_releases_the_hold_and_writes_no_ledger_entry() -> None:
    spot = funded()
    order_id = accepted_id(spot.order("A", BUY, LOT, price(30_000)))
    spot.send(CancelOrder(account="A", order_id=order_id, timestamp=spot.tick()))
    account = spot.account("A")
    assert account.hold("ZUSD") == 0
    assert account.balance("ZUSD") == dollars(100_000)
    assert [entry.type for entry in account.ledger] == [LedgerType.DEPOSIT]


def test_partial_fill_releases_the_hold_in_proportion_and_charges_fees() -> None:
    spot = funded()
    maker = accepted_id(spot.order("A", BUY, LOT, price(30_000)))
    events = spot.order("B", SELL, 40 * LOT // 100)  # market sell 0.4 BTC
    trade = next(event for event in events if isinstance(event, TradeExecuted))
    buyer, seller = spot.account("A"), spot.account("B")
    # buyer: maker, pays 12 000 USD + 0.25 % in quote (buy default fciq), receives 0.4 BTC
    assert buyer.balance("ZUSD") == dollars(100_000 - 12_000 - 30)
    assert buyer.balance("XXBT") == 4 * BTC // 10
    assert buyer.hold("ZUSD") == dollars(18_072)  # 0.6 BTC at 30 000 + 0.40 %
    # seller: taker, fee 0.40 % in base (sell default fcib)
    assert seller.balance("XXBT") == 10 * BTC - 4 * BTC // 10 - 16 * BTC // 10_000
    assert seller.balance("ZUSD") == dollars(12_000)
    fees = spot.account(FEE_ACCOUNT)
    assert fees.balances == {"ZUSD": dollars(30), "XXBT": 16 * BTC // 10_000}
    # ledger: one entry per asset, refid = the trade id, fee on the fee asset's entry
    quote_entry, base_entry = buyer.ledger[-2:]
    assert (quote_entry.reference, quote_entry.asset, quote_entry.amount, quote_entry.fee) == (
        trade.execution_id,
        "ZUSD",
        -dollars(12_000),
        dollars(30),
    )
    assert quote_entry.balance == buyer.balance("ZUSD")
    assert (base_entry.asset, base_entry.amount, base_entry.fee) == ("XXBT", 4 * BTC // 10, 0)
    record = buyer.trades[-1]
    assert (record.order_id, record.pair, record.maker, record.trade_id) == (
        maker,
        XBTUSD,
        True,
        1,
    )
    assert (record.fee, record.fee_asset, record.order_type) == (
        dollars(30),
        "ZUSD",
        OrderType.LIMIT,
    )
    assert seller.trades[-1].maker is False
    assert seller.trades[-1].ledger_ids == tuple(entry.ledger_id for entry in seller.ledger[-2:])


def test_full_fill_leaves_no_hold() -> None:
    spot = funded()
    spot.order("A", BUY, LOT, price(30_000))
    spot.order("B", SELL, LOT)
    assert spot.account("A").hold("ZUSD") == 0
    assert spot.engine.open_reservations(XBTUSD) == {}


def test_fee_in_base_on_a_buy_and_in_quote_on_a_sell() -> None:
    spot = funded()
    spot.order("A", BUY, LOT, price(30_000), fee_preference=FeePreference.BASE)
    assert spot.account("A").hold("ZUSD") == dollars(30_000)  # no fee to hold in quote
    spot.order("B", SELL, LOT, fee_preference=FeePreference.QUOTE)
    buyer, seller = spot.account("A"), spot.account("B")
    assert buyer.balance("ZUSD") == dollars(70_000)
    assert buyer.balance("XXBT") == BTC - BTC * 25 // 10_000  # maker 0.25 % in base
    assert seller.balance("ZUSD") == dollars(30_000 - 120)  # taker 0.40 % in quote
    assert seller.balance("XXBT") == 9 * BTC


def test_insufficient_funds_is_refused_before_acceptance() -> None:
    spot = funded()
    events = spot.order("A", BUY, 4 * LOT, price(30_000))  # 120 000 USD > 100 000
    assert [type(event) for event in events] == [OrderRejected]
    assert events[0].reason is RejectReason.INSUFFICIENT_FUNDS
    assert spot.account("A").hold("ZUSD") == 0
    assert spot.order("nobody", SELL, LOT, price(30_000))[0].reason is (
        RejectReason.INSUFFICIENT_FUNDS
    )


def test_the_hold_counts_the_fee() -> None:
    spot = Spot()
    spot.deposit("A", "ZUSD", dollars(30_000))
    events = spot.order("A", BUY, LOT, price(30_000))  # 30 000 + fee 120 > 30 000
    assert events[0].reason is RejectReason.INSUFFICIENT_FUNDS
    spot.deposit("A", "ZUSD", dollars(120))
    assert not isinstance(spot.order("A", BUY, LOT, price(30_000))[0], OrderRejected)


def test_holds_of_open_orders_reduce_what_new_orders_can_use() -> None:
    spot = funded()
    spot.order("A", BUY, 2 * LOT, price(30_000))  # holds 60 240
    events = spot.order("A", BUY, 2 * LOT, price(20_000))  # 40 160 > 39 760 left
    assert events[0].reason is RejectReason.INSUFFICIENT_FUNDS


def test_fee_tier_follows_thirty_day_volume() -> None:
    spot = funded()
    spot.deposit("A", "ZUSD", dollars(100_000))
    spot.order("B", SELL, LOT, price(30_000))
    spot.order("A", BUY, LOT)  # taker, 30 000 USD of volume: next tier (10k) for both
    assert spot.account("A").trades[-1].fee == dollars(120)  # 0.40 %
    spot.order("B", SELL, LOT, price(30_000))
    spot.order("A", BUY, LOT)
    assert spot.account("A").trades[-1].fee == dollars(105)  # 0.35 %
    assert spot.account("B").trades[-1].fee == BTC * 20 // 10_000  # maker 0.20 %
    assert spot.engine.fee_rates("A", XBTUSD, spot.now) == (1_400, 2_400)  # 60k: 50k tier
    spot.send(AdvanceTime(timestamp=spot.now + VOLUME_WINDOW), pair=None)
    spot.now += VOLUME_WINDOW
    spot.order("B", SELL, LOT, price(30_000))
    spot.order("A", BUY, LOT)
    assert spot.account("A").trades[-1].fee == dollars(120)  # the volume has aged out
    assert spot.engine.fee_rates("nobody", XBTUSD, spot.now) == (2_500, 4_000)


def test_market_buy_holds_what_the_book_would_cost() -> None:
    spot = funded()
    spot.order("B", SELL, LOT, price(30_000))
    spot.order("B", SELL, LOT, price(31_000))
    events = spot.order("A", BUY, 2 * LOT)
    assert sum(isinstance(event, TradeExecuted) for event in events) == 2
    buyer = spot.account("A")
    assert buyer.hold("ZUSD") == 0
    # fees 120 (0.40 %) then 108.50: the first fill took the buyer into the 10k tier (0.35 %)
    assert buyer.balance("ZUSD") == dollars(100_000 - 61_000 - 228.5)
    spot.order("B", SELL, 3 * LOT, price(32_000))
    refused = spot.order("A", BUY, 2 * LOT)  # 64 224 > 38 771.50
    assert refused[0].reason is RejectReason.INSUFFICIENT_FUNDS


def test_market_buy_in_quote_holds_its_budget_and_releases_the_rest() -> None:
    spot = funded()
    spot.order("B", SELL, LOT, price(30_000))
    budget = dollars(10_000) * 100_000  # notional units: price units x lots
    spot.order("A", BUY, budget // 10 * 10, quantity_in_quote=True, order_type=OrderType.MARKET)
    buyer = spot.account("A")
    assert buyer.hold("ZUSD") == 0
    assert buyer.balance("XXBT") == BTC // 3 // 100 * 100  # whole lots for 10 000 USD
    assert buyer.balance("ZUSD") > dollars(100_000 - 10_040)


def test_amend_up_beyond_funds_is_refused_and_amend_down_releases() -> None:
    spot = funded()
    order_id = accepted_id(spot.order("A", BUY, LOT, price(30_000)))
    events = spot.send(
        AmendOrder(account="A", order_id=order_id, quantity=4 * LOT, timestamp=spot.tick())
    )
    assert events[0].reason is RejectReason.INSUFFICIENT_FUNDS
    spot.send(AmendOrder(account="A", order_id=order_id, quantity=LOT // 2, timestamp=spot.tick()))
    assert spot.account("A").hold("ZUSD") == dollars(15_060)
    spot.send(
        AmendOrder(account="A", order_id=order_id, price=price(20_000), timestamp=spot.tick())
    )
    assert spot.account("A").hold("ZUSD") == dollars(10_040)


def test_edit_may_use_what_the_replaced_order_held() -> None:
    spot = funded()
    order_id = accepted_id(spot.order("A", BUY, 3 * LOT, price(30_000)))  # holds 90 360
    events = spot.send(
        EditOrder(account="A", order_id=order_id, price=price(31_000), timestamp=spot.tick())
    )
    assert isinstance(events[0], OrderCanceled)
    assert spot.account("A").hold("ZUSD") == dollars(93_372)


def test_ledger_balances_chain_and_totals_are_conserved() -> None:
    spot = funded()
    for level in range(5):
        spot.order("A", BUY, LOT // 3, price(30_000 - level))
    spot.order("B", SELL, LOT)
    for account_id in ("A", "B"):
        account = spot.account(account_id)
        running: dict[str, int] = {}
        for entry in account.ledger:
            running[entry.asset] = running.get(entry.asset, 0) + entry.amount - entry.fee
            assert entry.balance == running[entry.asset]
        assert running == {asset: value for asset, value in account.balances.items() if value}
    accounts = spot.engine.accounts
    assert accounts.total("ZUSD") == dollars(100_000)
    assert accounts.total("XXBT") == 10 * BTC
    assert USD == 10_000


def test_same_commands_give_same_events_and_balances() -> None:
    def run() -> tuple[list[object], dict[str, dict[str, int]]]:
        spot = funded()
        log: list[object] = []
        log += spot.order("A", BUY, LOT, price(30_000))
        log += spot.order("B", SELL, LOT // 2)
        log += spot.order("B", SELL, LOT, price(30_500))
        log += spot.order("A", BUY, LOT // 4)
        return log, {account.account_id: dict(account.balances) for account in spot.engine.accounts}

    assert run() == run()


def test_trade_history_filters() -> None:
    spot = funded()
    for _ in range(4):
        spot.order("A", BUY, LOT // 10, price(30_000))
        spot.order("B", SELL, LOT // 10)
    trades = spot.account("A").trades
    page, count = select_trades(trades)
    assert count == 4
    assert [trade.trade_id for trade in page] == [4, 3, 2, 1]
    page, _ = select_trades(trades, start=trades[0].execution_id, end=trades[2].timestamp)
    assert [trade.trade_id for trade in page] == [3, 2]
    page, count = select_trades(trades, offset=3)
    assert ([trade.trade_id for trade in page], count) == ([1], 4)
    assert find_trades(trades, [trades[1].execution_id]) == [trades[1]]
