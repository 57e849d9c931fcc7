"""Verifying a trading Logon (spec/fix.md §3.2–§3.4) from wire bytes, and the nonce tracker."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from krakenbox.core.clock import NANOS_PER_MILLI
from krakenbox.fix.codec import Parser, encode
from krakenbox.fix.message import Message
from krakenbox.kraken.fix.logon import (
    DOCUMENTED_TEXTS_ONLY,
    INVALID_CREDENTIALS,
    LogonAccepted,
    LogonFailure,
    LogonKey,
    LogonRefused,
    LogonVerdict,
    NonceTracker,
    password,
    verify_logon,
)
from krakenbox.kraken.permissions import KeyKind

SECRET = "a3Jha2VuLWZpeC11bml0LXRlc3Qtc2VjcmV0LU5PVC1SRUFMLTAxMjM0NTY3ODlhYmNkZWY="
NONCE = 1_700_000_000_000
NOW = NONCE * NANOS_PER_MILLI

# spec/fix.md §3.3, vector 1, as it goes on the wire (| is SOH)
SPEC_LOGON = (
    "8=FIX.4.4|9=209|35=A|34=1|49=CLIENT1|52=20231114-22:13:20.000|56=KRAKEN-TRD|98=0|108=60|141=Y"
    "|553=TESTKEY-abc123"
    "|554=MR+/PXpGP1+IIUeAv/P3IoICfaUJoHebTKlG024795rU/xuleN3otpMEKEZJVpL7mtbrMuRGguYd4Lr1UcTMnQ=="
    "|5025=1700000000000|10=186|"
)


@dataclass(frozen=True, slots=True)
class Key:
    key: str
    secret: str
    account: str
    kind: KeyKind = KeyKind.FIX


KEYS = {
    "TESTKEY-abc123": Key("TESTKEY-abc123", SECRET, "client1"),
    "REST-KEY": Key("REST-KEY", SECRET, "client1", KeyKind.SPOT),
    "BROKEN-KEY": Key("BROKEN-KEY", "not base64!", "client1"),
}
SENDERS = {"CLIENT1": "client1", "CLIENT1_DRV": "client1", "OTHER": "someone-else"}


def allowed_sender(key: LogonKey, sender: str) -> bool:
    return SENDERS.get(sender) == key.account


def parse(wire: str) -> Message:
    parser = Parser()
    parser.feed(wire.replace("|", "\x01").encode("latin-1"))
    message = parser.next()
    assert isinstance(message, Message), message
    return message


def logon(
    *,
    key: str = "TESTKEY-abc123",
    sequence: str = "1",
    sender: str = "CLIENT1",
    target: str = "KRAKEN-TRD",
    nonce: str = str(NONCE),
    signature: str | None = None,
    signed_sequence: str | None = None,
    omit: tuple[int, ...] = (),
) -> Message:
    """A Logon through the codec and back: as the acceptor receives it."""
    if signature is None:
        signature = password(key, SECRET, signed_sequence or sequence, sender, target, nonce)
    fields = [
        (34, sequence),
        (49, sender),
        (52, "20231114-22:13:20.000"),
        (56, target),
        (98, "0"),
        (108, "60"),
        (553, key),
        (554, signature),
        (5025, nonce),
    ]
    message = Message.of("A", *((tag, value) for tag, value in fields if tag not in omit))
    return parse(encode(message).decode("latin-1").replace("\x01", "|"))


def verify(
    message: Message, nonces: NonceTracker | None = None, now_ns: int = NOW, **options: object
) -> LogonVerdict:
    return verify_logon(
        message,
        find_key=KEYS.get,
        nonces=nonces if nonces is not None else NonceTracker(),
        now_ns=now_ns,
        allowed_sender=allowed_sender,
        **options,  # type: ignore[arg-type]
    )


def refused(verdict: LogonVerdict) -> tuple[LogonFailure, str]:
    assert isinstance(verdict, LogonRefused), verdict
    return verdict.failure, verdict.text


# --- accepted --------------------------------------------------------------------------------


def test_spec_vector_logon_is_accepted() -> None:
    nonces = NonceTracker()
    verdict = verify(parse(SPEC_LOGON), nonces)
    assert isinstance(verdict, LogonAccepted)
    assert verdict.account == "client1"
    assert verdict.key is KEYS["TESTKEY-abc123"]
    assert verdict.nonce == NONCE
    assert nonces.last("TESTKEY-abc123") == NONCE


def test_derivatives_vector_is_accepted() -> None:
    message = logon(sender="CLIENT1_DRV", target="KRAKEN-DRV-TRD")
    assert message[554] == (
        "uhRCbNu5+cUQLdSuBtu/cGGcG1JaK5Mz0+tK3p1KMS6Ymq7HJuD4xqjKDg+1aShpjNg+A/S7rL1eRmKgC0nrNA=="
    )
    assert isinstance(verify(message), LogonAccepted)


def test_signature_covers_the_sequence_number_as_sent() -> None:
    assert isinstance(verify(logon(sequence="7")), LogonAccepted)
    assert refused(verify(logon(sequence="7", signed_sequence="1"))) == (
        LogonFailure.INVALID_SIGNATURE,
        INVALID_CREDENTIALS,
    )


def test_without_a_sender_check_any_sender_will_do() -> None:
    verdict = verify_logon(
        logon(sender="ANYONE"), find_key=KEYS.get, nonces=NonceTracker(), now_ns=NOW
    )
    assert isinstance(verdict, LogonAccepted)


# --- refused: invalid credentials ------------------------------------------------------------


@pytest.mark.parametrize("tag", [553, 554, 5025])
def test_missing_credentials(tag: int) -> None:
    assert refused(verify(logon(omit=(tag,)))) == (
        LogonFailure.MISSING_CREDENTIALS,
        "Logon failed: invalid credentials",
    )


def test_empty_password() -> None:
    assert refused(verify(logon(signature="")))[0] is LogonFailure.MISSING_CREDENTIALS


def test_unknown_key() -> None:
    message = parse(
        SPEC_LOGON.replace("553=TESTKEY-abc123", "553=TESTKEY-abc124").replace("10=186", "10=187")
    )
    assert refused(verify(message)) == (LogonFailure.UNKNOWN_KEY, INVALID_CREDENTIALS)


def test_a_rest_key_cannot_log_on() -> None:
    assert refused(verify(logon(key="REST-KEY"))) == (
        LogonFailure.NOT_A_FIX_KEY,
        INVALID_CREDENTIALS,
    )


def test_tampered_signature() -> None:
    good = password("TESTKEY-abc123", SECRET, "1", "CLIENT1", "KRAKEN-TRD", str(NONCE))
    bad = ("N" if good[0] != "N" else "M") + good[1:]
    assert refused(verify(logon(signature=bad))) == (
        LogonFailure.INVALID_SIGNATURE,
        INVALID_CREDENTIALS,
    )


def test_signature_over_another_target() -> None:
    signature = password("TESTKEY-abc123", SECRET, "1", "CLIENT1", "KRAKEN-TRD", str(NONCE))
    message = logon(target="KRAKEN-DRV-TRD", signature=signature)
    assert refused(verify(message))[0] is LogonFailure.INVALID_SIGNATURE


def test_nonce_other_than_the_signed_one() -> None:
    signature = password("TESTKEY-abc123", SECRET, "1", "CLIENT1", "KRAKEN-TRD", str(NONCE))
    message = logon(nonce=str(NONCE + 1), signature=signature)
    assert refused(verify(message))[0] is LogonFailure.INVALID_SIGNATURE


def test_a_stored_secret_that_is_not_base64_refuses_rather_than_raises() -> None:
    message = logon(key="BROKEN-KEY", signature="x" * 88)
    assert refused(verify(message)) == (LogonFailure.INVALID_SIGNATURE, INVALID_CREDENTIALS)


# --- refused: the choices where Kraken is silent ----------------------------------------------


def test_key_not_valid_for_this_sender() -> None:
    assert refused(verify(logon(sender="OTHER"))) == (
        LogonFailure.SENDER_NOT_ALLOWED,
        "Logon failed: API key not valid for this SenderCompID",
    )


@pytest.mark.parametrize("nonce", ["1700000000000.5", "17e11", "-1700000000000", "170000000000²"])
def test_malformed_nonce(nonce: str) -> None:
    assert refused(verify(logon(nonce=nonce))) == (
        LogonFailure.MALFORMED_NONCE,
        "Logon failed: invalid nonce (not a Unix time in milliseconds)",
    )


@pytest.mark.parametrize("offset_ms", [-5000, -1, 0, 1, 5000])
def test_nonce_inside_the_window(offset_ms: int) -> None:
    assert isinstance(verify(logon(), now_ns=NOW + offset_ms * NANOS_PER_MILLI), LogonAccepted)


@pytest.mark.parametrize("offset_ns", [-5_000_000_001, 5_000_000_001, 3_600_000_000_000])
def test_nonce_outside_the_window(offset_ns: int) -> None:
    assert refused(verify(logon(), now_ns=NOW + offset_ns)) == (
        LogonFailure.NONCE_OUTSIDE_WINDOW,
        "Logon failed: invalid nonce (more than 5000 ms from server time)",
    )


def test_the_window_is_configurable() -> None:
    late = NOW + 30_000 * NANOS_PER_MILLI
    verdict = verify(logon(), now_ns=late, window_ms=60_000)
    assert isinstance(verdict, LogonAccepted)
    assert refused(verify(logon(), now_ns=NOW + 61_000 * NANOS_PER_MILLI, window_ms=60_000)) == (
        LogonFailure.NONCE_OUTSIDE_WINDOW,
        "Logon failed: invalid nonce (more than 60000 ms from server time)",
    )


def test_nonce_must_increase_per_key() -> None:
    nonces = NonceTracker()
    assert isinstance(verify(parse(SPEC_LOGON), nonces), LogonAccepted)
    assert refused(verify(parse(SPEC_LOGON), nonces)) == (  # the same Logon replayed
        LogonFailure.NONCE_NOT_INCREASING,
        "Logon failed: invalid nonce (not greater than the last nonce of this key)",
    )
    assert (
        refused(verify(logon(nonce=str(NONCE - 1)), nonces))[0] is LogonFailure.NONCE_NOT_INCREASING
    )
    assert isinstance(verify(logon(nonce=str(NONCE + 1)), nonces), LogonAccepted)
    assert nonces.last("TESTKEY-abc123") == NONCE + 1


def test_a_refused_logon_does_not_spend_its_nonce() -> None:
    nonces = NonceTracker()
    assert refused(verify(logon(nonce=str(NONCE + 10), sender="OTHER"), nonces))
    assert refused(verify(logon(nonce=str(NONCE + 10)), nonces, now_ns=NOW + 10**13))
    assert nonces.last("TESTKEY-abc123") is None
    assert isinstance(verify(logon(), nonces), LogonAccepted)


def test_checks_run_in_order_signature_before_nonce() -> None:
    signature = password("TESTKEY-abc123", SECRET, "1", "CLIENT1", "KRAKEN-TRD", "0")
    message = logon(nonce="1", signature=signature)  # stale nonce and a bad signature
    assert refused(verify(message))[0] is LogonFailure.INVALID_SIGNATURE


def test_documented_texts_only() -> None:
    options = {"texts": DOCUMENTED_TEXTS_ONLY}
    assert refused(verify(logon(sender="OTHER"), **options))[1] == INVALID_CREDENTIALS
    assert refused(verify(logon(), now_ns=0, **options))[1] == INVALID_CREDENTIALS


def test_not_a_logon_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        verify(Message.of("0", (34, 2)))


# --- the nonce tracker (REST and FIX) ---------------------------------------------------------


def test_tracker_is_strict_per_key() -> None:
    nonces = NonceTracker()
    assert nonces.last("a") is None
    assert nonces.accept("a", 5)
    assert not nonces.accept("a", 5)
    assert not nonces.accept("a", 4)
    assert nonces.accept("b", 1)
    assert nonces.accept("a", 6)
    assert not nonces.acceptable("a", 6)
    assert nonces.acceptable("a", 7)
    assert (nonces.last("a"), nonces.last("b")) == (6, 1)


def test_tracker_nonce_window_takes_late_nonces_once() -> None:
    nonces = NonceTracker()
    assert nonces.accept("a", 100, window=10)
    assert nonces.accept("a", 95, window=10)  # late but inside the window
    assert not nonces.accept("a", 95, window=10)  # used
    assert not nonces.accept("a", 100, window=10)  # used (the highest)
    assert not nonces.accept("a", 90, window=10)  # at the window's edge: outside
    assert nonces.accept("a", 91, window=10)
    assert nonces.accept("a", 120, window=10)
    assert not nonces.accept("a", 105, window=10)  # the window moved on
    assert nonces.accept("a", 111, window=10)
    assert not nonces.accept("a", 111, window=10)
    assert nonces.last("a") == 120
    assert not nonces.accept("a", 119)  # strict again without a window
    assert nonces.accept("a", 121)


def test_tracker_never_takes_the_highest_twice_even_when_a_window_appears() -> None:
    nonces = NonceTracker()
    assert nonces.accept("a", 100)
    assert not nonces.accept("a", 100, window=10)
    assert nonces.accept("a", 99, window=10)


def test_tracker_handles_rest_scale_nonces() -> None:
    nonces = NonceTracker()
    assert nonces.accept("pks", 170_000_000_000_000_000)
    assert not nonces.accept("pks", 1_700_000_000_000)  # a CCXT-scale nonce after a PKS one
