"""The README's pytest example, exactly as written there."""

from kraken.spot import User


def test_my_bot_sees_its_balance(krakenbox_venue):  # type: ignore[no-untyped-def]
    alice = krakenbox_venue.account("alice")["spot"]
    user = User(alice["api_key"], alice["api_secret"], url=krakenbox_venue.urls["spot_rest"])
    assert float(user.get_account_balance()["ZUSD"]) > 0
