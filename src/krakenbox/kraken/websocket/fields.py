"""Typed reads of a WebSocket v2 request's ``params``: each refuses a wrong value with
Kraken's string (``EGeneral:Invalid arguments:<name>``, or the REST number errors for prices
and quantities) by raising :class:`~krakenbox.kraken.websocket.envelope.Refused`.

Numbers arrive as JSON numbers (``int`` or ``Decimal``, never ``float``) or strings and become
integer units of the pair.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from krakenbox.core.units import InvalidNumber, NumberProblem, decimal_to_units, parse_decimal
from krakenbox.domain.orders import OffsetUnit, PriceOffset
from krakenbox.kraken.errors import NumberField, number_error, number_error_for
from krakenbox.kraken.websocket.envelope import INVALID_ARGUMENTS, Refused
from krakenbox.kraken.websocket.wire import InvalidTime, parse_timestamp

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument

DEADLINE_ELAPSED: Final = "EService:Deadline elapsed"
MAXIMUM_EXPONENT: Final = 30
"""Numbers beyond ``10**±30`` are refused before any arithmetic (``1e999999999``)."""
_PERCENT_DECIMALS: Final = 4
"""Percent offsets in parts per million: 1.5 (%) is 15_000."""


def invalid(detail: str | None = None) -> Refused:
    return Refused(INVALID_ARGUMENTS if detail is None else f"{INVALID_ARGUMENTS}:{detail}")


def check_fields(params: dict[str, Any], allowed: frozenset[str], message_type: str) -> None:
    for key in params:
        if key not in allowed:
            raise Refused(f"Unsupported field: '{key}' for the given msg type: {message_type}")


def text(params: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = params.get(name)
    if value is None:
        if required:
            raise invalid(name)
        return None
    if not isinstance(value, str) or not value:
        raise invalid(name)
    return value


def flag(params: dict[str, Any], name: str, default: bool = False) -> bool:
    value = params.get(name, default)
    if type(value) is not bool:
        raise invalid(name)
    return value


def integer(params: dict[str, Any], name: str) -> int | None:
    value = params.get(name)
    if value is None:
        return None
    if type(value) is not int:
        raise invalid(name)
    return value


def number(params: dict[str, Any], name: str, field: NumberField, pair: str) -> Decimal | None:
    """A JSON number (or a numeric string) as an exact ``Decimal``, positive."""
    value = params.get(name)
    if value is None:
        return None
    if type(value) is int:
        value = Decimal(value)
    elif isinstance(value, str):
        try:
            value = parse_decimal(value)
        except InvalidNumber as error:
            raise Refused(number_error_for(error, field, pair)) from None
    elif not isinstance(value, Decimal):
        raise Refused(number_error(NumberProblem.MALFORMED, field, pair))
    if not value.is_finite() or abs(value.adjusted()) > MAXIMUM_EXPONENT or value <= 0:
        raise Refused(number_error(NumberProblem.MALFORMED, field, pair))
    return value


def to_units(value: Decimal, decimals: int, field: NumberField, pair: str) -> int:
    try:
        return decimal_to_units(value, decimals)
    except InvalidNumber as error:
        raise Refused(number_error_for(error, field, pair)) from None


def price_units(params: dict[str, Any], name: str, instrument: Instrument) -> int | None:
    value = number(params, name, "price", instrument.symbol)
    if value is None:
        return None
    return to_units(value, instrument.price_decimals, "price", instrument.symbol)


def quantity_units(
    params: dict[str, Any], name: str, instrument: Instrument, field: NumberField = "volume"
) -> int | None:
    value = number(params, name, field, instrument.symbol)
    if value is None:
        return None
    return to_units(value, instrument.quantity_decimals, field, instrument.symbol)


def offset(
    params: dict[str, Any], name: str, unit_name: str, instrument: Instrument, default: str
) -> PriceOffset | None:
    """A trailing distance or a limit offset: ``quote`` in price units, ``pct`` in parts per
    million (at most 4 decimals of percent)."""
    value = number(params, name, "price", instrument.symbol)
    if value is None:
        return None
    unit = params.get(unit_name, default)
    if unit == "pct":
        return PriceOffset(
            to_units(value, _PERCENT_DECIMALS, "price", instrument.symbol), OffsetUnit.PERCENT
        )
    if unit in ("quote", "static"):
        return PriceOffset(to_units(value, instrument.price_decimals, "price", instrument.symbol))
    raise invalid(unit_name)


def time(params: dict[str, Any], name: str) -> int | None:
    value = params.get(name)
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except InvalidTime:
        raise invalid(name) from None


def check_deadline(params: dict[str, Any], now: int) -> None:
    deadline = time(params, "deadline")
    if deadline is not None and deadline < now:
        raise Refused(DEADLINE_ELAPSED)


def choice(params: dict[str, Any], name: str, table: dict[str, Any], default: Any) -> Any:
    value = params.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise invalid(name)
    found = table.get(value.lower())
    if found is None:
        raise invalid(name)
    return found


def string_list(params: dict[str, Any], name: str) -> list[str]:
    value = params.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise invalid(name)
    return value


def integer_list(params: dict[str, Any], name: str) -> list[int]:
    value = params.get(name)
    if value is None:
        return []
    if type(value) is int:
        value = [value]
    if not isinstance(value, list) or not all(type(item) is int for item in value):
        raise invalid(name)
    return value
