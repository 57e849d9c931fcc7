"""Kraken's FIX trading logon: the signature and its verification (spec/fix.md §3).

Password (554) = base64(HMAC-SHA512(key=base64decode(secret), msg=SHA256(MessageInput + nonce)))
where MessageInput is ``35=A|34=<seq>|49=<sender>|56=<target>|553=<api key>|`` (SOH after each
field, in exactly that order) and the nonce (5025) is the Unix time in milliseconds as sent.

:func:`verify_logon` checks a received trading Logon (the acceptor's side);
:class:`NonceTracker` (now in :mod:`krakenbox.kraken.nonces`, re-exported here) keeps the
last accepted nonce per key, for FIX and REST alike. Choices
where Kraken is silent: docs/authentication.md.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final, Protocol

from krakenbox.core.clock import NANOS_PER_MILLI
from krakenbox.fix.message import Message
from krakenbox.fix.tags import Tag
from krakenbox.kraken.nonces import NonceTracker as NonceTracker
from krakenbox.kraken.permissions import KeyKind

SOH = "\x01"


def password(
    api_key: str, secret: str, sequence: int | str, sender: str, target: str, nonce: str
) -> str:
    """Tag 554 for a Logon with MsgSeqNum ``sequence`` from ``sender`` to ``target``;
    ``secret`` is the API secret as Kraken issues it (base64)."""
    message_input = f"35=A{SOH}34={sequence}{SOH}49={sender}{SOH}56={target}{SOH}553={api_key}{SOH}"
    digest = hashlib.sha256((message_input + nonce).encode("utf-8")).digest()
    mac = hmac.new(base64.b64decode(secret), digest, hashlib.sha512).digest()
    return base64.b64encode(mac).decode("ascii")


# --- verifying a trading Logon ----------------------------------------------------------------

NONCE_WINDOW_MS: Final = 5000
"""Kraken refuses a Logon whose nonce is more than 5 seconds from its clock (spec/fix.md §3.1)."""


class LogonKey(Protocol):
    """What verification needs of an API key (the venue's directory record has it)."""

    @property
    def key(self) -> str: ...

    @property
    def secret(self) -> str: ...

    @property
    def account(self) -> str: ...

    @property
    def kind(self) -> KeyKind: ...


class LogonFailure(enum.Enum):
    """Why a trading Logon was refused, in the order they are checked."""

    MISSING_CREDENTIALS = "missing credentials"
    """553, 554 or 5025 (or 34/49/56) absent or empty."""
    UNKNOWN_KEY = "unknown key"
    NOT_A_FIX_KEY = "not a FIX key"
    INVALID_SIGNATURE = "invalid signature"
    SENDER_NOT_ALLOWED = "key not valid for this SenderCompID"
    MALFORMED_NONCE = "malformed nonce"
    NONCE_OUTSIDE_WINDOW = "nonce outside window"
    NONCE_NOT_INCREASING = "nonce not increasing"


INVALID_CREDENTIALS: Final = "Logon failed: invalid credentials"
"""The one Logout text Kraken documents (spec/fix.md §3.4)."""

DEFAULT_TEXTS: Final[Mapping[LogonFailure, str]] = {
    LogonFailure.MISSING_CREDENTIALS: INVALID_CREDENTIALS,
    LogonFailure.UNKNOWN_KEY: INVALID_CREDENTIALS,
    LogonFailure.NOT_A_FIX_KEY: INVALID_CREDENTIALS,
    LogonFailure.INVALID_SIGNATURE: INVALID_CREDENTIALS,
    LogonFailure.SENDER_NOT_ALLOWED: "Logon failed: API key not valid for this SenderCompID",
    LogonFailure.MALFORMED_NONCE: "Logon failed: invalid nonce (not a Unix time in milliseconds)",
    LogonFailure.NONCE_OUTSIDE_WINDOW: "Logon failed: invalid nonce (more than {window_ms} ms from server time)",
    LogonFailure.NONCE_NOT_INCREASING: "Logon failed: invalid nonce (not greater than the last nonce of this key)",
}
"""Logout (35=5) 58 Text per failure. Kraken documents only the first; the others are
krakenbox's choice (docs/authentication.md). ``{window_ms}`` is replaced by the window."""

DOCUMENTED_TEXTS_ONLY: Final[Mapping[LogonFailure, str]] = dict.fromkeys(
    LogonFailure, INVALID_CREDENTIALS
)
"""Every failure as "Logon failed: invalid credentials", for clients that expect nothing else."""


@dataclass(frozen=True, slots=True)
class LogonAccepted:
    """The Logon is authentic: the session belongs to ``key.account``."""

    key: LogonKey
    nonce: int

    @property
    def account(self) -> str:
        return self.key.account


@dataclass(frozen=True, slots=True)
class LogonRefused:
    """Answer with a Logout whose 58 is ``text`` (or drop the connection)."""

    failure: LogonFailure
    text: str


LogonVerdict = LogonAccepted | LogonRefused


def verify_logon(
    message: Message,
    *,
    find_key: Callable[[str], LogonKey | None],
    nonces: NonceTracker,
    now_ns: int,
    allowed_sender: Callable[[LogonKey, str], bool] | None = None,
    window_ms: int = NONCE_WINDOW_MS,
    texts: Mapping[LogonFailure, str] = DEFAULT_TEXTS,
) -> LogonVerdict:
    """Verify a trading Logon (35=A) as spec/fix.md §3.2 says, and on success record its nonce.

    ``find_key`` looks an API key (553) up; ``allowed_sender(key, sender)`` says whether the key
    may log on as SenderCompID ``sender`` (None: any). Checks, in order: 553/554/5025 (and
    34/49/56) present; the key exists and is a FIX key; the signature (554), rebuilt from the
    received 34/49/56/553/5025 and compared in constant time; the SenderCompID; the nonce is a
    decimal millisecond time within ``window_ms`` of ``now_ns`` (inclusive) and greater than the
    last nonce accepted for the key.
    """
    if message.msg_type != "A":
        raise ValueError(f"not a Logon: 35={message.msg_type!r}")
    values = [message.get(tag) or "" for tag in _SIGNED_TAGS]
    if not all(values):
        return _refuse(LogonFailure.MISSING_CREDENTIALS, texts, window_ms)
    sequence, sender, target, api_key, signature, nonce_text = values
    key = find_key(api_key)
    if key is None:
        return _refuse(LogonFailure.UNKNOWN_KEY, texts, window_ms)
    if key.kind is not KeyKind.FIX:
        return _refuse(LogonFailure.NOT_A_FIX_KEY, texts, window_ms)
    if not _signature_matches(key, sequence, sender, target, nonce_text, signature):
        return _refuse(LogonFailure.INVALID_SIGNATURE, texts, window_ms)
    if allowed_sender is not None and not allowed_sender(key, sender):
        return _refuse(LogonFailure.SENDER_NOT_ALLOWED, texts, window_ms)
    if not (nonce_text.isascii() and nonce_text.isdigit()):
        return _refuse(LogonFailure.MALFORMED_NONCE, texts, window_ms)
    nonce = int(nonce_text)
    if abs(nonce * NANOS_PER_MILLI - now_ns) > window_ms * NANOS_PER_MILLI:
        return _refuse(LogonFailure.NONCE_OUTSIDE_WINDOW, texts, window_ms)
    if not nonces.accept(key.key, nonce):
        return _refuse(LogonFailure.NONCE_NOT_INCREASING, texts, window_ms)
    return LogonAccepted(key, nonce)


_SIGNED_TAGS: Final = (
    Tag.MsgSeqNum,
    Tag.SenderCompID,
    Tag.TargetCompID,
    Tag.Username,
    Tag.Password,
    Tag.Nonce,
)


def _signature_matches(
    key: LogonKey, sequence: str, sender: str, target: str, nonce: str, signature: str
) -> bool:
    try:
        expected = password(key.key, key.secret, sequence, sender, target, nonce)
    except (binascii.Error, ValueError):  # a stored secret that is not base64
        return False
    return hmac.compare_digest(expected.encode("latin-1"), signature.encode("latin-1"))


def _refuse(
    failure: LogonFailure, texts: Mapping[LogonFailure, str], window_ms: int
) -> LogonRefused:
    text = texts.get(failure, INVALID_CREDENTIALS).replace("{window_ms}", str(window_ms))
    return LogonRefused(failure, text)
