"""Account data as REST shows it (spec/spot-rest.md §8.2–§8.14): balances, trades, ledger
entries and fee rates. Amounts are strings at the asset's ledger decimals; trade prices and
costs at the pair's."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from krakenbox.domain.assets import Asset
from krakenbox.domain.instruments import Instrument
from krakenbox.domain.ledger import LedgerEntry, TradeRecord
from krakenbox.kraken.rest import numbers


def balance(asset: Asset, amount: int) -> str:
    return asset.format(amount)


def balance_ex(asset: Asset, amount: int, hold: int) -> dict[str, str]:
    """One BalanceEx entry: ``balance`` and ``hold_trade`` (both clients need both)."""
    return {"balance": asset.format(amount), "hold_trade": asset.format(hold)}


def trade_object(
    trade: TradeRecord,
    instrument: Instrument,
    fee_asset: Asset,
    *,
    with_ledgers: bool = False,
) -> dict[str, Any]:
    """A TradesHistory / QueryTrades entry."""
    result: dict[str, Any] = {
        "ordertxid": trade.order_id,
        "postxid": trade.execution_id,
        "pair": instrument.key,
        "aclass": "currency",
        "time": numbers.seconds(trade.timestamp),
        "type": trade.side.value,
        "ordertype": trade.order_type.value,
        "price": instrument.format_price(trade.price),
        "cost": numbers.cost(instrument, trade.cost),
        "fee": fee_asset.format(trade.fee),
        "vol": instrument.format_quantity(trade.quantity),
        "margin": instrument.format_cost(0),
        "leverage": "0",
        "misc": "",
        "trade_id": trade.trade_id,
        "maker": trade.maker,
    }
    if with_ledgers:
        result["ledgers"] = list(trade.ledger_ids)
    return result


def ledger_object(entry: LedgerEntry, asset: Asset) -> dict[str, Any]:
    """A Ledgers / QueryLedgers entry."""
    return {
        "refid": entry.reference,
        "time": numbers.seconds(entry.timestamp),
        "type": entry.type.value,
        "subtype": entry.subtype,
        "aclass": "currency",
        "asset": asset.id,
        "amount": asset.format(entry.amount),
        "fee": asset.format(entry.fee),
        "balance": asset.format(entry.balance),
    }


def fee_entry(
    rate: int, tiers: Mapping[int, int] | None, next_tier: tuple[str, int] | None
) -> dict[str, Any]:
    """TradeVolume's ``fees``/``fees_maker`` entry: rate and the schedule's edges, as percent
    strings; ``next_tier`` is (volume text, rate) of the next tier or None at the top."""
    minimum = min(tiers.values()) if tiers else rate
    maximum = max(tiers.values()) if tiers else rate
    return {
        "fee": numbers.percent(rate),
        "minfee": numbers.percent(minimum),
        "maxfee": numbers.percent(maximum),
        "nextfee": None if next_tier is None else numbers.percent(next_tier[1]),
        "nextvolume": None if next_tier is None else next_tier[0],
        "tiervolume": None,
    }


AssetLookup = Callable[[str], Asset]
"""Asset id → asset (the catalogue's lookup)."""
