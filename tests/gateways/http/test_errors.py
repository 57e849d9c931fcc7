"""Every error path answers Kraken's string with HTTP 200, and each client raises what it
raises against Kraken; nothing a client sends harms the server."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import ccxt
import pytest
from kraken.exceptions import (
    KrakenInsufficientFundsError,
    KrakenInvalidAPIKeyError,
    KrakenInvalidArgumentsError,
    KrakenInvalidNonceError,
    KrakenInvalidSignatureError,
    KrakenPermissionDeniedError,
    KrakenRateLimitExceededError,
    KrakenUnknownMethodError,
    KrakenUnknownOrderError,
)
from kraken.spot import Trade, User

from krakenbox.gateways.http import calls
from krakenbox.kraken.permissions import KeyKind, Permission
from krakenbox.kraken.ratelimits import Tier
from krakenbox.venue.spot import Listener, Published
from tests.gateways.http.harness import in_thread, running_rest, scenario

WRONG_SECRET = base64.b64encode(bytes(64)).decode()


@scenario
async def test_authentication_errors_with_python_kraken_sdk(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        with pytest.raises(KrakenInvalidAPIKeyError):
            await in_thread(User("no-such-key", key.secret, url=rest.url).get_account_balance)
        with pytest.raises(KrakenInvalidSignatureError):
            await in_thread(User(key.key, WRONG_SECRET, url=rest.url).get_account_balance)
        await in_thread(User(key.key, key.secret, url=rest.url).get_account_balance)
        # ccxt's millisecond nonces are below python-kraken-sdk's: the key refuses them.
        with pytest.raises(ccxt.InvalidNonce):
            await in_thread(rest.ccxt(key).fetch_balance)
        bob = rest.key("bob")
        assert (await rest.private("Balance", f"nonce={10**19}", bob))["error"] == []
        with pytest.raises(KrakenInvalidNonceError):
            await in_thread(User(bob.key, bob.secret, url=rest.url).get_account_balance)
        limited = rest.directory.issue_key("alice", KeyKind.SPOT, {Permission.QUERY_FUNDS})
        with pytest.raises(KrakenPermissionDeniedError):
            await in_thread(User(limited.key, limited.secret, url=rest.url).get_open_orders)
        with pytest.raises(KrakenUnknownMethodError):
            await in_thread(
                User(key.key, key.secret, url=rest.url).request, "POST", "/0/private/Nope"
            )


@scenario
async def test_authentication_errors_with_ccxt(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("bob")
        unknown = rest.ccxt()
        unknown.apiKey, unknown.secret = "no-such-key", key.secret
        with pytest.raises(ccxt.AuthenticationError):
            await in_thread(unknown.fetch_balance)
        wrong = rest.ccxt(key)
        wrong.secret = WRONG_SECRET
        with pytest.raises(ccxt.ExchangeError, match="EAPI:Invalid signature"):
            await in_thread(wrong.fetch_balance)
        limited = rest.directory.issue_key("bob", KeyKind.SPOT, {Permission.QUERY_FUNDS})
        with pytest.raises(ccxt.PermissionDenied):
            await in_thread(rest.ccxt(limited).create_order, "BTC/USD", "limit", "buy", 1, 100)


@scenario
async def test_order_errors(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        bob = rest.ccxt(rest.key("bob"))
        with pytest.raises(ccxt.InsufficientFunds):
            await in_thread(bob.create_order, "BTC/USD", "limit", "buy", 1000, 30000)
        with pytest.raises(ccxt.OrderNotFound):
            await in_thread(bob.cancel_order, "OAAAAA-BBBBB-CCCCCC")
        with pytest.raises(ccxt.InvalidOrder):
            await in_thread(bob.create_order, "BTC/USD", "limit", "buy", 0.00001, 30000)
        key = rest.key("alice")
        trade = Trade(key.key, key.secret, url=rest.url)
        with pytest.raises(KrakenInsufficientFundsError):
            await in_thread(
                trade.create_order, ordertype="market", side="sell", pair="XBTUSD", volume="1000"
            )
        with pytest.raises(KrakenInvalidArgumentsError):
            await in_thread(
                trade.create_order, ordertype="sideways", side="buy", pair="XBTUSD", volume="1"
            )
        with pytest.raises(KrakenUnknownOrderError):
            await in_thread(trade.cancel_order, txid="OAAAAA-BBBBB-CCCCCC")


@scenario
async def test_literal_errors(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        order = "ordertype=limit&type=buy&pair=XBTUSD&price=100&volume="
        cases = [
            ("AddOrder", "nonce=1&" + order + "1.123456789", "EGeneral:Invalid arguments:volume"),
            (
                "AddOrder",
                "nonce=2&ordertype=limit&type=buy&pair=XBTUSD&volume=1&price=100.05",
                "EOrder:Invalid price:XBT/USD price can only be specified up to 1 decimals.",
            ),
            (
                "AddOrder",
                "nonce=3&" + order + "1&userref=1&cl_ord_id=x",
                "EGeneral:Invalid arguments:cl_ord_id",
            ),
            (
                "AddOrder",
                "nonce=4&" + order + "1&oflags=bogus",
                "EGeneral:Invalid arguments:oflags",
            ),
            (
                "AddOrder",
                "nonce=5&ordertype=limit&type=buy&pair=NOPE&volume=1&price=1",
                "EQuery:Unknown asset pair",
            ),
            ("AddOrder", "nonce=6&" + order + "1&leverage=5", "EOrder:Cannot open position"),
            ("AddOrder", "nonce=7&" + order + "0.00001", "EOrder:Order minimum not met"),
            ("QueryOrders", "nonce=8&txid=OAAAAA-BBBBB-CCCCCC", "EOrder:Invalid order"),
            ("CancelAllOrdersAfter", "nonce=9&timeout=86400", "EGeneral:Invalid arguments:timeout"),
            ("Balance", "nonce=9", "EAPI:Invalid nonce"),
            ("Nope", "nonce=10", "EGeneral:Unknown method"),
        ]
        for method, body, error in cases:
            assert await rest.private(method, body, key) == {"error": [error]}, body
        assert await rest.private("Balance", "nonce=11", key, sign="AAAA") == {
            "error": ["EAPI:Invalid signature"]
        }
        assert await rest.private("Balance", "x=1", key, nonce="") == {
            "error": ["EAPI:Invalid nonce"]
        }
        malformed = await rest.private(
            "AddOrder", '{"nonce": "12", "pair": ', key, content_type="application/json", nonce="12"
        )
        assert malformed == {"error": ["EAPI:Bad request"]}
        wrong_type = await rest.private(
            "AddOrder",
            json.dumps(
                {
                    "nonce": "13",
                    "pair": ["XBTUSD"],
                    "type": "buy",
                    "ordertype": "limit",
                    "volume": "1",
                }
            ),
            key,
            content_type="application/json",
        )
        assert wrong_type == {"error": ["EGeneral:Invalid arguments:pair"]}
        huge = "nonce=14&pad=" + "x" * (2 << 20)
        assert await rest.private("Balance", huge, key) == {"error": ["EAPI:Bad request"]}
        async with rest.session.get(rest.url + "/nowhere") as response:
            assert response.status == 200
            assert await response.json() == {"error": ["EGeneral:Unknown method"]}
        assert (await rest.private("Balance", "nonce=15", key))["error"] == []


@scenario
async def test_api_call_counter(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        # Intermediate tier: at most 20; ledger calls cost 2. The clock stands still.
        for nonce in range(1, 10):
            assert (await rest.private("Ledgers", f"nonce={nonce}", key))["error"] == []
        assert (await rest.private("Balance", "nonce=10", key))["error"] == []
        assert await rest.private("Ledgers", "nonce=11", key) == {
            "error": ["EAPI:Rate limit exceeded"]
        }
        assert (
            await rest.private(
                "AddOrder",
                "nonce=12&validate=true&ordertype=market&type=buy&pair=XBTUSD&volume=1",
                key,
            )
        )["error"] == []
        with pytest.raises(ccxt.DDoSProtection):
            await in_thread(rest.ccxt(rest.key("alice")).fetch_balance)
        rest.clock.advance(4.0)  # decays 0.5 per second
        assert (await rest.private("Ledgers", f"nonce={10**15}", key))["error"] == []


@scenario
async def test_trading_counter_shared_with_every_protocol(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        rest.directory.set_tier("bob", Tier.STARTER)  # threshold 60
        key = rest.key("bob")
        trade = Trade(key.key, key.secret, url=rest.url)
        refused = None
        for attempt in range(20):
            try:
                placed = await in_thread(
                    trade.create_order,
                    ordertype="limit",
                    side="buy",
                    pair="XBTUSD",
                    volume="0.1",
                    price="100",
                )
                await in_thread(trade.cancel_order, txid=placed["txid"][0])  # +8 within 5 s
            except KrakenRateLimitExceededError:
                refused = attempt
                break
        assert refused == 6  # 7 × (1 + 8) = 63 > 60
        level = rest.context.counter.level("bob", "XXBTZUSD", rest.clock.now_ns())
        assert level > 50


class _PublicationFails(Listener):
    def on_published(self, published: Published) -> None:
        raise RuntimeError("publication failed")


@scenario
async def test_a_call_the_venue_never_publishes_is_answered_service_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calls, "PUBLICATION_TIMEOUT_S", 0.2)
    async with running_rest(tmp_path) as rest:
        broken = _PublicationFails()
        rest.venue.listen(broken)  # the flush raises before it runs what waits for it
        try:
            answer = await rest.private(
                "AddOrder",
                "nonce=1&ordertype=limit&type=buy&volume=0.001&pair=XBTUSD&price=1000",
                rest.key("alice"),
            )
        finally:
            rest.venue.unlisten(broken)
        assert answer == {"error": ["EService:Unavailable"]}
