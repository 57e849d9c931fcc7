"""API-Sign exactly as spec/spot-rest.md §3.3's vectors and Kraken's published example."""

from __future__ import annotations

import pytest

from krakenbox.kraken.rest.authentication import nonce_of, signature, signature_matches
from krakenbox.kraken.rest.errors import RestError

SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw=="

VECTORS = [
    (
        "/0/private/AddOrder",
        "1700000000000",
        "nonce=1700000000000&ordertype=limit&pair=XBTUSD&price=30000.0&type=buy&volume=0.5",
        "PwdaafLGvFkYFfVNIqHrfK6y9Me6Im1H22wJP8BhKV15nXkOU+H6dqEojzVHvuhvOe/3Nzu4JmPengAYpqEQDw==",
    ),
    (
        "/0/private/CancelOrderBatch",
        "1700000000001",
        '{"nonce":"1700000000001","orders":["OABCDE-FGHIJ-KLMNOP","OQRSTU-VWXYZ-ABCDEF"]}',
        "0GOxiW+oz8nA/Kl3KGHndLp6TP8aEm+u/lTiRxG1t6Wlc25xWq+EADO3lIOfCMhQxNmYQGkOVaPewm9QrOgnfQ==",
    ),
    (
        "/0/private/Balance",
        "1700000000002",
        "nonce=1700000000002",
        "9vd25onbXKiY8xoW8JX7m90FNLpstq/QV5ERe3Vkj1wlayTcxVvLvUQHVNwausgDIFryyJLVQjVQkGTxXwusmQ==",
    ),
    (
        "/0/private/GetWebSocketsToken",
        "1700000000003",
        "nonce=1700000000003",
        "+m+YB60I13Z4+/G/oiHzLdOwP1g12XpH6Tbg3EBBOwVjVHPzB68KpgT0CEA3DH0u6tGB+X9kSqyOMzF0rEXvHQ==",
    ),
]


@pytest.mark.parametrize(("path", "nonce", "body", "expected"), VECTORS)
def test_spec_vectors(path: str, nonce: str, body: str, expected: str) -> None:
    assert signature(path, nonce, body.encode(), SECRET) == expected
    assert signature_matches(path, nonce, body.encode(), SECRET, expected)
    assert not signature_matches(path, nonce, body.encode() + b" ", SECRET, expected)


def test_krakens_published_example() -> None:
    secret = (
        "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
    )
    body = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"
    assert (
        signature("/0/private/AddOrder", "1616492376594", body.encode(), secret)
        == "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
    )


def test_undecodable_signature_does_not_match() -> None:
    assert not signature_matches("/0/private/Balance", "1", b"nonce=1", SECRET, "not base64!")
    assert not signature_matches("/0/private/Balance", "1", b"nonce=1", SECRET, "")


@pytest.mark.parametrize("value", [None, "", "abc", "-1", "1.5", str(2**64), True, [1], {"a": 1}])
def test_bad_nonces(value: object) -> None:
    with pytest.raises(RestError) as caught:
        nonce_of(value)  # type: ignore[arg-type]
    assert caught.value.errors == ("EAPI:Invalid nonce",)


def test_nonce_as_string_or_number() -> None:
    assert nonce_of("170000000000000000") == ("170000000000000000", 170000000000000000)
    assert nonce_of(1700000000000) == ("1700000000000", 1700000000000)
    assert nonce_of(str(2**64 - 1))[1] == 2**64 - 1
