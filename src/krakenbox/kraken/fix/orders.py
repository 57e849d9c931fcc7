"""Kraken's FIX order messages → domain requests (spec/fix.md §5, §6).

Each parser takes a message that already passed the session's dictionary checks (required
tags, enumerated values, data types) and reads it the way Kraken's Spot gateway does. What the
dictionary cannot know is refused with :class:`Refused`, carrying either a session Reject
(35=3: a field-level fault, with the tag at fault) or a BusinessMessageReject (35=j: a business
rule, before the engine gives an OrderID), as spec/fix.md §4.8 splits them.

Choices where Kraken is silent are in ``docs/fix-trading.md``; the main ones:

* Trailing orders (40=U/V): 99 StopPx is the trailing distance and, for 40=V, 44 Price is the
  limit offset from the trigger, both absolute amounts in the quote currency — a fixed price
  means nothing for an order whose trigger moves, and Kraken documents no other tag.
* 168 EffectiveTime in the future (scheduled orders) and 18=E (reduce-only, a margin feature)
  and 5001=1 (margin) are refused with a business reject: the Spot engine has no scheduled
  orders and no margin yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeVar

from krakenbox.core.units import InvalidNumber, parse_units
from krakenbox.domain.commands import AmendOrder, SubmitOrder
from krakenbox.domain.orders import (
    FeePreference,
    Interface,
    OrderType,
    Origin,
    PriceOffset,
    SelfTradePrevention,
    Side,
    TimeInForce,
    TriggerReference,
)
from krakenbox.domain.records import fast_init
from krakenbox.fix.tags import Tag
from krakenbox.fix.timestamps import is_utc_timestamp, parse_utc_timestamp
from krakenbox.kraken.errors import (
    FixBusinessReject,
    FixSessionReject,
    NumberField,
    fix_number_reject,
)
from krakenbox.kraken.errors.rejects import (
    FIX_CONDITIONALLY_REQUIRED_FIELD_MISSING,
    FIX_OTHER,
    FIX_UNKNOWN_INSTRUMENT,
)
from krakenbox.kraken.symbols import UnknownPair

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument
    from krakenbox.fix.message import Message
    from krakenbox.kraken.symbols import SymbolTranslator

_T = TypeVar("_T")
Fields = Mapping[int, str]
"""A message's fields by tag (the first occurrence of each): one dict built per message
instead of a scan of the field list for every tag read."""
_Parser = Callable[[str], int]

# SessionRejectReason (373).
REQUIRED_TAG_MISSING: Final = 1
VALUE_INCORRECT: Final = 5

ORDER_TYPES: Final[dict[str, OrderType]] = {
    "1": OrderType.MARKET,
    "2": OrderType.LIMIT,
    "3": OrderType.STOP_LOSS,
    "4": OrderType.STOP_LOSS_LIMIT,
    "R": OrderType.TAKE_PROFIT,
    "T": OrderType.TAKE_PROFIT_LIMIT,
    "U": OrderType.TRAILING_STOP,
    "V": OrderType.TRAILING_STOP_LIMIT,
}
ORDER_TYPE_CODES: Final[dict[OrderType, str]] = {value: key for key, value in ORDER_TYPES.items()}
SIDES: Final[dict[str, Side]] = {"1": Side.BUY, "2": Side.SELL}
SIDE_CODES: Final[dict[Side, str]] = {value: key for key, value in SIDES.items()}
TIMES_IN_FORCE: Final[dict[str, TimeInForce]] = {
    "1": TimeInForce.GTC,
    "3": TimeInForce.IOC,
    "4": TimeInForce.FOK,
    "6": TimeInForce.GTD,
}
TIME_IN_FORCE_CODES: Final[dict[TimeInForce, str]] = {
    value: key for key, value in TIMES_IN_FORCE.items()
}
TRIGGER_REFERENCES: Final[dict[str, TriggerReference]] = {
    "1": TriggerReference.INDEX,
    "5": TriggerReference.LAST,
}
SELF_TRADE_PREVENTION: Final[dict[str, SelfTradePrevention]] = {
    "0": SelfTradePrevention.CANCEL_BOTH,
    "1": SelfTradePrevention.CANCEL_NEWEST,
    "2": SelfTradePrevention.CANCEL_OLDEST,
}
SPOT_EXEC_INSTRUCTIONS: Final = frozenset({"P", "E", "v", "f", "q"})

_PRICED: Final = frozenset({"2", "4", "T", "V"})
_TRIGGERED: Final = frozenset({"3", "4", "R", "T", "U", "V"})
_TRAILING: Final = frozenset({"U", "V"})
_NUMBER_ID: Final = re.compile(r"[1-9][0-9]{0,17}")
_COMB_UUID: Final = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", re.IGNORECASE
)
VALID_UNTIL_MIN_NS: Final = 2_000_000_000
VALID_UNTIL_MAX_NS: Final = 60_000_000_000


class Refused(Exception):
    """An order message refused before the engine: ``reply`` says with what."""

    def __init__(self, reply: FixSessionReject | FixBusinessReject, ref_tag: int | None = None):
        super().__init__(reply.text)
        self.reply = reply
        self.ref_tag = ref_tag


def field_reject(tag: int, name: str, reason: int = VALUE_INCORRECT) -> Refused:
    """A session Reject for a field, with Kraken's documented text."""
    if reason == REQUIRED_TAG_MISSING:
        return Refused(FixSessionReject(reason, f"Missing mandatory field: {name} ({tag})"), tag)
    return Refused(FixSessionReject(reason, f"Invalid value for tag {tag}: {name}"), tag)


def business_reject(text: str, reason: int = FIX_OTHER) -> Refused:
    return Refused(FixBusinessReject(reason, text))


@fast_init
@dataclass(frozen=True, slots=True)
class NewOrder:
    """A NewOrderSingle, read: the command for the engine and what the reports echo."""

    command: SubmitOrder
    pair: str
    """REST pair key of the instrument."""
    client_order_id: str
    allocation_account: str | None
    """AllocAccount (79) of a broker's NoAllocs=1 group, echoed on every report."""


@fast_init
@dataclass(frozen=True, slots=True)
class CancelRequest:
    client_order_id: str
    order_id: str | None
    original_client_order_id: str | None
    pair: str


@fast_init
@dataclass(frozen=True, slots=True)
class ReplaceRequest:
    command: AmendOrder
    client_order_id: str
    pair: str


@dataclass(frozen=True, slots=True)
class MassCancelRequest:
    client_order_id: str
    scope: str
    """MassCancelRequestType (530): ``1`` one symbol, ``6`` this session, ``7`` the account."""
    pair: str | None


@dataclass(frozen=True, slots=True)
class StatusRequest:
    client_order_id: str
    order_id: str
    pair: str


# --- common fields -------------------------------------------------------------------------


def fields_of(message: Message) -> dict[int, str]:
    """The message's fields by tag; a tag that repeats keeps its first value, as
    :meth:`Message.get` reads it."""
    return dict(reversed(message.fields))


def client_order_id(message: Fields, tag: int = Tag.ClOrdID, name: str = "ClOrdID") -> str:
    """ClOrdID (or OrigClOrdID) in one of Kraken's two shapes (§5.3): an increasing number of
    at most 18 digits, or a timestamp-first v4 UUID."""
    value = message.get(tag)
    if value is None:
        raise field_reject(tag, name, REQUIRED_TAG_MISSING)
    if _NUMBER_ID.fullmatch(value) is None and _COMB_UUID.fullmatch(value) is None:
        raise field_reject(tag, name)
    return value


def instrument(message: Fields, translator: SymbolTranslator) -> Instrument:
    symbol = message.get(Tag.Symbol) or ""
    try:
        return translator.fix_pair(symbol)
    except UnknownPair as error:
        raise business_reject(error.reply, FIX_UNKNOWN_INSTRUMENT) from None


def _number(
    message: Fields, tag: int, name: str, field: NumberField, parse: _Parser, symbol: str
) -> int | None:
    text = message.get(tag)
    if text is None:
        return None
    try:
        return parse(text)
    except InvalidNumber as error:
        reply = fix_number_reject(error.problem, field, tag, name, symbol, error.allowed_decimals)
        raise Refused(reply, tag if isinstance(reply, FixSessionReject) else None) from None


def _timestamp(message: Fields, tag: int, name: str) -> int | None:
    text = message.get(tag)
    if text is None:
        return None
    if not is_utc_timestamp(text):
        raise field_reject(tag, name)
    return parse_utc_timestamp(text)


def _enumerated(message: Fields, tag: int, name: str, table: dict[str, _T], default: _T) -> _T:
    text = message.get(tag)
    if text is None:
        return default
    found = table.get(text)
    if found is None:
        raise field_reject(tag, name)
    return found


# --- NewOrderSingle ------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class _Flags:
    post_only: bool = False
    quantity_in_quote: bool = False
    fee_preference: FeePreference | None = None


def execution_instructions(message: Fields) -> _Flags:
    """ExecInst (18): space-separated Spot values P, v, f, q (E is refused: margin)."""
    text = message.get(Tag.ExecInst)
    if text is None:
        return _Flags()
    values = text.split(" ")
    if not values or any(value not in SPOT_EXEC_INSTRUCTIONS for value in values):
        raise field_reject(Tag.ExecInst, "ExecInst")
    if "E" in values:
        raise business_reject("EGeneral:Invalid arguments:reduce_only")
    if "f" in values and "q" in values:
        raise business_reject("EGeneral:Invalid arguments:oflags")
    fee = FeePreference.BASE if "f" in values else FeePreference.QUOTE if "q" in values else None
    return _Flags("P" in values, "v" in values, fee)


def allocation_account(message: Fields) -> str | None:
    """AllocAccount (79) of the broker group; NoAllocs (78) must be 1 when present."""
    count = message.get(Tag.NoAllocs)
    if count is None:
        return None
    if count != "1":
        raise field_reject(Tag.NoAllocs, "NoAllocs")
    account = message.get(Tag.AllocAccount)
    if not account:
        raise field_reject(Tag.AllocAccount, "AllocAccount", REQUIRED_TAG_MISSING)
    return account


def check_valid_until(message: Fields, now: int) -> None:
    """ValidUntilTime (62): 2 to 60 seconds ahead when sent; an order arriving after it is
    refused (380=104, order too old)."""
    valid_until = _timestamp(message, Tag.ValidUntilTime, "ValidUntilTime")
    if valid_until is None:
        return
    if valid_until <= now:
        raise business_reject("EOrder:Order too old", 104)
    ahead = valid_until - now
    if ahead > VALID_UNTIL_MAX_NS or ahead < VALID_UNTIL_MIN_NS - 1_000_000_000:
        # A second of slack below the 2 s minimum: the message spent time on the wire.
        raise business_reject("EGeneral:Invalid arguments:ValidUntilTime")


def new_order(
    message: Message,
    translator: SymbolTranslator,
    *,
    account: str,
    session_id: str,
    timestamp: int,
) -> NewOrder:
    """A NewOrderSingle (35=D) as a SubmitOrder for ``account``, placed by ``session_id``."""
    fields = fields_of(message)
    identifier = client_order_id(fields)
    pair = instrument(fields, translator)
    symbol = fields.get(Tag.Symbol) or ""
    type_code = fields.get(Tag.OrdType) or ""
    order_type = ORDER_TYPES.get(type_code)
    if order_type is None:
        raise field_reject(Tag.OrdType, "OrderType")
    side = _enumerated(fields, Tag.Side, "Side", SIDES, Side.BUY)
    time_in_force = _enumerated(
        fields, Tag.TimeInForce, "TimeInForce", TIMES_IN_FORCE, TimeInForce.GTC
    )
    flags = execution_instructions(fields)
    check_valid_until(fields, timestamp)
    _check_unsupported(fields, timestamp)
    quantity = _number(
        fields, Tag.OrderQty, "OrderQty", "volume", _quantity_parser(pair, flags), symbol
    )
    if quantity is None:
        raise field_reject(Tag.OrderQty, "OrderQty", REQUIRED_TAG_MISSING)
    prices = _prices(fields, pair, type_code, symbol)
    expire_time = _timestamp(fields, Tag.ExpireTime, "ExpireTime")
    if time_in_force is TimeInForce.GTD and expire_time is None:
        raise business_reject(
            "EGeneral:Invalid arguments:expiretm", FIX_CONDITIONALLY_REQUIRED_FIELD_MISSING
        )
    command = SubmitOrder(
        account=account,
        side=side,
        order_type=order_type,
        quantity=quantity,
        timestamp=timestamp,
        time_in_force=time_in_force,
        expire_time=expire_time if time_in_force is TimeInForce.GTD else None,
        display_quantity=_number(
            fields, Tag.DisplayQty, "DisplayQty", "displayvol", pair.parse_quantity, symbol
        ),
        post_only=flags.post_only,
        fee_preference=flags.fee_preference,
        quantity_in_quote=flags.quantity_in_quote,
        trigger_reference=_enumerated(
            fields,
            Tag.DiscretionInst,
            "DiscretionInst",
            TRIGGER_REFERENCES,
            TriggerReference.LAST,
        ),
        self_trade_prevention=_enumerated(
            fields,
            Tag.SelfTradePrevention,
            "SelfTradePrevention",
            SELF_TRADE_PREVENTION,
            SelfTradePrevention.CANCEL_NEWEST,
        ),
        origin=Origin(Interface.FIX, session_id, identifier),
        price=prices.price,
        trigger_price=prices.trigger_price,
        trailing_offset=prices.trailing_offset,
        limit_offset=prices.limit_offset,
    )
    return NewOrder(command, pair.key, identifier, allocation_account(fields))


def _quantity_parser(pair: Instrument, flags: _Flags) -> _Parser:
    if flags.quantity_in_quote:
        # viqc: the quantity is a quote amount, in notional units (price units × lots).
        decimals = pair.price_decimals + pair.quantity_decimals

        def parse(text: str) -> int:
            return parse_units(text, decimals)

        return parse
    return pair.parse_quantity


def _check_unsupported(message: Fields, now: int) -> None:
    if message.get(Tag.Leverage, "0") != "0":
        raise business_reject("EGeneral:Invalid arguments:leverage")
    effective = _timestamp(message, Tag.EffectiveTime, "EffectiveTime")
    if effective is not None and effective > now:
        raise business_reject("EGeneral:Invalid arguments:starttm")


@fast_init
@dataclass(frozen=True, slots=True)
class _Prices:
    price: int | None = None
    trigger_price: int | None = None
    trailing_offset: PriceOffset | None = None
    limit_offset: PriceOffset | None = None


def _prices(message: Fields, pair: Instrument, type_code: str, symbol: str) -> _Prices:
    """The SubmitOrder price fields of an order type: 44 and 99 as §5.1 asks for them."""
    price = _number(message, Tag.Price, "Price", "price", pair.parse_price, symbol)
    stop = _number(message, Tag.StopPx, "StopPx", "price2", pair.parse_price, symbol)
    if type_code in _PRICED and price is None:
        raise business_reject(
            "EGeneral:Invalid arguments:price", FIX_CONDITIONALLY_REQUIRED_FIELD_MISSING
        )
    if type_code in _TRIGGERED and stop is None:
        raise business_reject(
            "EGeneral:Invalid arguments:price", FIX_CONDITIONALLY_REQUIRED_FIELD_MISSING
        )
    if type_code in _TRAILING:
        assert stop is not None
        return _Prices(
            trailing_offset=PriceOffset(stop),
            limit_offset=PriceOffset(price) if price is not None else None,
        )
    return _Prices(
        price=price if type_code in _PRICED else None,
        trigger_price=stop if type_code in _TRIGGERED else None,
    )


# --- cancel, replace, mass cancel, status ---------------------------------------------------


def cancel_request(message: Message, translator: SymbolTranslator) -> CancelRequest:
    """An OrderCancelRequest (35=F): OrderID (37) wins over OrigClOrdID (41) (§6.1)."""
    fields = fields_of(message)
    identifier = client_order_id(fields)
    pair = instrument(fields, translator)
    order_id = fields.get(Tag.OrderID) or None
    original = None
    if order_id is None:
        if fields.get(Tag.OrigClOrdID) is None:
            raise business_reject(
                "EGeneral:Invalid arguments:OrderID or OrigClOrdID required",
                FIX_CONDITIONALLY_REQUIRED_FIELD_MISSING,
            )
        original = client_order_id(fields, Tag.OrigClOrdID, "OrigClOrdID")
    return CancelRequest(identifier, order_id, original, pair.key)


def replace_request(
    message: Message,
    translator: SymbolTranslator,
    *,
    account: str,
    session_id: str,
    timestamp: int,
) -> ReplaceRequest:
    """An OrderCancelReplaceRequest (35=G) as an in-place amend (§6.2): quantity, display
    quantity, price and trigger price; the new ClOrdID becomes the order's."""
    fields = fields_of(message)
    identifier = client_order_id(fields)
    pair = instrument(fields, translator)
    symbol = fields.get(Tag.Symbol) or ""
    type_code = fields.get(Tag.OrdType) or ""
    if type_code not in ORDER_TYPES:
        raise field_reject(Tag.OrdType, "OrderType")
    check_valid_until(fields, timestamp)
    flags = execution_instructions(fields)
    quantity = _number(fields, Tag.OrderQty, "OrderQty", "volume", pair.parse_quantity, symbol)
    price = _number(fields, Tag.Price, "Price", "price", pair.parse_price, symbol)
    stop = _number(fields, Tag.StopPx, "StopPx", "price2", pair.parse_price, symbol)
    trailing = type_code in _TRAILING
    command = AmendOrder(
        account=account,
        timestamp=timestamp,
        order_id=fields.get(Tag.OrderID) or None,
        quantity=quantity,
        display_quantity=_number(
            fields, Tag.DisplayQty, "DisplayQty", "displayvol", pair.parse_quantity, symbol
        ),
        price=None if trailing else price,
        trigger_price=None if trailing else stop,
        trailing_offset=PriceOffset(stop) if trailing and stop is not None else None,
        post_only=flags.post_only,
        new_client_order_id=identifier,
        session_id=session_id,
    )
    return ReplaceRequest(command, identifier, pair.key)


def mass_cancel_request(message: Message, translator: SymbolTranslator) -> MassCancelRequest:
    """An OrderMassCancelRequest (35=q): 530=1 one symbol, 6 this session, 7 the account."""
    fields = fields_of(message)
    identifier = client_order_id(fields)
    scope = fields.get(Tag.MassCancelRequestType) or ""
    if scope not in ("1", "6", "7"):
        raise field_reject(Tag.MassCancelRequestType, "MassCancelRequestType")
    pair = None
    if scope == "1":
        if fields.get(Tag.Symbol) is None:
            raise field_reject(Tag.Symbol, "Symbol", REQUIRED_TAG_MISSING)
        pair = instrument(fields, translator).key
    return MassCancelRequest(identifier, scope, pair)


def status_request(message: Message, translator: SymbolTranslator) -> StatusRequest:
    """An OrderStatusRequest (35=H): by OrderID (37), answered with an ER 150=I."""
    fields = fields_of(message)
    identifier = fields.get(Tag.ClOrdID) or ""
    pair = instrument(fields, translator)
    order_id = fields.get(Tag.OrderID)
    if not order_id:
        raise field_reject(Tag.OrderID, "OrderID", REQUIRED_TAG_MISSING)
    return StatusRequest(identifier, order_id, pair.key)
