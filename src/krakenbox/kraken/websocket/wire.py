"""WebSocket v2 text: JSON with exact numbers, and RFC3339 timestamps.

Kraken prints book prices and quantities with the pair's exact decimals (``"qty":
0.00100000``), trailing zeros included: the book checksum is computed from that text, so a
client that keeps the raw numbers can recompute it. Python's ``json`` cannot write such
numbers, so :func:`encode` writes JSON itself: a :class:`Number` (or a ``Decimal``) is written
verbatim, everything else as ``json`` would. Nothing here ever makes a ``float``.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from krakenbox.core.units import format_units

NANOS_PER_SECOND: Final = 1_000_000_000
_EPOCH: Final = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_string = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(frozen=True, slots=True)
class Number:
    """A JSON number written exactly as ``text`` (``"30000.0"``, ``"0.50000000"``)."""

    text: str


def units(value: int, decimals: int) -> Number:
    """Integer units of ``10**-decimals`` as a JSON number with exactly ``decimals`` places."""
    return Number(format_units(value, decimals))


def decimal(value: Decimal) -> Number:
    """A ``Decimal`` in plain notation (``1E-8`` → ``0.00000001``)."""
    return Number(format(value, "f"))


def encode(value: object) -> str:
    """``value`` (dicts, lists, tuples, str, int, bool, None, :class:`Number`, ``Decimal``) as
    JSON text."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def _write(value: object, parts: list[str]) -> None:
    kind = type(value)
    if kind is str:
        parts.append(_string(value))
    elif kind is Number:
        parts.append(value.text)  # type: ignore[attr-defined]
    elif kind is dict:
        parts.append("{")
        first = True
        for key, item in value.items():  # type: ignore[attr-defined]
            if not first:
                parts.append(",")
            first = False
            parts.append(_string(key))
            parts.append(":")
            _write(item, parts)
        parts.append("}")
    elif kind is list or kind is tuple:
        parts.append("[")
        for index, item in enumerate(value):  # type: ignore[arg-type]
            if index:
                parts.append(",")
            _write(item, parts)
        parts.append("]")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif value is None:
        parts.append("null")
    elif kind is int:
        parts.append(str(value))
    elif kind is Decimal:
        parts.append(format(value, "f"))
    else:
        raise TypeError(f"cannot write {kind.__name__} as WebSocket JSON")


def timestamp(nanoseconds: int) -> str:
    """RFC3339 UTC with microseconds: ``2023-09-25T07:49:37.708706Z``."""
    seconds, rest = divmod(nanoseconds, NANOS_PER_SECOND)
    moment = _EPOCH + datetime.timedelta(seconds=seconds)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{rest // 1000:06d}Z"


def timestamp_nanos(nanoseconds: int) -> str:
    """RFC3339 UTC with nanoseconds (``interval_begin``): ``2023-10-04T15:25:00.000000000Z``."""
    seconds, rest = divmod(nanoseconds, NANOS_PER_SECOND)
    moment = _EPOCH + datetime.timedelta(seconds=seconds)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{rest:09d}Z"


class InvalidTime(ValueError):
    """A time a client sent that is not RFC3339."""


def parse_timestamp(text: str) -> int:
    """An RFC3339 time from a client (``expire_time``, ``deadline``) in nanoseconds since the
    epoch; a time without an offset is UTC. Fractions beyond microseconds are cut."""
    if not isinstance(text, str) or not 10 <= len(text) <= 40:
        raise InvalidTime(str(text))
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError as error:
        raise InvalidTime(text) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * NANOS_PER_SECOND + delta.microseconds * 1000
