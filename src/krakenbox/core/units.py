"""Numbers at the venue's edges: exact integers inside, ``Decimal`` and strings outside.

Inside the engine every price, quantity and amount is an ``int`` counting *units* of
``10**-decimals``: with 1 price decimal, 30000.1 USD is ``300001``; with 8 lot decimals,
0.5 BTC is ``50_000_000``. A tick size that is not a power of ten (0.5, 0.25) is an ``int``
number of those units (``5`` for 0.5 at one decimal). Nothing here ever touches ``float``.

At the boundary:

* :func:`parse_units` / :func:`parse_decimal` read the decimal strings clients send, strictly:
  plain digits with at most one ``.``; no exponent (``1e-8``), no ``NaN``/``Infinity``, no
  whitespace, no underscores, no non-ASCII digits. Trailing zeros do not count against the
  allowed decimals (``"30000.10"`` is a valid one-decimal price). Every refusal is an
  :class:`InvalidNumber` whose :class:`NumberProblem` says why.
* :func:`format_units` / :func:`format_decimal` write fixed-point text at a given precision,
  padded with trailing zeros, as Kraken does on REST (``"0.50000000"``, ``"30000.0"``).

How gateways report an :class:`InvalidNumber` (the Kraken strings live in ``kraken/``):

* a price with ``TOO_MANY_DECIMALS`` → ``EOrder:Invalid price:<PAIR> price can only be specified
  up to N decimals.``; any other price problem → ``EGeneral:Invalid arguments:price``;
* a volume with any problem → ``EGeneral:Invalid arguments:volume`` (Kraken's spot digest, §9.1:
  volume decimals above ``lot_decimals`` give ``EGeneral:Invalid arguments:volume``).

These helpers run once or more per order, so they avoid regular expressions and ``Decimal``
arithmetic on the hot paths (string splitting and integer maths only).
"""

from __future__ import annotations

from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation
from enum import Enum

# Longest decimal string accepted from the wire: generous for any price or volume, and a cap
# on the work an adversarial input can cause.
MAXIMUM_TEXT_LENGTH = 64

# The largest number of decimals any conversion supports (Kraken's assets use at most 18).
MAXIMUM_DECIMALS = 36

_POWERS_OF_TEN: tuple[int, ...] = tuple(
    10**exponent for exponent in range(2 * MAXIMUM_DECIMALS + 1)
)

# An exact context: scaling by a power of ten never rounds, however long the coefficient.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation])


class NumberProblem(Enum):
    """Why a number was refused."""

    EMPTY = "empty"
    MALFORMED = "malformed"
    EXPONENT = "exponent form"
    NOT_FINITE = "not finite"
    SIGN = "sign not allowed"
    TOO_LONG = "too long"
    TOO_MANY_DECIMALS = "too many decimals"


class InvalidNumber(ValueError):
    """A number from the wire (or the catalogue) that cannot be used as given.

    ``text`` is what was received (or the ``Decimal`` rendered as text); ``allowed_decimals`` is
    set when the problem is ``TOO_MANY_DECIMALS``.
    """

    def __init__(
        self, problem: NumberProblem, text: str, allowed_decimals: int | None = None
    ) -> None:
        self.problem = problem
        self.text = text
        self.allowed_decimals = allowed_decimals
        detail = f" (at most {allowed_decimals})" if allowed_decimals is not None else ""
        super().__init__(f"invalid number {text[:MAXIMUM_TEXT_LENGTH]!r}: {problem.value}{detail}")


class Rounding(Enum):
    """How an integer division or a change of precision rounds."""

    FLOOR = "floor"  # towards minus infinity
    CEILING = "ceiling"  # towards plus infinity
    DOWN = "down"  # towards zero (truncation)
    UP = "up"  # away from zero
    HALF_EVEN = "half even"  # to nearest, ties to even (banker's rounding)
    HALF_UP = "half up"  # to nearest, ties away from zero


def power_of_ten(exponent: int) -> int:
    """``10**exponent`` from a table for ``0 <= exponent <= 2 * MAXIMUM_DECIMALS``."""
    if 0 <= exponent < len(_POWERS_OF_TEN):
        return _POWERS_OF_TEN[exponent]
    if exponent < 0:
        raise ValueError(f"negative exponent {exponent}")
    result: int = 10**exponent
    return result


def _check_decimals(decimals: int) -> None:
    if not 0 <= decimals <= MAXIMUM_DECIMALS:
        raise ValueError(f"decimals must be within 0..{MAXIMUM_DECIMALS}, got {decimals}")


# ---------------------------------------------------------------------------------------------
# Parsing wire text
# ---------------------------------------------------------------------------------------------


def _classify_refusal(text: str) -> NumberProblem:
    """Name the problem with a string that failed the fast check (error path only)."""
    if not text:
        return NumberProblem.EMPTY
    if len(text) > MAXIMUM_TEXT_LENGTH:
        return NumberProblem.TOO_LONG
    body = text[1:] if text[0] in "+-" else text
    if body.lower() in {"nan", "snan", "inf", "infinity"}:
        return NumberProblem.NOT_FINITE
    mantissa, marker, exponent = body.lower().partition("e")
    if marker and _is_plain_number(mantissa) and _is_signed_integer(exponent):
        return NumberProblem.EXPONENT
    if text[0] in "+-" and _is_plain_number(body):
        return NumberProblem.SIGN
    return NumberProblem.MALFORMED


def _is_plain_number(text: str) -> bool:
    whole, _, fraction = text.partition(".")
    digits = whole + fraction
    return bool(digits) and digits.isascii() and digits.isdigit()


def _is_signed_integer(text: str) -> bool:
    body = text[1:] if text[:1] in ("+", "-") else text
    return bool(body) and body.isascii() and body.isdigit()


def _split(text: str, signed: bool) -> tuple[bool, str, str]:
    """Check ``text`` strictly; return (negative, whole digits, fraction without trailing zeros)."""
    negative = False
    body = text
    if signed and text[:1] in ("+", "-"):
        negative = text[0] == "-"
        body = text[1:]
    whole, _, fraction = body.partition(".")
    digits = whole + fraction
    if (
        not digits
        or not digits.isdigit()
        or not digits.isascii()
        or len(text) > MAXIMUM_TEXT_LENGTH
    ):
        raise InvalidNumber(_classify_refusal(text), text)
    return negative, whole, fraction.rstrip("0")


def parse_units(text: str, decimals: int, *, signed: bool = False) -> int:
    """Read a decimal string straight into integer units of ``10**-decimals``.

    ``"30000.1"`` at 1 decimal is ``300001``; ``"0.5"`` at 8 decimals is ``50_000_000``.
    Raises :class:`InvalidNumber` (``TOO_MANY_DECIMALS`` when the value is not a whole number
    of units). A sign is accepted only when ``signed`` is true.
    """
    negative, whole, fraction = _split(text, signed)
    length = len(fraction)
    if length > decimals:
        raise InvalidNumber(NumberProblem.TOO_MANY_DECIMALS, text, decimals)
    units = int(whole + fraction) * power_of_ten(decimals - length) if whole or fraction else 0
    return -units if negative else units


def parse_decimal(text: str, *, max_decimals: int | None = None, signed: bool = False) -> Decimal:
    """Read a decimal string strictly into a ``Decimal`` (exact, as written).

    With ``max_decimals``, more significant decimals than that is ``TOO_MANY_DECIMALS``.
    """
    _, _, fraction = _split(text, signed)
    if max_decimals is not None and len(fraction) > max_decimals:
        raise InvalidNumber(NumberProblem.TOO_MANY_DECIMALS, text, max_decimals)
    return Decimal(text)


# ---------------------------------------------------------------------------------------------
# Decimal <-> integer units
# ---------------------------------------------------------------------------------------------


def decimal_to_units(value: Decimal, decimals: int) -> int:
    """``value`` as an exact integer number of ``10**-decimals`` units.

    Raises :class:`InvalidNumber`: ``NOT_FINITE`` for NaN and infinities, ``TOO_MANY_DECIMALS``
    when ``value`` is not a whole number of units (nothing is rounded away silently).
    """
    if not value.is_finite():
        raise InvalidNumber(NumberProblem.NOT_FINITE, str(value))
    scaled = value.scaleb(decimals, _EXACT)
    units = int(scaled)
    if units != scaled:
        raise InvalidNumber(NumberProblem.TOO_MANY_DECIMALS, str(value), decimals)
    return units


def units_to_decimal(units: int, decimals: int) -> Decimal:
    """Integer units as a ``Decimal`` carrying exactly ``decimals`` places (``Decimal('0.50000000')``)."""
    return Decimal(units).scaleb(-decimals, _EXACT)


def step_to_units(step: Decimal, decimals: int) -> int:
    """A positive increment (tick size, quantity step) as an integer number of units.

    ``Decimal('0.5')`` at 1 decimal is ``5``; raises :class:`InvalidNumber` when the step is not
    a whole number of units, ``ValueError`` when it is not positive.
    """
    units = decimal_to_units(step, decimals)
    if units <= 0:
        raise ValueError(f"a step must be positive, got {step}")
    return units


def significant_decimals(value: Decimal) -> int:
    """How many decimals ``value`` needs once trailing zeros are dropped (``0.50`` → 1, ``100`` → 0)."""
    if not value.is_finite():
        raise InvalidNumber(NumberProblem.NOT_FINITE, str(value))
    exponent = value.normalize(_EXACT).as_tuple().exponent
    assert isinstance(exponent, int)  # finite values have an integer exponent
    return max(0, -exponent)


# ---------------------------------------------------------------------------------------------
# Integer arithmetic with explicit rounding
# ---------------------------------------------------------------------------------------------


def divide(numerator: int, denominator: int, rounding: Rounding) -> int:
    """``numerator / denominator`` rounded to an integer as ``rounding`` says (exact integer maths)."""
    if denominator == 0:
        raise ZeroDivisionError("division by zero")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    quotient, remainder = divmod(numerator, denominator)  # floor division: remainder >= 0
    if remainder == 0 or rounding is Rounding.FLOOR:
        return quotient
    if rounding is Rounding.CEILING:
        return quotient + 1
    if rounding is Rounding.DOWN:
        return quotient + 1 if numerator < 0 else quotient
    if rounding is Rounding.UP:
        return quotient if numerator < 0 else quotient + 1
    twice = 2 * remainder
    if twice < denominator:
        return quotient
    if twice > denominator:
        return quotient + 1
    if rounding is Rounding.HALF_EVEN:
        return quotient + (quotient & 1)
    return quotient if numerator < 0 else quotient + 1  # HALF_UP: ties away from zero


def rescale(units: int, from_decimals: int, to_decimals: int, rounding: Rounding) -> int:
    """Units of ``10**-from_decimals`` expressed in units of ``10**-to_decimals``.

    Gaining decimals is exact; losing decimals rounds as ``rounding`` says (a cost computed as
    price units × lot units, brought to ``cost_decimals``, is the typical use).
    """
    if to_decimals >= from_decimals:
        return units * power_of_ten(to_decimals - from_decimals)
    return divide(units, power_of_ten(from_decimals - to_decimals), rounding)


def floor_to_step(units: int, step: int) -> int:
    """The largest multiple of ``step`` that is ``<= units``."""
    return units - units % step


def ceil_to_step(units: int, step: int) -> int:
    """The smallest multiple of ``step`` that is ``>= units``."""
    return units + (-units) % step


# ---------------------------------------------------------------------------------------------
# Formatting for the wire
# ---------------------------------------------------------------------------------------------


def format_units(units: int, decimals: int) -> str:
    """Integer units as fixed-point text with exactly ``decimals`` places.

    ``format_units(300001, 1) == "30000.1"``; ``format_units(50_000_000, 8) == "0.50000000"``;
    ``format_units(-5, 2) == "-0.05"``.
    """
    if decimals == 0:
        return str(units)
    if units < 0:
        digits = str(-units).rjust(decimals + 1, "0")
        return f"-{digits[:-decimals]}.{digits[-decimals:]}"
    digits = str(units).rjust(decimals + 1, "0")
    return f"{digits[:-decimals]}.{digits[-decimals:]}"


_ROUNDING_TO_DECIMAL_MODULE = {
    Rounding.FLOOR: "ROUND_FLOOR",
    Rounding.CEILING: "ROUND_CEILING",
    Rounding.DOWN: "ROUND_DOWN",
    Rounding.UP: "ROUND_UP",
    Rounding.HALF_EVEN: "ROUND_HALF_EVEN",
    Rounding.HALF_UP: "ROUND_HALF_UP",
}


def format_decimal(value: Decimal, decimals: int, rounding: Rounding = Rounding.HALF_EVEN) -> str:
    """A ``Decimal`` as fixed-point text with exactly ``decimals`` places, rounded as asked.

    Never uses exponent notation; a result of zero is written without a minus sign.
    """
    _check_decimals(decimals)
    if not value.is_finite():
        raise InvalidNumber(NumberProblem.NOT_FINITE, str(value))
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(
        quantum, rounding=_ROUNDING_TO_DECIMAL_MODULE[rounding], context=_EXACT
    )
    if not rounded:
        rounded = abs(rounded)
    return f"{rounded:f}"
