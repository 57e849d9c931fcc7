"""domain.catalogue_file and domain.catalogue: broken data gives a message naming the entry and key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from krakenbox.domain.assets import Asset
from krakenbox.domain.catalogue import Catalogue, CatalogueError
from krakenbox.domain.catalogue_file import parse_catalogue, read_catalogue
from krakenbox.domain.fee_schedule import FeeSchedule, FeeTier
from krakenbox.domain.instruments import Instrument

VALID = """
[assets.XXBT]
altname = "XBT"
code = "BTC"
decimals = 10
display_decimals = 5

[assets.ZUSD]
altname = "USD"
code = "USD"
decimals = 4
display_decimals = 2

[fee_schedules.standard]
fee_volume_currency = "ZUSD"
fees = [[0, 0.40], [10000, 0.35]]
fees_maker = [[0, 0.25], [10000, 0.20]]

[pairs.XXBTZUSD]
altname = "XBTUSD"
wsname = "XBT/USD"
symbol = "BTC/USD"
base = "XXBT"
quote = "ZUSD"
pair_decimals = 1
lot_decimals = 8
cost_decimals = 5
tick_size = "0.1"
ordermin = "0.00005"
costmin = 0.5
fees = "standard"
"""


def broken(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def test_a_minimal_catalogue() -> None:
    catalogue = parse_catalogue(VALID)
    pair = catalogue.instrument("XBTUSD")
    assert pair.minimum_cost == Decimal("0.5")  # a TOML number, read exactly
    assert pair.fees.taker[1].percent == Decimal("0.35")
    assert not pair.margin.marginable
    assert pair.margin.margin_call == 80
    assert catalogue.asset("XBT").decimals == 10


def test_read_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "venue.toml"
    path.write_text(VALID, encoding="utf-8")
    assert read_catalogue(path).instrument("BTC/USD").key == "XXBTZUSD"
    path.write_text(broken("decimals = 10", "decimals = ten"), encoding="utf-8")
    with pytest.raises(CatalogueError, match=f"^{path}: not valid TOML"):
        read_catalogue(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VALID + "\n[other]\nx = 1\n", "^<catalogue>: unknown top-level key 'other'$"),
        (
            broken("[assets.XXBT]", "[assets.XXBT]\ncolour = 'orange'"),
            "assets.XXBT: unknown key 'colour'",
        ),
        (broken('altname = "XBT"\n', ""), "assets.XXBT: missing key 'altname'"),
        (broken("decimals = 10", 'decimals = "10"'), "assets.XXBT: 'decimals' must be an integer"),
        (broken("decimals = 10", "decimals = true"), "assets.XXBT: 'decimals' must be an integer"),
        (
            broken("decimals = 10", "decimals = 10\nstatus = 'sleeping'"),
            "assets.XXBT: 'status': unknown value 'sleeping'",
        ),
        (
            broken("display_decimals = 5", "display_decimals = 11"),
            "assets.XXBT: .*display_decimals",
        ),
        (
            broken('code = "BTC"', 'code = "BTC"\nborrowable = "yes"'),
            "'borrowable' must be true or false",
        ),
        (
            broken('tick_size = "0.1"', 'tick_size = "0.05"'),
            "pairs.XXBTZUSD: .*tick_size 0.05 is not a positive multiple of 10\\*\\*-1",
        ),
        (
            broken('tick_size = "0.1"', 'tick_size = "1e-1"'),
            "pairs.XXBTZUSD: 'tick_size': invalid number '1e-1': exponent form",
        ),
        (
            broken('tick_size = "0.1"', "tick_size = -0.1"),
            "pairs.XXBTZUSD: 'tick_size' must be a non-negative decimal",
        ),
        (
            broken('ordermin = "0.00005"', 'ordermin = "0.000000001"'),
            "pairs.XXBTZUSD: .*minimum_quantity",
        ),
        (
            broken('base = "XXBT"', 'base = "XBT"'),
            "pairs.XXBTZUSD: base 'XBT' is not a listed asset",
        ),
        (
            broken('fees = "standard"', 'fees = "vip"'),
            "pairs.XXBTZUSD: fees 'vip' is not a listed fee schedule",
        ),
        (
            broken('wsname = "XBT/USD"', 'wsname = "BTC/USD"'),
            "pairs.XXBTZUSD: wsname 'BTC/USD' should be 'XBT/USD'",
        ),
        (
            broken('symbol = "BTC/USD"', 'symbol = "XBT/USD"'),
            "pairs.XXBTZUSD: symbol 'XBT/USD' should be 'BTC/USD'",
        ),
        (
            broken('fees = "standard"', 'fees = "standard"\nleverage_buy = [3, 2]'),
            "pairs.XXBTZUSD: leverage_buy must list",
        ),
        (
            broken('fees = "standard"', 'fees = "standard"\nleverage_buy = [2.5]'),
            "'leverage_buy' must be a list of integers",
        ),
        (
            broken('fees = "standard"', 'fees = "standard"\nstatus = "closed"'),
            "'status': unknown value 'closed'",
        ),
        (
            broken('fees = "standard"', 'fees = "standard"\npair_decimal = 1'),
            "pairs.XXBTZUSD: unknown key 'pair_decimal'",
        ),
        (
            broken("fees = [[0, 0.40], [10000, 0.35]]", "fees = [[0, 0.40], [0, 0.35]]"),
            "fee_schedules.standard: standard taker: tier volumes must increase",
        ),
        (
            broken("fees = [[0, 0.40], [10000, 0.35]]", "fees = [[0, 0.40, 1]]"),
            "fee_schedules.standard: 'fees'\\[0\\] must be a \\[volume, percent\\] pair",
        ),
        (
            broken("fees = [[0, 0.40], [10000, 0.35]]", "fees = [[0, 0.123456]]"),
            "fee_schedules.standard: 'fees'\\[0\\]: .*too many decimals",
        ),
        (broken("fees = [[0, 0.40], [10000, 0.35]]", 'fees = "0.4"'), "'fees' must be a list of"),
        (
            broken('fee_volume_currency = "ZUSD"', 'fee_volume_currency = "ZEUR"'),
            "fee volume currency 'ZEUR' is not a listed asset",
        ),
        (
            VALID[: VALID.index("[pairs.")].replace('code = "USD"', 'code = "BTC"'),
            "asset name 'BTC' is used by both 'XXBT' and 'ZUSD'",
        ),
        ("assets = 3", "'assets' must be a table"),
        ("[assets]\nXXBT = 3", "assets.XXBT: expected a table"),
    ],
)
def test_broken_catalogues_say_where_and_why(text: str, message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(text)


def test_invalid_toml() -> None:
    with pytest.raises(CatalogueError, match=r"^spot.toml: not valid TOML: .*line 2"):
        parse_catalogue("[assets.XXBT]\naltname = \n", source="spot.toml")


def test_two_pairs_cannot_share_a_name() -> None:
    text = VALID + VALID[VALID.index("[pairs.XXBTZUSD]") :].replace(
        "[pairs.XXBTZUSD]", "[pairs.XBTUSD2]"
    )
    with pytest.raises(
        CatalogueError, match="pair name 'BTC/USD' is used by both 'XXBTZUSD' and 'XBTUSD2'"
    ):
        parse_catalogue(text)


def test_catalogue_checks_its_own_references() -> None:
    catalogue = parse_catalogue(VALID)
    pair = catalogue.instrument("XXBTZUSD")
    dollar = catalogue.asset("ZUSD")
    with pytest.raises(CatalogueError, match="is listed twice"):
        Catalogue([dollar, dollar], [])
    with pytest.raises(CatalogueError, match="base asset 'XXBT' is not the catalogue's asset"):
        Catalogue([dollar], [pair])
    other_bitcoin = Asset(id="XXBT", altname="XBT", code="BTC", decimals=8, display_decimals=5)
    with pytest.raises(CatalogueError, match="base asset 'XXBT' is not the catalogue's asset"):
        Catalogue([other_bitcoin, dollar], [pair])


def test_catalogue_refuses_an_unknown_fee_currency() -> None:
    catalogue = parse_catalogue(VALID)
    pair = catalogue.instrument("XXBTZUSD")
    euro_schedule = FeeSchedule(
        name="x",
        taker=(FeeTier(Decimal(0), Decimal(1)),),
        maker=(FeeTier(Decimal(0), Decimal(1)),),
        volume_currency="ZEUR",
    )
    fields = {
        name: getattr(pair, name)
        for name in ("key", "altname", "wsname", "symbol", "base", "quote", "tick_size")
    }
    repriced = Instrument(
        **fields,
        price_decimals=1,
        quantity_decimals=8,
        cost_decimals=5,
        minimum_quantity=Decimal("0.00005"),
        minimum_cost=Decimal("0.5"),
        fees=euro_schedule,
    )
    with pytest.raises(CatalogueError, match="fee volume currency 'ZEUR'"):
        Catalogue(catalogue.assets, [repriced])
