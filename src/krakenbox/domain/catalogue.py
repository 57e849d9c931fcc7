"""The catalogue: every asset and instrument a venue trades, found by any of their names.

A :class:`Catalogue` is built once (usually by :func:`krakenbox.domain.catalogue_file.load_spot_catalogue`)
and never changes. It checks that the data holds together: each instrument's assets belong to
the catalogue, no name means two different things, fee volume currencies exist.

Lookups here are exact, over the names the data holds. What a client may *send* in each protocol
(``pair=xbtusd``, ``BTCUSD``…) and which error it gets otherwise is decided by
:mod:`krakenbox.kraken.symbols`, which builds its tables from this catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from krakenbox.domain.assets import Asset
from krakenbox.domain.instruments import Instrument


class CatalogueError(ValueError):
    """Catalogue data that does not hold together; the message says where and why."""


def _asset_names(asset: Asset) -> set[str]:
    return {asset.id, asset.altname, asset.code}


def _instrument_names(instrument: Instrument) -> set[str]:
    return {instrument.key, instrument.altname, instrument.wsname, instrument.symbol}


class Catalogue:
    """Assets and instruments in data order, with exact lookups by any of their names."""

    __slots__ = ("_asset_by_name", "_assets", "_instrument_by_name", "_instruments")

    def __init__(self, assets: Iterable[Asset], instruments: Iterable[Instrument]) -> None:
        self._assets = tuple(assets)
        self._instruments = tuple(instruments)
        self._asset_by_name: dict[str, Asset] = {}
        self._instrument_by_name: dict[str, Instrument] = {}
        asset_by_id: dict[str, Asset] = {}
        for asset in self._assets:
            if asset.id in asset_by_id:
                raise CatalogueError(f"asset {asset.id!r} is listed twice")
            asset_by_id[asset.id] = asset
            for name in sorted(_asset_names(asset)):
                other = self._asset_by_name.setdefault(name, asset)
                if other is not asset:
                    raise CatalogueError(
                        f"asset name {name!r} is used by both {other.id!r} and {asset.id!r}"
                    )
        for instrument in self._instruments:
            owner = f"pair {instrument.key!r}"
            for role, asset in (("base", instrument.base), ("quote", instrument.quote)):
                if asset_by_id.get(asset.id) != asset:
                    raise CatalogueError(
                        f"{owner}: {role} asset {asset.id!r} is not the catalogue's asset of that id"
                    )
            if instrument.fees.volume_currency not in asset_by_id:
                raise CatalogueError(
                    f"{owner}: fee volume currency {instrument.fees.volume_currency!r} is not a listed asset"
                )
            for name in sorted(_instrument_names(instrument)):
                other_instrument = self._instrument_by_name.setdefault(name, instrument)
                if other_instrument is not instrument:
                    raise CatalogueError(
                        f"pair name {name!r} is used by both {other_instrument.key!r} and {instrument.key!r}"
                    )

    @property
    def assets(self) -> tuple[Asset, ...]:
        return self._assets

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        return self._instruments

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self._instruments)

    def __len__(self) -> int:
        return len(self._instruments)

    def asset(self, name: str) -> Asset:
        """The asset with this id, altname or code; ``KeyError`` if none."""
        try:
            return self._asset_by_name[name]
        except KeyError:
            raise KeyError(f"unknown asset {name!r}") from None

    def instrument(self, name: str) -> Instrument:
        """The instrument with this key, altname, wsname or symbol; ``KeyError`` if none."""
        try:
            return self._instrument_by_name[name]
        except KeyError:
            raise KeyError(f"unknown instrument {name!r}") from None

    def find_asset(self, name: str) -> Asset | None:
        """The asset with this id, altname or code, or ``None``."""
        return self._asset_by_name.get(name)

    def find_instrument(self, name: str) -> Instrument | None:
        """The instrument with this key, altname, wsname or symbol, or ``None``."""
        return self._instrument_by_name.get(name)
