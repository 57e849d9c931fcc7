"""core.units: strict parsing of wire numbers, exact Decimal ↔ integer units, fixed-point output."""

from __future__ import annotations

from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
    localcontext,
)

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krakenbox.core.units import (
    MAXIMUM_TEXT_LENGTH,
    InvalidNumber,
    NumberProblem,
    Rounding,
    ceil_to_step,
    decimal_to_units,
    divide,
    floor_to_step,
    format_decimal,
    format_units,
    parse_decimal,
    parse_units,
    power_of_ten,
    rescale,
    significant_decimals,
    step_to_units,
    units_to_decimal,
)

# -- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimals", "units"),
    [
        ("30000.1", 1, 300001),  # a BTC/USD price at pair_decimals 1
        ("30000.10", 1, 300001),  # trailing zeros do not count as decimals
        ("30000", 1, 300000),
        ("30000.", 1, 300000),
        ("0.5", 8, 50_000_000),  # a volume at lot_decimals 8
        (".5", 8, 50_000_000),
        ("0.00005", 8, 5000),  # XBT/USD ordermin
        ("0", 8, 0),
        ("000.000", 2, 0),
        ("0.0000001", 7, 1),  # XDG/USD tick
        ("123456789012345678901234567890.12345678", 8, 12345678901234567890123456789012345678),
    ],
)
def test_parse_units_reads_plain_decimals(text: str, decimals: int, units: int) -> None:
    assert parse_units(text, decimals) == units


@pytest.mark.parametrize(
    ("text", "units"),
    [("-0.5", -5), ("+0.5", 5), ("-0", 0), ("-30000.10", -300001)],
)
def test_parse_units_takes_a_sign_only_when_asked(text: str, units: int) -> None:
    assert parse_units(text, 1, signed=True) == units
    with pytest.raises(InvalidNumber) as refusal:
        parse_units(text, 1)
    assert refusal.value.problem is NumberProblem.SIGN


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", NumberProblem.EMPTY),
        ("1e-8", NumberProblem.EXPONENT),
        ("1E5", NumberProblem.EXPONENT),
        ("0.5e+3", NumberProblem.EXPONENT),
        ("NaN", NumberProblem.NOT_FINITE),
        ("nan", NumberProblem.NOT_FINITE),
        ("sNaN", NumberProblem.NOT_FINITE),
        ("inf", NumberProblem.NOT_FINITE),
        ("Infinity", NumberProblem.NOT_FINITE),
        ("-Infinity", NumberProblem.NOT_FINITE),
        (" 1", NumberProblem.MALFORMED),
        ("1 ", NumberProblem.MALFORMED),
        ("1_000", NumberProblem.MALFORMED),
        ("1,5", NumberProblem.MALFORMED),
        ("1.2.3", NumberProblem.MALFORMED),
        (".", NumberProblem.MALFORMED),
        ("-", NumberProblem.MALFORMED),
        ("+-1", NumberProblem.MALFORMED),
        ("0x10", NumberProblem.MALFORMED),
        ("\u0661\u0662", NumberProblem.MALFORMED),  # Arabic-Indic digits: str.isdigit() says yes
        ("\uff11", NumberProblem.MALFORMED),  # full-width 1
        ("1e", NumberProblem.MALFORMED),
        ("-1", NumberProblem.SIGN),
        ("+1", NumberProblem.SIGN),
        ("1" * (MAXIMUM_TEXT_LENGTH + 1), NumberProblem.TOO_LONG),
    ],
)
def test_parse_units_refuses_everything_but_plain_decimals(
    text: str, problem: NumberProblem
) -> None:
    with pytest.raises(InvalidNumber) as refusal:
        parse_units(text, 8)
    assert refusal.value.problem is problem
    assert refusal.value.text == text


def test_too_many_decimals_names_the_allowed_precision() -> None:
    with pytest.raises(InvalidNumber) as refusal:
        parse_units("30000.15", 1)
    assert refusal.value.problem is NumberProblem.TOO_MANY_DECIMALS
    assert refusal.value.allowed_decimals == 1
    assert str(refusal.value) == "invalid number '30000.15': too many decimals (at most 1)"


def test_the_longest_accepted_text() -> None:
    assert parse_units("1" * MAXIMUM_TEXT_LENGTH, 0) == int("1" * MAXIMUM_TEXT_LENGTH)


def test_parse_decimal_keeps_the_number_as_written() -> None:
    assert parse_decimal("0.50") == Decimal("0.50")
    assert str(parse_decimal("0.50")) == "0.50"
    assert parse_decimal("-2.5", signed=True) == Decimal("-2.5")
    assert parse_decimal("0.120", max_decimals=2) == Decimal("0.12")
    with pytest.raises(InvalidNumber) as refusal:
        parse_decimal("0.125", max_decimals=2)
    assert refusal.value.problem is NumberProblem.TOO_MANY_DECIMALS
    with pytest.raises(InvalidNumber):
        parse_decimal("1e3")


# -- Decimal <-> units ------------------------------------------------------------------------


def test_decimal_to_units_is_exact() -> None:
    assert decimal_to_units(Decimal("30000.1"), 1) == 300001
    assert decimal_to_units(Decimal("1E+3"), 2) == 100000
    assert decimal_to_units(Decimal("-0.05"), 2) == -5
    # far beyond the default 28-digit context: still exact
    assert (
        decimal_to_units(Decimal("123456789012345678901234567890.12345678"), 8)
        == 12345678901234567890123456789012345678
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (Decimal("0.05"), NumberProblem.TOO_MANY_DECIMALS),
        (Decimal("NaN"), NumberProblem.NOT_FINITE),
        (Decimal("-Infinity"), NumberProblem.NOT_FINITE),
    ],
)
def test_decimal_to_units_never_rounds_silently(value: Decimal, problem: NumberProblem) -> None:
    with pytest.raises(InvalidNumber) as refusal:
        decimal_to_units(value, 1)
    assert refusal.value.problem is problem


def test_units_to_decimal_carries_the_precision() -> None:
    assert str(units_to_decimal(50_000_000, 8)) == "0.50000000"
    assert str(units_to_decimal(300001, 1)) == "30000.1"
    assert str(units_to_decimal(-5, 2)) == "-0.05"


def test_step_to_units() -> None:
    assert step_to_units(Decimal("0.1"), 1) == 1
    assert step_to_units(Decimal("0.5"), 1) == 5
    assert step_to_units(Decimal("0.25"), 2) == 25
    with pytest.raises(InvalidNumber):
        step_to_units(Decimal("0.25"), 1)
    with pytest.raises(ValueError, match="positive"):
        step_to_units(Decimal("0"), 1)


@pytest.mark.parametrize(
    ("value", "decimals"),
    [("0.50", 1), ("100", 0), ("0.0000001", 7), ("1E+3", 0), ("12.340", 2), ("0", 0)],
)
def test_significant_decimals(value: str, decimals: int) -> None:
    assert significant_decimals(Decimal(value)) == decimals


def test_power_of_ten() -> None:
    assert power_of_ten(0) == 1
    assert power_of_ten(8) == 100_000_000
    assert power_of_ten(100) == 10**100
    with pytest.raises(ValueError, match="negative"):
        power_of_ten(-1)


# -- integer arithmetic -----------------------------------------------------------------------


_DECIMAL_MODES = {
    Rounding.FLOOR: ROUND_FLOOR,
    Rounding.CEILING: ROUND_CEILING,
    Rounding.DOWN: ROUND_DOWN,
    Rounding.UP: ROUND_UP,
    Rounding.HALF_EVEN: ROUND_HALF_EVEN,
    Rounding.HALF_UP: ROUND_HALF_UP,
}


@given(
    numerator=st.integers(-(10**30), 10**30),
    denominator=st.integers(-(10**12), 10**12).filter(bool),
    rounding=st.sampled_from(list(Rounding)),
)
def test_divide_rounds_like_the_decimal_module(
    numerator: int, denominator: int, rounding: Rounding
) -> None:
    with localcontext() as context:
        context.prec = 100
        exact = Decimal(numerator) / Decimal(denominator)
        expected = int(exact.quantize(Decimal(1), rounding=_DECIMAL_MODES[rounding]))
    assert divide(numerator, denominator, rounding) == expected


@pytest.mark.parametrize(
    ("numerator", "rounding", "quotient"),
    [
        (5, Rounding.HALF_EVEN, 2),
        (7, Rounding.HALF_EVEN, 4),
        (5, Rounding.HALF_UP, 3),
        (-5, Rounding.HALF_UP, -3),
        (-5, Rounding.DOWN, -2),
        (-5, Rounding.FLOOR, -3),
        (5, Rounding.UP, 3),
        (-5, Rounding.CEILING, -2),
    ],
)
def test_divide_halves(numerator: int, rounding: Rounding, quotient: int) -> None:
    assert divide(numerator, 2, rounding) == quotient


def test_divide_by_zero() -> None:
    with pytest.raises(ZeroDivisionError):
        divide(1, 0, Rounding.FLOOR)


def test_rescale() -> None:
    # 30000.1 × 0.5 in notional units (1 + 8 decimals) brought to a cost with 5 decimals
    assert rescale(300001 * 50_000_000, 9, 5, Rounding.HALF_EVEN) == 1_500_005_000
    assert rescale(12345, 3, 1, Rounding.HALF_EVEN) == 123
    assert rescale(12355, 3, 1, Rounding.HALF_EVEN) == 124
    assert rescale(12345, 3, 1, Rounding.CEILING) == 124
    assert rescale(5, 1, 4, Rounding.FLOOR) == 5000


@pytest.mark.parametrize(
    ("units", "step", "floor", "ceiling"),
    [(12, 5, 10, 15), (10, 5, 10, 10), (-12, 5, -15, -10), (0, 5, 0, 0), (7, 1, 7, 7)],
)
def test_rounding_to_a_step(units: int, step: int, floor: int, ceiling: int) -> None:
    assert floor_to_step(units, step) == floor
    assert ceil_to_step(units, step) == ceiling


# -- formatting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("units", "decimals", "text"),
    [
        (300001, 1, "30000.1"),
        (50_000_000, 8, "0.50000000"),  # Kraken pads volumes: "vol":"0.50000000"
        (1_500_000_000, 5, "15000.00000"),  # and costs: "cost":"15000.00000"
        (0, 5, "0.00000"),
        (-5, 2, "-0.05"),
        (7, 0, "7"),
        (-7, 0, "-7"),
        (1, 10, "0.0000000001"),
    ],
)
def test_format_units(units: int, decimals: int, text: str) -> None:
    assert format_units(units, decimals) == text


@pytest.mark.parametrize(
    ("value", "decimals", "rounding", "text"),
    [
        ("1E+3", 2, Rounding.HALF_EVEN, "1000.00"),
        ("-0.0001", 2, Rounding.HALF_EVEN, "0.00"),
        ("0.125", 2, Rounding.HALF_EVEN, "0.12"),
        ("0.125", 2, Rounding.HALF_UP, "0.13"),
        ("-0.121", 2, Rounding.FLOOR, "-0.13"),
        ("0.26", 4, Rounding.HALF_EVEN, "0.2600"),  # TradeVolume fee percent
        ("12345678901234567890123456789.5", 0, Rounding.HALF_EVEN, "12345678901234567890123456790"),
    ],
)
def test_format_decimal(value: str, decimals: int, rounding: Rounding, text: str) -> None:
    assert format_decimal(Decimal(value), decimals, rounding) == text


def test_format_decimal_refuses_non_finite() -> None:
    with pytest.raises(InvalidNumber):
        format_decimal(Decimal("NaN"), 2)


# -- properties -------------------------------------------------------------------------------

decimals_strategy = st.integers(min_value=0, max_value=18)


@given(units=st.integers(-(10**40), 10**40), decimals=decimals_strategy)
def test_units_round_trip_through_decimal(units: int, decimals: int) -> None:
    assert decimal_to_units(units_to_decimal(units, decimals), decimals) == units


@given(units=st.integers(-(10**40), 10**40), decimals=decimals_strategy)
def test_units_round_trip_through_text(units: int, decimals: int) -> None:
    text = format_units(units, decimals)
    assert parse_units(text, decimals, signed=True) == units
    assert Decimal(text) == units_to_decimal(units, decimals)


@given(
    value=st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**12), max_value=10**12
    ),
    decimals=st.integers(min_value=6, max_value=18),
)
def test_decimals_round_trip_through_units(value: Decimal, decimals: int) -> None:
    assert units_to_decimal(decimal_to_units(value, decimals), decimals) == value


@given(text=st.text(max_size=80), decimals=decimals_strategy, signed=st.booleans())
def test_parse_units_raises_nothing_but_invalid_number(
    text: str, decimals: int, signed: bool
) -> None:
    try:
        units = parse_units(text, decimals, signed=signed)
    except InvalidNumber as refusal:
        assert refusal.text == text
        return
    assert Decimal(text) == units_to_decimal(units, decimals)


@given(
    text=st.from_regex(r"\A[+-]?[0-9]{0,12}(\.[0-9]{0,12})?([eE][+-]?[0-9]{1,3})?\Z"),
    decimals=decimals_strategy,
    signed=st.booleans(),
)
def test_parse_units_on_number_like_text(text: str, decimals: int, signed: bool) -> None:
    try:
        units = parse_units(text, decimals, signed=signed)
    except InvalidNumber:
        return
    assert Decimal(text) == units_to_decimal(units, decimals)


@given(text=st.text(max_size=80), signed=st.booleans())
def test_parse_decimal_raises_nothing_but_invalid_number(text: str, signed: bool) -> None:
    try:
        value = parse_decimal(text, signed=signed, max_decimals=8)
    except InvalidNumber:
        return
    assert value.is_finite()
    assert significant_decimals(value) <= 8
