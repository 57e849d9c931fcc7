"""Funding and subaccounts, simulated consistently with balances and ledgers
(spec/spot-rest.md §10, §11).

Every asset has one funding method, named by its code (``BTC``), with one deposit address and
one withdrawal key per account (any ``method`` name a client sends is taken as that method:
ccxt sends Kraken's own names, ``Bitcoin``) (``krakenbox-<altname>``), derived from the account and asset so
they stay the same across restarts. Deposits reach an account from outside REST (the demo
funding, ``krakenbox`` administration); ``DepositStatus`` lists them from the ledger. A
``Withdraw`` settles at once (a ledger entry, status ``Success``), so ``WithdrawCancel`` finds
nothing left to cancel. ``CreateSubaccount`` opens a subaccount under the caller (and in the
directory, so keys can be issued to it); ``AccountTransfer`` moves money within the family,
naming accounts by IIBAN or by name. ``WalletTransfer`` moves money from the Spot wallet to the
account's Futures wallet (kept by the engine for the Derivatives engine to come), with a
``transfer``/``spottofutures`` ledger entry.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from typing import TYPE_CHECKING, Any, Final

from krakenbox.core.units import InvalidNumber, parse_units
from krakenbox.domain.account_commands import (
    MoneyRejectReason,
    OpenAccount,
    Transfer,
    TransferToFutures,
    Withdraw,
)
from krakenbox.domain.account_events import MoneyRejected
from krakenbox.domain.ledger import LedgerType
from krakenbox.gateways.http.calls import published
from krakenbox.kraken.errors import rest_error
from krakenbox.kraken.rest import numbers
from krakenbox.kraken.rest.errors import RestError, invalid_arguments
from krakenbox.kraken.symbols import UnknownAsset
from krakenbox.venue.directory import DirectoryError

if TYPE_CHECKING:
    from krakenbox.domain.assets import Asset
    from krakenbox.domain.ledger import LedgerEntry
    from krakenbox.gateways.http.calls import Call, Handler

UNKNOWN_WITHDRAW_KEY: Final = "EFunding:Unknown withdraw key"
INVALID_AMOUNT: Final = "EFunding:Invalid amount"
UNKNOWN_REFERENCE: Final = "EFunding:Unknown reference id"
INVALID_REFERENCE: Final = "EFunding:Invalid reference id"
SPOT_WALLET: Final = "Spot Wallet"
FUTURES_WALLET: Final = "Futures Wallet"
"""The only ``from`` and ``to`` of ``WalletTransfer`` (Kraken's spelling, compared exactly)."""


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x00".join(parts).encode()).digest()


def deposit_address(account: str, asset: Asset) -> str:
    return "kb1" + base64.b32encode(_digest("deposit", account, asset.id)).decode().lower()[:38]


def withdraw_address(account: str, asset: Asset) -> str:
    return "kb1" + base64.b32encode(_digest("withdraw", account, asset.id)).decode().lower()[:38]


def withdraw_key(asset: Asset) -> str:
    return f"krakenbox-{asset.altname}"


_REFERENCES: Final = itertools.count(1)


def funding_reference(account: str, now_ns: int) -> str:
    """A funding ``refid`` in Kraken's shape: ``FW`` + mixed case, one dash (28 characters)."""
    digest = base64.b64encode(_digest("refid", account, str(now_ns), str(next(_REFERENCES))))
    text = digest.decode().replace("+", "x").replace("/", "y")
    return f"FW{text[:6]}-{text[6:25]}"


def iiban(account: str) -> str:
    """An account's 16-character IIBAN (``AB12CD34EF56GH78`` style)."""
    return base64.b32encode(_digest("iiban", account)).decode()[:16]


def _asset(call: Call, name: str = "asset") -> Asset:
    text = call.parameters.required_text(name)
    try:
        return call.context.translator.rest_asset(text)
    except UnknownAsset:
        raise RestError("EFunding:Unknown asset") from None


def _amount(call: Call, asset: Asset) -> int:
    text = call.parameters.required_text("amount")
    try:
        amount = parse_units(text.strip(), asset.decimals)
    except InvalidNumber:
        raise invalid_arguments("amount") from None
    if amount <= 0:
        raise RestError(INVALID_AMOUNT)
    return amount


async def deposit_methods(call: Call) -> Any:
    asset = _asset(call)
    zero = asset.format(0)
    return [
        {"method": asset.code, "limit": False, "fee": zero, "gen-address": True, "minimum": zero}
    ]


async def deposit_addresses(call: Call) -> Any:
    asset = _asset(call)
    call.parameters.required_text("method")  # any name: one method per asset (ccxt: "Bitcoin")
    address: dict[str, Any] = {"address": deposit_address(call.account, asset), "expiretm": "0"}
    if call.parameters.boolean("new"):
        address["new"] = True
    return [address]


def _entries(call: Call, asset: Asset | None, kind: LedgerType) -> list[LedgerEntry]:
    account = call.context.venue.engine.accounts.find(call.account)
    if account is None:
        return []
    start = call.parameters.integer("start")
    end = call.parameters.integer("end")
    chosen = []
    for entry in account.ledger:
        seconds = numbers.whole_seconds(entry.timestamp)
        if entry.type is not kind or (asset is not None and entry.asset != asset.id):
            continue
        if (start is not None and seconds < start) or (end is not None and seconds > end):
            continue
        chosen.append(entry)
    return chosen[::-1]


def _optional_asset(call: Call) -> Asset | None:
    return _asset(call) if call.parameters.present("asset") else None


def _status(call: Call, name: str, items: list[dict[str, Any]]) -> Any:
    cursor = call.parameters.values.get("cursor")
    if cursor is None or cursor in (False, "false", "False"):
        return items
    return {name: items, "next_cursor": None}


async def deposit_status(call: Call) -> Any:
    asset = _optional_asset(call)
    catalogue = call.context.venue.catalogue
    items = []
    for entry in _entries(call, asset, LedgerType.DEPOSIT):
        of = catalogue.asset(entry.asset)
        items.append(
            {
                "method": of.code,
                "aclass": "currency",
                "asset": of.id,
                "refid": entry.reference,
                "txid": entry.ledger_id,
                "info": deposit_address(call.account, of),
                "amount": of.format(entry.amount),
                "fee": of.format(entry.fee),
                "time": numbers.whole_seconds(entry.timestamp),
                "status": "Success",
            }
        )
    return _status(call, "deposit", items)


async def withdraw_methods(call: Call) -> Any:
    chosen = (
        [_asset(call)]
        if call.parameters.present("asset")
        else list(call.context.venue.catalogue.assets)
    )
    return [
        {"asset": asset.id, "method": asset.code, "network": asset.code, "minimum": asset.format(0)}
        for asset in chosen
    ]


async def withdraw_addresses(call: Call) -> Any:
    chosen = (
        [_asset(call)]
        if call.parameters.present("asset")
        else list(call.context.venue.catalogue.assets)
    )
    return [
        {
            "address": withdraw_address(call.account, asset),
            "asset": asset.id,
            "method": asset.code,
            "key": withdraw_key(asset),
            "verified": True,
        }
        for asset in chosen
    ]


def _withdraw_key(call: Call, asset: Asset) -> None:
    if call.parameters.required_text("key") != withdraw_key(asset):
        raise RestError(UNKNOWN_WITHDRAW_KEY)
    address = call.parameters.text("address")
    if address is not None and address != withdraw_address(call.account, asset):
        raise RestError("EFunding:Invalid withdrawal address")


async def withdraw_info(call: Call) -> Any:
    asset = _asset(call)
    _withdraw_key(call, asset)
    amount = _amount(call, asset)
    account = call.context.venue.engine.accounts.find(call.account)
    available = 0 if account is None else account.available(asset.id)
    return {
        "method": asset.code,
        "limit": asset.format(available),
        "amount": asset.format(amount),
        "fee": asset.format(0),
    }


async def withdraw(call: Call) -> Any:
    asset = _asset(call)
    _withdraw_key(call, asset)
    amount = _amount(call, asset)
    reference = funding_reference(call.account, call.now_ns)
    return await _debit(
        call,
        Withdraw(
            account=call.account,
            asset=asset.id,
            amount=amount,
            timestamp=call.now_ns,
            reference=reference,
        ),
    )


async def wallet_transfer(call: Call) -> Any:
    asset = _asset(call)
    if call.parameters.required_text("from") != SPOT_WALLET:
        raise invalid_arguments("from")
    if call.parameters.required_text("to") != FUTURES_WALLET:
        raise invalid_arguments("to")
    amount = _amount(call, asset)
    reference = funding_reference(call.account, call.now_ns)
    return await _debit(
        call,
        TransferToFutures(
            account=call.account,
            asset=asset.id,
            amount=amount,
            timestamp=call.now_ns,
            reference=reference,
        ),
    )


async def _debit(call: Call, command: Withdraw | TransferToFutures) -> Any:
    """Submit a command that takes money out of the Spot wallet; Kraken's answer, the refid."""
    sequenced = call.context.venue.submit(command)
    await published(call.context)
    event = sequenced.events[0]
    if isinstance(event, MoneyRejected):
        # Kraken: "EFunding:Invalid amount" for an amount above what is available.
        if event.reason is MoneyRejectReason.INSUFFICIENT_FUNDS:
            raise RestError(INVALID_AMOUNT)
        raise RestError(rest_error(event.reason))
    return {"refid": command.reference}


async def withdraw_status(call: Call) -> Any:
    asset = _optional_asset(call)
    catalogue = call.context.venue.catalogue
    items = []
    for entry in _entries(call, asset, LedgerType.WITHDRAWAL):
        of = catalogue.asset(entry.asset)
        items.append(
            {
                "method": of.code,
                "network": of.code,
                "aclass": "currency",
                "asset": of.id,
                "refid": entry.reference,
                "txid": entry.ledger_id,
                "info": withdraw_address(call.account, of),
                "amount": of.format(-entry.amount),
                "fee": of.format(entry.fee),
                "time": numbers.whole_seconds(entry.timestamp),
                "status": "Success",
                "key": withdraw_key(of),
            }
        )
    return _status(call, "withdrawals", items)


async def withdraw_cancel(call: Call) -> Any:
    asset = _asset(call)
    reference = call.parameters.required_text("refid")
    if any(entry.reference == reference for entry in _entries(call, asset, LedgerType.WITHDRAWAL)):
        raise RestError(INVALID_REFERENCE)  # settled at once: nothing left to cancel
    raise RestError(UNKNOWN_REFERENCE)


# --- subaccounts -------------------------------------------------------------------------------


async def create_subaccount(call: Call) -> Any:
    name = call.parameters.required_text("username")
    call.parameters.required_text("email")
    context = call.context
    venue = context.venue
    master = venue.engine.accounts.find(call.account)
    if master is not None and master.parent is not None:
        raise RestError.of(MoneyRejectReason.NOT_RELATED)
    if context.directory.account(name) is not None or venue.engine.accounts.find(name) is not None:
        raise RestError.of(MoneyRejectReason.ACCOUNT_EXISTS)
    try:
        context.directory.create_account(name, context.directory.tier_of(call.account))
    except DirectoryError:
        raise invalid_arguments("username") from None
    if master is None:
        venue.submit(OpenAccount(account=call.account, timestamp=call.now_ns))
    sequenced = venue.submit(OpenAccount(account=name, timestamp=call.now_ns, parent=call.account))
    await published(context)
    event = sequenced.events[0]
    if isinstance(event, MoneyRejected):
        raise RestError.of(event.reason)
    return True


def _account_named(call: Call, text: str) -> str:
    for record in call.context.directory.accounts():
        if text in (record.name, iiban(record.name)):
            return record.name
    raise invalid_arguments("to" if text == call.parameters.text("to") else "from")


async def account_transfer(call: Call) -> Any:
    asset = _asset(call)
    amount = _amount(call, asset)
    source = _account_named(call, call.parameters.required_text("from"))
    destination = _account_named(call, call.parameters.required_text("to"))
    accounts = call.context.venue.engine.accounts
    caller = accounts.find(call.account)
    family = caller.family if caller is not None else call.account
    for name in (source, destination):
        found = accounts.find(name)
        if found is None or found.family != family:
            raise RestError.of(MoneyRejectReason.NOT_RELATED)
    sequenced = call.context.venue.submit(
        Transfer(
            source=source,
            destination=destination,
            asset=asset.id,
            amount=amount,
            timestamp=call.now_ns,
        )
    )
    await published(call.context)
    event = sequenced.events[0]
    if isinstance(event, MoneyRejected):
        raise RestError.of(event.reason)
    transfer_id = "T" + base64.b32encode(_digest("transfer", event.source_ledger_id)).decode()[:6]
    return {
        "transfer_id": f"{transfer_id}-{event.source_ledger_id[1:7]}-{event.destination_ledger_id[1:7]}",
        "status": "complete",
    }


FUNDING_METHODS: Final[dict[str, Handler]] = {
    "DepositMethods": deposit_methods,
    "DepositAddresses": deposit_addresses,
    "DepositStatus": deposit_status,
    "WithdrawMethods": withdraw_methods,
    "WithdrawAddresses": withdraw_addresses,
    "WithdrawInfo": withdraw_info,
    "Withdraw": withdraw,
    "WithdrawStatus": withdraw_status,
    "WithdrawCancel": withdraw_cancel,
    "WalletTransfer": wallet_transfer,
    "CreateSubaccount": create_subaccount,
    "AccountTransfer": account_transfer,
}
