"""Bad input over the wire, generated: every REST method with parameters drawn from Kraken's
names and from odd values (empty, negative, huge, non-numeric, lists where text belongs) gets
Kraken's envelope — HTTP 200, ``error`` a list of Kraken error strings — never an internal error,
and the venue keeps answering."""

from __future__ import annotations

import json
import re
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from krakenbox.cli.options import ServeOptions
from krakenbox.gateways.http.server import ALL_PUBLIC_METHODS, PRIVATE_METHODS
from krakenbox.kraken.rest.authentication import signature
from krakenbox.testing import RunningVenue

KRAKEN_ERROR = re.compile(r"^[EW][A-Z][A-Za-z]*:\S.*$")
NAMES = [
    "pair", "type", "ordertype", "volume", "displayvol", "price", "price2", "trigger", "leverage",
    "reduce_only", "stptype", "oflags", "timeinforce", "starttm", "expiretm", "close[ordertype]",
    "close[price]", "deadline", "validate", "userref", "cl_ord_id", "txid", "order_qty",
    "limit_price", "orders", "timeout", "asset", "aclass", "amount", "key", "address", "from",
    "to", "method", "new", "refid", "start", "end", "ofs", "trades", "closetime", "consolidation",
    "fee-info", "strategy_id", "cursor", "limit", "interval", "since", "count", "username",
    "email", "info", "without_count", "rebase_multiplier", "asset_class", "nonce_window",
]  # fmt: skip
ODD_VALUES = [
    "", "0", "-1", "1", "0.00000001", "1e9", "1E-3", "NaN", "inf", "-0", "99999999999999999999",
    "0x10", " 1", "1 ", "abc", "XBTUSD", "XBT/USD", "BTC/USD", "XXBTZUSD", "buy", "sell",
    "limit", "market", "stop-loss", "take-profit-limit", "trailing-stop", "iceberg", "post",
    "fcib,viqc", "GTD", "IOC", "true", "false", "+5", "@5", "#1", "[]", "{}", "null", "é",
    "OABCDE-FGHIJ-KLMNOP", "ZUSD", "XBT", "USD", "Spot Wallet", "Futures Wallet",
    "a" * 300, "1,2,3", "\x00",
]  # fmt: skip


def values() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=12))


BASES: dict[str, dict[str, str]] = {
    "AddOrder": {"pair": "XBTUSD", "type": "buy", "ordertype": "limit", "volume": "0.01",
                 "price": "50000"},
    "AddOrderBatch": {"pair": "XBTUSD", "orders[0][type]": "buy",
                      "orders[0][ordertype]": "limit", "orders[0][volume]": "0.01",
                      "orders[0][price]": "50000"},
    "EditOrder": {"pair": "XBTUSD", "txid": "OABCDE-FGHIJ-KLMNOP", "volume": "0.02"},
    "AmendOrder": {"txid": "OABCDE-FGHIJ-KLMNOP", "order_qty": "0.02"},
    "CancelOrder": {"txid": "OABCDE-FGHIJ-KLMNOP"},
    "CancelOrderBatch": {"orders[0]": "OABCDE-FGHIJ-KLMNOP"},
    "CancelAllOrdersAfter": {"timeout": "60"},
    "QueryOrders": {"txid": "OABCDE-FGHIJ-KLMNOP"},
    "QueryTrades": {"txid": "TABCDE-FGHIJ-KLMNOP"},
    "QueryLedgers": {"id": "LABCDE-FGHIJ-KLMNOP"},
    "Withdraw": {"asset": "XBT", "key": "krakenbox-XBT", "amount": "0.1"},
    "WithdrawInfo": {"asset": "XBT", "key": "krakenbox-XBT", "amount": "0.1"},
    "WalletTransfer": {"asset": "XBT", "from": "Spot Wallet", "to": "Futures Wallet",
                       "amount": "0.1"},
    "DepositMethods": {"asset": "XBT"},
    "DepositAddresses": {"asset": "XBT", "method": "Bitcoin"},
    "Earn/Allocate": {"strategy_id": "ESRFUO3-Q62XD-WIOIL7", "amount": "1"},
    "Earn/Deallocate": {"strategy_id": "ESRFUO3-Q62XD-WIOIL7", "amount": "1"},
    "CreateSubaccount": {"username": "fuzzy", "email": "fuzzy@example.com"},
    "AccountTransfer": {"asset": "XBT", "amount": "0.1", "from": "alice", "to": "fuzzy"},
}  # fmt: skip
"""Plausible parameters per method, mutated by the fuzzer so that most calls get past the
first check and reach the deeper ones."""


@st.composite
def mutated(draw: st.DrawFn, method: str) -> list[tuple[str, str]]:
    """``method``'s plausible parameters with up to four changes: a value made odd, a name
    dropped, an odd field added."""
    fields = dict(BASES.get(method, {}))
    for _ in range(draw(st.integers(0, 4))):
        change = draw(st.sampled_from(["odd value", "drop", "add"]))
        if change == "odd value" and fields:
            fields[draw(st.sampled_from(sorted(fields)))] = draw(values())
        elif change == "drop" and fields:
            del fields[draw(st.sampled_from(sorted(fields)))]
        else:
            fields[draw(st.sampled_from(NAMES))] = draw(values())
    return list(fields.items())


def parameters() -> st.SearchStrategy[list[tuple[str, str]]]:
    """Form fields: known names with odd values, sometimes a list (``name[0]=…``), sometimes
    an unknown name."""
    field = st.one_of(
        st.tuples(st.sampled_from(NAMES), values()),
        st.tuples(
            st.sampled_from(NAMES).map(lambda name: f"{name}[{0}]"),
            values(),
        ),
        st.tuples(st.text(min_size=1, max_size=8), values()),
    )
    return st.lists(field, max_size=8)


class Client:
    """Signed REST calls with a fresh nonce each, over urllib (nothing of ours on the way)."""

    def __init__(self, venue: RunningVenue) -> None:
        spot = venue.account("alice")["spot"]
        self.key, self.secret = spot["api_key"], spot["api_secret"]
        self.url = venue.urls["spot_rest"]
        self.nonce = time.time_ns() // 1000

    def private(self, method: str, fields: list[tuple[str, str]]) -> tuple[int, Any]:
        self.nonce += 1
        path = f"/0/private/{method}"
        body = urllib.parse.urlencode([("nonce", str(self.nonce)), *fields]).encode()
        request = urllib.request.Request(self.url + path, data=body, method="POST")
        request.add_header("API-Key", self.key)
        request.add_header("API-Sign", signature(path, str(self.nonce), body, self.secret))
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        return self._answer(request)

    def public(self, method: str, fields: list[tuple[str, str]]) -> tuple[int, Any]:
        query = urllib.parse.urlencode(fields)
        request = urllib.request.Request(f"{self.url}/0/public/{method}?{query}")
        return self._answer(request)

    @staticmethod
    def _answer(request: urllib.request.Request) -> tuple[int, Any]:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())


def assert_kraken_answer(status: int, answer: Any, asked: object) -> None:
    assert status == 200, asked
    assert isinstance(answer, dict) and isinstance(answer.get("error"), list), (asked, answer)
    for error in answer["error"]:
        assert isinstance(error, str) and KRAKEN_ERROR.match(error), (asked, error)
        assert error != "EGeneral:Internal error", (asked, answer)
    if not answer["error"]:
        assert "result" in answer, (asked, answer)


def test_every_method_answers_odd_parameters_in_kraken_form(tmp_path: Path) -> None:
    options = ServeOptions.ephemeral(tmp_path / "venue", rate_limits="off")
    with RunningVenue(tmp_path / "venue", options=options) as venue:
        client = Client(venue)

        @settings(
            max_examples=400,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
            database=None,
        )
        @given(method=st.sampled_from(sorted(PRIVATE_METHODS)), fields=parameters())
        def private_call(method: str, fields: list[tuple[str, str]]) -> None:
            status, answer = client.private(method, fields)
            assert_kraken_answer(status, answer, (method, fields))

        @settings(max_examples=600, deadline=None, database=None)
        @given(data=st.data(), method=st.sampled_from(sorted(BASES)))
        def plausible_call(data: st.DataObject, method: str) -> None:
            fields = data.draw(mutated(method))
            status, answer = client.private(method, fields)
            assert_kraken_answer(status, answer, (method, fields))

        @settings(max_examples=200, deadline=None, database=None)
        @given(method=st.sampled_from(sorted(ALL_PUBLIC_METHODS)), fields=parameters())
        def public_call(method: str, fields: list[tuple[str, str]]) -> None:
            status, answer = client.public(method, fields)
            assert_kraken_answer(status, answer, (method, fields))

        private_call()
        plausible_call()
        public_call()
        status, balance = client.private("Balance", [])  # still answering, state intact
        assert status == 200 and balance["error"] == [] and "ZUSD" in balance["result"]
