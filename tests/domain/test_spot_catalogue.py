"""The packaged Spot catalogue: Kraken's values, literally, and lookups by any name."""

from __future__ import annotations

from decimal import Decimal

import pytest

from krakenbox.domain.assets import AssetClass, AssetStatus
from krakenbox.domain.catalogue import Catalogue
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.instruments import InstrumentKind, MarketStatus


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_spot_catalogue()


def test_loaded_once_per_process() -> None:
    assert load_spot_catalogue() is load_spot_catalogue()


def test_bitcoin_dollar_matches_krakens_asset_pairs_example(catalogue: Catalogue) -> None:
    # spot-rest.md §7.4, the AssetPairs example for XXBTZUSD, field by field
    pair = catalogue.instrument("XXBTZUSD")
    assert pair.altname == "XBTUSD"
    assert pair.wsname == "XBT/USD"
    assert pair.base.id == "XXBT"
    assert pair.quote.id == "ZUSD"
    assert pair.cost_decimals == 5
    assert pair.price_decimals == 1
    assert pair.quantity_decimals == 8
    assert pair.lot_multiplier == 1
    assert pair.margin.leverage_buy == (2, 3, 4, 5)
    assert pair.margin.leverage_sell == (2, 3, 4, 5)
    assert [(tier.volume, tier.percent) for tier in pair.fees.taker[:3]] == [
        (Decimal(0), Decimal("0.4")),
        (Decimal(10000), Decimal("0.35")),
        (Decimal(50000), Decimal("0.24")),
    ]
    assert [(tier.volume, tier.percent) for tier in pair.fees.maker[:3]] == [
        (Decimal(0), Decimal("0.25")),
        (Decimal(10000), Decimal("0.2")),
        (Decimal(50000), Decimal("0.14")),
    ]
    assert pair.fees.volume_currency == "ZUSD"
    assert pair.margin.margin_call == 80
    assert pair.margin.margin_stop == 40
    assert pair.minimum_quantity == Decimal("0.00005")
    assert pair.minimum_cost == Decimal("0.5")
    assert pair.tick_size == Decimal("0.1")
    assert pair.status is MarketStatus.ONLINE
    assert pair.margin.long_position_limit == 250
    assert pair.margin.short_position_limit == 200
    # spot-ws-v2.md §4.7, the instrument channel example for BTC/USD
    assert pair.symbol == "BTC/USD"
    assert pair.has_index
    assert pair.margin.marginable
    assert pair.margin.initial_margin == Decimal("0.2")
    assert pair.kind is InstrumentKind.SPOT


def test_assets_match_krakens_assets_example(catalogue: Catalogue) -> None:
    # spot-rest.md §7.3
    bitcoin = catalogue.asset("XXBT")
    assert (bitcoin.asset_class, bitcoin.altname, bitcoin.decimals, bitcoin.display_decimals) == (
        AssetClass.CURRENCY,
        "XBT",
        10,
        5,
    )
    assert bitcoin.collateral_value == Decimal("1.0")
    assert bitcoin.status is AssetStatus.ENABLED
    dollar = catalogue.asset("ZUSD")
    assert (dollar.altname, dollar.decimals, dollar.display_decimals) == ("USD", 4, 2)
    # spot-ws-v2.md §4.7, the instrument channel's BTC asset
    assert (bitcoin.code, bitcoin.margin_rate, bitcoin.borrowable) == ("BTC", Decimal("0.01"), True)


@pytest.mark.parametrize(
    ("key", "altname", "wsname", "symbol", "base", "quote"),
    [
        ("XXBTZUSD", "XBTUSD", "XBT/USD", "BTC/USD", "XXBT", "ZUSD"),
        ("XXBTZEUR", "XBTEUR", "XBT/EUR", "BTC/EUR", "XXBT", "ZEUR"),
        ("XETHZUSD", "ETHUSD", "ETH/USD", "ETH/USD", "XETH", "ZUSD"),
        ("XETHXXBT", "ETHXBT", "ETH/XBT", "ETH/BTC", "XETH", "XXBT"),
        ("SOLUSD", "SOLUSD", "SOL/USD", "SOL/USD", "SOL", "ZUSD"),
        ("XDGUSD", "XDGUSD", "XDG/USD", "DOGE/USD", "XXDG", "ZUSD"),
        ("USDTZUSD", "USDTUSD", "USDT/USD", "USDT/USD", "USDT", "ZUSD"),
    ],
)
def test_every_required_pair_with_all_its_names(
    catalogue: Catalogue, key: str, altname: str, wsname: str, symbol: str, base: str, quote: str
) -> None:
    pair = catalogue.instrument(key)
    assert (pair.key, pair.altname, pair.wsname, pair.symbol) == (key, altname, wsname, symbol)
    assert (pair.base.id, pair.quote.id) == (base, quote)
    for name in (key, altname, wsname, symbol):
        assert catalogue.find_instrument(name) is pair
    # ccxt rebuilds the unified symbol from the Assets altnames (XBT→BTC, XDG→DOGE): it must agree
    assert symbol == f"{pair.base.code}/{pair.quote.code}"
    assert wsname == f"{pair.base.altname}/{pair.quote.altname}"


@pytest.mark.parametrize(
    ("asset_id", "altname", "code", "decimals", "display_decimals"),
    [
        ("XXBT", "XBT", "BTC", 10, 5),
        ("ZUSD", "USD", "USD", 4, 2),
        ("ZEUR", "EUR", "EUR", 4, 2),
        ("XETH", "ETH", "ETH", 10, 5),
        ("SOL", "SOL", "SOL", 10, 5),
        ("XXDG", "XDG", "DOGE", 8, 2),
        ("USDT", "USDT", "USDT", 8, 4),
    ],
)
def test_every_required_asset(
    catalogue: Catalogue,
    asset_id: str,
    altname: str,
    code: str,
    decimals: int,
    display_decimals: int,
) -> None:
    asset = catalogue.asset(asset_id)
    assert (asset.altname, asset.code, asset.decimals, asset.display_decimals) == (
        altname,
        code,
        decimals,
        display_decimals,
    )
    assert catalogue.asset(altname) is asset
    assert catalogue.asset(code) is asset


def test_precomputed_grids(catalogue: Catalogue) -> None:
    dogecoin = catalogue.instrument("DOGE/USD")
    assert (dogecoin.tick_units, dogecoin.minimum_quantity_units) == (1, 50 * 10**8)
    ether_bitcoin = catalogue.instrument("ETH/BTC")
    assert ether_bitcoin.tick_units == 1
    assert ether_bitcoin.minimum_cost_units == 20  # 0.00002 XBT at 6 cost decimals
    assert ether_bitcoin.minimum_notional == 2 * 10**8  # 0.00002 at 5 + 8 decimals


def test_the_stablecoin_pair_charges_makers_and_takers_alike(catalogue: Catalogue) -> None:
    tether = catalogue.instrument("USDT/USD")
    assert tether.fees.taker == tether.fees.maker
    assert not tether.margin.marginable
    assert tether.fees is not catalogue.instrument("BTC/USD").fees


def test_every_fee_schedule_falls_with_volume(catalogue: Catalogue) -> None:
    for pair in catalogue:
        for tiers in (pair.fees.taker, pair.fees.maker):
            percents = [tier.percent for tier in tiers]
            assert percents == sorted(percents, reverse=True), pair.key
        assert all(
            maker.percent <= pair.fees.taker_tier(maker.volume).percent for maker in pair.fees.maker
        )


def test_unknown_names(catalogue: Catalogue) -> None:
    assert catalogue.find_instrument("FOO/BAR") is None
    assert catalogue.find_asset("FOO") is None
    with pytest.raises(KeyError, match="FOO/BAR"):
        catalogue.instrument("FOO/BAR")
    with pytest.raises(KeyError, match="FOO"):
        catalogue.asset("FOO")
    assert len(catalogue) == 7
    assert len(catalogue.assets) == 7
