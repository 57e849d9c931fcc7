"""The account directory: accounts, keys, SenderCompIDs, tiers; persistence; the demo accounts."""

from __future__ import annotations

import base64
import random
import sqlite3
from pathlib import Path

import pytest

from krakenbox.core.clock import NANOS_PER_MILLI
from krakenbox.fix.message import Message
from krakenbox.kraken.fix.logon import (
    LogonAccepted,
    LogonRefused,
    NonceTracker,
    password,
    verify_logon,
)
from krakenbox.kraken.permissions import (
    REST_PERMISSIONS,
    SPOT_PERMISSIONS,
    KeyKind,
    Permission,
    rest_permitted,
)
from krakenbox.kraken.ratelimits import Tier, TradingAction, TradingCounter
from krakenbox.venue.directory import (
    ApiKey,
    Directory,
    DirectoryError,
    Market,
    provision_demo,
)

SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw=="


def test_accounts_in_creation_order_with_default_tier() -> None:
    directory = Directory(rng=random.Random(1))
    alice = directory.create_account("alice")
    directory.create_account("bob", Tier.PRO)
    assert alice.tier is Tier.INTERMEDIATE
    assert [(record.name, record.tier) for record in directory.accounts()] == [
        ("alice", Tier.INTERMEDIATE),
        ("bob", Tier.PRO),
    ]
    assert directory.account("carol") is None
    assert directory.tier_of("carol") is Tier.INTERMEDIATE  # unknown: the default
    assert directory.set_tier("alice", Tier.STARTER).tier is Tier.STARTER
    assert directory.tier_of("alice") is Tier.STARTER


@pytest.mark.parametrize("name", ["", " alice", "alice "])
def test_bad_account_names(name: str) -> None:
    with pytest.raises(DirectoryError):
        Directory().create_account(name)


def test_duplicates_and_unknown_accounts_are_refused() -> None:
    directory = Directory(rng=random.Random(1))
    directory.create_account("alice")
    with pytest.raises(DirectoryError):
        directory.create_account("alice")
    with pytest.raises(DirectoryError):
        directory.issue_key("bob", KeyKind.SPOT, SPOT_PERMISSIONS)
    with pytest.raises(DirectoryError):
        directory.add_comp_id("bob", "BOB", Market.SPOT)
    with pytest.raises(DirectoryError):
        directory.set_tier("bob", Tier.PRO)
    directory.issue_key("alice", KeyKind.SPOT, (), key="K1")
    with pytest.raises(DirectoryError):
        directory.issue_key("alice", KeyKind.FIX, (), key="K1")
    directory.add_comp_id("alice", "ALICE", Market.SPOT)
    with pytest.raises(DirectoryError):
        directory.add_comp_id("alice", "ALICE", Market.DERIVATIVES)


def test_generated_credentials_look_like_krakens_and_are_deterministic() -> None:
    def issue(seed: int) -> ApiKey:
        directory = Directory(rng=random.Random(seed))
        directory.create_account("alice")
        return directory.issue_key("alice", KeyKind.SPOT, {Permission.QUERY_FUNDS})

    key = issue(7)
    assert len(base64.b64decode(key.secret, validate=True)) == 64
    assert len(key.secret) == 88
    assert len(key.key) == 56
    assert issue(7) == key
    assert issue(8).secret != key.secret
    assert key.secret not in repr(key)


def test_keys_by_kind_with_permissions() -> None:
    directory = Directory(rng=random.Random(1))
    directory.create_account("alice")
    reader = directory.issue_key(
        "alice", KeyKind.SPOT, [Permission.QUERY_FUNDS, Permission.QUERY_OPEN_ORDERS_AND_TRADES]
    )
    trader = directory.issue_key(
        "alice", KeyKind.FIX, SPOT_PERMISSIONS, key="FIXKEY", secret=SECRET
    )
    futures = directory.issue_key("alice", KeyKind.DERIVATIVES, [Permission.DERIVATIVES_FULL])
    assert directory.keys_of("alice") == [reader, trader, futures]
    assert directory.keys_of("bob") == []
    assert directory.key("FIXKEY") == trader
    assert directory.key("nope") is None
    assert (trader.secret, trader.kind) == (SECRET, KeyKind.FIX)
    assert reader.allows(REST_PERMISSIONS["Balance"])
    assert reader.allows(REST_PERMISSIONS["QueryOrders"])  # open or closed will do
    assert not reader.allows(REST_PERMISSIONS["AddOrder"])
    assert futures.allows(((frozenset({Permission.DERIVATIVES_READ})),))  # full includes read
    assert not futures.allows(((frozenset({Permission.DERIVATIVES_WITHDRAW})),))


def test_permissions_must_fit_the_kind_and_credentials_must_be_usable() -> None:
    directory = Directory(rng=random.Random(1))
    directory.create_account("alice")
    with pytest.raises(DirectoryError):
        directory.issue_key("alice", KeyKind.DERIVATIVES, [Permission.QUERY_FUNDS])
    with pytest.raises(DirectoryError):
        directory.issue_key("alice", KeyKind.SPOT, [Permission.DERIVATIVES_READ])
    with pytest.raises(DirectoryError):
        directory.issue_key("alice", KeyKind.SPOT, (), secret="not base64!")
    with pytest.raises(DirectoryError):
        directory.issue_key("alice", KeyKind.SPOT, (), secret="")
    with pytest.raises(DirectoryError):
        directory.issue_key("alice", KeyKind.SPOT, (), key="has space")
    with pytest.raises(DirectoryError):
        directory.issue_key("alice", KeyKind.SPOT, (), nonce_window=-1)


def test_revoke_key() -> None:
    directory = Directory(rng=random.Random(1))
    directory.create_account("alice")
    key = directory.issue_key("alice", KeyKind.SPOT, ())
    directory.revoke_key(key.key)
    assert directory.key(key.key) is None
    with pytest.raises(DirectoryError):
        directory.revoke_key(key.key)


def test_comp_ids_per_account_and_market() -> None:
    directory = Directory()
    directory.create_account("alice")
    directory.create_account("bob")
    spot = directory.add_comp_id("alice", "ALICE", Market.SPOT)
    directory.add_comp_id("alice", "ALICE_DRV", Market.DERIVATIVES)
    assert directory.comp_id("ALICE") == spot
    assert directory.comp_id("CAROL") is None
    assert [record.sender_comp_id for record in directory.comp_ids_of("alice")] == [
        "ALICE",
        "ALICE_DRV",
    ]
    assert directory.sender_allowed("alice", "ALICE", Market.SPOT)
    assert not directory.sender_allowed("alice", "ALICE", Market.DERIVATIVES)
    assert not directory.sender_allowed("bob", "ALICE", Market.SPOT)
    assert not directory.sender_allowed("alice", "CAROL", Market.SPOT)


def test_everything_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "directory.sqlite"
    with Directory(path, rng=random.Random(3)) as directory:
        directory.create_account("alice", Tier.PRO)
        directory.create_account("bob")
        directory.set_tier("bob", Tier.STARTER)
        keys = [
            directory.issue_key("alice", KeyKind.SPOT, SPOT_PERMISSIONS, nonce_window=1000),
            directory.issue_key("alice", KeyKind.FIX, [Permission.CREATE_AND_MODIFY_ORDERS]),
            directory.issue_key("bob", KeyKind.DERIVATIVES, [Permission.DERIVATIVES_READ]),
        ]
        revoked = directory.issue_key("bob", KeyKind.SPOT, ())
        directory.revoke_key(revoked.key)
        comp_ids = [
            directory.add_comp_id("alice", "ALICE", Market.SPOT),
            directory.add_comp_id("bob", "BOB_DRV", Market.DERIVATIVES),
        ]
        accounts = directory.accounts()
    with Directory(path) as reopened:
        assert reopened.accounts() == accounts
        assert reopened.keys_of("alice") + reopened.keys_of("bob") == keys
        assert reopened.key(revoked.key) is None
        assert [reopened.comp_id("ALICE"), reopened.comp_id("BOB_DRV")] == comp_ids
        assert reopened.key(keys[0].key) == keys[0]  # nonce window and permissions kept
        reopened.create_account("carol")
    with Directory(path) as again:
        assert [record.name for record in again.accounts()] == ["alice", "bob", "carol"]


def test_a_directory_of_another_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "directory.sqlite"
    Directory(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'")
    connection.close()
    with pytest.raises(DirectoryError):
        Directory(path)


# --- the demo accounts -------------------------------------------------------------------------


def test_demo_accounts() -> None:
    directory = Directory()
    demo = provision_demo(directory, random.Random(42))
    assert sorted(demo) == ["alice", "bob"]
    alice = demo["alice"]
    assert alice.account.name == "alice"
    assert alice.spot_key.kind is KeyKind.SPOT and alice.spot_key.permissions == SPOT_PERMISSIONS
    assert all(rest_permitted(alice.spot_key.permissions, method) for method in REST_PERMISSIONS)
    assert alice.fix_key.kind is KeyKind.FIX and alice.fix_key.key == "krakenbox-demo-alice-fix"
    assert alice.derivatives_key.kind is KeyKind.DERIVATIVES
    assert (alice.spot_comp_id.sender_comp_id, alice.spot_comp_id.market) == ("ALICE", Market.SPOT)
    assert (alice.derivatives_comp_id.sender_comp_id, alice.derivatives_comp_id.market) == (
        "ALICE_DRV",
        Market.DERIVATIVES,
    )
    assert demo["bob"].spot_comp_id.sender_comp_id == "BOB"
    assert len({account.fix_key.secret for account in demo.values()}) == 2
    assert provision_demo(Directory(), random.Random(42)) == demo  # deterministic


def test_demo_is_idempotent_across_restarts(tmp_path: Path) -> None:
    path = tmp_path / "directory.sqlite"
    with Directory(path) as directory:
        first = provision_demo(directory, random.Random(1))
        assert provision_demo(directory, random.Random(2)) == first
    with Directory(path) as reopened:
        assert provision_demo(reopened, random.Random(3)) == first
        assert len(reopened.keys_of("alice")) == 3
        assert len(reopened.comp_ids_of("bob")) == 2


def test_demo_refuses_a_comp_id_taken_by_someone_else() -> None:
    directory = Directory()
    directory.create_account("mallory")
    directory.add_comp_id("mallory", "ALICE", Market.SPOT)
    with pytest.raises(DirectoryError):
        provision_demo(directory, random.Random(1))


# --- the pieces together: a FIX logon and the rate counter read the directory --------------------


def test_demo_fix_key_logs_on_through_the_directory() -> None:
    directory = Directory()
    alice = provision_demo(directory, random.Random(5))["alice"]
    nonce = "1700000000000"
    fields = {34: "1", 49: "ALICE", 56: "KRAKEN-TRD", 553: alice.fix_key.key, 5025: nonce}
    signature = password(alice.fix_key.key, alice.fix_key.secret, "1", "ALICE", "KRAKEN-TRD", nonce)
    message = Message.of("A", *fields.items(), (554, signature))

    def verify(sender_market: Market) -> LogonAccepted | LogonRefused:
        return verify_logon(
            message,
            find_key=directory.key,
            nonces=NonceTracker(),
            now_ns=int(nonce) * NANOS_PER_MILLI,
            allowed_sender=lambda key, sender: directory.sender_allowed(
                key.account, sender, sender_market
            ),
        )

    accepted = verify(Market.SPOT)
    assert isinstance(accepted, LogonAccepted) and accepted.account == "alice"
    assert isinstance(verify(Market.DERIVATIVES), LogonRefused)


def test_rate_counter_reads_tiers_from_the_directory() -> None:
    directory = Directory()
    directory.create_account("alice", Tier.STARTER)
    counter = TradingCounter(directory.tier_of)
    assert counter.threshold("alice") == 60
    directory.set_tier("alice", Tier.PRO)
    assert counter.threshold("alice") == 180
    assert counter.charge("alice", "XXBTZUSD", TradingAction.ADD, 0)
