"""Trading requests' parameters → domain commands (spec/spot-ws-v2.md §6).

Numbers arrive as JSON numbers (``int`` or ``Decimal``, never ``float``) or strings, and become
integer units of the pair; a number the pair cannot represent gets the REST string Kraken
reuses (``EOrder:Invalid price:BTC/USD price can only be specified up to 1 decimals.``,
``EGeneral:Invalid arguments:volume``). Unknown parameters are refused with
``Unsupported field: '<name>' for the given msg type: <type>``. Every refusal raises
:class:`~krakenbox.kraken.websocket.envelope.Refused`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from krakenbox.domain.commands import AmendOrder, EditOrder, SubmitOrder
from krakenbox.domain.orders import (
    FeePreference,
    Interface,
    OrderType,
    Origin,
    SelfTradePrevention,
    Side,
    TimeInForce,
    TriggerReference,
)
from krakenbox.kraken.websocket.fields import (
    choice,
    flag,
    integer,
    invalid,
    number,
    offset,
    price_units,
    quantity_units,
    text,
    time,
    to_units,
)

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument

MAXIMUM_CLIENT_ORDER_ID: Final = 36
MAXIMUM_BATCH_ADD: Final = 15
MINIMUM_BATCH: Final = 2
MAXIMUM_BATCH_CANCEL: Final = 50
MAXIMUM_TIMEOUT_S: Final = 86_400

_ORDER_FIELDS: Final = frozenset(
    {
        "order_type", "side", "order_qty", "limit_price", "limit_price_type", "triggers",
        "time_in_force", "margin", "post_only", "reduce_only", "effective_time", "expire_time",
        "cl_ord_id", "order_userref", "conditional", "display_qty", "fee_preference", "no_mpp",
        "stp_type", "cash_order_qty", "sender_sub_id",
    }
)  # fmt: skip
ADD_ORDER_FIELDS: Final = _ORDER_FIELDS | {"symbol", "validate", "deadline", "token"}
BATCH_ORDER_FIELDS: Final = _ORDER_FIELDS
BATCH_ADD_FIELDS: Final = frozenset({"symbol", "orders", "deadline", "validate", "token"})
AMEND_FIELDS: Final = frozenset(
    {
        "order_id", "cl_ord_id", "order_qty", "display_qty", "limit_price", "limit_price_type",
        "post_only", "trigger_price", "trigger_price_type", "deadline", "symbol", "token",
    }
)  # fmt: skip
EDIT_FIELDS: Final = frozenset(
    {
        "order_id", "symbol", "order_qty", "display_qty", "limit_price", "triggers",
        "post_only", "reduce_only", "fee_preference", "no_mpp", "order_userref", "deadline",
        "validate", "token",
    }
)  # fmt: skip
CANCEL_FIELDS: Final = frozenset({"order_id", "cl_ord_id", "order_userref", "token"})
CANCEL_ALL_FIELDS: Final = frozenset({"token"})
CANCEL_AFTER_FIELDS: Final = frozenset({"timeout", "token"})
BATCH_CANCEL_FIELDS: Final = frozenset({"orders", "cl_ord_id", "token"})

_TYPES: Final = {
    "limit": OrderType.LIMIT,
    "iceberg": OrderType.LIMIT,
    "market": OrderType.MARKET,
    "stop-loss": OrderType.STOP_LOSS,
    "stop-loss-limit": OrderType.STOP_LOSS_LIMIT,
    "take-profit": OrderType.TAKE_PROFIT,
    "take-profit-limit": OrderType.TAKE_PROFIT_LIMIT,
    "trailing-stop": OrderType.TRAILING_STOP,
    "trailing-stop-limit": OrderType.TRAILING_STOP_LIMIT,
}
_STP: Final = {
    "cancel_newest": SelfTradePrevention.CANCEL_NEWEST,
    "cancel_oldest": SelfTradePrevention.CANCEL_OLDEST,
    "cancel_both": SelfTradePrevention.CANCEL_BOTH,
}
_TIME_IN_FORCE: Final = {"gtc": TimeInForce.GTC, "ioc": TimeInForce.IOC, "gtd": TimeInForce.GTD}
_FEES: Final = {"base": FeePreference.BASE, "quote": FeePreference.QUOTE}


# --- add_order ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewOrder:
    command: SubmitOrder
    client_order_id: str | None
    user_reference: int | None


def read_order(
    params: dict[str, Any],
    instrument: Instrument,
    *,
    account: str,
    session: str,
    now: int,
) -> NewOrder:
    """One order of ``add_order`` or ``batch_add`` (fields already checked)."""
    type_name = text(params, "order_type", required=True)
    order_type = _TYPES.get(type_name or "")
    if order_type is None:
        raise invalid("order_type")
    side_name = text(params, "side", required=True)
    if side_name not in ("buy", "sell"):
        raise invalid("side")
    side = Side(side_name)
    for unsupported in ("margin", "reduce_only"):
        if flag(params, unsupported):
            raise invalid(unsupported)
    if params.get("conditional") is not None or params.get("effective_time") is not None:
        raise invalid("conditional" if params.get("conditional") is not None else "effective_time")
    client_order_id = text(params, "cl_ord_id")
    user_reference = integer(params, "order_userref")
    if client_order_id is not None and (
        user_reference is not None or len(client_order_id) > MAXIMUM_CLIENT_ORDER_ID
    ):
        raise invalid("cl_ord_id")
    cash = number(params, "cash_order_qty", "volume", instrument.symbol)
    quantity: int | None
    if cash is not None:
        if order_type is not OrderType.MARKET or side is not Side.BUY:
            raise invalid("cash_order_qty")
        quantity = to_units(cash, instrument.notional_decimals, "volume", instrument.symbol)
    else:
        quantity = quantity_units(params, "order_qty", instrument)
        if quantity is None:
            raise invalid("order_qty")
    display = quantity_units(params, "display_qty", instrument, "displayvol")
    if (type_name == "iceberg") != (display is not None):
        raise invalid("display_qty")
    price = trigger_price = None
    trailing = limit_offset = None
    triggers = params.get("triggers")
    if triggers is not None and not isinstance(triggers, dict):
        raise invalid("triggers")
    triggers = triggers or {}
    reference = choice(
        triggers, "reference", {"last": TriggerReference.LAST, "index": TriggerReference.INDEX},
        TriggerReference.LAST,
    )  # fmt: skip
    if order_type.is_conditional:
        if "price" not in triggers:
            raise invalid("triggers")
        if order_type.is_trailing:
            trailing = offset(triggers, "price", "price_type", instrument, "quote")
        else:
            if triggers.get("price_type", "static") != "static":
                raise invalid("price_type")
            trigger_price = price_units(triggers, "price", instrument)
    elif triggers:
        raise invalid("triggers")
    if order_type is OrderType.TRAILING_STOP_LIMIT:
        limit_offset = offset(params, "limit_price", "limit_price_type", instrument, "quote")
        if limit_offset is None:
            raise invalid("limit_price")
    elif order_type.has_limit_price:
        if params.get("limit_price_type", "static") != "static":
            raise invalid("limit_price_type")
        price = price_units(params, "limit_price", instrument)
        if price is None:
            raise invalid("limit_price")
    elif params.get("limit_price") is not None:
        raise invalid("limit_price")
    time_in_force = choice(params, "time_in_force", _TIME_IN_FORCE, TimeInForce.GTC)
    expire_time = time(params, "expire_time")
    if (time_in_force is TimeInForce.GTD) != (expire_time is not None):
        raise invalid("expire_time")
    command = SubmitOrder(
        account=account,
        side=side,
        order_type=order_type,
        quantity=quantity,
        timestamp=now,
        price=price,
        trigger_price=trigger_price,
        trailing_offset=trailing,
        limit_offset=limit_offset,
        trigger_reference=reference,
        time_in_force=time_in_force,
        expire_time=expire_time,
        display_quantity=display,
        post_only=flag(params, "post_only"),
        fee_preference=choice(params, "fee_preference", _FEES, None),
        market_price_protection=not flag(params, "no_mpp"),
        quantity_in_quote=cash is not None,
        self_trade_prevention=choice(params, "stp_type", _STP, SelfTradePrevention.CANCEL_NEWEST),
        origin=Origin(Interface.WEBSOCKET, session, client_order_id, user_reference),
    )
    return NewOrder(command, client_order_id, user_reference)


def order_result(order_id: str, order: NewOrder) -> dict[str, Any]:
    """``add_order``'s result (and a ``batch_add`` row): ids echoed only when sent."""
    result: dict[str, Any] = {"order_id": order_id}
    if order.client_order_id is not None:
        result["cl_ord_id"] = order.client_order_id
    if order.user_reference is not None:
        result["order_userref"] = order.user_reference
    return result


# --- amend_order and edit_order ------------------------------------------------------------------


def read_amend(
    params: dict[str, Any],
    instrument: Instrument,
    *,
    account: str,
    now: int,
    order_id: str,
    trailing: bool,
) -> AmendOrder:
    """``amend_order`` of the order found for ``order_id`` / ``cl_ord_id``."""
    trigger_price = trailing_offset = None
    if trailing:
        trailing_offset = offset(params, "trigger_price", "trigger_price_type", instrument, "quote")
    else:
        if params.get("trigger_price_type", "static") != "static":
            raise invalid("trigger_price_type")
        trigger_price = price_units(params, "trigger_price", instrument)
    if params.get("limit_price_type", "static") != "static":
        raise invalid("limit_price_type")
    return AmendOrder(
        account=account,
        timestamp=now,
        order_id=order_id,
        quantity=quantity_units(params, "order_qty", instrument),
        display_quantity=quantity_units(params, "display_qty", instrument, "displayvol"),
        price=price_units(params, "limit_price", instrument),
        trigger_price=trigger_price,
        trailing_offset=trailing_offset,
        post_only=flag(params, "post_only"),
    )


def read_edit(
    params: dict[str, Any], instrument: Instrument, *, account: str, session: str, now: int
) -> EditOrder:
    order_id = text(params, "order_id", required=True)
    assert order_id is not None
    if params.get("triggers") is not None:
        raise invalid("triggers")
    for unsupported in ("reduce_only",):
        if flag(params, unsupported):
            raise invalid(unsupported)
    choice(params, "fee_preference", _FEES, None)
    flag(params, "no_mpp")
    user_reference = integer(params, "order_userref")
    post_only = params.get("post_only")
    if post_only is not None and type(post_only) is not bool:
        raise invalid("post_only")
    return EditOrder(
        account=account,
        order_id=order_id,
        timestamp=now,
        quantity=quantity_units(params, "order_qty", instrument),
        display_quantity=quantity_units(params, "display_qty", instrument, "displayvol"),
        price=price_units(params, "limit_price", instrument),
        post_only=post_only,
        user_reference=user_reference,
        origin=Origin(Interface.WEBSOCKET, session, None, user_reference),
    )


# --- cancels -------------------------------------------------------------------------------------


def read_timeout(params: dict[str, Any]) -> int:
    """``cancel_all_orders_after``'s ``timeout`` in seconds (0 disarms)."""
    timeout = params.get("timeout")
    if type(timeout) is not int or not 0 <= timeout < MAXIMUM_TIMEOUT_S:
        raise invalid("timeout")
    return timeout
