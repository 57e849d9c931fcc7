"""Commands that move money rather than orders: open an account (or a subaccount under a
master), deposit, withdraw, transfer between accounts of one family, and transfer from the
Spot wallet to the account's Futures wallet. Amounts are integers in
the asset's ledger units (``10**-decimals``); ``asset`` is the asset id (``ZUSD``, ``XXBT``).

Results are :mod:`krakenbox.domain.account_events`; the engine never reads a clock, so
``timestamp`` is the time of the ledger entries.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenAccount:
    """Create ``account``; with ``parent`` it is a subaccount of that master account."""

    account: str
    timestamp: int
    parent: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Deposit:
    """Credit ``amount`` of ``asset`` (opens the account if it does not exist yet)."""

    account: str
    asset: str
    amount: int
    timestamp: int
    reference: str | None = None
    """The ledger ``refid`` (a funding reference); None: the ledger entry's own id."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Withdraw:
    """Debit ``amount`` of ``asset`` from what is available (balance less holds)."""

    account: str
    asset: str
    amount: int
    timestamp: int
    reference: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Transfer:
    """Move ``amount`` of ``asset`` between a master and its subaccounts, or between two
    subaccounts of one master (Kraken's ``AccountTransfer``)."""

    source: str
    destination: str
    asset: str
    amount: int
    timestamp: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferToFutures:
    """Move ``amount`` of ``asset`` from what is available in the account's Spot wallet
    (balance less holds) to its Futures wallet (Kraken's ``WalletTransfer``, which goes only
    this way: the way back is a Futures API call)."""

    account: str
    asset: str
    amount: int
    timestamp: int
    reference: str | None = None
    """The ledger ``refid`` (a funding reference); None: the ledger entry's own id."""


MoneyCommand = OpenAccount | Deposit | Withdraw | Transfer | TransferToFutures


class MoneyRejectReason(enum.Enum):
    """Why a money command was refused; the comment is the Kraken error string it maps to."""

    UNKNOWN_ASSET = "unknown asset"  # EQuery:Unknown asset
    INVALID_AMOUNT = "invalid amount"  # EFunding:Invalid amount
    INSUFFICIENT_FUNDS = "insufficient funds"  # EFunding:Insufficient funds (DERIVED)
    UNKNOWN_ACCOUNT = "unknown account"  # EGeneral:Permission denied (DERIVED)
    ACCOUNT_EXISTS = "account exists"  # EGeneral:Invalid arguments (DERIVED)
    NOT_RELATED = "accounts not related"  # EGeneral:Permission denied (subaccount rules)
