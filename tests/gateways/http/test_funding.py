"""Funding, subaccounts and the newer book endpoints, with both clients."""

from __future__ import annotations

from pathlib import Path

import ccxt
import pytest
from kraken.exceptions import (
    KrakenInvalidAmountError,
    KrakenInvalidArgumentsError,
    KrakenUnknownAssetError,
    KrakenUnknownWithdrawKeyError,
)
from kraken.spot import Funding, Trade, User

from krakenbox.gateways.http.funding import withdraw_address
from tests.gateways.http.harness import in_thread, running_rest, scenario

# python-kraken-sdk warns that Kraken calls these funding endpoints legacy; they still work.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@scenario
async def test_deposits_and_withdrawals_with_python_kraken_sdk(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        funding = Funding(key.key, key.secret, url=rest.url)
        user = User(key.key, key.secret, url=rest.url)
        (method,) = await in_thread(funding.get_deposit_methods, asset="XBT")
        assert method["method"] == "BTC"
        (address,) = await in_thread(
            funding.get_deposit_address, asset="XBT", method="BTC", new=True
        )
        assert address["address"].startswith("kb1") and address["new"] is True
        deposits = await in_thread(funding.get_recent_deposits_status, asset="XBT")
        assert [(d["amount"], d["status"]) for d in deposits] == [("100.0000000000", "Success")]
        info = await in_thread(
            funding.get_withdrawal_info, asset="XBT", key="krakenbox-XBT", amount="1.5"
        )
        assert info["limit"] == "100.0000000000"
        sent = await in_thread(
            funding.withdraw_funds, asset="XBT", key="krakenbox-XBT", amount="1.5"
        )
        assert sent["refid"].startswith("FW")
        assert (await in_thread(user.get_account_balance))["XXBT"] == "98.5000000000"
        (status,) = await in_thread(funding.get_recent_withdraw_status, asset="XBT")
        assert status["refid"] == sent["refid"] and status["amount"] == "1.5000000000"
        ledger = await in_thread(user.get_ledgers_info, asset="XBT", type_="withdrawal")
        (entry,) = ledger["ledger"].values()
        assert entry["refid"] == sent["refid"] and entry["amount"] == "-1.5000000000"
        with pytest.raises(KrakenUnknownWithdrawKeyError):
            await in_thread(funding.withdraw_funds, asset="XBT", key="elsewhere", amount="1")
        with pytest.raises(KrakenInvalidAmountError):
            await in_thread(funding.withdraw_funds, asset="XBT", key="krakenbox-XBT", amount="1000")


@scenario
async def test_ccxt_funding(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        bob = rest.ccxt(rest.key("bob"))
        address = await in_thread(bob.fetch_deposit_address, "BTC")
        assert address["address"].startswith("kb1")
        deposits = await in_thread(bob.fetch_deposits, "BTC")
        assert [(d["amount"], d["status"]) for d in deposits] == [(100.0, "ok")]
        bitcoin = rest.venue.catalogue.asset("XXBT")
        target = withdraw_address("bob", bitcoin)  # the key's address (WithdrawAddresses)
        sent = await in_thread(bob.withdraw, "BTC", 2, target, params={"key": "krakenbox-XBT"})
        assert sent["id"].startswith("FW")
        withdrawals = await in_thread(bob.fetch_withdrawals, "BTC")
        assert [(w["amount"], w["status"]) for w in withdrawals] == [(2.0, "ok")]
        with pytest.raises(ccxt.InsufficientFunds):
            await in_thread(bob.withdraw, "BTC", 500, target, params={"key": "krakenbox-XBT"})


@scenario
async def test_wallet_transfer_with_python_kraken_sdk(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        funding = Funding(key.key, key.secret, url=rest.url)
        user = User(key.key, key.secret, url=rest.url)
        trade = Trade(key.key, key.secret, url=rest.url)
        await in_thread(
            trade.create_order, ordertype="limit", side="sell", pair="XBTUSD", volume="60",
            price="1000000",
        )  # fmt: skip  # holds 60 of alice's 100 BTC, and the fee on them
        with pytest.raises(KrakenInvalidAmountError):  # only what no order holds can move
            await in_thread(
                funding.wallet_transfer, asset="XBT", from_="Spot Wallet",
                to_="Futures Wallet", amount="39.9",
            )  # fmt: skip
        sent = await in_thread(
            funding.wallet_transfer, asset="XBT", from_="Spot Wallet", to_="Futures Wallet",
            amount="10",
        )  # fmt: skip
        assert sent["refid"].startswith("FW") and len(sent["refid"]) == 28
        assert (await in_thread(user.get_account_balance))["XXBT"] == "90.0000000000"
        alice = rest.venue.engine.accounts.get("alice")
        assert alice.futures == {"XXBT": 10 * 10**10}
        ledger = await in_thread(user.get_ledgers_info, asset="XBT", type_="transfer")
        ((ledger_id, entry),) = ledger["ledger"].items()
        assert ledger_id.startswith("L")
        assert {k: entry[k] for k in ("refid", "type", "subtype", "amount", "fee", "balance")} == {
            "refid": sent["refid"],
            "type": "transfer",
            "subtype": "spottofutures",
            "amount": "-10.0000000000",
            "fee": "0.0000000000",
            "balance": "90.0000000000",
        }
        with pytest.raises(KrakenUnknownAssetError):
            await in_thread(
                funding.wallet_transfer, asset="NOPE", from_="Spot Wallet",
                to_="Futures Wallet", amount="1",
            )  # fmt: skip
        with pytest.raises(KrakenInvalidArgumentsError):
            await in_thread(
                funding.wallet_transfer, asset="XBT", from_="Spot", to_="Futures", amount="1"
            )


@scenario
async def test_wallet_transfer_refusals_on_the_wire(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("bob")
        wallets = "from=Spot+Wallet&to=Futures+Wallet"
        cases = [
            (f"asset=XBT&{wallets}&amount=0", "EFunding:Invalid amount"),
            (f"asset=XBT&{wallets}&amount=-1", "EGeneral:Invalid arguments:amount"),
            (f"asset=XBT&{wallets}&amount=lots", "EGeneral:Invalid arguments:amount"),
            (f"asset=XBT&{wallets}&amount=0.00000000001", "EGeneral:Invalid arguments:amount"),
            (f"asset=XBT&{wallets}&amount=100.5", "EFunding:Invalid amount"),
            (f"asset=XBT&{wallets}", "EGeneral:Invalid arguments:amount"),
            (f"{wallets}&amount=1", "EGeneral:Invalid arguments:asset"),
            (f"asset=DOGEFOO&{wallets}&amount=1", "EFunding:Unknown asset"),
            ("asset=XBT&to=Futures+Wallet&amount=1", "EGeneral:Invalid arguments:from"),
            ("asset=XBT&from=Futures+Wallet&to=Spot+Wallet&amount=1",
             "EGeneral:Invalid arguments:from"),
            ("asset=XBT&from=spot+wallet&to=Futures+Wallet&amount=1",
             "EGeneral:Invalid arguments:from"),
            ("asset=XBT&from=Spot+Wallet&to=Futures&amount=1", "EGeneral:Invalid arguments:to"),
            ("asset=XBT&from=Spot+Wallet&amount=1", "EGeneral:Invalid arguments:to"),
        ]  # fmt: skip
        for nonce, (body, error) in enumerate(cases, start=1):
            answer = await rest.private("WalletTransfer", f"nonce={nonce}&{body}", key)
            assert answer == {"error": [error]}, body
        bob = rest.venue.engine.accounts.get("bob")
        assert bob.futures == {} and bob.balance("XXBT") == 100 * 10**10
        done = await rest.private(
            "WalletTransfer", f"nonce=99&asset=XXBT&{wallets}&amount=100", key
        )
        assert done["error"] == [] and list(done["result"]) == ["refid"]
        assert bob.futures == {"XXBT": 100 * 10**10} and bob.balance("XXBT") == 0


@scenario
async def test_ccxt_transfer_to_the_futures_wallet(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        bob = rest.ccxt(rest.key("bob"))
        moved = await in_thread(bob.transfer, "BTC", 2.5, "spot", "future")
        assert moved["id"].startswith("FW")
        assert (moved["fromAccount"], moved["toAccount"]) == ("Spot Wallet", "Futures Wallet")
        assert rest.venue.engine.accounts.get("bob").futures == {"XXBT": 25 * 10**9}
        assert (await in_thread(bob.fetch_balance))["total"]["BTC"] == 97.5
        with pytest.raises(ccxt.InsufficientFunds):
            await in_thread(bob.transfer, "BTC", 500, "spot", "swap")
        with pytest.raises(ccxt.BadSymbol):
            await in_thread(bob.privatePostWalletTransfer, {
                "asset": "NOPE", "from": "Spot Wallet", "to": "Futures Wallet", "amount": "1",
            })  # fmt: skip


@scenario
async def test_subaccount_and_transfer(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        user = User(key.key, key.secret, url=rest.url)
        assert (
            await in_thread(user.create_subaccount, username="alice-sub", email="a@example.com")
            is True
        )
        moved = await in_thread(
            user.account_transfer, asset="XBT", amount="2", from_="alice", to_="alice-sub"
        )
        assert moved["status"] == "complete"
        sub = rest.venue.engine.accounts.get("alice-sub")
        assert sub.balance("XXBT") == 2 * 10**10 and sub.parent == "alice"
        refused = await rest.private(
            "AccountTransfer",
            f"nonce={10**19}&asset=XBT&amount=1&from=alice&to=bob",
            rest.key("alice"),
        )
        assert refused == {"error": ["EGeneral:Permission denied"]}


@scenario
async def test_grouped_book_and_level3(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        for nonce, price in enumerate(("100.1", "100.4", "101.2"), start=1):
            body = f"nonce={nonce}&ordertype=limit&type=buy&pair=XBTUSD&volume=1&price={price}"
            assert (await rest.private("AddOrder", body, key))["error"] == []
        grouped = await rest.public("GroupedBook", "pair=BTC/USD&grouping=10&depth=10")
        assert grouped["result"] == {
            "pair": "BTC/USD",
            "grouping": 10,
            "bids": [
                {"price": "101.0", "qty": "1.00000000"},
                {"price": "100.0", "qty": "2.00000000"},
            ],
            "asks": [],
        }
        level3 = await rest.private("Level3", "nonce=9&pair=BTC/USD&depth=10", key)
        bids = level3["result"]["bids"]
        assert [bid["price"] for bid in bids] == ["101.2", "100.4", "100.1"]
        assert bids[0]["order_id"].startswith("O") and isinstance(bids[0]["timestamp"], int)
