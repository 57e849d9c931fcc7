"""Pair and asset names in every Kraken dialect, both ways, in one place.

Kraken names the BTC/USD book ``XXBTZUSD`` (REST pair key), ``XBTUSD`` (REST altname),
``XBT/USD`` (WebSocket v1 ``wsname``) and ``BTC/USD`` (WebSocket v2 and FIX); bitcoin itself is
``XXBT`` (asset id), ``XBT`` (altname) or ``BTC`` (code). :class:`SymbolTranslator` turns any
of these into catalogue objects and back, with tables built once from a
:class:`~krakenbox.domain.catalogue.Catalogue`.

What each protocol accepts from clients (the lenient side):

* **REST** ``pair=``: the key, the altname, the wsname, the symbol, and any ``BASE/QUOTE`` or
  ``BASEQUOTE`` spelling built from the assets' ids, altnames or codes (``BTC/USD``,
  ``XBT/USD``, ``BTCUSD``, ``XBTUSD``, ``DOGE/USD``…), letter case ignored. ccxt sends the key,
  python-kraken-sdk passes the user's string through; both must work. Comma lists for
  multi-pair calls. Unknown → ``EQuery:Unknown asset pair``. A result is keyed by the string as
  requested when it contains ``/``, else by the pair key (:meth:`SymbolTranslator.rest_result_key`).
* **REST** ``asset=``: the asset id, altname or code (``XXBT``, ``XBT``, ``BTC``), letter case
  ignored. Unknown → ``EQuery:Unknown asset``.
* **WebSocket v2**: the symbol only (``BTC/USD``); Kraken refuses ``XBT/USD`` with
  ``Currency pair not supported XBT/USD``. Assets by code.
* **FIX** (tag 55): ``XBT/USD``, as the symbol-format table of Kraken's API overview (the project's
  seed page) lists for FIX, and also ``BTC/USD``, which Kraken's FIX message examples use. Emitted
  as ``XBT/USD`` unless :class:`FixSymbolStyle` ``MODERN`` is chosen. Unknown →
  ``Unknown symbol: <name>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

from krakenbox.domain.assets import Asset
from krakenbox.domain.catalogue import Catalogue
from krakenbox.domain.instruments import Instrument

ValueT = TypeVar("ValueT")

REST_UNKNOWN_PAIR = "EQuery:Unknown asset pair"
REST_UNKNOWN_ASSET = "EQuery:Unknown asset"


def websocket_unknown_pair(symbol: str) -> str:
    """WebSocket v2's error text for a symbol it does not trade."""
    return f"Currency pair not supported {symbol}"


def fix_unknown_symbol(symbol: str) -> str:
    """The Text (58) krakenbox's FIX gateway gives for an unknown Symbol (55)."""
    return f"Unknown symbol: {symbol}"


class PairNaming(Enum):
    """The ways Kraken writes a pair."""

    REST_KEY = "rest key"  # XXBTZUSD
    REST_ALTNAME = "rest altname"  # XBTUSD
    WEBSOCKET_V1 = "websocket v1"  # XBT/USD
    WEBSOCKET_V2 = "websocket v2"  # BTC/USD
    FIX = "fix"  # XBT/USD (or BTC/USD with FixSymbolStyle.MODERN)


class AssetNaming(Enum):
    """The ways Kraken writes an asset."""

    ASSET_ID = "asset id"  # XXBT
    ALTNAME = "altname"  # XBT
    CODE = "code"  # BTC


class FixSymbolStyle(Enum):
    """How the FIX gateway writes Symbol (55)."""

    MODERN = "modern"  # BTC/USD, as in Kraken's FIX message examples
    LEGACY = (
        "legacy"  # XBT/USD, the wsname, as the overview's symbol table lists for FIX (the default)
    )


class UnknownPair(LookupError):
    """A pair name the venue does not trade; ``reply`` is the error text for the protocol asked."""

    def __init__(self, name: str, reply: str) -> None:
        super().__init__(f"unknown pair {name!r}")
        self.name = name
        self.reply = reply


class UnknownAsset(LookupError):
    """An asset name the venue does not hold; ``reply`` is the error text for the protocol asked."""

    def __init__(self, name: str, reply: str) -> None:
        super().__init__(f"unknown asset {name!r}")
        self.name = name
        self.reply = reply


def _asset_spellings(asset: Asset) -> tuple[str, ...]:
    return tuple(dict.fromkeys((asset.id, asset.altname, asset.code)))


def _rest_pair_spellings(instrument: Instrument) -> Iterable[str]:
    """Every spelling of the pair a REST client could plausibly send (canonical names excluded)."""
    for base in _asset_spellings(instrument.base):
        for quote in _asset_spellings(instrument.quote):
            yield f"{base}/{quote}"
            yield f"{base}{quote}"


def _case_folded(table: dict[str, ValueT]) -> dict[str, ValueT]:
    """``table`` keyed by upper-case names, leaving out names whose upper case is ambiguous."""
    folded: dict[str, ValueT] = {}
    ambiguous: set[str] = set()
    for name, value in table.items():
        upper = name.upper()
        if folded.setdefault(upper, value) is not value:
            ambiguous.add(upper)
    for upper in ambiguous:
        del folded[upper]
    return folded


class SymbolTranslator:
    """Pair and asset names ↔ catalogue objects, for REST, WebSocket v1/v2 and FIX."""

    __slots__ = (
        "_assets_by_naming",
        "_catalogue",
        "_fix_pairs",
        "_fix_style",
        "_pairs_by_naming",
        "_rest_assets",
        "_rest_assets_folded",
        "_rest_pairs",
        "_rest_pairs_folded",
    )

    def __init__(
        self, catalogue: Catalogue, *, fix_style: FixSymbolStyle = FixSymbolStyle.LEGACY
    ) -> None:
        self._catalogue = catalogue
        self._fix_style = fix_style
        instruments = catalogue.instruments
        self._pairs_by_naming: dict[PairNaming, dict[str, Instrument]] = {
            naming: {self._name(instrument, naming): instrument for instrument in instruments}
            for naming in PairNaming
        }
        self._assets_by_naming: dict[AssetNaming, dict[str, Asset]] = {
            naming: {self._asset_name(asset, naming): asset for asset in catalogue.assets}
            for naming in AssetNaming
        }
        self._fix_pairs = {
            **self._pairs_by_naming[PairNaming.WEBSOCKET_V1],
            **self._pairs_by_naming[PairNaming.WEBSOCKET_V2],
        }
        rest: dict[str, Instrument] = {}
        for naming in (
            PairNaming.REST_KEY,
            PairNaming.REST_ALTNAME,
            PairNaming.WEBSOCKET_V1,
            PairNaming.WEBSOCKET_V2,
        ):
            rest.update(self._pairs_by_naming[naming])
        # Generated spellings never shadow a canonical name, and one that could mean two pairs
        # (XBT + USDT and XBTUSD + T, say) is left out.
        generated: dict[str, set[str]] = {}
        for instrument in instruments:
            for spelling in _rest_pair_spellings(instrument):
                generated.setdefault(spelling, set()).add(instrument.key)
        for spelling, keys in generated.items():
            if len(keys) == 1 and spelling not in rest:
                rest[spelling] = catalogue.instrument(next(iter(keys)))
        self._rest_pairs = rest
        self._rest_pairs_folded = _case_folded(rest)
        rest_assets: dict[str, Asset] = {}
        for asset_naming in AssetNaming:
            rest_assets.update(self._assets_by_naming[asset_naming])
        self._rest_assets = rest_assets
        self._rest_assets_folded = _case_folded(rest_assets)

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    @property
    def fix_style(self) -> FixSymbolStyle:
        return self._fix_style

    # -- catalogue object → wire name ---------------------------------------------------------

    def _name(self, instrument: Instrument, naming: PairNaming) -> str:
        if naming is PairNaming.REST_KEY:
            return instrument.key
        if naming is PairNaming.REST_ALTNAME:
            return instrument.altname
        if naming is PairNaming.WEBSOCKET_V1:
            return instrument.wsname
        if naming is PairNaming.WEBSOCKET_V2:
            return instrument.symbol
        return instrument.symbol if self._fix_style is FixSymbolStyle.MODERN else instrument.wsname

    @staticmethod
    def _asset_name(asset: Asset, naming: AssetNaming) -> str:
        if naming is AssetNaming.ASSET_ID:
            return asset.id
        if naming is AssetNaming.ALTNAME:
            return asset.altname
        return asset.code

    def pair_name(self, instrument: Instrument, naming: PairNaming) -> str:
        """How ``naming`` writes this pair (``FIX`` follows the translator's :class:`FixSymbolStyle`)."""
        return self._name(instrument, naming)

    def asset_name(self, asset: Asset, naming: AssetNaming) -> str:
        """How ``naming`` writes this asset."""
        return self._asset_name(asset, naming)

    def fix_symbol(self, instrument: Instrument) -> str:
        """Symbol (55) for this pair on FIX."""
        return self._name(instrument, PairNaming.FIX)

    def fix_currency(self, asset: Asset) -> str:
        """A currency on FIX (fee currency 138), spelt like the symbols: ``XBT`` (legacy) or
        ``BTC`` (modern)."""
        naming = (
            AssetNaming.CODE if self._fix_style is FixSymbolStyle.MODERN else AssetNaming.ALTNAME
        )
        return self._asset_name(asset, naming)

    # -- wire name → catalogue object, exact --------------------------------------------------

    def pair(self, name: str, naming: PairNaming) -> Instrument:
        """The pair written exactly ``name`` in ``naming``; :class:`UnknownPair` otherwise."""
        instrument = self._pairs_by_naming[naming].get(name)
        if instrument is None:
            raise UnknownPair(name, _unknown_pair_reply(name, naming))
        return instrument

    def asset(self, name: str, naming: AssetNaming) -> Asset:
        """The asset written exactly ``name`` in ``naming``; :class:`UnknownAsset` otherwise."""
        asset = self._assets_by_naming[naming].get(name)
        if asset is None:
            raise UnknownAsset(name, REST_UNKNOWN_ASSET)
        return asset

    # -- what clients send ----------------------------------------------------------------------

    def rest_pair(self, requested: str) -> Instrument:
        """The pair a REST ``pair=`` value names, however the client spelled it."""
        instrument = self._rest_pairs.get(requested)
        if instrument is None:
            instrument = self._rest_pairs_folded.get(requested.strip().upper())
            if instrument is None:
                raise UnknownPair(requested, REST_UNKNOWN_PAIR)
        return instrument

    def rest_pairs(self, requested: str) -> list[tuple[str, Instrument]]:
        """Each pair of a comma list, with the token as sent (for :meth:`rest_result_key`)."""
        return [
            (token, self.rest_pair(token))
            for token in (part.strip() for part in requested.split(","))
        ]

    @staticmethod
    def rest_result_key(requested: str, instrument: Instrument) -> str:
        """The key a REST result for this pair is filed under: the request if it has a ``/``, else the pair key."""
        return requested if "/" in requested else instrument.key

    def rest_asset(self, requested: str) -> Asset:
        """The asset a REST ``asset=`` value names (id, altname or code, any letter case)."""
        asset = self._rest_assets.get(requested)
        if asset is None:
            asset = self._rest_assets_folded.get(requested.strip().upper())
            if asset is None:
                raise UnknownAsset(requested, REST_UNKNOWN_ASSET)
        return asset

    def rest_assets(self, requested: str) -> list[Asset]:
        """Each asset of a comma list."""
        return [self.rest_asset(part.strip()) for part in requested.split(",")]

    def websocket_pair(self, symbol: str) -> Instrument:
        """The pair a WebSocket v2 ``symbol`` names (``BTC/USD`` only)."""
        return self.pair(symbol, PairNaming.WEBSOCKET_V2)

    def websocket_asset(self, code: str) -> Asset:
        """The asset a WebSocket v2 asset name (``BTC``) names."""
        return self.asset(code, AssetNaming.CODE)

    def fix_pair(self, symbol: str) -> Instrument:
        """The pair a FIX Symbol (55) names: ``BTC/USD`` or ``XBT/USD``."""
        instrument = self._fix_pairs.get(symbol)
        if instrument is None:
            raise UnknownPair(symbol, fix_unknown_symbol(symbol))
        return instrument


def _unknown_pair_reply(name: str, naming: PairNaming) -> str:
    if naming is PairNaming.FIX:
        return fix_unknown_symbol(name)
    if naming in (PairNaming.WEBSOCKET_V1, PairNaming.WEBSOCKET_V2):
        return websocket_unknown_pair(name)
    return REST_UNKNOWN_PAIR
