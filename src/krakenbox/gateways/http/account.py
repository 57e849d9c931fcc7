"""Private account data (spec/spot-rest.md §8): balances, orders, trades, ledger, fees, and
the WebSocket token. Read from the engine's accounts and the venue's order records."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from krakenbox.core.clock import NANOS_PER_SECOND
from krakenbox.domain.ledger import (
    LedgerType,
    find_ledger,
    find_trades,
    select_ledger,
    select_trades,
)
from krakenbox.gateways.http.public import requested_pairs
from krakenbox.kraken.rest import account_view
from krakenbox.kraken.rest.errors import RestError, invalid_arguments
from krakenbox.kraken.rest.order_view import Execution, order_object
from krakenbox.kraken.symbols import UnknownAsset

if TYPE_CHECKING:
    from krakenbox.domain.accounts import Account
    from krakenbox.domain.assets import Asset
    from krakenbox.domain.ledger import Bound
    from krakenbox.domain.orders import Order
    from krakenbox.gateways.http.calls import Call, Handler

PAGE_SIZE: Final = 50
QUERY_ORDERS_MAXIMUM: Final = 50
QUERY_TRADES_MAXIMUM: Final = 20
INVALID_ORDER: Final = "EOrder:Invalid order"
LEDGER_TYPES: Final = {kind.value: kind for kind in LedgerType}


def _account(call: Call) -> Account | None:
    return call.context.venue.engine.accounts.find(call.account)


def _asset(call: Call, asset_id: str) -> Asset:
    return call.context.venue.catalogue.asset(asset_id)


async def balance(call: Call) -> Any:
    account = _account(call)
    if account is None:
        return {}
    return {
        asset_id: account_view.balance(_asset(call, asset_id), amount)
        for asset_id, amount in account.balances.items()
    }


async def balance_ex(call: Call) -> Any:
    account = _account(call)
    if account is None:
        return {}
    return {
        asset_id: account_view.balance_ex(_asset(call, asset_id), amount, account.hold(asset_id))
        for asset_id, amount in account.balances.items()
    }


async def trade_balance(call: Call) -> Any:
    """Spot only: equity is the balances valued in ``asset`` at the last trade price of a direct
    pair (assets without one count nothing); no margin, no positions."""
    translator = call.context.translator
    try:
        target = translator.rest_asset(call.parameters.text("asset", "ZUSD") or "ZUSD")
    except UnknownAsset as error:
        raise RestError(error.reply) from None
    account = _account(call)
    total = Decimal(0)
    if account is not None:
        for asset_id, amount in account.balances.items():
            total += value_in(call, _asset(call, asset_id), amount, target)
    value = target.format(int(total.scaleb(target.decimals).to_integral_value()))
    zero = target.format(0)
    return {
        "eb": value, "tb": value, "m": zero, "n": zero, "c": zero, "v": zero,
        "e": value, "mf": value, "uv": zero,
    }  # fmt: skip


def value_in(call: Call, asset: Asset, amount: int, target: Asset) -> Decimal:
    """``amount`` of ``asset`` valued in ``target`` at the last trade of a direct pair (0
    without one)."""
    if asset.id == target.id:
        return asset.to_decimal(amount)
    venue = call.context.venue
    for instrument in venue.catalogue:
        if {instrument.base.id, instrument.quote.id} != {asset.id, target.id}:
            continue
        last = venue.market_data[instrument.key].statistics.last
        if last is None:
            continue
        price = instrument.price_to_decimal(last.price)
        if instrument.base.id == asset.id:
            return asset.to_decimal(amount) * price
        return asset.to_decimal(amount) / price if price else Decimal(0)
    return Decimal(0)


def executions(call: Call) -> dict[str, Execution]:
    """Each of the account's orders' fees and trade ids, from its trade history."""
    account = _account(call)
    if account is None:
        return {}
    fees: dict[str, int] = defaultdict(int)
    fee_assets: dict[str, str] = {}
    trade_ids: dict[str, list[str]] = defaultdict(list)
    for trade in account.trades:
        fees[trade.order_id] += trade.fee
        fee_assets[trade.order_id] = trade.fee_asset
        trade_ids[trade.order_id].append(trade.execution_id)
    return {
        order_id: Execution(fees[order_id], _asset(call, fee_assets[order_id]), trade_ids[order_id])
        for order_id in fees
    }


_NO_EXECUTION: Final = Execution(0, None, ())


def render_order(
    call: Call, order: Order, found: dict[str, Execution], with_trades: bool
) -> dict[str, Any]:
    venue = call.context.venue
    pair = venue.orders.pair_of(order.order_id)
    if pair is None:
        raise RestError(INVALID_ORDER)
    return order_object(
        venue.catalogue.instrument(pair),
        order,
        found.get(order.order_id, _NO_EXECUTION),
        with_trades=with_trades,
        close_reason=call.state.close_reasons.reasons.get(order.order_id),
    )


def _filtered(call: Call, orders: list[Order]) -> list[Order]:
    reference = call.parameters.integer("userref")
    client_id = call.parameters.text("cl_ord_id")
    return [
        order
        for order in orders
        if (reference is None or order.request.origin.user_reference == reference)
        and (client_id is None or order.client_order_id == client_id)
    ]


async def open_orders(call: Call) -> Any:
    orders = _filtered(call, call.context.venue.orders.open_orders(call.account))
    found = executions(call)
    with_trades = call.parameters.boolean("trades")
    return {
        "open": {order.order_id: render_order(call, order, found, with_trades) for order in orders}
    }


def _time_bound(call: Call, name: str) -> Bound:
    text = call.parameters.text(name)
    if text is None:
        return None
    body = text.strip()
    if body.isascii() and body.replace(".", "", 1).isdigit():
        whole, _, fraction = body.partition(".")
        return int(whole) * NANOS_PER_SECOND + int((fraction + "0" * 9)[:9])
    return body


def _offset(call: Call) -> int:
    offset = call.parameters.integer("ofs", 0)
    if offset is None or offset < 0:
        raise invalid_arguments("ofs")
    return offset


async def closed_orders(call: Call) -> Any:
    orders = _filtered(call, call.context.venue.orders.closed_orders(call.account))
    closetime = call.parameters.text("closetime", "both")
    if closetime not in ("open", "close", "both"):
        raise invalid_arguments("closetime")
    start, end = _time_bound(call, "start"), _time_bound(call, "end")
    records = call.context.venue.orders
    if isinstance(start, str):
        named = records.get(start)
        start = named.accepted_at if named is not None else None
    if isinstance(end, str):
        named = records.get(end)
        end = named.accepted_at if named is not None else None

    def times(order: Order) -> tuple[int, ...]:
        if closetime == "open":
            return (order.accepted_at,)
        if closetime == "close":
            return (order.updated_at,)
        return (order.accepted_at, order.updated_at)

    chosen = [
        order
        for order in orders
        if any(
            (start is None or time > start) and (end is None or time <= end)
            for time in times(order)
        )
    ]
    chosen.sort(key=lambda order: order.updated_at, reverse=True)
    offset = _offset(call)
    page = chosen[offset : offset + PAGE_SIZE]
    found = executions(call)
    with_trades = call.parameters.boolean("trades")
    result: dict[str, Any] = {
        "closed": {order.order_id: render_order(call, order, found, with_trades) for order in page}
    }
    if not call.parameters.boolean("without_count"):
        result["count"] = len(chosen)
    return result


async def query_orders(call: Call) -> Any:
    ids = call.parameters.text_list("txid")
    if not ids or len(ids) > QUERY_ORDERS_MAXIMUM:
        raise invalid_arguments("txid")
    records = call.context.venue.orders
    found = executions(call)
    with_trades = call.parameters.boolean("trades")
    reference = call.parameters.integer("userref")
    result = {}
    for order_id in ids:
        order = records.get(order_id)
        if order is None or order.account != call.account:
            raise RestError(INVALID_ORDER)
        if reference is not None and order.request.origin.user_reference != reference:
            continue
        result[order_id] = render_order(call, order, found, with_trades)
    return result


def _trade_object(call: Call, trade: Any, with_ledgers: bool) -> dict[str, Any]:
    instrument = call.context.venue.catalogue.instrument(trade.pair)
    return account_view.trade_object(
        trade, instrument, _asset(call, trade.fee_asset), with_ledgers=with_ledgers
    )


async def trades_history(call: Call) -> Any:
    account = _account(call)
    kind = call.parameters.text("type", "all")
    if kind not in ("all", "any position", "closed position", "closing position", "no position"):
        raise invalid_arguments("type")
    if account is None:
        return {"trades": {}, "count": 0}
    page, count = select_trades(
        account.trades,
        start=_time_bound(call, "start"),
        end=_time_bound(call, "end"),
        offset=_offset(call),
        size=PAGE_SIZE,
    )
    with_ledgers = call.parameters.boolean("ledgers")
    trades = {trade.execution_id: _trade_object(call, trade, with_ledgers) for trade in page}
    if kind in ("any position", "closed position", "closing position"):
        trades, count = {}, 0
    return {"trades": trades, "count": count}


async def query_trades(call: Call) -> Any:
    ids = call.parameters.text_list("txid")
    if not ids or len(ids) > QUERY_TRADES_MAXIMUM:
        raise invalid_arguments("txid")
    account = _account(call)
    if account is None:
        return {}
    return {
        trade.execution_id: _trade_object(call, trade, False)
        for trade in find_trades(account.trades, ids)
    }


async def ledgers(call: Call) -> Any:
    account = _account(call)
    asset_text = call.parameters.text("asset", "all")
    assets = None
    if asset_text is not None and asset_text != "all":
        try:
            assets = frozenset(
                asset.id for asset in call.context.translator.rest_assets(asset_text)
            )
        except UnknownAsset as error:
            raise RestError(error.reply) from None
    kind = call.parameters.text("type", "all")
    types = None
    if kind != "all":
        found = LEDGER_TYPES.get(kind or "")
        types = frozenset({found}) if found is not None else frozenset()
        if kind not in LEDGER_TYPES and kind not in _OTHER_LEDGER_TYPES:
            raise invalid_arguments("type")
    if account is None:
        return {"ledger": {}, "count": 0}
    page, count = select_ledger(
        account.ledger,
        assets=assets,
        types=types,
        start=_time_bound(call, "start"),
        end=_time_bound(call, "end"),
        offset=_offset(call),
        size=PAGE_SIZE,
    )
    result: dict[str, Any] = {
        "ledger": {
            entry.ledger_id: account_view.ledger_object(entry, _asset(call, entry.asset))
            for entry in page
        }
    }
    if not call.parameters.boolean("without_count"):
        result["count"] = count
    return result


_OTHER_LEDGER_TYPES: Final = frozenset(
    {"margin", "rollover", "credit", "settled", "staking", "dividend", "sale", "nft_rebate"}
)


async def query_ledgers(call: Call) -> Any:
    ids = call.parameters.text_list("id")
    if not ids or len(ids) > QUERY_TRADES_MAXIMUM:
        raise invalid_arguments("id")
    account = _account(call)
    if account is None:
        return {}
    return {
        entry.ledger_id: account_view.ledger_object(entry, _asset(call, entry.asset))
        for entry in find_ledger(account.ledger, ids)
    }


async def trade_volume(call: Call) -> Any:
    venue = call.context.venue
    account = _account(call)
    now = call.now_ns
    pairs = requested_pairs(call) if call.parameters.present("pair") else []
    currency = "ZUSD"
    volume = 0
    if account is not None:
        account.expire_volume(now)
        volume = account.volume
    result: dict[str, Any] = {"currency": currency}
    fees: dict[str, Any] = {}
    fees_maker: dict[str, Any] = {}
    for _, instrument in pairs:
        schedule = instrument.fees
        volume_asset = venue.catalogue.asset(schedule.volume_currency)
        currency = schedule.volume_currency
        maker, taker = venue.engine.fee_rates(call.account, instrument.key, now)
        amount = volume_asset.to_decimal(volume)
        fees[instrument.key] = _fee(
            taker, [t.parts_per_million for t in schedule.taker], schedule.next_taker_tier(amount)
        )
        fees_maker[instrument.key] = _fee(
            maker, [t.parts_per_million for t in schedule.maker], schedule.next_maker_tier(amount)
        )
    volume_asset = venue.catalogue.asset(currency)
    result["currency"] = currency
    result["volume"] = volume_asset.format(volume)
    if pairs:
        result["fees"] = fees
        result["fees_maker"] = fees_maker
    return result


def _fee(rate: int, rates: list[int], following: Any) -> dict[str, Any]:
    next_tier = None
    if following is not None:
        next_tier = (format(following.volume, "f"), following.parts_per_million)
    return account_view.fee_entry(rate, dict(enumerate(rates)), next_tier)


async def websockets_token(call: Call) -> Any:
    issued = call.context.tokens.issue(call.account, call.now_ns)
    return {"token": issued.token, "expires": issued.expires_s}


async def open_positions(call: Call) -> Any:
    """Spot has no positions: ``{}`` (``[]`` with ``consolidation=market``)."""
    return [] if call.parameters.text("consolidation") == "market" else {}


ACCOUNT_METHODS: Final[dict[str, Handler]] = {
    "Balance": balance,
    "BalanceEx": balance_ex,
    "TradeBalance": trade_balance,
    "OpenOrders": open_orders,
    "ClosedOrders": closed_orders,
    "QueryOrders": query_orders,
    "TradesHistory": trades_history,
    "QueryTrades": query_trades,
    "OpenPositions": open_positions,
    "Ledgers": ledgers,
    "QueryLedgers": query_ledgers,
    "TradeVolume": trade_volume,
    "GetWebSocketsToken": websockets_token,
}
