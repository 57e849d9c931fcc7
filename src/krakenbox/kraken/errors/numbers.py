"""Numbers a client wrote that cannot be used (:class:`~krakenbox.core.units.InvalidNumber`) →
Kraken's error strings, per field (``docs/instruments.md``, spec/spot-rest.md §4 and §9.1.1).

| Field | ``TOO_MANY_DECIMALS`` | any other problem |
|---|---|---|
| price, price2 | ``EOrder:Invalid price:<PAIR> price can only be specified up to N decimals.`` | ``EGeneral:Invalid arguments:price`` |
| volume, displayvol | ``EGeneral:Invalid arguments:volume`` | ``EGeneral:Invalid arguments:volume`` |

``<PAIR>``: Kraken has written the pair key (``XXBTZEUR``), the altname (``BCHEUR``) and lately
the slash form (``ETH/GBP``, ``HYPE/USD``) there; gateways pass the slash form (the ``wsname``,
``XBT/USD``). WebSocket v2 reuses the REST strings (its ``limit_price`` is ``price``, its
``order_qty`` and ``display_qty`` are ``volume``). FIX answers format problems with a session
Reject (35=3) and only a well-formed number with too many decimals with a business reject (35=j).
"""

from __future__ import annotations

from typing import Final, Literal

from krakenbox.core.units import InvalidNumber, NumberProblem
from krakenbox.kraken.errors.rejects import FIX_OTHER
from krakenbox.kraken.errors.replies import FixBusinessReject, FixSessionReject

NumberField = Literal["price", "price2", "volume", "displayvol"]
"""The REST parameter a number came in (WebSocket v2 and FIX fields map onto these)."""

PRICE_FIELDS: Final = frozenset({"price", "price2"})
VOLUME_FIELDS: Final = frozenset({"volume", "displayvol"})

# SessionRejectReason (373), standard FIX 4.4.
FIX_TAG_WITHOUT_VALUE: Final = 4
FIX_VALUE_OUT_OF_RANGE: Final = 5
FIX_INCORRECT_DATA_FORMAT: Final = 6

_FIX_SESSION_REASONS: Final[dict[NumberProblem, int]] = {
    NumberProblem.EMPTY: FIX_TAG_WITHOUT_VALUE,
    NumberProblem.MALFORMED: FIX_INCORRECT_DATA_FORMAT,
    NumberProblem.EXPONENT: FIX_INCORRECT_DATA_FORMAT,
    NumberProblem.NOT_FINITE: FIX_INCORRECT_DATA_FORMAT,
    NumberProblem.TOO_LONG: FIX_INCORRECT_DATA_FORMAT,
    NumberProblem.SIGN: FIX_VALUE_OUT_OF_RANGE,
}
"""Every problem but ``TOO_MANY_DECIMALS`` is a field-level fault on FIX (spec/fix.md §4.8)."""


def number_error(
    problem: NumberProblem, field: NumberField, pair: str, decimals: int | None = None
) -> str:
    """The REST (and WebSocket v2) error for ``problem`` in ``field`` of an order on ``pair``;
    ``decimals`` (``InvalidNumber.allowed_decimals``) is required for ``TOO_MANY_DECIMALS``
    in a price."""
    if field in PRICE_FIELDS:
        if problem is NumberProblem.TOO_MANY_DECIMALS:
            if decimals is None:
                raise ValueError("a price with too many decimals needs the allowed decimals")
            return f"EOrder:Invalid price:{pair} price can only be specified up to {decimals} decimals."
        return "EGeneral:Invalid arguments:price"
    if field in VOLUME_FIELDS:
        return "EGeneral:Invalid arguments:volume"
    raise ValueError(f"not a number field: {field!r}")


def number_error_for(error: InvalidNumber, field: NumberField, pair: str) -> str:
    """:func:`number_error` for a caught :class:`~krakenbox.core.units.InvalidNumber`."""
    return number_error(error.problem, field, pair, error.allowed_decimals)


def fix_number_reject(
    problem: NumberProblem,
    field: NumberField,
    tag: int,
    tag_name: str,
    pair: str,
    decimals: int | None = None,
) -> FixSessionReject | FixBusinessReject:
    """What the FIX gateway answers a bad number in ``tag`` (e.g. ``44``, ``"Price"``) with:
    a session Reject (373 + Kraken's ``Invalid value for tag 44: Price`` text; the gateway sets
    371 to ``tag``) for a malformed value, a business reject (380=0 + the REST string) for a
    well-formed value with too many decimals."""
    if problem is NumberProblem.TOO_MANY_DECIMALS:
        return FixBusinessReject(FIX_OTHER, number_error(problem, field, pair, decimals))
    return FixSessionReject(
        _FIX_SESSION_REASONS[problem], f"Invalid value for tag {tag}: {tag_name}"
    )


def fix_session_reasons() -> dict[NumberProblem, int]:
    """SessionRejectReason (373) for each malformed-number problem (a copy)."""
    return dict(_FIX_SESSION_REASONS)
