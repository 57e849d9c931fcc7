"""Kraken's FIX trading logon signature (spec/fix.md §3.2).

Password (554) = base64(HMAC-SHA512(key=base64decode(secret), msg=SHA256(MessageInput + nonce)))
where MessageInput is ``35=A|34=<seq>|49=<sender>|56=<target>|553=<api key>|`` (SOH after each
field, in exactly that order) and the nonce (5025) is the Unix time in milliseconds as sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

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
