"""Reading a catalogue from TOML: strict, with messages that say which entry and key is wrong.

The file has three tables: ``assets`` (keyed by Kraken asset id), ``fee_schedules`` (named
schedules) and ``pairs`` (keyed by REST pair key). Field names are Kraken's own (``altname``,
``pair_decimals``, ``ordermin``…), plus ``code`` for an asset's modern code and ``symbol`` for a
pair's WebSocket v2 / FIX name. Unknown keys are refused, types are checked (no ``float`` ever:
TOML numbers with a fraction are read as exact ``Decimal``), and cross-references are resolved:
each pair's assets and fee schedule must exist, and its ``wsname`` and ``symbol`` must be built
from its assets' ``altname`` and ``code`` the way clients rebuild them.

:func:`load_spot_catalogue` reads the packaged ``data/spot.toml`` once per process.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TypeVar

from krakenbox.core.units import parse_decimal
from krakenbox.domain.assets import Asset, AssetClass, AssetStatus
from krakenbox.domain.catalogue import Catalogue, CatalogueError
from krakenbox.domain.fee_schedule import FeeSchedule, FeeTier
from krakenbox.domain.instruments import Instrument, InstrumentKind, MarginTerms, MarketStatus

SPOT_CATALOGUE_RESOURCE = "spot.toml"

ValueT = TypeVar("ValueT")


class _Entry:
    """One TOML table being read: typed access by key, and a final check for unknown keys."""

    def __init__(self, where: str, data: object) -> None:
        if not isinstance(data, dict):
            raise CatalogueError(f"{where}: expected a table")
        self.where = where
        self._data: dict[str, object] = data
        self._read: set[str] = set()

    def fail(self, message: str) -> CatalogueError:
        return CatalogueError(f"{self.where}: {message}")

    def _get(self, key: str, required: bool) -> object:
        self._read.add(key)
        if key not in self._data:
            if required:
                raise self.fail(f"missing key {key!r}")
            return None
        return self._data[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self._get(key, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, str) or not value:
            raise self.fail(f"{key!r} must be a non-empty string")
        return value

    def integer(self, key: str, default: int | None = None) -> int:
        value = self._get(key, default is None)
        if value is None:
            assert default is not None
            return default
        if type(value) is not int:
            raise self.fail(f"{key!r} must be an integer")
        return value

    def optional_integer(self, key: str) -> int | None:
        value = self._get(key, False)
        if value is None:
            return None
        if type(value) is not int:
            raise self.fail(f"{key!r} must be an integer")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(f"{key!r} must be true or false")
        return value

    def decimal(self, key: str) -> Decimal:
        value = self.optional_decimal(key, required=True)
        assert value is not None
        return value

    def optional_decimal(self, key: str, *, required: bool = False) -> Decimal | None:
        value = self._get(key, required)
        return None if value is None else self.to_decimal(key, value)

    def to_decimal(self, key: str, value: object) -> Decimal:
        if isinstance(value, str):
            try:
                return parse_decimal(value)
            except ValueError as error:
                raise self.fail(f"{key!r}: {error}") from None
        if isinstance(value, Decimal) and value.is_finite() and value >= 0:
            return value
        if type(value) is int and value >= 0:
            return Decimal(value)
        raise self.fail(
            f"{key!r} must be a non-negative decimal number (a string or a TOML number)"
        )

    def choice(self, key: str, kind: Callable[[str], ValueT], default: ValueT) -> ValueT:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(f"{key!r} must be a string")
        try:
            return kind(value)
        except ValueError:
            raise self.fail(f"{key!r}: unknown value {value!r}") from None

    def integer_list(self, key: str) -> tuple[int, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, list) or any(type(item) is not int for item in value):
            raise self.fail(f"{key!r} must be a list of integers")
        return tuple(value)

    def fee_tiers(self, key: str) -> tuple[FeeTier, ...]:
        value = self._get(key, True)
        if not isinstance(value, list):
            raise self.fail(f"{key!r} must be a list of [volume, percent] pairs")
        tiers = []
        for index, item in enumerate(value):
            if not isinstance(item, list) or len(item) != 2:
                raise self.fail(f"{key!r}[{index}] must be a [volume, percent] pair")
            volume = self.to_decimal(f"{key}[{index}] volume", item[0])
            percent = self.to_decimal(f"{key}[{index}] percent", item[1])
            try:
                tiers.append(FeeTier(volume, percent))
            except ValueError as error:
                raise self.fail(f"{key!r}[{index}]: {error}") from None
        return tuple(tiers)

    def finish(self) -> None:
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            raise self.fail(
                f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}"
            )


@contextmanager
def _checked(entry: _Entry) -> Iterator[None]:
    """After every key of ``entry`` was read: refuse unknown keys, and report value errors as its own."""
    entry.finish()
    try:
        yield
    except CatalogueError:
        raise
    except ValueError as error:
        raise entry.fail(str(error)) from None


def _read_asset(source: str, asset_id: str, data: object) -> Asset:
    entry = _Entry(f"{source}: assets.{asset_id}", data)
    altname = entry.text("altname")
    code = entry.text("code")
    decimals = entry.integer("decimals")
    display_decimals = entry.integer("display_decimals")
    status = entry.choice("status", AssetStatus, AssetStatus.ENABLED)
    asset_class = entry.choice("aclass", AssetClass, AssetClass.CURRENCY)
    collateral_value = entry.optional_decimal("collateral_value")
    margin_rate = entry.optional_decimal("margin_rate")
    borrowable = entry.boolean("borrowable", False)
    with _checked(entry):
        return Asset(
            id=asset_id,
            altname=altname,
            code=code,
            decimals=decimals,
            display_decimals=display_decimals,
            status=status,
            asset_class=asset_class,
            collateral_value=collateral_value,
            margin_rate=margin_rate,
            borrowable=borrowable,
        )


def _read_fee_schedule(source: str, name: str, data: object) -> FeeSchedule:
    entry = _Entry(f"{source}: fee_schedules.{name}", data)
    taker = entry.fee_tiers("fees")
    maker = entry.fee_tiers("fees_maker")
    volume_currency = entry.text("fee_volume_currency")
    with _checked(entry):
        return FeeSchedule(name=name, taker=taker, maker=maker, volume_currency=volume_currency)


def _read_margin(entry: _Entry) -> Callable[[], MarginTerms]:
    leverage_buy = entry.integer_list("leverage_buy")
    leverage_sell = entry.integer_list("leverage_sell")
    margin_call = entry.integer("margin_call", 80)
    margin_stop = entry.integer("margin_stop", 40)
    long_position_limit = entry.optional_integer("long_position_limit")
    short_position_limit = entry.optional_integer("short_position_limit")
    initial_margin = entry.optional_decimal("margin_initial")
    return functools.partial(
        MarginTerms,
        leverage_buy=leverage_buy,
        leverage_sell=leverage_sell,
        margin_call=margin_call,
        margin_stop=margin_stop,
        long_position_limit=long_position_limit,
        short_position_limit=short_position_limit,
        initial_margin=initial_margin,
    )


def _read_pair(
    source: str, key: str, data: object, assets: dict[str, Asset], schedules: dict[str, FeeSchedule]
) -> Instrument:
    entry = _Entry(f"{source}: pairs.{key}", data)

    def reference(field: str, table: dict[str, ValueT], what: str) -> ValueT:
        name = entry.text(field)
        if name not in table:
            raise entry.fail(f"{field} {name!r} is not a listed {what}")
        return table[name]

    base = reference("base", assets, "asset")
    quote = reference("quote", assets, "asset")
    fees = reference("fees", schedules, "fee schedule")
    build_margin = _read_margin(entry)
    instrument = functools.partial(
        Instrument,
        key=key,
        altname=entry.text("altname"),
        wsname=entry.text("wsname"),
        symbol=entry.text("symbol"),
        base=base,
        quote=quote,
        price_decimals=entry.integer("pair_decimals"),
        quantity_decimals=entry.integer("lot_decimals"),
        cost_decimals=entry.integer("cost_decimals"),
        lot_multiplier=entry.integer("lot_multiplier", 1),
        tick_size=entry.decimal("tick_size"),
        minimum_quantity=entry.decimal("ordermin"),
        minimum_cost=entry.decimal("costmin"),
        maximum_quantity=entry.optional_decimal("ordermax"),
        fees=fees,
        has_index=entry.boolean("has_index", False),
        status=entry.choice("status", MarketStatus, MarketStatus.ONLINE),
        kind=InstrumentKind.SPOT,
    )
    with _checked(entry):
        pair = instrument(margin=build_margin())
    expected_wsname = f"{base.altname}/{quote.altname}"
    if pair.wsname != expected_wsname:
        raise entry.fail(
            f"wsname {pair.wsname!r} should be {expected_wsname!r} (base and quote altnames)"
        )
    expected_symbol = f"{base.code}/{quote.code}"
    if pair.symbol != expected_symbol:
        raise entry.fail(
            f"symbol {pair.symbol!r} should be {expected_symbol!r} (base and quote codes)"
        )
    return pair


def _section(source: str, document: dict[str, object], name: str) -> dict[str, object]:
    section = document.get(name, {})
    if not isinstance(section, dict):
        raise CatalogueError(f"{source}: {name!r} must be a table")
    return section


def parse_catalogue(text: str, *, source: str = "<catalogue>") -> Catalogue:
    """Build a catalogue from TOML text; ``source`` names it in error messages."""
    try:
        document = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{source}: not valid TOML: {error}") from None
    unknown = sorted(set(document) - {"assets", "fee_schedules", "pairs"})
    if unknown:
        raise CatalogueError(
            f"{source}: unknown top-level key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}"
        )
    assets = {
        asset_id: _read_asset(source, asset_id, data)
        for asset_id, data in _section(source, document, "assets").items()
    }
    schedules = {
        name: _read_fee_schedule(source, name, data)
        for name, data in _section(source, document, "fee_schedules").items()
    }
    pairs = [
        _read_pair(source, key, data, assets, schedules)
        for key, data in _section(source, document, "pairs").items()
    ]
    try:
        return Catalogue(assets.values(), pairs)
    except CatalogueError as error:
        raise CatalogueError(f"{source}: {error}") from None


def read_catalogue(path: Path) -> Catalogue:
    """Build a catalogue from a TOML file."""
    return parse_catalogue(path.read_text(encoding="utf-8"), source=str(path))


@functools.cache
def load_spot_catalogue() -> Catalogue:
    """The packaged Spot catalogue (``krakenbox/domain/data/spot.toml``), read once per process."""
    resource = (
        resources.files("krakenbox.domain").joinpath("data").joinpath(SPOT_CATALOGUE_RESOURCE)
    )
    return parse_catalogue(
        resource.read_text(encoding="utf-8"),
        source=f"krakenbox/domain/data/{SPOT_CATALOGUE_RESOURCE}",
    )
