"""Accounts: balances and holds per asset, a ledger, trade history and 30-day volume.

Amounts are integers in each asset's ledger units (``10**-decimals``). A *hold* is what open
orders reserve (Kraken's ``hold_trade``); *available* is balance less holds and never goes
below zero. Subaccounts name their master in ``parent``; transfers move money only within one
family (a master and its subaccounts). ``futures`` is each account's Futures wallet: what
``WalletTransfer`` moved out of Spot, per asset, waiting for a Derivatives engine to use it.

:class:`Accounts` is the registry and carries out money commands
(:mod:`krakenbox.domain.account_commands`); trades are applied by
:mod:`krakenbox.matching.settlement`. Fees collect in the venue's fee account
(:data:`FEE_ACCOUNT`), so every asset's total over all accounts changes only by deposits,
withdrawals and transfers to Futures wallets (which :meth:`Accounts.total` leaves out).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Final

from krakenbox.domain.account_commands import (
    Deposit,
    MoneyRejectReason,
    OpenAccount,
    Transfer,
    TransferToFutures,
    Withdraw,
)
from krakenbox.domain.account_events import (
    AccountOpened,
    FundsDeposited,
    FundsTransferred,
    FundsTransferredToFutures,
    FundsWithdrawn,
    MoneyRejected,
)
from krakenbox.domain.ledger import (
    SPOT_TO_FUTURES,
    Ledger,
    LedgerEntry,
    LedgerType,
    TradeHistory,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from krakenbox.core.ids import IdGenerator
    from krakenbox.domain.account_commands import MoneyCommand
    from krakenbox.domain.account_events import MoneyEvent

FEE_ACCOUNT: Final = "venue-fees"
"""The venue's own account, where trading fees are collected."""

VOLUME_WINDOW: Final = 30 * 24 * 3600 * 1_000_000_000
"""Kraken's fee tiers look at the last 30 days of volume (nanoseconds)."""


class Account:
    """One account's money. Change it only through :class:`Accounts` and the settlement."""

    __slots__ = (
        "account_id",
        "balances",
        "futures",
        "holds",
        "ledger",
        "parent",
        "trades",
        "volume",
        "volume_window",
    )

    def __init__(
        self, account_id: str, parent: str | None = None, ledger_ids: IdGenerator | None = None
    ) -> None:
        self.account_id = account_id
        self.parent = parent
        self.balances: dict[str, int] = {}
        self.holds: dict[str, int] = {}
        self.futures: dict[str, int] = {}
        """The Futures wallet: asset → what transfers from Spot credited (ledger units). No
        engine reads it yet; a Derivatives engine will take it as collateral."""
        self.ledger = Ledger(ledger_ids)
        """Ledger entries, oldest first (a read-only sequence; trades' entries are built when
        read, their ids from ``ledger_ids``)."""
        self.trades = TradeHistory(ledger_ids)
        """Trade records (fills), oldest first (a read-only sequence, built when read)."""
        self.volume = 0
        """30-day traded volume in the fee schedules' volume currency (ledger units)."""
        self.volume_window: deque[tuple[int, int]] = deque()

    def balance(self, asset: str) -> int:
        return self.balances.get(asset, 0)

    def hold(self, asset: str) -> int:
        return self.holds.get(asset, 0)

    def available(self, asset: str) -> int:
        return self.balances.get(asset, 0) - self.holds.get(asset, 0)

    @property
    def family(self) -> str:
        """The master of this account's family (itself when it is a master)."""
        return self.parent if self.parent is not None else self.account_id

    def add_volume(self, timestamp: int, amount: int) -> None:
        """Count ``amount`` of traded volume at ``timestamp``; forget what is 30 days old."""
        self.volume_window.append((timestamp, amount))
        self.volume += amount
        self.expire_volume(timestamp)

    def expire_volume(self, now: int) -> None:
        window = self.volume_window
        horizon = now - VOLUME_WINDOW
        while window and window[0][0] <= horizon:
            self.volume -= window.popleft()[1]

    def __repr__(self) -> str:
        return f"Account({self.account_id!r}, balances={self.balances}, holds={self.holds})"


class Accounts:
    """Every account of a venue, the ledger ids they share, and money commands."""

    __slots__ = ("_accounts", "asset_ids", "ledger_ids")

    def __init__(self, ledger_ids: IdGenerator, asset_ids: Iterable[str]) -> None:
        self.ledger_ids = ledger_ids
        self.asset_ids = frozenset(asset_ids)
        self._accounts: dict[str, Account] = {FEE_ACCOUNT: Account(FEE_ACCOUNT, None, ledger_ids)}

    # --- lookup ------------------------------------------------------------------------------

    def __contains__(self, account_id: object) -> bool:
        return account_id in self._accounts

    def __iter__(self) -> Iterator[Account]:
        return iter(self._accounts.values())

    def find(self, account_id: str) -> Account | None:
        return self._accounts.get(account_id)

    def get(self, account_id: str) -> Account:
        """The account, opened (as a master) if it does not exist yet."""
        account = self._accounts.get(account_id)
        if account is None:
            account = self._accounts[account_id] = Account(account_id, None, self.ledger_ids)
        return account

    def total(self, asset: str) -> int:
        """The asset's Spot total over every account, the fee account included (Futures
        wallets are not counted)."""
        return sum(account.balances.get(asset, 0) for account in self._accounts.values())

    # --- booking -----------------------------------------------------------------------------

    def book(
        self,
        account: Account,
        asset: str,
        amount: int,
        fee: int,
        entry_type: LedgerType,
        reference: str | None,
        timestamp: int,
        subtype: str = "",
    ) -> LedgerEntry:
        """Move the account's balance by ``amount - fee`` and write the ledger entry."""
        balance = account.balances.get(asset, 0) + amount - fee
        account.balances[asset] = balance
        ledger_id = self.ledger_ids.next_id()
        entry = LedgerEntry(
            ledger_id,
            reference if reference is not None else ledger_id,
            timestamp,
            entry_type,
            asset,
            amount,
            fee,
            balance,
            subtype,
        )
        account.ledger.append(entry)
        return entry

    # --- money commands ----------------------------------------------------------------------

    def handle(self, command: MoneyCommand) -> MoneyEvent:
        """Carry out one money command."""
        if isinstance(command, OpenAccount):
            return self._open(command)
        if isinstance(command, Deposit):
            return self._deposit(command)
        if isinstance(command, Withdraw):
            return self._withdraw(command)
        if isinstance(command, TransferToFutures):
            return self._transfer_to_futures(command)
        return self._transfer(command)

    def _open(self, command: OpenAccount) -> MoneyEvent:
        if command.account in self._accounts:
            return MoneyRejected(command, MoneyRejectReason.ACCOUNT_EXISTS, command.timestamp)
        if command.parent is not None:
            parent = self._accounts.get(command.parent)
            if parent is None or parent.parent is not None or parent.account_id == FEE_ACCOUNT:
                return MoneyRejected(command, MoneyRejectReason.UNKNOWN_ACCOUNT, command.timestamp)
        self._accounts[command.account] = Account(command.account, command.parent, self.ledger_ids)
        return AccountOpened(command.account, command.parent, command.timestamp)

    def _amount_problem(self, asset: str, amount: int) -> MoneyRejectReason | None:
        if asset not in self.asset_ids:
            return MoneyRejectReason.UNKNOWN_ASSET
        if amount <= 0:
            return MoneyRejectReason.INVALID_AMOUNT
        return None

    def _deposit(self, command: Deposit) -> MoneyEvent:
        reason = self._amount_problem(command.asset, command.amount)
        if reason is None and command.account == FEE_ACCOUNT:
            reason = MoneyRejectReason.UNKNOWN_ACCOUNT
        if reason is not None:
            return MoneyRejected(command, reason, command.timestamp)
        entry = self.book(
            self.get(command.account),
            command.asset,
            command.amount,
            0,
            LedgerType.DEPOSIT,
            command.reference,
            command.timestamp,
        )
        return FundsDeposited(
            command.account, command.asset, command.amount, entry.ledger_id, command.timestamp
        )

    @staticmethod
    def _shortfall(
        account: Account | None, asset: str, amount: int, unknown: MoneyRejectReason
    ) -> MoneyRejectReason | None:
        """Why ``amount`` of ``asset`` (a valid amount) cannot leave ``account`` (``unknown``
        when there is no such account), or None."""
        if account is None:
            return unknown
        if account.available(asset) < amount:
            return MoneyRejectReason.INSUFFICIENT_FUNDS
        return None

    def _withdraw(self, command: Withdraw) -> MoneyEvent:
        account = self._accounts.get(command.account)
        reason = self._amount_problem(command.asset, command.amount) or self._shortfall(
            account, command.asset, command.amount, MoneyRejectReason.UNKNOWN_ACCOUNT
        )
        if reason is not None or account is None:
            return MoneyRejected(
                command, reason or MoneyRejectReason.UNKNOWN_ACCOUNT, command.timestamp
            )
        entry = self.book(
            account,
            command.asset,
            -command.amount,
            0,
            LedgerType.WITHDRAWAL,
            command.reference,
            command.timestamp,
        )
        return FundsWithdrawn(
            command.account, command.asset, command.amount, entry.ledger_id, command.timestamp
        )

    def _transfer(self, command: Transfer) -> MoneyEvent:
        reason = self._amount_problem(command.asset, command.amount)
        source = self._accounts.get(command.source)
        destination = self._accounts.get(command.destination)
        if reason is None and (
            source is None
            or destination is None
            or FEE_ACCOUNT in (command.source, command.destination)
        ):
            reason = MoneyRejectReason.UNKNOWN_ACCOUNT
        if reason is None and source is not None and destination is not None:
            if source is destination or source.family != destination.family:
                reason = MoneyRejectReason.NOT_RELATED
            elif source.available(command.asset) < command.amount:
                reason = MoneyRejectReason.INSUFFICIENT_FUNDS
        if reason is not None or source is None or destination is None:
            return MoneyRejected(
                command, reason or MoneyRejectReason.UNKNOWN_ACCOUNT, command.timestamp
            )
        out = self.book(
            source,
            command.asset,
            -command.amount,
            0,
            LedgerType.TRANSFER,
            None,
            command.timestamp,
        )
        into = self.book(
            destination,
            command.asset,
            command.amount,
            0,
            LedgerType.TRANSFER,
            out.ledger_id,
            command.timestamp,
        )
        return FundsTransferred(
            command.source,
            command.destination,
            command.asset,
            command.amount,
            out.ledger_id,
            into.ledger_id,
            command.timestamp,
        )

    def _transfer_to_futures(self, command: TransferToFutures) -> MoneyEvent:
        account = self._accounts.get(command.account)
        reason = self._amount_problem(command.asset, command.amount)
        if reason is None and command.account == FEE_ACCOUNT:
            reason = MoneyRejectReason.UNKNOWN_ACCOUNT
        elif reason is None:
            reason = self._shortfall(  # an unknown account has nothing
                account, command.asset, command.amount, MoneyRejectReason.INSUFFICIENT_FUNDS
            )
        if reason is not None or account is None:
            return MoneyRejected(
                command, reason or MoneyRejectReason.INSUFFICIENT_FUNDS, command.timestamp
            )
        entry = self.book(
            account,
            command.asset,
            -command.amount,
            0,
            LedgerType.TRANSFER,
            command.reference,
            command.timestamp,
            SPOT_TO_FUTURES,
        )
        account.futures[command.asset] = account.futures.get(command.asset, 0) + command.amount
        return FundsTransferredToFutures(
            command.account, command.asset, command.amount, entry.ledger_id, command.timestamp
        )
