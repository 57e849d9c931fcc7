"""EGeneral:Temporary lockout end to end: real clients over a real socket, a manual clock."""

from __future__ import annotations

import base64
from pathlib import Path

import ccxt
import pytest
from kraken.exceptions import (
    KrakenInvalidAPIKeyError,
    KrakenInvalidSignatureError,
    KrakenTemporaryLockoutError,
)
from kraken.spot import User

from krakenbox.cli.options import ServeOptions
from krakenbox.testing import RunningVenue
from tests.gateways.http.harness import running_rest, scenario

LOCKED = {"error": ["EGeneral:Temporary lockout"]}
WRONG_SECRET = base64.b64encode(bytes(64)).decode()


def test_python_kraken_sdk_is_locked_out_for_fifteen_minutes(
    krakenbox_manual_venue: RunningVenue,
) -> None:
    venue = krakenbox_manual_venue
    alice = venue.account("alice")["spot"]
    rest = venue.urls["spot_rest"]
    forger = User(alice["api_key"], WRONG_SECRET, url=rest)
    for _ in range(20):
        with pytest.raises(KrakenInvalidSignatureError):
            forger.get_account_balance()
    user = User(alice["api_key"], alice["api_secret"], url=rest)
    with pytest.raises(KrakenTemporaryLockoutError):
        user.get_account_balance()
    with pytest.raises(KrakenTemporaryLockoutError):  # the WebSocket token is a REST call too
        user.request("POST", "/0/private/GetWebSocketsToken")
    with pytest.raises(KrakenInvalidAPIKeyError):  # an unknown key has nothing to lock
        User("not-a-key", WRONG_SECRET, url=rest).get_account_balance()
    venue.advance(15 * 60 - 1)
    with pytest.raises(KrakenTemporaryLockoutError):
        user.get_account_balance()
    venue.advance(1)
    assert "ZUSD" in user.get_account_balance()
    assert user.request("POST", "/0/private/GetWebSocketsToken")["token"]


def test_ccxt_is_locked_out_after_repeated_invalid_nonces_and_other_keys_are_not(
    krakenbox_manual_venue: RunningVenue,
) -> None:
    venue = krakenbox_manual_venue
    rest = venue.urls["spot_rest"]

    def client(name: str) -> ccxt.kraken:
        spot = venue.account(name)["spot"]
        return ccxt.kraken(
            {
                "apiKey": spot["api_key"],
                "secret": spot["api_secret"],
                "urls": {"api": {"public": rest, "private": rest}},
                "enableRateLimit": False,
            }
        )

    bob, alice = client("bob"), client("alice")
    bob.load_markets()
    real_nonce = bob.incrementing_nonce
    bob.incrementing_nonce = lambda: (
        1_000
    )  # the same nonce every time: all but the first are refused
    assert bob.fetch_balance()["total"]["BTC"] == 100
    for _ in range(20):
        with pytest.raises(ccxt.InvalidNonce):
            bob.fetch_balance()
    with pytest.raises(ccxt.DDoSProtection, match="Temporary lockout"):
        bob.fetch_balance()
    bob.incrementing_nonce = real_nonce
    with pytest.raises(ccxt.DDoSProtection, match="Temporary lockout"):
        bob.private_post_getwebsocketstoken()
    assert alice.fetch_balance()["total"]["BTC"] == 100  # a lockout is one key's
    venue.advance(15 * 60)
    assert bob.fetch_balance()["total"]["BTC"] == 100
    assert bob.private_post_getwebsocketstoken()["result"]["token"]


def test_the_numbers_come_from_the_options_and_off_turns_it_off(tmp_path: Path) -> None:
    options = ServeOptions.ephemeral(
        tmp_path / "venue", lockout_failures=2, lockout_window=5, lockout_seconds=30
    )
    with RunningVenue(tmp_path / "venue", manual_clock=True, options=options) as venue:
        alice = venue.account("alice")["spot"]
        rest = venue.urls["spot_rest"]
        forger = User(alice["api_key"], WRONG_SECRET, url=rest)
        user = User(alice["api_key"], alice["api_secret"], url=rest)
        with pytest.raises(KrakenInvalidSignatureError):
            forger.get_account_balance()
        venue.advance(5)  # out of the window: forgotten
        for _ in range(2):
            with pytest.raises(KrakenInvalidSignatureError):
                forger.get_account_balance()
        with pytest.raises(KrakenTemporaryLockoutError):
            user.get_account_balance()
        venue.advance(30)
        assert "ZUSD" in user.get_account_balance()
    off = ServeOptions.ephemeral(tmp_path / "off", lockout_failures=0)
    with RunningVenue(tmp_path / "off", options=off) as venue:
        alice = venue.account("alice")["spot"]
        rest = venue.urls["spot_rest"]
        forger = User(alice["api_key"], WRONG_SECRET, url=rest)
        for _ in range(50):
            with pytest.raises(KrakenInvalidSignatureError):
                forger.get_account_balance()
        assert "ZUSD" in User(alice["api_key"], alice["api_secret"], url=rest).get_account_balance()


@scenario
async def test_the_lockout_on_the_wire(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        for nonce in range(1, 21):  # a bad signature, a missing nonce, a used nonce
            if nonce % 3 == 0:
                answer = await rest.private("Balance", "asset=XBT", key, nonce="")
                assert answer == {"error": ["EAPI:Invalid nonce"]}
            else:
                answer = await rest.private("Balance", f"nonce={nonce}", key, sign="AAAA")
                assert answer == {"error": ["EAPI:Invalid signature"]}
        assert rest.context.lockouts.is_locked(key.key, rest.clock.now_ns())
        good = await rest.private("Balance", "nonce=100", key)
        assert good == LOCKED
        token = await rest.private("GetWebSocketsToken", "nonce=101", key)
        assert token == LOCKED
        rest.clock.advance(15 * 60)
        assert (await rest.private("Balance", "nonce=102", key))["error"] == []
        # a good nonce followed by used ones: 20 invalid nonces lock the key again
        for _ in range(20):
            answer = await rest.private("Balance", "nonce=102", key)
            assert answer == {"error": ["EAPI:Invalid nonce"]}
        assert await rest.private("Balance", "nonce=103", key) == LOCKED
