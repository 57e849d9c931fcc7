"""The client's configuration: session settings, endpoints and the credentials file.

:class:`TradingSettings` and :class:`MarketDataSettings` are frozen and check themselves; they
turn into the FIX engine's :class:`~krakenbox.fix.session.SessionSettings` with Kraken's daily
22:00 UTC sequence reset (spec/fix.md §4.1) and gap fills, never replays, in answer to the
venue's ResendRequests (§4.3: Kraken tells clients to skip, and replaying a stale order after
a reconnect would place it again).

:class:`CredentialsFile` reads the ``credentials.json`` a krakenbox venue writes into its data
dir: accounts with their FIX credentials, the FIX endpoints, and the CA to trust for TLS.
"""

from __future__ import annotations

import json
import ssl
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from krakenbox.fix.session import Role, SessionID, SessionSettings

BEGIN_STRING = "FIX.4.4"
KRAKEN_ROLLOVER = time(22, 0)
"""Kraken's daily session rollover: sequence numbers restart at 1 (spec/fix.md §4.1)."""
KRAKEN_ROLLOVER_BLACKOUT_S = 30.0
"""The rollover lasts about 30 s; no Logon is sent during it."""
TRADING_TARGET = "KRAKEN-TRD"
MARKET_DATA_TARGET = "KRAKEN-MD"


@dataclass(frozen=True, slots=True)
class TradingSettings:
    """How the trading session behaves (every field has Kraken's recommended default)."""

    sender_comp_id: str
    target_comp_id: str = TRADING_TARGET
    heartbeat_interval_s: int = 60
    """HeartBtInt (108); Kraken recommends 60."""
    cancel_on_disconnect: bool = True
    """8674=0: Kraken cancels this session's orders if the connection drops without a Logout."""
    reset_on_logon: bool = False
    """141=Y on every Logon (both sides restart at 1); False continues the day's sequence."""
    rollover_time: time | None = KRAKEN_ROLLOVER
    rollover_blackout_s: float = KRAKEN_ROLLOVER_BLACKOUT_S
    adopt_expected_sequence: bool = True
    """A Logon refused with ``MsgSeqNum too low, expecting N`` continues from N on the reconnect."""
    mass_cancel_quiet_s: float = 1.0
    """A mass cancel settles once this long passed without another cancel report."""
    logon_timeout_s: float = 10.0
    reconnect: bool = True
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 30.0

    def __post_init__(self) -> None:
        check_settings(self.sender_comp_id, self.target_comp_id, self.heartbeat_interval_s)
        if self.mass_cancel_quiet_s <= 0:
            raise ValueError("mass_cancel_quiet_s must be > 0")
        if self.rollover_blackout_s < 0:
            raise ValueError("rollover_blackout_s must be >= 0")

    def session_settings(self) -> SessionSettings:
        return SessionSettings(
            session_id=SessionID(BEGIN_STRING, self.sender_comp_id, self.target_comp_id),
            role=Role.INITIATOR,
            heartbeat_interval_s=self.heartbeat_interval_s,
            reset_on_logon=self.reset_on_logon,
            reset_time=self.rollover_time,
            logon_blackout_s=self.rollover_blackout_s if self.rollover_time is not None else 0.0,
            logon_timeout_s=self.logon_timeout_s,
            gap_fill_everything=True,
        )


@dataclass(frozen=True, slots=True)
class MarketDataSettings:
    """The market-data session: no credentials, a fresh sequence on every Logon (141=Y)."""

    sender_comp_id: str
    target_comp_id: str = MARKET_DATA_TARGET
    heartbeat_interval_s: int = 60
    rollover_time: time | None = KRAKEN_ROLLOVER
    rollover_blackout_s: float = KRAKEN_ROLLOVER_BLACKOUT_S
    logon_timeout_s: float = 10.0
    reconnect: bool = True
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 30.0

    def __post_init__(self) -> None:
        check_settings(self.sender_comp_id, self.target_comp_id, self.heartbeat_interval_s)

    def session_settings(self) -> SessionSettings:
        return SessionSettings(
            session_id=SessionID(BEGIN_STRING, self.sender_comp_id, self.target_comp_id),
            role=Role.INITIATOR,
            heartbeat_interval_s=self.heartbeat_interval_s,
            reset_on_logon=True,
            reset_time=self.rollover_time,
            logon_blackout_s=self.rollover_blackout_s if self.rollover_time is not None else 0.0,
            logon_timeout_s=self.logon_timeout_s,
            gap_fill_everything=True,
        )


def check_settings(sender: str, target: str, heartbeat_interval_s: int) -> None:
    if not sender:
        raise ValueError("sender_comp_id must not be empty")
    if not target:
        raise ValueError("target_comp_id must not be empty")
    if heartbeat_interval_s < 0:
        raise ValueError("heartbeat_interval_s must be >= 0")


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a FIX service listens: ``tls://host:port`` or ``tcp://host:port``."""

    host: str
    port: int
    tls: bool = True

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        parts = urlsplit(text)
        if parts.scheme not in ("tls", "tcp") or not parts.hostname or parts.port is None:
            raise ValueError(f"an endpoint is tls://HOST:PORT or tcp://HOST:PORT, not {text!r}")
        return cls(parts.hostname, parts.port, parts.scheme == "tls")

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'tls' if self.tls else 'tcp'}://{host}:{self.port}"


@dataclass(frozen=True, slots=True)
class FixCredentials:
    sender_comp_id: str
    api_key: str
    api_secret: str
    """Base64, as Kraken issues it."""


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    fix: FixCredentials | None


@dataclass(frozen=True, slots=True)
class CredentialsFile:
    """``credentials.json`` of a krakenbox data dir (keys the client does not use are ignored:
    the venue owns the format and may add more)."""

    accounts: tuple[Account, ...]
    endpoints: tuple[tuple[str, str], ...]
    """Every endpoint by name as written (``tls://...``, ``http://...``); null ones left out."""
    ca_file: Path | None

    TRADING = "fix_spot_trading"
    MARKET_DATA_L2 = "fix_spot_md_l2"
    MARKET_DATA_L3 = "fix_spot_md_l3"

    @classmethod
    def load(cls, path: Path) -> CredentialsFile:
        data = json.loads(path.read_text())
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a JSON object")
        return cls.from_dict(data, base=path.parent)

    @classmethod
    def from_dict(cls, data: dict[str, Any], base: Path | None = None) -> CredentialsFile:
        accounts = tuple(_account(entry) for entry in _list(data.get("accounts", []), "accounts"))
        endpoints_data = data.get("endpoints", {})
        if not isinstance(endpoints_data, dict):
            raise ValueError("endpoints must be an object")
        endpoints = tuple(
            (str(name), str(text)) for name, text in endpoints_data.items() if text is not None
        )
        tls = data.get("tls") or {}
        if not isinstance(tls, dict):
            raise ValueError("tls must be an object")
        ca_text = tls.get("ca_file")
        ca_file = Path(ca_text) if ca_text else None
        if ca_file is not None and not ca_file.is_absolute() and base is not None:
            ca_file = base / ca_file
        return cls(accounts, endpoints, ca_file)

    def account(self, name: str | None = None) -> Account:
        """The account called ``name``, or the first one with FIX credentials."""
        for account in self.accounts:
            if (name is None and account.fix is not None) or account.name == name:
                return account
        wanted = repr(name) if name else "with FIX credentials"
        raise KeyError(f"no account {wanted} in the credentials file")

    def endpoint(self, name: str) -> Endpoint:
        """A FIX endpoint by name (KeyError if absent or null, ValueError if not tls/tcp)."""
        for endpoint_name, text in self.endpoints:
            if endpoint_name == name:
                return Endpoint.parse(text)
        raise KeyError(f"no endpoint {name!r} in the credentials file")

    def ssl_context(self, endpoint: Endpoint) -> ssl.SSLContext | None:
        """A client TLS context trusting the venue's CA (None for a tcp:// endpoint)."""
        if not endpoint.tls:
            return None
        return client_ssl_context(self.ca_file)


def client_ssl_context(ca_file: Path | None) -> ssl.SSLContext:
    """TLS 1.2+ (1.3 when offered), verifying the server against ``ca_file`` or the system store."""
    from krakenbox.gateways.tls import client_context

    return client_context(ca_file)


def _list(value: object, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{name} must be a list")
    return value


def _account(entry: object) -> Account:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ValueError("each account needs a name")
    fix = entry.get("fix")
    credentials = None
    if isinstance(fix, dict):
        try:
            credentials = FixCredentials(
                sender_comp_id=str(fix["sender_comp_id"]),
                api_key=str(fix["api_key"]),
                api_secret=str(fix["api_secret"]),
            )
        except KeyError as missing:
            raise ValueError(f"account {entry['name']}: fix.{missing.args[0]} is missing") from None
    return Account(entry["name"], credentials)
