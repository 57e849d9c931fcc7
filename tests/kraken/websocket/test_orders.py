"""add_order / amend_order / edit_order parameters → domain commands, and their refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.orders import (
    FeePreference,
    Interface,
    OffsetUnit,
    OrderType,
    PriceOffset,
    SelfTradePrevention,
    Side,
    TimeInForce,
    TriggerReference,
)
from krakenbox.kraken.symbols import SymbolTranslator
from krakenbox.kraken.websocket.envelope import Refused
from krakenbox.kraken.websocket.orders import read_amend, read_edit, read_order

BTC_USD = SymbolTranslator(load_spot_catalogue()).websocket_pair("BTC/USD")
NOW = 1_775_570_000 * 10**9


def read(**params: Any) -> Any:
    base: dict[str, Any] = {"order_type": "limit", "side": "buy", "order_qty": Decimal("0.5")}
    if "limit_price" not in params and params.get("order_type", "limit") == "limit":
        base["limit_price"] = Decimal("30000.0")
    return read_order({**base, **params}, BTC_USD, account="alice", session="ws:1", now=NOW)


def refused(**params: Any) -> str:
    with pytest.raises(Refused) as caught:
        read(**params)
    return caught.value.error


def test_a_limit_order() -> None:
    order = read(order_userref=7, post_only=True, stp_type="cancel_both", fee_preference="base")
    command = order.command
    assert (command.side, command.order_type) == (Side.BUY, OrderType.LIMIT)
    assert (command.quantity, command.price) == (50_000_000, 300_000)
    assert command.post_only and command.fee_preference is FeePreference.BASE
    assert command.self_trade_prevention is SelfTradePrevention.CANCEL_BOTH
    assert command.origin.interface is Interface.WEBSOCKET
    assert (command.origin.session_id, command.origin.user_reference) == ("ws:1", 7)
    assert order.user_reference == 7 and order.client_order_id is None


def test_order_types() -> None:
    iceberg = read(order_type="iceberg", limit_price=30000, display_qty=Decimal("0.1")).command
    assert iceberg.order_type is OrderType.LIMIT and iceberg.display_quantity == 10_000_000
    stop = read(
        order_type="stop-loss-limit",
        limit_price="29000.5",
        triggers={"price": Decimal("29500"), "reference": "index"},
    ).command
    assert (stop.trigger_price, stop.price) == (295_000, 290_005)
    assert stop.trigger_reference is TriggerReference.INDEX
    trailing = read(
        order_type="trailing-stop", triggers={"price": Decimal("1.5"), "price_type": "pct"}
    ).command
    assert trailing.trailing_offset == PriceOffset(15_000, OffsetUnit.PERCENT)
    market = read(order_type="market", cash_order_qty=Decimal("100.5"), order_qty=None).command
    assert market.quantity_in_quote and market.quantity == 100_500_000_000
    gtd = read(time_in_force="GTD", expire_time="2026-04-07T14:00:00Z").command
    assert gtd.time_in_force is TimeInForce.GTD
    assert gtd.expire_time == NOW + 400 * 10**9
    ioc = read(time_in_force="ioc", no_mpp=True).command
    assert ioc.time_in_force is TimeInForce.IOC and not ioc.market_price_protection


def test_refusals() -> None:
    decimals = "EOrder:Invalid price:BTC/USD price can only be specified up to 1 decimals."
    assert refused(limit_price=Decimal("30000.05")) == decimals
    assert refused(limit_price="3e4") == "EGeneral:Invalid arguments:price"
    assert refused(order_qty=Decimal("1E+99")) == "EGeneral:Invalid arguments:volume"
    assert refused(order_qty=True) == "EGeneral:Invalid arguments:volume"
    assert refused(order_type="settle-position") == "EGeneral:Invalid arguments:order_type"
    assert refused(order_type="iceberg") == "EGeneral:Invalid arguments:display_qty"
    assert refused(order_type="stop-loss") == "EGeneral:Invalid arguments:triggers"
    assert refused(order_type="market", limit_price=1) == "EGeneral:Invalid arguments:limit_price"
    assert refused(margin=True) == "EGeneral:Invalid arguments:margin"
    assert refused(conditional={"order_type": "limit"}) == "EGeneral:Invalid arguments:conditional"
    assert refused(time_in_force="gtd") == "EGeneral:Invalid arguments:expire_time"
    assert refused(time_in_force="fok") == "EGeneral:Invalid arguments:time_in_force"
    assert refused(cl_ord_id="a", order_userref=1) == "EGeneral:Invalid arguments:cl_ord_id"
    assert refused(cash_order_qty=1) == "EGeneral:Invalid arguments:cash_order_qty"
    assert refused(expire_time="tomorrow", time_in_force="gtd") == (
        "EGeneral:Invalid arguments:expire_time"
    )


def test_amend_and_edit() -> None:
    amend = read_amend(
        {"order_qty": Decimal("0.4"), "limit_price": Decimal("30100")},
        BTC_USD,
        account="alice",
        now=NOW,
        order_id="O1",
        trailing=False,
    )
    assert (amend.quantity, amend.price, amend.order_id) == (40_000_000, 301_000, "O1")
    trailing = read_amend(
        {"trigger_price": 50, "trigger_price_type": "quote"},
        BTC_USD,
        account="alice",
        now=NOW,
        order_id="O1",
        trailing=True,
    )
    assert trailing.trailing_offset == PriceOffset(500)
    edit = read_edit(
        {"order_id": "O1", "order_qty": Decimal("0.2"), "order_userref": 3},
        BTC_USD,
        account="alice",
        session="ws:1",
        now=NOW,
    )
    assert (edit.order_id, edit.quantity, edit.user_reference) == ("O1", 20_000_000, 3)
    with pytest.raises(Refused):
        read_edit({"order_id": "O1", "post_only": 1}, BTC_USD, account="a", session="s", now=NOW)
