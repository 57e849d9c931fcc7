"""Instruments from Kraken's InstrumentList (35=y, spec/fix.md §9.2), as frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from krakenbox.client.model import parse_decimal
from krakenbox.client.reports import ClientError
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag

ONE_SYMBOL = "0"
ALL_SYMBOLS = "4"
VALID_REQUEST = "0"

ASSET_PAIR_STATUS = {
    "0": "hidden",
    "1": "online",
    "2": "maintenance",
    "3": "cancel-only",
    "4": "post-only",
    "5": "limit-only",
    "6": "delisted",
    "7": "reduce-only",
}


class InstrumentRequestFailed(ClientError):
    """The InstrumentList answered with InstrumentRequestResult (560) other than 0."""


@dataclass(frozen=True, slots=True)
class Instrument:
    symbol: str
    price_decimals: int
    """PricePrecision (2349)."""
    quantity_decimals: int
    """QtyPrecision (5010)."""
    tick_size: Decimal | None = None
    minimum_trade_volume: Decimal | None = None
    minimum_quantity: Decimal | None = None
    maximum_quantity: Decimal | None = None
    minimum_cost: Decimal | None = None
    status: str | None = None


def instrument_request(request_id: str, symbol: str | None) -> Message:
    """InstrumentListRequest (35=x): one pair (559=0) or all (559=4)."""
    message = Message.of(MsgType.SecurityListRequest, (Tag.SecurityReqID, request_id))
    if symbol is None:
        message.append(Tag.SecurityListRequestType, ALL_SYMBOLS)
    else:
        message.append(Tag.SecurityListRequestType, ONE_SYMBOL)
        message.append(Tag.Symbol, symbol)
    return message


def parse_instrument_list(message: Message) -> list[Instrument]:
    """The instruments of one InstrumentList message (one fragment of a fragmented list)."""
    result = message.get(Tag.SecurityRequestResult, VALID_REQUEST)
    if result != VALID_REQUEST:
        text = message.get(Tag.Text) or f"InstrumentRequestResult {result}"
        raise InstrumentRequestFailed(text)
    groups: list[dict[int, str]] = []
    for tag, value in message.fields:
        if tag == Tag.Symbol:
            groups.append({tag: value})
        elif groups:
            groups[-1].setdefault(tag, value)
    return [_instrument(fields) for fields in groups]


def is_last_fragment(message: Message) -> bool:
    return message.get(Tag.LastFragment, "Y") != "N"


def _instrument(fields: dict[int, str]) -> Instrument:
    symbol = fields[Tag.Symbol]
    try:
        price_decimals = int(fields[Tag.PricePrecision])
        quantity_decimals = int(fields[Tag.QtyPrecision])
    except (KeyError, ValueError):
        raise InstrumentRequestFailed(
            f"{symbol}: PricePrecision (2349) or QtyPrecision (5010) missing"
        ) from None
    return Instrument(
        symbol=symbol,
        price_decimals=price_decimals,
        quantity_decimals=quantity_decimals,
        tick_size=parse_decimal(fields.get(Tag.TickSize)),
        minimum_trade_volume=parse_decimal(fields.get(Tag.MinTradeVol)),
        minimum_quantity=parse_decimal(fields.get(Tag.QtyMin)),
        maximum_quantity=parse_decimal(fields.get(Tag.QtyMax)),
        minimum_cost=parse_decimal(fields.get(Tag.MinimumCost)),
        status=ASSET_PAIR_STATUS.get(
            fields.get(Tag.AssetPairStatus, ""), fields.get(Tag.AssetPairStatus)
        ),
    )
