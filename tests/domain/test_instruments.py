"""domain.assets, domain.fee_schedule, domain.instruments: invariants and precomputed integer forms."""

from __future__ import annotations

from decimal import Decimal

import pytest

from krakenbox.core.units import InvalidNumber, NumberProblem, Rounding
from krakenbox.domain.assets import Asset
from krakenbox.domain.fee_schedule import FeeSchedule, FeeTier
from krakenbox.domain.instruments import Instrument, InstrumentKind, MarginTerms, MarketStatus

BITCOIN = Asset(id="XXBT", altname="XBT", code="BTC", decimals=10, display_decimals=5)
DOLLAR = Asset(id="ZUSD", altname="USD", code="USD", decimals=4, display_decimals=2)
SCHEDULE = FeeSchedule(
    name="standard",
    taker=(
        FeeTier(Decimal(0), Decimal("0.40")),
        FeeTier(Decimal(10000), Decimal("0.35")),
        FeeTier(Decimal(50000), Decimal("0.24")),
    ),
    maker=(
        FeeTier(Decimal(0), Decimal("0.25")),
        FeeTier(Decimal(10000), Decimal("0.20")),
        FeeTier(Decimal(50000), Decimal("0.14")),
    ),
    volume_currency="ZUSD",
)


def bitcoin_dollar(**changes: object) -> Instrument:
    fields: dict[str, object] = {
        "key": "XXBTZUSD",
        "altname": "XBTUSD",
        "wsname": "XBT/USD",
        "symbol": "BTC/USD",
        "base": BITCOIN,
        "quote": DOLLAR,
        "price_decimals": 1,
        "quantity_decimals": 8,
        "cost_decimals": 5,
        "tick_size": Decimal("0.1"),
        "minimum_quantity": Decimal("0.00005"),
        "minimum_cost": Decimal("0.5"),
        "fees": SCHEDULE,
    }
    fields.update(changes)
    return Instrument(**fields)  # type: ignore[arg-type]


# -- assets -----------------------------------------------------------------------------------


def test_asset_units() -> None:
    assert BITCOIN.scale == 10**10
    assert BITCOIN.to_units(Decimal("0.5")) == 5_000_000_000
    assert BITCOIN.format(5_000_000_000) == "0.5000000000"  # Balance: "XXBT":"0.5000000000"
    assert DOLLAR.format(10_000_000) == "1000.0000"  # Balance: "ZUSD":"1000.0000"
    assert DOLLAR.to_decimal(1_850_000) == Decimal("185.0000")
    with pytest.raises(InvalidNumber):
        DOLLAR.to_units(Decimal("0.00001"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"altname": ""}, "not a plain name"),
        ({"code": "BTC/"}, "not a plain name"),
        ({"decimals": -1}, "decimals"),
        ({"display_decimals": 11}, "display_decimals"),
        ({"collateral_value": Decimal("-1")}, "collateral_value"),
        ({"margin_rate": Decimal("NaN")}, "margin_rate"),
    ],
)
def test_asset_refuses_bad_data(changes: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "id": "XXBT",
        "altname": "XBT",
        "code": "BTC",
        "decimals": 10,
        "display_decimals": 5,
    }
    fields.update(changes)
    with pytest.raises(ValueError, match=message):
        Asset(**fields)  # type: ignore[arg-type]


# -- fee schedules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("volume", "taker", "maker"),
    [
        ("0", "0.40", "0.25"),
        ("9999.99", "0.40", "0.25"),
        ("10000", "0.35", "0.20"),
        ("50000", "0.24", "0.14"),
        ("1E+9", "0.24", "0.14"),
    ],
)
def test_tier_for_a_volume(volume: str, taker: str, maker: str) -> None:
    assert SCHEDULE.taker_tier(Decimal(volume)).percent == Decimal(taker)
    assert SCHEDULE.maker_tier(Decimal(volume)).percent == Decimal(maker)


def test_next_tier() -> None:
    assert SCHEDULE.next_taker_tier(Decimal(0)) == FeeTier(Decimal(10000), Decimal("0.35"))
    assert SCHEDULE.next_maker_tier(Decimal(10000)) == FeeTier(Decimal(50000), Decimal("0.14"))
    assert SCHEDULE.next_taker_tier(Decimal(50000)) is None


def test_fee_rates_in_parts_per_million() -> None:
    assert FeeTier(Decimal(0), Decimal("0.26")).parts_per_million == 2600
    assert FeeTier(Decimal(0), Decimal("0.4")).parts_per_million == 4000
    assert FeeTier(Decimal(0), Decimal("0")).parts_per_million == 0
    with pytest.raises(InvalidNumber):
        FeeTier(Decimal(0), Decimal("0.00001"))


@pytest.mark.parametrize(
    ("taker", "message"),
    [
        ((), "at least one tier"),
        ((FeeTier(Decimal(10), Decimal("0.4")),), "start at volume 0"),
        (
            (FeeTier(Decimal(0), Decimal("0.4")), FeeTier(Decimal(0), Decimal("0.3"))),
            "increase strictly",
        ),
    ],
)
def test_fee_schedule_refuses_bad_tiers(taker: tuple[FeeTier, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FeeSchedule(name="x", taker=taker, maker=SCHEDULE.maker, volume_currency="ZUSD")


def test_fee_tier_refuses_bad_numbers() -> None:
    with pytest.raises(ValueError, match="volume"):
        FeeTier(Decimal(-1), Decimal("0.4"))
    with pytest.raises(ValueError, match="percent"):
        FeeTier(Decimal(0), Decimal(101))


# -- instruments ------------------------------------------------------------------------------


def test_integer_forms_are_precomputed() -> None:
    instrument = bitcoin_dollar()
    assert instrument.price_scale == 10
    assert instrument.quantity_scale == 10**8
    assert instrument.notional_decimals == 9
    assert instrument.tick_units == 1
    assert instrument.minimum_quantity_units == 5000  # 0.00005 BTC
    assert instrument.minimum_cost_units == 50_000  # 0.5 USD at 5 cost decimals
    assert instrument.minimum_notional == 500_000_000  # 0.5 USD at 1 + 8 decimals
    assert instrument.maximum_quantity_units is None
    assert instrument.quantity_increment == Decimal("0.00000001")
    assert instrument.kind is InstrumentKind.SPOT
    assert instrument.status is MarketStatus.ONLINE


def test_a_tick_that_is_not_a_power_of_ten() -> None:
    instrument = bitcoin_dollar(tick_size=Decimal("0.5"))
    assert instrument.tick_units == 5
    assert instrument.is_on_tick(instrument.parse_price("30000.5"))
    assert not instrument.is_on_tick(instrument.parse_price("30000.1"))


def test_minimum_cost_compares_exactly_with_price_times_quantity() -> None:
    instrument = bitcoin_dollar()
    price = instrument.parse_price("10000.0")
    assert (
        instrument.notional(price, instrument.parse_quantity("0.00005"))
        == instrument.minimum_notional
    )
    assert (
        instrument.notional(price, instrument.parse_quantity("0.00004999"))
        < instrument.minimum_notional
    )


def test_wire_text_in_and_out() -> None:
    instrument = bitcoin_dollar()
    assert instrument.parse_price("30000.1") == 300001
    assert instrument.format_price(300001) == "30000.1"
    assert instrument.parse_quantity("0.5") == 50_000_000
    assert instrument.format_quantity(50_000_000) == "0.50000000"
    assert instrument.price_to_units(Decimal("30000.1")) == 300001
    assert instrument.quantity_to_units(Decimal("0.5")) == 50_000_000
    assert instrument.price_to_decimal(300001) == Decimal("30000.1")
    assert instrument.quantity_to_decimal(1) == Decimal("1E-8")
    cost = instrument.cost_units(
        instrument.parse_price("30000.0"), instrument.parse_quantity("0.5")
    )
    assert instrument.format_cost(cost) == "15000.00000"  # TradesHistory "cost":"15000.00000"
    assert instrument.cost_units(3, 1, Rounding.CEILING) == 1  # 0.3 × 1e-8 rounds up to 1e-5
    with pytest.raises(InvalidNumber) as refusal:
        instrument.parse_price("30000.15")
    assert refusal.value.problem is NumberProblem.TOO_MANY_DECIMALS
    assert refusal.value.allowed_decimals == 1


def test_repr_is_short() -> None:
    assert repr(bitcoin_dollar()) == "Instrument(key='XXBTZUSD', symbol='BTC/USD', kind='spot')"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tick_size": Decimal("0.05")}, "tick_size"),
        ({"tick_size": Decimal("0")}, "tick_size"),
        ({"minimum_quantity": Decimal("0.000000001")}, "minimum_quantity"),
        ({"minimum_quantity": Decimal("0")}, "minimum_quantity must be positive"),
        ({"minimum_cost": Decimal("0.000001")}, "minimum_cost"),
        ({"maximum_quantity": Decimal("0.00001")}, "maximum_quantity is below"),
        ({"price_decimals": 99}, "price_decimals"),
        ({"quote": BITCOIN}, "same asset"),
        ({"symbol": "BTC USD"}, "not a plain name"),
        ({"key": ""}, "not a plain name"),
        ({"lot_multiplier": 0}, "lot_multiplier"),
    ],
)
def test_instrument_refuses_inconsistent_data(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bitcoin_dollar(**changes)


def test_margin_terms() -> None:
    assert MarginTerms(leverage_buy=(2, 3, 4, 5)).marginable
    assert not MarginTerms().marginable
    with pytest.raises(ValueError, match="increasing"):
        MarginTerms(leverage_buy=(3, 2))
    with pytest.raises(ValueError, match="increasing"):
        MarginTerms(leverage_sell=(1,))
    with pytest.raises(ValueError, match="margin_stop"):
        MarginTerms(margin_call=40, margin_stop=80)
    with pytest.raises(ValueError, match="long_position_limit"):
        MarginTerms(long_position_limit=-1)
