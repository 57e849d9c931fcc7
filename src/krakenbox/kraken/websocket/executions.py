"""Private channels as WebSocket v2 messages: ``executions`` reports and ``balances``
(spec/spot-ws-v2.md §5).

One report per event and order: ``pending_new`` (full details) then ``new`` when the engine
accepts an order, ``trade`` per fill (``order_status`` ``partially_filled`` even for the fill
that completes it) followed by ``filled``, ``amended``, ``iceberg_refill``, ``status`` when a
trigger fires, ``canceled`` and ``expired``. Every report carries ``symbol``, ``order_userref``
(0 when unset), ``cl_ord_id`` when the order has one, the cumulative fill state and
``timestamp``; numbers have the pair's decimals.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from krakenbox.domain.orders import OrderStatus
from krakenbox.kraken.errors import WEBSOCKET_EXPIRY, websocket_cancel
from krakenbox.kraken.websocket.wire import Number, timestamp, units

if TYPE_CHECKING:
    from krakenbox.domain.assets import Asset
    from krakenbox.domain.events import OrderCanceled, TradeExecuted
    from krakenbox.domain.instruments import Instrument
    from krakenbox.domain.ledger import LedgerEntry, TradeRecord
    from krakenbox.domain.orders import Order

PENDING_NEW: Final = "pending_new"
NEW: Final = "new"
TRADE: Final = "trade"
FILLED: Final = "filled"
AMENDED: Final = "amended"
ICEBERG_REFILL: Final = "iceberg_refill"
STATUS: Final = "status"
TRADES_SNAPSHOT_SIZE: Final = 50


def _common(
    exec_type: str, order: Order, symbol: str, instrument: Instrument, time: int, status: str
) -> dict[str, Any]:
    report: dict[str, Any] = {"exec_type": exec_type, "order_id": order.order_id}
    if order.client_order_id is not None:
        report["cl_ord_id"] = order.client_order_id
    report["order_userref"] = order.request.origin.user_reference or 0
    report["symbol"] = symbol
    report["order_status"] = status
    report["cum_qty"] = units(order.filled, instrument.quantity_decimals)
    report["cum_cost"] = units(instrument.cost_units(order.cost, 1), instrument.cost_decimals)
    report["avg_price"] = average_price(order, instrument)
    report["timestamp"] = timestamp(time)
    return report


def average_price(order: Order, instrument: Instrument) -> Number:
    if order.filled == 0:
        return units(0, instrument.price_decimals)
    return units(round(Fraction(order.cost, order.filled)), instrument.price_decimals)


def order_details(order: Order, instrument: Instrument) -> dict[str, Any]:
    """What ``pending_new``, snapshot and ``amended`` reports show of the order's terms."""
    request = order.request
    details: dict[str, Any] = {
        "side": order.side.value,
        "order_type": "iceberg" if order.display_quantity is not None else order.order_type.value,
    }
    if request.quantity_in_quote:
        details["cash_order_qty"] = units(order.quantity, instrument.notional_decimals)
        details["order_qty"] = units(0, instrument.quantity_decimals)
    else:
        details["order_qty"] = units(order.quantity, instrument.quantity_decimals)
    if order.display_quantity is not None:
        details["display_qty"] = units(order.display_quantity, instrument.quantity_decimals)
    if order.price is not None:
        details["limit_price"] = units(order.price, instrument.price_decimals)
        details["limit_price_type"] = "static"
    if order.order_type.is_conditional:
        trigger: dict[str, Any] = {"reference": request.trigger_reference.value}
        if order.trigger_price is not None:
            trigger["price"] = units(order.trigger_price, instrument.price_decimals)
            trigger["price_type"] = "static"
        elif order.trailing_offset is not None:
            offset = order.trailing_offset
            if offset.unit.value == "pct":
                trigger["price"] = units(offset.amount, 4)
                trigger["price_type"] = "pct"
            else:
                trigger["price"] = units(offset.amount, instrument.price_decimals)
                trigger["price_type"] = "quote"
        trigger["status"] = "triggered" if order.triggered else "untriggered"
        details["triggers"] = trigger
        details["stop_price"] = units(order.trigger_price or 0, instrument.price_decimals)
    details["time_in_force"] = request.time_in_force.value
    if request.expire_time is not None:
        details["expire_time"] = timestamp(request.expire_time)
    details["post_only"] = request.post_only
    details["reduce_only"] = False
    details["margin"] = False
    details["no_mpp"] = not request.market_price_protection
    if request.fee_preference is not None:
        details["fee_ccy_pref"] = request.fee_preference.value
    return details


def accepted(order: Order, symbol: str, instrument: Instrument, time: int) -> list[dict[str, Any]]:
    """``pending_new`` with the order's terms, then a sparse ``new``."""
    pending = _common(PENDING_NEW, order, symbol, instrument, time, PENDING_NEW)
    pending.update(order_details(order, instrument))
    new = _common(NEW, order, symbol, instrument, time, NEW)
    return [pending, new]


def snapshot_order(order: Order, symbol: str, instrument: Instrument) -> dict[str, Any]:
    """An open order in the snapshot: ``exec_type`` ``new`` with everything."""
    report = _common(NEW, order, symbol, instrument, order.updated_at, order.status.value)
    report.update(order_details(order, instrument))
    return report


def traded(
    order: Order,
    trade: TradeExecuted,
    record: TradeRecord | None,
    fee_asset: Asset | None,
    symbol: str,
    instrument: Instrument,
) -> list[dict[str, Any]]:
    """``trade`` for one fill of ``order`` (its state after the fill), and ``filled`` when the
    fill completed it."""
    report = _common(
        TRADE, order, symbol, instrument, trade.timestamp, OrderStatus.PARTIALLY_FILLED.value
    )
    report.update(
        {
            "exec_id": trade.execution_id,
            "trade_id": trade.trade_id,
            "side": order.side.value,
            "order_type": order.order_type.value,
            "last_qty": units(trade.quantity, instrument.quantity_decimals),
            "last_price": units(trade.price, instrument.price_decimals),
            "cost": units(
                instrument.cost_units(trade.price, trade.quantity), instrument.cost_decimals
            ),
            "liquidity_ind": "m" if trade.maker_order_id == order.order_id else "t",
            "fees": _fees(record, fee_asset),
        }
    )
    reports = [report]
    if order.status is OrderStatus.FILLED:
        reports.append(_common(FILLED, order, symbol, instrument, trade.timestamp, FILLED))
    return reports


def _fees(record: TradeRecord | None, asset: Asset | None) -> list[dict[str, Any]]:
    if record is None or asset is None:
        return []
    return [{"asset": asset.code, "qty": units(record.fee, asset.decimals)}]


def snapshot_trade(
    record: TradeRecord, order: Order | None, asset: Asset, symbol: str, instrument: Instrument
) -> dict[str, Any]:
    """One of the account's last fills in the snapshot (``snap_trades``)."""
    report: dict[str, Any] = {
        "exec_type": TRADE,
        "order_id": record.order_id,
        "exec_id": record.execution_id,
        "trade_id": record.trade_id,
        "symbol": symbol,
        "side": record.side.value,
        "order_type": record.order_type.value,
        "order_userref": 0 if order is None else order.request.origin.user_reference or 0,
        "last_qty": units(record.quantity, instrument.quantity_decimals),
        "last_price": units(record.price, instrument.price_decimals),
        "cost": units(instrument.cost_units(record.cost, 1), instrument.cost_decimals),
        "liquidity_ind": "m" if record.maker else "t",
        "fees": [{"asset": asset.code, "qty": units(record.fee, asset.decimals)}],
        "timestamp": timestamp(record.timestamp),
    }
    if order is not None and order.client_order_id is not None:
        report["cl_ord_id"] = order.client_order_id
    return report


def amended(order: Order, symbol: str, instrument: Instrument, time: int) -> dict[str, Any]:
    report = _common(AMENDED, order, symbol, instrument, time, order.status.value)
    report["amended"] = True
    report["reason"] = "User requested"
    details = order_details(order, instrument)
    for key in ("order_qty", "display_qty", "limit_price", "triggers", "post_only"):
        if key in details:
            report[key] = details[key]
    return report


def refilled(order: Order, symbol: str, instrument: Instrument, time: int) -> dict[str, Any]:
    report = _common(ICEBERG_REFILL, order, symbol, instrument, time, order.status.value)
    if order.display_quantity is not None:
        report["display_qty"] = units(order.display_quantity, instrument.quantity_decimals)
    return report


def triggered(order: Order, symbol: str, instrument: Instrument, time: int) -> dict[str, Any]:
    report = _common(STATUS, order, symbol, instrument, time, order.status.value)
    details = order_details(order, instrument)
    for key in ("triggers", "limit_price", "order_type"):
        if key in details:
            report[key] = details[key]
    return report


def canceled(
    order: Order, event: OrderCanceled, symbol: str, instrument: Instrument
) -> dict[str, Any]:
    cancel = websocket_cancel(event.reason)
    report = _common(
        cancel.exec_type, order, symbol, instrument, event.timestamp, cancel.order_status
    )
    report["reason"] = cancel.reason
    report["cancel_reason"] = cancel.reason
    return report


def expired(order: Order, symbol: str, instrument: Instrument, time: int) -> dict[str, Any]:
    report = _common(
        WEBSOCKET_EXPIRY.exec_type, order, symbol, instrument, time, WEBSOCKET_EXPIRY.order_status
    )
    report["reason"] = WEBSOCKET_EXPIRY.reason
    return report


def executions_message(kind: str, reports: list[dict[str, Any]], sequence: int) -> dict[str, Any]:
    return {"channel": "executions", "type": kind, "data": reports, "sequence": sequence}


# --- balances ------------------------------------------------------------------------------


def balance_entry(asset: Asset, balance: int) -> dict[str, Any]:
    amount = units(balance, asset.decimals)
    return {
        "asset": asset.code,
        "asset_class": asset.asset_class.value,
        "balance": amount,
        "wallets": [{"type": "spot", "id": "main", "balance": amount}],
    }


def ledger_entry(entry: LedgerEntry, asset: Asset) -> dict[str, Any]:
    kind = entry.type.value
    return {
        "ledger_id": entry.ledger_id,
        "ref_id": entry.reference,
        "timestamp": timestamp(entry.timestamp),
        "type": kind,
        "subtype": entry.subtype,
        "category": kind,
        "asset": asset.code,
        "asset_class": asset.asset_class.value,
        "wallet_type": "spot",
        "wallet_id": "main",
        "amount": units(entry.amount, asset.decimals),
        "fee": units(entry.fee, asset.decimals),
        "balance": units(entry.balance, asset.decimals),
    }


def balances_message(kind: str, entries: list[dict[str, Any]], sequence: int) -> dict[str, Any]:
    return {"channel": "balances", "type": kind, "data": entries, "sequence": sequence}
