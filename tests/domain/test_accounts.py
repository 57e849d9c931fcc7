"""Money commands and the ledger's Kraken filters."""

from __future__ import annotations

from krakenbox.core.ids import IdGenerator, IdKind, looks_like_id
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
from krakenbox.domain.account_fees import fee_in_quote
from krakenbox.domain.accounts import FEE_ACCOUNT, Accounts
from krakenbox.domain.ledger import (
    SPOT_TO_FUTURES,
    LedgerType,
    find_ledger,
    select_ledger,
)
from krakenbox.domain.orders import FeePreference, Side


def make() -> Accounts:
    return Accounts(IdGenerator(3, IdKind.LEDGER), ["ZUSD", "XXBT"])


def test_deposit_opens_the_account_and_writes_a_ledger_entry() -> None:
    accounts = make()
    event = accounts.handle(Deposit(account="A", asset="ZUSD", amount=500, timestamp=10))
    assert isinstance(event, FundsDeposited)
    assert looks_like_id(event.ledger_id, IdKind.LEDGER)
    (entry,) = accounts.get("A").ledger
    assert (entry.type, entry.asset, entry.amount, entry.fee, entry.balance) == (
        LedgerType.DEPOSIT,
        "ZUSD",
        500,
        0,
        500,
    )
    assert entry.reference == entry.ledger_id
    accounts.handle(Deposit(account="A", asset="ZUSD", amount=1, timestamp=11, reference="R1"))
    assert accounts.get("A").ledger[-1].reference == "R1"


def test_deposit_refusals() -> None:
    accounts = make()
    for command, reason in [
        (Deposit(account="A", asset="FOO", amount=5, timestamp=1), MoneyRejectReason.UNKNOWN_ASSET),
        (
            Deposit(account="A", asset="ZUSD", amount=0, timestamp=1),
            MoneyRejectReason.INVALID_AMOUNT,
        ),
        (
            Deposit(account=FEE_ACCOUNT, asset="ZUSD", amount=5, timestamp=1),
            MoneyRejectReason.UNKNOWN_ACCOUNT,
        ),
    ]:
        event = accounts.handle(command)
        assert isinstance(event, MoneyRejected)
        assert event.reason is reason
    assert "A" not in accounts


def test_withdraw_takes_only_what_is_available() -> None:
    accounts = make()
    accounts.handle(Deposit(account="A", asset="ZUSD", amount=500, timestamp=1))
    accounts.get("A").holds["ZUSD"] = 300  # an open order holds 300
    refused = accounts.handle(Withdraw(account="A", asset="ZUSD", amount=201, timestamp=2))
    assert isinstance(refused, MoneyRejected)
    assert refused.reason is MoneyRejectReason.INSUFFICIENT_FUNDS
    done = accounts.handle(Withdraw(account="A", asset="ZUSD", amount=200, timestamp=3))
    assert isinstance(done, FundsWithdrawn)
    assert accounts.get("A").balance("ZUSD") == 300
    assert accounts.get("A").ledger[-1].amount == -200
    missing = accounts.handle(Withdraw(account="Z", asset="ZUSD", amount=1, timestamp=4))
    assert isinstance(missing, MoneyRejected)
    assert missing.reason is MoneyRejectReason.UNKNOWN_ACCOUNT


def test_transfers_stay_within_one_family() -> None:
    accounts = make()
    accounts.handle(Deposit(account="M", asset="XXBT", amount=1000, timestamp=1))
    assert isinstance(
        accounts.handle(OpenAccount(account="S1", parent="M", timestamp=2)), AccountOpened
    )
    accounts.handle(OpenAccount(account="S2", parent="M", timestamp=3))
    accounts.handle(OpenAccount(account="X", timestamp=4))
    nested = accounts.handle(OpenAccount(account="S3", parent="S1", timestamp=5))
    assert isinstance(nested, MoneyRejected)  # a subaccount cannot have subaccounts
    again = accounts.handle(OpenAccount(account="S1", timestamp=5))
    assert isinstance(again, MoneyRejected)
    assert again.reason is MoneyRejectReason.ACCOUNT_EXISTS

    moved = accounts.handle(
        Transfer(source="M", destination="S1", asset="XXBT", amount=400, timestamp=6)
    )
    assert isinstance(moved, FundsTransferred)
    accounts.handle(Transfer(source="S1", destination="S2", asset="XXBT", amount=100, timestamp=7))
    assert [accounts.get(name).balance("XXBT") for name in ("M", "S1", "S2")] == [600, 300, 100]
    into = accounts.get("S1").ledger[0]
    assert (into.type, into.reference) == (LedgerType.TRANSFER, moved.source_ledger_id)

    for command, reason in [
        (
            Transfer(source="M", destination="X", asset="XXBT", amount=1, timestamp=8),
            MoneyRejectReason.NOT_RELATED,
        ),
        (
            Transfer(source="S2", destination="M", asset="XXBT", amount=101, timestamp=8),
            MoneyRejectReason.INSUFFICIENT_FUNDS,
        ),
        (
            Transfer(source="M", destination="nobody", asset="XXBT", amount=1, timestamp=8),
            MoneyRejectReason.UNKNOWN_ACCOUNT,
        ),
        (
            Transfer(source="M", destination="M", asset="XXBT", amount=1, timestamp=8),
            MoneyRejectReason.NOT_RELATED,
        ),
    ]:
        event = accounts.handle(command)
        assert isinstance(event, MoneyRejected)
        assert event.reason is reason
    assert accounts.total("XXBT") == 1000


def test_a_transfer_to_futures_moves_what_is_available_into_the_futures_wallet() -> None:
    accounts = make()
    accounts.handle(Deposit(account="A", asset="XXBT", amount=1000, timestamp=1))
    accounts.get("A").holds["XXBT"] = 300  # an open order holds 300
    command = TransferToFutures(
        account="A", asset="XXBT", amount=700, timestamp=2, reference="FWabc"
    )
    moved = accounts.handle(command)
    assert isinstance(moved, FundsTransferredToFutures)
    account = accounts.get("A")
    assert (account.balance("XXBT"), account.futures) == (300, {"XXBT": 700})
    entry = account.ledger[-1]
    assert (entry.ledger_id, entry.reference, entry.type, entry.subtype) == (
        moved.ledger_id,
        "FWabc",
        LedgerType.TRANSFER,
        SPOT_TO_FUTURES,
    )
    assert (entry.amount, entry.fee, entry.balance) == (-700, 0, 300)
    assert accounts.total("XXBT") == 300  # the Futures wallet is not counted
    for refused, reason in [
        (
            TransferToFutures(account="A", asset="XXBT", amount=1, timestamp=3),
            MoneyRejectReason.INSUFFICIENT_FUNDS,  # the 300 left are held
        ),
        (
            TransferToFutures(account="nobody", asset="XXBT", amount=1, timestamp=3),
            MoneyRejectReason.INSUFFICIENT_FUNDS,
        ),
        (
            TransferToFutures(account="A", asset="FOO", amount=1, timestamp=3),
            MoneyRejectReason.UNKNOWN_ASSET,
        ),
        (
            TransferToFutures(account="A", asset="XXBT", amount=0, timestamp=3),
            MoneyRejectReason.INVALID_AMOUNT,
        ),
        (
            TransferToFutures(account=FEE_ACCOUNT, asset="XXBT", amount=1, timestamp=3),
            MoneyRejectReason.UNKNOWN_ACCOUNT,
        ),
    ]:
        event = accounts.handle(refused)
        assert isinstance(event, MoneyRejected)
        assert event.reason is reason
    assert (account.balance("XXBT"), account.futures, len(account.ledger)) == (
        300,
        {"XXBT": 700},
        2,
    )
    assert "nobody" not in accounts


def test_ledger_filters_follow_kraken() -> None:
    accounts = make()
    for time in range(1, 8):
        asset = "ZUSD" if time % 2 else "XXBT"
        accounts.handle(Deposit(account="A", asset=asset, amount=time, timestamp=time * 100))
    accounts.handle(Withdraw(account="A", asset="ZUSD", amount=1, timestamp=800))
    entries = accounts.get("A").ledger
    page, count = select_ledger(entries)
    assert count == 8
    assert [entry.timestamp for entry in page] == [800, 700, 600, 500, 400, 300, 200, 100]
    page, count = select_ledger(entries, assets=frozenset({"XXBT"}))
    assert ([entry.amount for entry in page], count) == ([6, 4, 2], 3)
    page, _ = select_ledger(entries, types=frozenset({LedgerType.WITHDRAWAL}))
    assert [entry.amount for entry in page] == [-1]
    # start exclusive, end inclusive, by time or by id
    page, _ = select_ledger(entries, start=300, end=500)
    assert [entry.timestamp for entry in page] == [500, 400]
    page, _ = select_ledger(entries, start=entries[2].ledger_id, end=entries[4].ledger_id)
    assert [entry.timestamp for entry in page] == [500, 400]
    page, count = select_ledger(entries, offset=2, size=3)
    assert ([entry.timestamp for entry in page], count) == ([600, 500, 400], 8)
    assert find_ledger(entries, [entries[1].ledger_id, "LNOPE-XXXXX-YYYYYY"]) == [entries[1]]


def test_fee_currency_defaults() -> None:
    assert fee_in_quote(Side.BUY, None) is True
    assert fee_in_quote(Side.SELL, None) is False
    assert fee_in_quote(Side.SELL, FeePreference.QUOTE) is True
    assert fee_in_quote(Side.BUY, FeePreference.BASE) is False
