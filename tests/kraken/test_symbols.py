"""kraken.symbols: every pair and asset naming, both ways, and what each protocol accepts."""

from __future__ import annotations

import pytest

from krakenbox.domain.catalogue import Catalogue
from krakenbox.domain.catalogue_file import load_spot_catalogue, parse_catalogue
from krakenbox.kraken.symbols import (
    REST_UNKNOWN_ASSET,
    REST_UNKNOWN_PAIR,
    AssetNaming,
    FixSymbolStyle,
    PairNaming,
    SymbolTranslator,
    UnknownAsset,
    UnknownPair,
)

CATALOGUE = load_spot_catalogue()
SYMBOLS = SymbolTranslator(CATALOGUE)

# Every pair under every naming: REST key, REST altname, WS v1, WS v2, FIX (default style).
NAMES = {
    "XXBTZUSD": ("XXBTZUSD", "XBTUSD", "XBT/USD", "BTC/USD", "XBT/USD"),
    "XXBTZEUR": ("XXBTZEUR", "XBTEUR", "XBT/EUR", "BTC/EUR", "XBT/EUR"),
    "XETHZUSD": ("XETHZUSD", "ETHUSD", "ETH/USD", "ETH/USD", "ETH/USD"),
    "XETHXXBT": ("XETHXXBT", "ETHXBT", "ETH/XBT", "ETH/BTC", "ETH/XBT"),
    "SOLUSD": ("SOLUSD", "SOLUSD", "SOL/USD", "SOL/USD", "SOL/USD"),
    "XDGUSD": ("XDGUSD", "XDGUSD", "XDG/USD", "DOGE/USD", "XDG/USD"),
    "USDTZUSD": ("USDTZUSD", "USDTUSD", "USDT/USD", "USDT/USD", "USDT/USD"),
}
NAMINGS = (
    PairNaming.REST_KEY,
    PairNaming.REST_ALTNAME,
    PairNaming.WEBSOCKET_V1,
    PairNaming.WEBSOCKET_V2,
    PairNaming.FIX,
)


@pytest.mark.parametrize("key", NAMES)
def test_every_pair_naming_round_trips(key: str) -> None:
    instrument = CATALOGUE.instrument(key)
    for naming, name in zip(NAMINGS, NAMES[key], strict=True):
        assert SYMBOLS.pair_name(instrument, naming) == name
        assert SYMBOLS.pair(name, naming) is instrument


@pytest.mark.parametrize(
    ("asset_id", "altname", "code"),
    [
        ("XXBT", "XBT", "BTC"),
        ("ZUSD", "USD", "USD"),
        ("ZEUR", "EUR", "EUR"),
        ("XETH", "ETH", "ETH"),
        ("SOL", "SOL", "SOL"),
        ("XXDG", "XDG", "DOGE"),
        ("USDT", "USDT", "USDT"),
    ],
)
def test_every_asset_naming_round_trips(asset_id: str, altname: str, code: str) -> None:
    asset = CATALOGUE.asset(asset_id)
    for naming, name in (
        (AssetNaming.ASSET_ID, asset_id),
        (AssetNaming.ALTNAME, altname),
        (AssetNaming.CODE, code),
    ):
        assert SYMBOLS.asset_name(asset, naming) == name
        assert SYMBOLS.asset(name, naming) is asset
        assert SYMBOLS.rest_asset(name) is asset
    assert SYMBOLS.websocket_asset(code) is asset


def test_exact_lookups_are_strict_about_the_naming() -> None:
    with pytest.raises(UnknownPair) as refusal:
        SYMBOLS.pair("XBT/USD", PairNaming.WEBSOCKET_V2)
    assert refusal.value.reply == "Currency pair not supported XBT/USD"
    with pytest.raises(UnknownPair) as refusal:
        SYMBOLS.pair("BTC/USD", PairNaming.REST_KEY)
    assert refusal.value.reply == REST_UNKNOWN_PAIR
    with pytest.raises(UnknownAsset) as asset_refusal:
        SYMBOLS.asset("BTC", AssetNaming.ALTNAME)
    assert asset_refusal.value.reply == REST_UNKNOWN_ASSET


# -- REST -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "key"),
    [
        ("XXBTZUSD", "XXBTZUSD"),  # ccxt: the pair key
        ("XBTUSD", "XXBTZUSD"),  # python-kraken-sdk: whatever the user wrote
        ("BTC/USD", "XXBTZUSD"),
        ("XBT/USD", "XXBTZUSD"),
        ("BTCUSD", "XXBTZUSD"),
        ("xbtusd", "XXBTZUSD"),
        ("btc/usd", "XXBTZUSD"),
        ("XXBTZEUR", "XXBTZEUR"),
        ("BTC/EUR", "XXBTZEUR"),
        ("ETHUSD", "XETHZUSD"),
        ("ETH/BTC", "XETHXXBT"),
        ("ETH/XBT", "XETHXXBT"),
        ("ETHXBT", "XETHXXBT"),
        ("ETHBTC", "XETHXXBT"),
        ("SOLUSD", "SOLUSD"),
        ("SOL/USD", "SOLUSD"),
        ("XDGUSD", "XDGUSD"),
        ("DOGE/USD", "XDGUSD"),
        ("XDG/USD", "XDGUSD"),
        ("DOGEUSD", "XDGUSD"),
        ("USDTZUSD", "USDTZUSD"),
        ("USDTUSD", "USDTZUSD"),
        ("USDT/USD", "USDTZUSD"),
    ],
)
def test_rest_accepts_every_spelling_a_client_sends(requested: str, key: str) -> None:
    assert SYMBOLS.rest_pair(requested).key == key


@pytest.mark.parametrize(
    "requested", ["", "FOO/BAR", "BTCEUR/", "BTC-USD", "XBT/USDT", "USD/BTC", "BTC/USD,"]
)
def test_rest_refuses_unknown_pairs_with_krakens_error(requested: str) -> None:
    with pytest.raises(UnknownPair) as refusal:
        SYMBOLS.rest_pair(requested)
    assert refusal.value.reply == "EQuery:Unknown asset pair"
    assert refusal.value.name == requested


def test_rest_comma_lists_and_result_keys() -> None:
    pairs = SYMBOLS.rest_pairs("XXBTZUSD,BTC/USD, ETHUSD")
    assert [(token, instrument.key) for token, instrument in pairs] == [
        ("XXBTZUSD", "XXBTZUSD"),
        ("BTC/USD", "XXBTZUSD"),
        ("ETHUSD", "XETHZUSD"),
    ]
    # keyed by the request when it has a slash (python-kraken-sdk reads result["BTC/USD"]),
    # else by the pair key (ccxt reads result[market id])
    assert [SYMBOLS.rest_result_key(token, instrument) for token, instrument in pairs] == [
        "XXBTZUSD",
        "BTC/USD",
        "XETHZUSD",
    ]
    with pytest.raises(UnknownPair):
        SYMBOLS.rest_pairs("XBTUSD,NOPE")


def test_rest_assets() -> None:
    assert [asset.id for asset in SYMBOLS.rest_assets("XBT,XXBT,btc,ZUSD,usdt,DOGE")] == [
        "XXBT",
        "XXBT",
        "XXBT",
        "ZUSD",
        "USDT",
        "XXDG",
    ]
    with pytest.raises(UnknownAsset) as refusal:
        SYMBOLS.rest_asset("FOO")
    assert refusal.value.reply == "EQuery:Unknown asset"


# -- WebSocket and FIX ------------------------------------------------------------------------


def test_websocket_v2_takes_only_the_modern_symbol() -> None:
    assert SYMBOLS.websocket_pair("BTC/USD").key == "XXBTZUSD"
    assert SYMBOLS.websocket_pair("DOGE/USD").key == "XDGUSD"
    for legacy in ("XBT/USD", "XBT/EUR", "XDG/USD", "XBTUSD", "btc/usd"):
        with pytest.raises(UnknownPair) as refusal:
            SYMBOLS.websocket_pair(legacy)
        assert refusal.value.reply == f"Currency pair not supported {legacy}"
    with pytest.raises(UnknownAsset):
        SYMBOLS.websocket_asset("XBT")


def test_fix_reads_both_slash_spellings_and_writes_the_overview_table_one() -> None:
    bitcoin = CATALOGUE.instrument("XXBTZUSD")
    assert SYMBOLS.fix_pair("BTC/USD") is bitcoin
    assert SYMBOLS.fix_pair("XBT/USD") is bitcoin
    assert SYMBOLS.fix_symbol(bitcoin) == "XBT/USD"
    assert SYMBOLS.fix_style is FixSymbolStyle.LEGACY
    with pytest.raises(UnknownPair) as refusal:
        SYMBOLS.fix_pair("FOO/BAR")
    assert refusal.value.reply == "Unknown symbol: FOO/BAR"  # Kraken's MarketDataRequestReject text
    with pytest.raises(UnknownPair):
        SYMBOLS.fix_pair("XBTUSD")


def test_fix_can_write_the_example_spelling() -> None:
    modern = SymbolTranslator(CATALOGUE, fix_style=FixSymbolStyle.MODERN)
    assert modern.fix_symbol(CATALOGUE.instrument("XXBTZUSD")) == "BTC/USD"


def test_fix_legacy_spelling_is_strict_when_asked_for_exactly() -> None:
    legacy = SymbolTranslator(CATALOGUE, fix_style=FixSymbolStyle.LEGACY)
    dogecoin = CATALOGUE.instrument("XDGUSD")
    assert legacy.fix_symbol(dogecoin) == "XDG/USD"
    assert legacy.pair("XDG/USD", PairNaming.FIX) is dogecoin
    assert legacy.fix_pair("DOGE/USD") is dogecoin
    with pytest.raises(UnknownPair) as refusal:
        legacy.pair("DOGE/USD", PairNaming.FIX)
    assert refusal.value.reply == "Unknown symbol: DOGE/USD"


# -- generated spellings never mislead --------------------------------------------------------


def asset_table(name: str) -> str:
    return f'[assets.{name}]\naltname = "{name}"\ncode = "{name}"\ndecimals = 8\ndisplay_decimals = 4\n'


def pair_table(key: str, altname: str, base: str, quote: str) -> str:
    return (
        f'[pairs.{key}]\naltname = "{altname}"\nwsname = "{base}/{quote}"\nsymbol = "{base}/{quote}"\n'
        f'base = "{base}"\nquote = "{quote}"\npair_decimals = 4\nlot_decimals = 8\ncost_decimals = 5\n'
        'tick_size = "0.0001"\nordermin = "1"\ncostmin = "0.5"\nfees = "standard"\n'
    )


AMBIGUOUS = "\n".join(
    [
        *(asset_table(name) for name in ("AB", "CD", "ABC", "D")),
        '[fee_schedules.standard]\nfee_volume_currency = "CD"\nfees = [[0, 0.4]]\nfees_maker = [[0, 0.25]]\n',
        pair_table("PAIRONE", "ONE", "AB", "CD"),
        pair_table("PAIRTWO", "ABCD", "ABC", "D"),
        pair_table("PAIRTHREE", "THREE", "CD", "AB"),
    ]
)


def test_a_generated_spelling_that_could_mean_two_pairs_is_not_accepted() -> None:
    catalogue: Catalogue = parse_catalogue(AMBIGUOUS)
    symbols = SymbolTranslator(catalogue)
    # AB+CD and ABC+D both spell ABCD; it is PAIRTWO's altname, and canonical names win
    assert symbols.rest_pair("ABCD").key == "PAIRTWO"
    assert symbols.rest_pair("AB/CD").key == "PAIRONE"
    assert symbols.rest_pair("ABC/D").key == "PAIRTWO"
    # CD+AB is only PAIRTHREE; "CDAB" is generated and unambiguous
    assert symbols.rest_pair("CDAB").key == "PAIRTHREE"


def test_an_ambiguous_generated_spelling_is_refused() -> None:
    text = AMBIGUOUS.replace('altname = "ABCD"', 'altname = "TWO"')
    symbols = SymbolTranslator(parse_catalogue(text))
    with pytest.raises(UnknownPair):
        symbols.rest_pair("ABCD")
    assert symbols.rest_pair("TWO").key == "PAIRTWO"
