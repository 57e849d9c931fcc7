"""Trading parameters → domain commands: AddOrder (and each order of AddOrderBatch),
AmendOrder, EditOrder, CancelOrder (spec/spot-rest.md §9). Pure: the gateway passes the time,
the instrument's last price (relative prices) and, for amends and edits, the order found.

Refusals are :class:`~krakenbox.kraken.rest.errors.RestError` with Kraken's strings; what the
engine decides (funds, tick size, minimums, unknown orders) is left to the engine.
Choices where Kraken is silent are in ``docs/rest.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, TypeVar

from krakenbox.domain.commands import AmendOrder, CancelOrder, EditOrder, SubmitOrder
from krakenbox.domain.instruments import Instrument
from krakenbox.domain.orders import (
    FeePreference,
    Interface,
    Order,
    OrderType,
    Origin,
    PriceOffset,
    SelfTradePrevention,
    Side,
    TimeInForce,
    TriggerReference,
)
from krakenbox.domain.records import fast_init
from krakenbox.kraken.errors.rejects import EdgeReason
from krakenbox.kraken.rest import prices
from krakenbox.kraken.rest.errors import RestError, invalid_arguments
from krakenbox.kraken.rest.parameters import Parameters
from krakenbox.kraken.symbols import SymbolTranslator, UnknownPair

ChoiceT = TypeVar("ChoiceT")
ORDER_TYPES: Final = {order_type.value: order_type for order_type in OrderType}
SIDES: Final = {side.value: side for side in Side}
TIMES_IN_FORCE: Final = {
    "GTC": TimeInForce.GTC,
    "IOC": TimeInForce.IOC,
    "GTD": TimeInForce.GTD,
    "FOK": TimeInForce.FOK,
}
SELF_TRADE: Final = {mode.value: mode for mode in SelfTradePrevention}
TRIGGERS: Final = {"last": TriggerReference.LAST, "index": TriggerReference.INDEX}
FLAGS: Final = frozenset({"post", "fcib", "fciq", "nompp", "viqc"})
USERREF_RANGE: Final = range(-(2**31), 2**31)
_LONG_UUID: Final = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_SHORT_UUID: Final = re.compile(r"[0-9a-fA-F]{32}")
MAXIMUM_FREE_TEXT: Final = 18
DEADLINE_MAXIMUM_NS: Final = 60 * 10**9


@fast_init
@dataclass(frozen=True, slots=True)
class OrderRequest:
    """An AddOrder, read: the instrument, the command and whether it is a dry run."""

    instrument: Instrument
    command: SubmitOrder
    validate: bool


def instrument_of(translator: SymbolTranslator, name: str | None) -> Instrument:
    if name is None:
        raise invalid_arguments("pair")
    try:
        return translator.rest_pair(name)
    except UnknownPair as error:
        raise RestError(error.reply) from None


def client_order_id(text: str | None) -> str | None:
    """``cl_ord_id``: a long or short UUID, or printable ASCII of at most 18 characters."""
    if text is None:
        return None
    if _LONG_UUID.fullmatch(text) or _SHORT_UUID.fullmatch(text):
        return text
    if len(text) <= MAXIMUM_FREE_TEXT and text.isascii() and text.isprintable():
        return text
    raise invalid_arguments("cl_ord_id")


def user_reference(parameters: Parameters, name: str = "userref") -> int | None:
    value = parameters.integer(name)
    if value is not None and value not in USERREF_RANGE:
        raise invalid_arguments(name)
    return value


def check_deadline(parameters: Parameters, now_ns: int) -> None:
    """``deadline`` passed: ``EService:Deadline elapsed``; too far ahead: invalid."""
    moment = prices.deadline(parameters.text("deadline"))
    if moment is None:
        return
    if moment <= now_ns:
        raise RestError.of(EdgeReason.DEADLINE_ELAPSED)
    if moment > now_ns + DEADLINE_MAXIMUM_NS:
        raise invalid_arguments("deadline")


def _choice(
    table: Mapping[str, ChoiceT], parameters: Parameters, name: str, default: str
) -> ChoiceT:
    text = parameters.text(name, default)
    assert text is not None
    found = table.get(text)
    if found is None:
        raise invalid_arguments(name)
    return found


def _flags(parameters: Parameters) -> frozenset[str]:
    flags = parameters.text_list("oflags") or []
    if not set(flags) <= FLAGS or {"fcib", "fciq"} <= set(flags):
        raise invalid_arguments("oflags")
    return frozenset(flags)


def add_order(
    parameters: Parameters,
    translator: SymbolTranslator,
    *,
    account: str,
    now_ns: int,
    last_price: int | None,
    pair: str | None = None,
) -> OrderRequest:
    """AddOrder's parameters (``pair`` given for the orders of a batch)."""
    instrument = instrument_of(translator, pair if pair is not None else parameters.text("pair"))
    side = _choice(SIDES, parameters, "type", "")
    type_text = parameters.text("ordertype")
    if type_text is None:
        raise invalid_arguments("ordertype")
    iceberg = type_text == "iceberg"
    order_type = OrderType.LIMIT if iceberg else ORDER_TYPES.get(type_text)
    if order_type is None:
        raise invalid_arguments("ordertype")
    flags = _flags(parameters)
    in_quote = "viqc" in flags
    if in_quote and not (order_type is OrderType.MARKET and side is Side.BUY):
        raise invalid_arguments("viqc")
    if "post" in flags and order_type is not OrderType.LIMIT:
        raise invalid_arguments("oflags")
    volume_text = parameters.required_text("volume")
    decimals = instrument.notional_decimals if in_quote else instrument.quantity_decimals
    quantity = prices.units(instrument, volume_text, "volume", decimals)
    display = None
    if iceberg:
        display_text = parameters.text("displayvol")
        if display_text is None:
            raise invalid_arguments("displayvol")
        display = prices.units(instrument, display_text, "displayvol", instrument.quantity_decimals)
    elif parameters.present("displayvol"):
        raise invalid_arguments("displayvol")
    if parameters.present("leverage") and parameters.text("leverage") not in (
        "none",
        "0",
        "1",
        "1:1",
    ):
        raise RestError("EOrder:Cannot open position")
    if parameters.boolean("reduce_only"):
        raise invalid_arguments("reduce_only")
    if parameters.mapping("close") is not None or parameters.present("close[ordertype]"):
        raise invalid_arguments("close")
    priced = _order_prices(parameters, instrument, order_type, side, last_price)
    time_in_force = _choice(TIMES_IN_FORCE, parameters, "timeinforce", "GTC")
    if prices.time_parameter(parameters.text("starttm"), "starttm", now_ns) is not None:
        raise invalid_arguments("starttm")
    expire = prices.time_parameter(parameters.text("expiretm"), "expiretm", now_ns)
    if expire is not None and time_in_force is TimeInForce.GTC:
        time_in_force = TimeInForce.GTD
    if time_in_force is TimeInForce.GTD and expire is None:
        raise invalid_arguments("expiretm")
    if expire is not None and time_in_force is not TimeInForce.GTD:
        raise invalid_arguments("expiretm")
    reference = user_reference(parameters)
    client_id = client_order_id(parameters.text("cl_ord_id"))
    if reference is not None and client_id is not None:
        raise invalid_arguments("cl_ord_id")
    check_deadline(parameters, now_ns)
    trigger = _choice(TRIGGERS, parameters, "trigger", "last")
    stp = _choice(SELF_TRADE, parameters, "stptype", "cancel-newest")
    preference = (
        FeePreference.BASE if "fcib" in flags else FeePreference.QUOTE if "fciq" in flags else None
    )
    command = SubmitOrder(
        account=account,
        side=side,
        order_type=order_type,
        quantity=quantity,
        timestamp=now_ns,
        price=priced.price,
        trigger_price=priced.trigger_price,
        trailing_offset=priced.trailing_offset,
        limit_offset=priced.limit_offset,
        trigger_reference=trigger,
        time_in_force=time_in_force,
        expire_time=expire,
        display_quantity=display,
        post_only="post" in flags,
        fee_preference=preference,
        market_price_protection="nompp" not in flags,
        quantity_in_quote=in_quote,
        self_trade_prevention=stp,
        origin=Origin(Interface.REST, None, client_id, reference),
    )
    return OrderRequest(instrument, command, parameters.boolean("validate"))


@fast_init
@dataclass(frozen=True, slots=True)
class _Prices:
    price: int | None = None
    trigger_price: int | None = None
    trailing_offset: PriceOffset | None = None
    limit_offset: PriceOffset | None = None


def _order_prices(
    parameters: Parameters,
    instrument: Instrument,
    order_type: OrderType,
    side: Side,
    last_price: int | None,
) -> _Prices:
    price_text = parameters.text("price")
    price2_text = parameters.text("price2")
    if order_type is OrderType.MARKET:
        return _Prices()
    if price_text is None:
        raise invalid_arguments("price")
    # '#': below the market for buys of limit and take-profit kinds, above for stops.
    toward = -1 if side is Side.BUY else 1
    if order_type is OrderType.LIMIT:
        limit = prices.price(
            instrument, price_text, "price", reference=last_price, hash_sign=toward
        )
        return _Prices(price=limit)
    if order_type.is_trailing:
        if not price_text.strip().startswith("+"):
            raise invalid_arguments("price")
        trailing = prices.offset(instrument, price_text, "price")
        if trailing.amount <= 0:
            raise invalid_arguments("price")
        if order_type is OrderType.TRAILING_STOP:
            return _Prices(trailing_offset=trailing)
        if price2_text is None or price2_text.strip()[:1] not in ("+", "-"):
            raise invalid_arguments("price2")
        return _Prices(
            trailing_offset=trailing, limit_offset=prices.offset(instrument, price2_text, "price2")
        )
    stop_sign = -toward if order_type.is_stop_loss else toward
    trigger = prices.price(
        instrument, price_text, "price", reference=last_price, hash_sign=stop_sign
    )
    if not order_type.has_limit_price:
        return _Prices(trigger_price=trigger)
    if price2_text is None:
        raise invalid_arguments("price2")
    limit = prices.price(instrument, price2_text, "price2", reference=trigger, hash_sign=toward)
    return _Prices(price=limit, trigger_price=trigger)


# --- AmendOrder, EditOrder, CancelOrder ---------------------------------------------------------


def order_reference(parameters: Parameters) -> tuple[str | None, str | None]:
    """(``txid``, ``cl_ord_id``) of an amend: exactly one of them."""
    order_id = parameters.text("txid")
    client_id = parameters.text("cl_ord_id")
    if (order_id is None) == (client_id is None):
        raise invalid_arguments("txid" if order_id is None else "cl_ord_id")
    return order_id, client_id


def amend_order(
    parameters: Parameters, order: Order, instrument: Instrument, *, account: str, now_ns: int
) -> AmendOrder:
    """AmendOrder for ``order`` (found by the gateway from ``txid`` or ``cl_ord_id``)."""
    check_deadline(parameters, now_ns)
    quantity = display = limit = trigger = None
    trailing = None
    if (text := parameters.text("order_qty")) is not None:
        quantity = prices.units(instrument, text, "volume", instrument.quantity_decimals)
    if (text := parameters.text("display_qty")) is not None:
        display = prices.units(instrument, text, "displayvol", instrument.quantity_decimals)
    if (text := parameters.text("limit_price")) is not None:
        reference = order.price
        toward = -1 if order.side is Side.BUY else 1
        limit = prices.price(instrument, text, "price", reference=reference, hash_sign=toward)
    if (text := parameters.text("trigger_price")) is not None:
        if order.order_type.is_trailing:
            trailing = prices.offset(instrument, text, "price")
        else:
            trigger = prices.price(
                instrument, text, "price", reference=order.trigger_price, hash_sign=1
            )
    return AmendOrder(
        account=account,
        timestamp=now_ns,
        order_id=order.order_id,
        quantity=quantity,
        display_quantity=display,
        price=limit,
        trigger_price=trigger,
        trailing_offset=trailing,
        post_only=parameters.boolean("post_only"),
    )


def edit_order(
    parameters: Parameters, order: Order, instrument: Instrument, *, account: str, now_ns: int
) -> EditOrder:
    """EditOrder (cancel and replace) of ``order``."""
    check_deadline(parameters, now_ns)
    quantity = display = limit = None
    if (text := parameters.text("volume")) is not None:
        quantity = prices.units(instrument, text, "volume", instrument.quantity_decimals)
    if (text := parameters.text("displayvol")) is not None:
        display = prices.units(instrument, text, "displayvol", instrument.quantity_decimals)
    if (text := parameters.text("price")) is not None:
        toward = -1 if order.side is Side.BUY else 1
        limit = prices.price(instrument, text, "price", reference=order.price, hash_sign=toward)
    flags = _flags(parameters) if parameters.present("oflags") else None
    reference = user_reference(parameters)
    return EditOrder(
        account=account,
        order_id=order.order_id,
        timestamp=now_ns,
        quantity=quantity,
        display_quantity=display,
        price=limit,
        post_only=None if flags is None else "post" in flags,
        user_reference=reference,
        origin=Origin(Interface.REST, None, None, reference),
    )


def cancel_order(
    account: str, now_ns: int, *, order_id: str | None, client_id: str | None
) -> CancelOrder:
    """CancelOrder by id, by ``cl_ord_id`` or (``txid`` all digits) by ``userref``."""
    if order_id is not None and _is_user_reference(order_id):
        return CancelOrder(account=account, timestamp=now_ns, user_reference=int(order_id))
    return CancelOrder(
        account=account,
        timestamp=now_ns,
        order_id=order_id,
        client_order_id=None if order_id is not None else client_id,
    )


def _is_user_reference(text: str) -> bool:
    body = text[1:] if text.startswith("-") else text
    return body.isascii() and body.isdigit() and len(body) <= 10
