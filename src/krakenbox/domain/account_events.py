"""Events of money commands (:mod:`krakenbox.domain.account_commands`). Trades change balances
too, but their effect follows from ``TradeExecuted`` (see :mod:`krakenbox.matching.settlement`),
so they need no event of their own."""

from __future__ import annotations

from dataclasses import dataclass

from krakenbox.domain.account_commands import MoneyCommand, MoneyRejectReason


@dataclass(frozen=True, slots=True)
class AccountOpened:
    account: str
    parent: str | None
    timestamp: int


@dataclass(frozen=True, slots=True)
class FundsDeposited:
    account: str
    asset: str
    amount: int
    ledger_id: str
    timestamp: int


@dataclass(frozen=True, slots=True)
class FundsWithdrawn:
    account: str
    asset: str
    amount: int
    ledger_id: str
    timestamp: int


@dataclass(frozen=True, slots=True)
class FundsTransferred:
    source: str
    destination: str
    asset: str
    amount: int
    source_ledger_id: str
    destination_ledger_id: str
    timestamp: int


@dataclass(frozen=True, slots=True)
class FundsTransferredToFutures:
    """``amount`` left the Spot balance (ledger entry ``ledger_id``) for the Futures wallet."""

    account: str
    asset: str
    amount: int
    ledger_id: str
    timestamp: int


@dataclass(frozen=True, slots=True)
class MoneyRejected:
    command: MoneyCommand
    reason: MoneyRejectReason
    timestamp: int


MoneyEvent = (
    AccountOpened
    | FundsDeposited
    | FundsWithdrawn
    | FundsTransferred
    | FundsTransferredToFutures
    | MoneyRejected
)
