"""Kraken's REST request signature (spec/spot-rest.md §3): ``API-Sign`` is
``base64(HMAC-SHA512(base64decode(secret), urlpath ‖ SHA256(nonce ‖ body)))`` over the body
bytes exactly as sent, and the checks a private call passes, in the order krakenbox applies
them: key, signature, nonce, permission.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Final

from krakenbox.kraken.errors.rejects import EdgeReason
from krakenbox.kraken.rest.errors import RestError
from krakenbox.kraken.rest.parameters import Value, to_integer

MAXIMUM_NONCE: Final = 2**64 - 1


def signature(urlpath: str, nonce: str, body: bytes, secret: str) -> str:
    """The ``API-Sign`` a client sends for ``body`` posted to ``urlpath`` (e.g.
    ``/0/private/AddOrder``) with ``nonce`` (the nonce's text, as in the body)."""
    return base64.b64encode(_digest(urlpath, nonce, body, secret)).decode("ascii")


def signature_matches(urlpath: str, nonce: str, body: bytes, secret: str, sent: str) -> bool:
    """Whether ``sent`` (the ``API-Sign`` header) signs this request; constant time."""
    try:
        sent_bytes = base64.b64decode(sent, validate=True)
    except (binascii.Error, ValueError):
        return False
    return hmac.compare_digest(sent_bytes, _digest(urlpath, nonce, body, secret))


def _digest(urlpath: str, nonce: str, body: bytes, secret: str) -> bytes:
    """The raw HMAC-SHA512 behind ``API-Sign`` (one-shot ``hmac.digest``: no HMAC object)."""
    inner = hashlib.sha256(nonce.encode() + body).digest()
    return hmac.digest(base64.b64decode(secret), urlpath.encode() + inner, "sha512")


def nonce_of(value: Value) -> tuple[str, int]:
    """The nonce as text (what was signed) and as a number; ``EAPI:Invalid nonce`` when it is
    missing or not an unsigned 64-bit integer."""
    if value is None or isinstance(value, bool | list | dict):
        raise RestError.of(EdgeReason.INVALID_NONCE)
    text = value if isinstance(value, str) else str(value)
    if not text.isascii() or not text.isdigit():
        raise RestError.of(EdgeReason.INVALID_NONCE)
    number = to_integer(text, "nonce")
    if number > MAXIMUM_NONCE:
        raise RestError.of(EdgeReason.INVALID_NONCE)
    return text, number
