"""Both body encodings the clients send, read into typed parameters (spec/spot-rest.md §1.2)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qsl

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from krakenbox.kraken.rest.errors import RestError
from krakenbox.kraken.rest.parameters import Parameters, _fields, parse_body, parse_form


def test_python_kraken_sdk_form() -> None:
    body = (
        b"ordertype=limit&type=buy&pair=XBTUSD&volume=1.25&stptype=cancel-newest&starttm=0"
        b"&validate=True&reduce_only=False&price=37500.0&nonce=170000000000000000"
    )
    values = parse_body("application/x-www-form-urlencoded; charset=utf-8", body)
    parameters = Parameters(values)
    assert values["nonce"] == "170000000000000000"
    assert parameters.boolean("validate") is True
    assert parameters.boolean("reduce_only") is False
    assert parameters.text("price") == "37500.0"


def test_ccxt_form_with_brackets() -> None:
    body = (
        b"nonce=1700000000000&pair=XXBTZUSD&type=buy&ordertype=limit&volume=1.25&price=37500.0"
        b"&close[ordertype]=limit&close[price]=40000&reduce_only=true"
    )
    values = parse_body("application/x-www-form-urlencoded", body)
    assert values["close"] == {"ordertype": "limit", "price": "40000"}
    assert Parameters(values).boolean("reduce_only") is True


def test_indexed_keys_become_lists() -> None:
    assert parse_form("orders[1]=B&orders[0]=A") == {"orders": ["A", "B"]}
    assert parse_form("lock_type=flex&lock_type=bonded") == {"lock_type": ["flex", "bonded"]}


def test_json_numbers_are_never_floats() -> None:
    body = b'{"orders": [{"volume": 0.1, "price": 25000}], "nonce": "1", "validate": false}'
    values = parse_body(None, body)
    order = values["orders"][0]  # type: ignore[index]
    assert order == {"volume": Decimal("0.1"), "price": 25000}
    assert Parameters(order).text("volume") == "0.1"  # type: ignore[arg-type]
    assert Parameters(values).boolean("validate") is False


def test_sniffs_json_without_content_type() -> None:
    assert parse_body(None, b'{"nonce":"5"}') == {"nonce": "5"}
    assert parse_body(None, b"nonce=5") == {"nonce": "5"}


@pytest.mark.parametrize(
    "body", [b"{not json", b"[1, 2]", b'{"a": NaN}', b"\xff\xfe", b"{" * 5000 + b"}" * 5000]
)
def test_unreadable_bodies_are_bad_requests(body: bytes) -> None:
    with pytest.raises(RestError) as caught:
        parse_body("application/json" if body.startswith(b"{") else None, body)
    assert caught.value.errors == ("EAPI:Bad request",)


def test_wrong_types_name_the_parameter() -> None:
    parameters = Parameters({"trades": "maybe", "userref": "x1", "pair": ["a"], "count": True})
    for read in (
        lambda: parameters.boolean("trades"),
        lambda: parameters.integer("userref"),
        lambda: parameters.text("pair"),
        lambda: parameters.integer("count"),
    ):
        with pytest.raises(RestError) as caught:
            read()
        assert caught.value.errors[0].startswith("EGeneral:Invalid arguments:")


def test_lists_from_commas_or_arrays() -> None:
    assert Parameters({"txid": "A,B"}).text_list("txid") == ["A", "B"]
    assert Parameters({"txid": ["A", "B"]}).text_list("txid") == ["A", "B"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(["a", "b", "=", "&", "+", "%20", "%C3%A9", "%ZZ", ";", "é"])))
def test_form_fields_split_as_parse_qsl_splits_them(parts: list[str]) -> None:
    text = "".join(parts)
    assert _fields(text) == parse_qsl(text, keep_blank_values=True)


def test_too_many_form_fields_is_a_bad_request() -> None:
    parse_form("&".join(["a=1"] * 1000))
    with pytest.raises(RestError, match="EAPI:Bad request"):
        parse_form("&".join(["a=1"] * 1001))
