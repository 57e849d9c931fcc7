"""The account directory: who may connect, with which credentials, at which limits.

Accounts (by name, which is the engine's account id) with their verification :class:`Tier`;
API keys of three kinds (:class:`~krakenbox.kraken.permissions.KeyKind`: Spot REST/WS, FIX,
Derivatives) with their secret and :class:`~krakenbox.kraken.permissions.Permission` set; FIX
SenderCompIDs per account and :class:`Market`. Kept in SQLite (a file, or ``":memory:"``) and
read into memory when opened: lookups never touch the database, every change is written at
once and survives a restart.

Secrets are issued as Kraken issues them: base64 of 64 random bytes; keys are base64 of 42
random bytes (56 characters). The random source is injected, so a seeded ``random.Random``
gives the same credentials every run. :func:`provision_demo` sets up "alice" and "bob".
"""

from __future__ import annotations

import base64
import binascii
import random
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from krakenbox.kraken.permissions import (
    PERMISSIONS_BY_KIND,
    SPOT_PERMISSIONS,
    KeyKind,
    Permission,
    Requirement,
    permits,
)
from krakenbox.kraken.ratelimits import Tier

FORMAT_VERSION: Final = 1
SECRET_BYTES: Final = 64
KEY_BYTES: Final = 42
DEFAULT_TIER: Final = Tier.INTERMEDIATE
"""New accounts' tier unless told otherwise (docs/rate-limits.md)."""

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    position INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    tier TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    position INTEGER PRIMARY KEY,
    api_key TEXT NOT NULL UNIQUE,
    secret TEXT NOT NULL,
    account TEXT NOT NULL REFERENCES accounts (name),
    kind TEXT NOT NULL,
    permissions TEXT NOT NULL,
    nonce_window INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS comp_ids (
    position INTEGER PRIMARY KEY,
    sender_comp_id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL REFERENCES accounts (name),
    market TEXT NOT NULL
);
"""


class Market(StrEnum):
    """Which matching engine a FIX session talks to."""

    SPOT = "spot"
    DERIVATIVES = "derivatives"


class DirectoryError(ValueError):
    """A change the directory refuses: duplicate, unknown account, malformed credential."""


@dataclass(frozen=True, slots=True)
class AccountRecord:
    name: str
    tier: Tier


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key: ``key`` is the public part (REST ``API-Key``, FIX 553), ``secret`` the
    base64 text the client signs with. ``nonce_window`` is Kraken's per-key REST nonce window
    (0 = strictly increasing)."""

    key: str
    secret: str
    account: str
    kind: KeyKind
    permissions: frozenset[Permission]
    nonce_window: int = 0

    def allows(self, requirement: Requirement) -> bool:
        """Whether this key meets ``requirement`` (see :mod:`krakenbox.kraken.permissions`)."""
        return permits(self.permissions, requirement)

    def __repr__(self) -> str:  # keep secrets out of logs
        return f"ApiKey({self.key!r}, account={self.account!r}, kind={self.kind.value})"


@dataclass(frozen=True, slots=True)
class CompId:
    """A FIX SenderCompID (49) issued to ``account`` for the ``market`` sessions (trading and
    market data alike)."""

    sender_comp_id: str
    account: str
    market: Market


class Directory:
    """Accounts, API keys and SenderCompIDs, in SQLite and in memory."""

    __slots__ = ("_accounts", "_comp_ids", "_connection", "_keys", "default_tier", "path", "rng")

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        rng: random.Random | None = None,
        default_tier: Tier = DEFAULT_TIER,
    ) -> None:
        self.path = path
        self.rng = rng if rng is not None else random.SystemRandom()
        self.default_tier = default_tier
        self._connection = sqlite3.connect(path, isolation_level=None)
        self._connection.executescript(_SCHEMA)
        self._check_format()
        self._accounts: dict[str, AccountRecord] = {}
        self._keys: dict[str, ApiKey] = {}
        self._comp_ids: dict[str, CompId] = {}
        self._load()

    # --- accounts ---------------------------------------------------------------------------

    def create_account(self, name: str, tier: Tier | None = None) -> AccountRecord:
        if not name or name != name.strip():
            raise DirectoryError(f"an account needs a name without surrounding spaces: {name!r}")
        if name in self._accounts:
            raise DirectoryError(f"account {name!r} exists")
        record = AccountRecord(name, tier or self.default_tier)
        self._execute("INSERT INTO accounts (name, tier) VALUES (?, ?)", name, record.tier.value)
        self._accounts[name] = record
        return record

    def account(self, name: str) -> AccountRecord | None:
        return self._accounts.get(name)

    def accounts(self) -> list[AccountRecord]:
        """Every account, oldest first."""
        return list(self._accounts.values())

    def set_tier(self, name: str, tier: Tier) -> AccountRecord:
        self._require_account(name)
        record = AccountRecord(name, tier)
        self._execute("UPDATE accounts SET tier = ? WHERE name = ?", tier.value, name)
        self._accounts[name] = record
        return record

    def tier_of(self, name: str) -> Tier:
        """The account's tier; the default tier for an account the directory does not know
        (for the rate counters' ``tier_of``)."""
        record = self._accounts.get(name)
        return record.tier if record is not None else self.default_tier

    # --- API keys ---------------------------------------------------------------------------

    def issue_key(
        self,
        account: str,
        kind: KeyKind,
        permissions: Iterable[Permission],
        key: str | None = None,
        secret: str | None = None,
        *,
        nonce_window: int = 0,
    ) -> ApiKey:
        """A new key for ``account``; ``key`` and ``secret`` are generated unless given."""
        self._require_account(account)
        granted = frozenset(permissions)
        if not granted <= PERMISSIONS_BY_KIND[kind]:
            wrong = sorted(permission.value for permission in granted - PERMISSIONS_BY_KIND[kind])
            raise DirectoryError(f"a {kind.value} key cannot carry {', '.join(wrong)}")
        if nonce_window < 0:
            raise DirectoryError(f"a nonce window cannot be negative: {nonce_window}")
        key = key if key is not None else self._random_text(KEY_BYTES)
        secret = secret if secret is not None else self._random_text(SECRET_BYTES)
        _check_key_text(key)
        _check_secret(secret)
        if key in self._keys:
            raise DirectoryError(f"API key {key!r} exists")
        record = ApiKey(key, secret, account, kind, granted, nonce_window)
        self._execute(
            "INSERT INTO api_keys (api_key, secret, account, kind, permissions, nonce_window)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            key,
            secret,
            account,
            kind.value,
            _permissions_text(granted),
            nonce_window,
        )
        self._keys[key] = record
        return record

    def key(self, api_key: str) -> ApiKey | None:
        return self._keys.get(api_key)

    def keys_of(self, account: str) -> list[ApiKey]:
        """The account's keys, oldest first."""
        return [record for record in self._keys.values() if record.account == account]

    def revoke_key(self, api_key: str) -> None:
        if api_key not in self._keys:
            raise DirectoryError(f"no API key {api_key!r}")
        self._execute("DELETE FROM api_keys WHERE api_key = ?", api_key)
        del self._keys[api_key]

    # --- FIX SenderCompIDs ------------------------------------------------------------------

    def add_comp_id(self, account: str, sender_comp_id: str, market: Market) -> CompId:
        self._require_account(account)
        _check_key_text(sender_comp_id)
        if sender_comp_id in self._comp_ids:
            raise DirectoryError(f"SenderCompID {sender_comp_id!r} exists")
        record = CompId(sender_comp_id, account, market)
        self._execute(
            "INSERT INTO comp_ids (sender_comp_id, account, market) VALUES (?, ?, ?)",
            sender_comp_id,
            account,
            market.value,
        )
        self._comp_ids[sender_comp_id] = record
        return record

    def comp_id(self, sender: str) -> CompId | None:
        return self._comp_ids.get(sender)

    def comp_ids_of(self, account: str) -> list[CompId]:
        return [record for record in self._comp_ids.values() if record.account == account]

    def sender_allowed(self, account: str, sender: str, market: Market) -> bool:
        """Whether ``account`` may log on as SenderCompID ``sender`` on a ``market`` session
        (for :func:`~krakenbox.kraken.fix.logon.verify_logon`'s ``allowed_sender``)."""
        record = self._comp_ids.get(sender)
        return record is not None and record.account == account and record.market is market

    # --- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Directory:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    # --- inside -----------------------------------------------------------------------------

    def _require_account(self, name: str) -> None:
        if name not in self._accounts:
            raise DirectoryError(f"no account {name!r}")

    def _random_text(self, size: int) -> str:
        return base64.b64encode(self.rng.randbytes(size)).decode("ascii")

    def _execute(self, sql: str, *parameters: str | int) -> None:
        self._connection.execute(sql, parameters)

    def _check_format(self) -> None:
        stored = dict(self._connection.execute("SELECT key, value FROM meta").fetchall())
        if not stored:
            self._execute(
                "INSERT INTO meta (key, value) VALUES ('format_version', ?)", str(FORMAT_VERSION)
            )
        elif stored.get("format_version") != str(FORMAT_VERSION):
            raise DirectoryError(
                f"{self.path}: directory format {stored.get('format_version')}, "
                f"this version reads {FORMAT_VERSION}"
            )

    def _load(self) -> None:
        connection = self._connection
        for name, tier in connection.execute("SELECT name, tier FROM accounts ORDER BY position"):
            self._accounts[name] = AccountRecord(name, Tier(tier))
        rows = connection.execute(
            "SELECT api_key, secret, account, kind, permissions, nonce_window"
            " FROM api_keys ORDER BY position"
        )
        for key, secret, account, kind, permissions, nonce_window in rows:
            self._keys[key] = ApiKey(
                key, secret, account, KeyKind(kind), _parse_permissions(permissions), nonce_window
            )
        rows = connection.execute(
            "SELECT sender_comp_id, account, market FROM comp_ids ORDER BY position"
        )
        for sender, account, market in rows:
            self._comp_ids[sender] = CompId(sender, account, Market(market))


def _permissions_text(permissions: frozenset[Permission]) -> str:
    return " ".join(sorted(permission.value for permission in permissions))


def _parse_permissions(text: str) -> frozenset[Permission]:
    return frozenset(Permission(value) for value in text.split())


def _check_key_text(text: str) -> None:
    """Keys and CompIDs travel in HTTP headers and FIX fields: printable ASCII, no spaces."""
    if not text or not text.isascii() or not text.isprintable() or " " in text:
        raise DirectoryError(f"not usable as a key or CompID: {text!r}")


def _check_secret(secret: str) -> None:
    try:
        decoded = base64.b64decode(secret, validate=True)
    except (binascii.Error, ValueError):
        raise DirectoryError("an API secret must be base64 text") from None
    if not decoded:
        raise DirectoryError("an API secret cannot be empty")


# --- the demo accounts ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """One demo account's credentials."""

    account: AccountRecord
    spot_key: ApiKey
    fix_key: ApiKey
    derivatives_key: ApiKey
    spot_comp_id: CompId
    derivatives_comp_id: CompId


DEMO_ACCOUNTS: Final = ("alice", "bob")


def provision_demo(directory: Directory, rng: random.Random) -> dict[str, DemoAccount]:
    """Accounts "alice" and "bob", each with a Spot key holding every Spot permission, a FIX key
    and SenderCompIDs ``ALICE`` (Spot) and ``ALICE_DRV`` (Derivatives), and a Derivatives key
    with full access. Keys are spelled ``krakenbox-demo-<account>-<kind>``; secrets come from
    ``rng``. Idempotent: what exists already is kept and returned."""
    return {name: _provision_one(directory, name, rng) for name in DEMO_ACCOUNTS}


def _provision_one(directory: Directory, name: str, rng: random.Random) -> DemoAccount:
    account = directory.account(name) or directory.create_account(name)
    existing = {record.kind: record for record in reversed(directory.keys_of(name))}

    def key_of(kind: KeyKind, permissions: frozenset[Permission]) -> ApiKey:
        if kind in existing:
            return existing[kind]
        secret = base64.b64encode(rng.randbytes(SECRET_BYTES)).decode("ascii")
        return directory.issue_key(
            name, kind, permissions, key=f"krakenbox-demo-{name}-{kind.value}", secret=secret
        )

    def comp_id_of(sender: str, market: Market) -> CompId:
        record = directory.comp_id(sender)
        if record is None:
            return directory.add_comp_id(name, sender, market)
        if record.account != name or record.market is not market:
            raise DirectoryError(f"SenderCompID {sender!r} is taken: {record}")
        return record

    derivatives = frozenset({Permission.DERIVATIVES_FULL, Permission.DERIVATIVES_WITHDRAW})
    return DemoAccount(
        account=account,
        spot_key=key_of(KeyKind.SPOT, SPOT_PERMISSIONS),
        fix_key=key_of(KeyKind.FIX, SPOT_PERMISSIONS),
        derivatives_key=key_of(KeyKind.DERIVATIVES, derivatives),
        spot_comp_id=comp_id_of(name.upper(), Market.SPOT),
        derivatives_comp_id=comp_id_of(f"{name.upper()}_DRV", Market.DERIVATIVES),
    )
