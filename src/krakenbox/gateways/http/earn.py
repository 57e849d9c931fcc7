"""Earn (spec/spot-rest.md §12), simulated: one flexible strategy per asset, paying
:data:`APR_PARTS_PER_MILLION` a year on what is allocated, accruing on the venue's clock.

Allocated funds move (a ledger transfer) to the account's earn account, ``<account>.earn``, a
subaccount of the family's master that only Earn touches; deallocating moves them back.
Rewards are booked into the earn account (a ledger deposit) whenever its Earn data is read or
changed, for the time since its last ledger entry of that asset, so the same calls at the same
times give the same rewards and a restart loses nothing. (De)allocations complete at once:
the status calls answer ``pending: false``.
"""

from __future__ import annotations

import base64
import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from krakenbox.core.clock import NANOS_PER_SECOND
from krakenbox.core.units import InvalidNumber, parse_units
from krakenbox.domain.account_commands import Deposit, OpenAccount, Transfer
from krakenbox.domain.account_events import MoneyRejected
from krakenbox.domain.ledger import LedgerType
from krakenbox.gateways.http.account import value_in
from krakenbox.gateways.http.calls import published
from krakenbox.kraken.rest.errors import RestError, invalid_arguments
from krakenbox.kraken.symbols import UnknownAsset

if TYPE_CHECKING:
    from krakenbox.domain.accounts import Account
    from krakenbox.domain.assets import Asset
    from krakenbox.gateways.http.calls import Call, Handler

APR_PARTS_PER_MILLION: Final = 30_000
"""3 % a year."""
YEAR_NS: Final = 365 * 24 * 3600 * NANOS_PER_SECOND
EARN_SUFFIX: Final = ".earn"
BELOW_MINIMUM: Final = "EEarnings:Below min:(De)allocation operation amount less than minimum"
INSUFFICIENT: Final = (
    "EEarnings:Insufficient funds:Insufficient funds to complete the (de)allocation request"
)
INVALID_STRATEGY: Final = "EGeneral:Invalid arguments:Invalid strategy ID"


def strategy_id(asset: Asset) -> str:
    """``E`` + a 6-5-6 id derived from the asset (stable across restarts)."""
    text = base64.b32encode(hashlib.sha256(f"earn/{asset.id}".encode()).digest()).decode()
    return f"E{text[:6]}-{text[6:11]}-{text[11:17]}"


def minimum(asset: Asset) -> int:
    """The smallest allocation: one unit of the asset's display precision."""
    smallest: int = 10 ** (asset.decimals - asset.display_decimals)
    return smallest


def _strategies(call: Call) -> dict[str, Asset]:
    return {strategy_id(asset): asset for asset in call.context.venue.catalogue.assets}


def strategy_object(asset: Asset) -> dict[str, Any]:
    apr = format(Decimal(APR_PARTS_PER_MILLION) / 10_000, ".4f")
    return {
        "id": strategy_id(asset),
        "asset": asset.altname,
        "lock_type": {"type": "flex", "payout_frequency": 604800},
        "apr_estimate": {"low": apr, "high": apr},
        "user_min_allocation": asset.format(minimum(asset)),
        "allocation_fee": asset.format(0),
        "deallocation_fee": asset.format(0),
        "auto_compound": {"type": "enabled"},
        "yield_source": {"type": "off_chain"},
        "can_allocate": True,
        "can_deallocate": True,
        "allocation_restriction_info": [],
    }


async def strategies(call: Call) -> Any:
    chosen = list(call.context.venue.catalogue.assets)
    if call.parameters.present("asset"):
        try:
            wanted = call.context.translator.rest_asset(call.parameters.required_text("asset"))
        except UnknownAsset as error:
            raise RestError(error.reply) from None
        chosen = [wanted]
    lock_types = call.parameters.text_list("lock_type")
    if lock_types is not None and "flex" not in lock_types:
        chosen = []
    items = [strategy_object(asset) for asset in chosen]
    if call.parameters.boolean("ascending", True) is False:
        items.reverse()
    return {"items": items, "next_cursor": None}


def earn_account_name(account: str) -> str:
    return account + EARN_SUFFIX


def _accounts(call: Call) -> tuple[Account | None, Account | None]:
    accounts = call.context.venue.engine.accounts
    return accounts.find(call.account), accounts.find(earn_account_name(call.account))


def _book_rewards(call: Call, earn: Account, asset: Asset) -> None:
    principal = earn.balance(asset.id)
    if principal <= 0:
        return
    since = next(
        (entry.timestamp for entry in reversed(earn.ledger) if entry.asset == asset.id), None
    )
    if since is None:
        return
    elapsed = max(0, call.now_ns - since)
    reward = principal * APR_PARTS_PER_MILLION * elapsed // (YEAR_NS * 1_000_000)
    if reward > 0:
        call.context.venue.submit(
            Deposit(account=earn.account_id, asset=asset.id, amount=reward, timestamp=call.now_ns)
        )


def _strategy_asset(call: Call) -> Asset:
    asset = _strategies(call).get(call.parameters.required_text("strategy_id"))
    if asset is None:
        raise RestError(INVALID_STRATEGY)
    return asset


def _amount(call: Call, asset: Asset) -> int:
    try:
        amount = parse_units(call.parameters.required_text("amount").strip(), asset.decimals)
    except InvalidNumber:
        raise invalid_arguments("amount") from None
    if amount < minimum(asset):
        raise RestError(BELOW_MINIMUM)
    return amount


async def _move(call: Call, *, allocate: bool) -> Any:
    asset = _strategy_asset(call)
    amount = _amount(call, asset)
    account, earn = _accounts(call)
    if account is None:
        raise RestError(INSUFFICIENT)
    venue = call.context.venue
    name = earn_account_name(call.account)
    if earn is None:
        if not allocate:
            raise RestError(INSUFFICIENT)
        venue.submit(OpenAccount(account=name, timestamp=call.now_ns, parent=account.family))
    else:
        _book_rewards(call, earn, asset)
    source, destination = (call.account, name) if allocate else (name, call.account)
    sequenced = venue.submit(
        Transfer(
            source=source,
            destination=destination,
            asset=asset.id,
            amount=amount,
            timestamp=call.now_ns,
        )
    )
    await published(call.context)
    if isinstance(sequenced.events[0], MoneyRejected):
        raise RestError(INSUFFICIENT)
    return True


async def allocate(call: Call) -> Any:
    return await _move(call, allocate=True)


async def deallocate(call: Call) -> Any:
    return await _move(call, allocate=False)


async def status(call: Call) -> Any:
    _strategy_asset(call)
    return {"pending": False}


async def allocations(call: Call) -> Any:
    translator = call.context.translator
    try:
        target = translator.rest_asset(call.parameters.text("converted_asset", "USD") or "USD")
    except UnknownAsset as error:
        raise RestError(error.reply) from None
    _, earn = _accounts(call)
    items = []
    total_allocated = total_rewarded = Decimal(0)
    if earn is not None:
        for asset in call.context.venue.catalogue.assets:
            _book_rewards(call, earn, asset)
        await published(call.context)
        for asset in call.context.venue.catalogue.assets:
            allocated = earn.balance(asset.id)
            rewarded = sum(
                entry.amount
                for entry in earn.ledger
                if entry.asset == asset.id and entry.type is LedgerType.DEPOSIT
            )
            if allocated == 0 and call.parameters.boolean("hide_zero_allocations"):
                continue
            if allocated == 0 and rewarded == 0:
                continue
            allocated_value = value_in(call, asset, allocated, target)
            rewarded_value = value_in(call, asset, rewarded, target)
            total_allocated += allocated_value
            total_rewarded += rewarded_value
            items.append(
                {
                    "strategy_id": strategy_id(asset),
                    "native_asset": asset.altname,
                    "amount_allocated": {
                        "total": {
                            "native": asset.format(allocated),
                            "converted": _converted(target, allocated_value),
                        }
                    },
                    "total_rewarded": {
                        "native": asset.format(rewarded),
                        "converted": _converted(target, rewarded_value),
                    },
                }
            )
    return {
        "converted_asset": target.altname,
        "total_allocated": _converted(target, total_allocated),
        "total_rewarded": _converted(target, total_rewarded),
        "items": items,
    }


def _converted(target: Asset, value: Decimal) -> str:
    return target.format(int(value.scaleb(target.decimals).to_integral_value()))


EARN_METHODS: Final[dict[str, Handler]] = {
    "Earn/Strategies": strategies,
    "Earn/Allocations": allocations,
    "Earn/Allocate": allocate,
    "Earn/Deallocate": deallocate,
    "Earn/AllocateStatus": status,
    "Earn/DeallocateStatus": status,
}
