"""Prices and times as REST order parameters write them (spec/spot-rest.md §9.1.1).

* A price is absolute (``30000.5``) or relative to a reference: ``+x``/``-x`` (offset),
  ``#x`` (the side that makes sense for the order), any of them with ``%`` (percent of the
  reference). The reference is the last trade price (or, for the limit price of a triggered
  order, its trigger price). Trailing types take offsets (:class:`PriceOffset`) instead.
* ``starttm``/``expiretm``: ``0`` (none), ``<n>`` absolute Unix seconds, ``+<n>`` seconds from
  now (form decoding turns an unescaped ``+`` into a space: a leading space means ``+``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from krakenbox.core.clock import NANOS_PER_SECOND
from krakenbox.core.units import InvalidNumber, Rounding, divide, parse_units
from krakenbox.domain.instruments import Instrument
from krakenbox.domain.orders import PARTS_PER_MILLION, OffsetUnit, PriceOffset
from krakenbox.kraken.errors import NumberField, number_error_for
from krakenbox.kraken.rest.errors import RestError, invalid_arguments
from krakenbox.kraken.rest.numbers import PERCENT_DECIMALS

_SIGNS: Final = frozenset("+-#")
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def units(instrument: Instrument, text: str, field: NumberField, decimals: int) -> int:
    """``text`` in units of ``10**-decimals``; Kraken's error for the field otherwise."""
    try:
        return parse_units(text.strip(), decimals)
    except InvalidNumber as error:
        raise RestError(number_error_for(error, field, instrument.wsname)) from None


def offset(instrument: Instrument, text: str, field: NumberField) -> PriceOffset:
    """``+50``, ``-1.5%``, ``50``: a signed offset (no sign is ``+``)."""
    body = text.strip()
    negative = body.startswith("-")
    if body[:1] in _SIGNS:
        body = body[1:]
    if body.endswith("%"):
        amount = units(instrument, body[:-1], field, PERCENT_DECIMALS)
        return PriceOffset(-amount if negative else amount, OffsetUnit.PERCENT)
    amount = units(instrument, body, field, instrument.price_decimals)
    return PriceOffset(-amount if negative else amount, OffsetUnit.ABSOLUTE)


def is_relative(text: str) -> bool:
    body = text.strip()
    return body[:1] in _SIGNS or body.endswith("%")


def price(
    instrument: Instrument,
    text: str,
    field: NumberField,
    *,
    reference: int | None,
    hash_sign: int,
) -> int:
    """An absolute price in price units; a relative one against ``reference`` (``hash_sign``
    is the sign ``#`` stands for: +1 or -1)."""
    body = text.strip()
    if not is_relative(body):
        return units(instrument, body, field, instrument.price_decimals)
    if reference is None:
        raise invalid_arguments(field)
    sign = hash_sign if body[:1] == "#" else (-1 if body[:1] == "-" else 1)
    if body[:1] not in _SIGNS:
        # "5%" without a sign: percent of the reference, not an offset.
        amount = units(instrument, body[:-1], field, PERCENT_DECIMALS)
        return divide(reference * amount, 100 * 10**PERCENT_DECIMALS, Rounding.HALF_EVEN)
    distance = offset(instrument, body[1:], field)
    result = reference + sign * abs(distance.distance(reference))
    if result <= 0:
        raise invalid_arguments(field)
    return result


def percent_distance(reference: int, parts_per_million: int) -> int:
    return divide(reference * parts_per_million, PARTS_PER_MILLION, Rounding.HALF_EVEN)


def time_parameter(text: str | None, name: str, now_ns: int) -> int | None:
    """``starttm``/``expiretm`` in nanoseconds since the epoch; None for ``0``/absent."""
    if text is None:
        return None
    body = text
    relative = body.startswith((" ", "+"))
    body = body.strip().lstrip("+")
    if not body.isascii() or not body.isdigit() or len(body) > 12:
        raise invalid_arguments(name)
    value = int(body)
    if value == 0 and not relative:
        return None
    return now_ns + value * NANOS_PER_SECOND if relative else value * NANOS_PER_SECOND


def deadline(text: str | None) -> int | None:
    """RFC 3339 ``deadline`` in nanoseconds since the epoch."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise invalid_arguments("deadline") from None
    if moment.tzinfo is None:
        raise invalid_arguments("deadline")
    return (moment - _EPOCH) // timedelta(microseconds=1) * 1000
