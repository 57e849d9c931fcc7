"""Kraken's key kinds, permissions and the REST method table."""

from __future__ import annotations

import pytest

from krakenbox.kraken.permissions import (
    DERIVATIVES_PERMISSIONS,
    PERMISSIONS_BY_KIND,
    REST_PERMISSIONS,
    SPOT_PERMISSIONS,
    KeyKind,
    Permission,
    granted,
    permits,
    rest_permitted,
)
from krakenbox.kraken.ratelimits import ORDER_ENTRY_METHODS, rest_call_cost

TRADER = frozenset(
    {
        Permission.QUERY_FUNDS,
        Permission.QUERY_OPEN_ORDERS_AND_TRADES,
        Permission.CREATE_AND_MODIFY_ORDERS,
        Permission.CANCEL_AND_CLOSE_ORDERS,
    }
)


def test_kinds_and_their_permissions() -> None:
    assert set(Permission) == SPOT_PERMISSIONS | DERIVATIVES_PERMISSIONS
    assert not SPOT_PERMISSIONS & DERIVATIVES_PERMISSIONS
    assert PERMISSIONS_BY_KIND[KeyKind.FIX] == SPOT_PERMISSIONS
    assert PERMISSIONS_BY_KIND[KeyKind.DERIVATIVES] == DERIVATIVES_PERMISSIONS


@pytest.mark.parametrize(
    ("method", "allowed"),
    [
        ("Balance", True),
        ("OpenOrders", True),
        ("QueryOrders", True),
        ("TradesHistory", True),
        ("AddOrder", True),
        ("CancelOrderBatch", True),
        ("ClosedOrders", False),
        ("Ledgers", False),
        ("Withdraw", False),
        ("GetWebSocketsToken", False),
        ("Earn/Allocate", False),
        ("Earn/Strategies", True),
        ("NoSuchMethod", False),
    ],
)
def test_a_trading_key(method: str, allowed: bool) -> None:
    assert rest_permitted(TRADER, method) is allowed


def test_every_method_needs_something_but_strategies() -> None:
    for method, requirement in REST_PERMISSIONS.items():
        assert rest_permitted(SPOT_PERMISSIONS, method), method
        assert rest_permitted(frozenset(), method) is (method == "Earn/Strategies"), method
        assert requirement, method


def test_order_entry_methods_are_the_ones_that_trade() -> None:
    for method in ORDER_ENTRY_METHODS:
        assert method in REST_PERMISSIONS
        assert rest_call_cost(method) == 0


def test_full_access_includes_read_only() -> None:
    full = frozenset({Permission.DERIVATIVES_FULL})
    assert granted(full) == {Permission.DERIVATIVES_FULL, Permission.DERIVATIVES_READ}
    assert permits(full, (frozenset({Permission.DERIVATIVES_READ}),))
    assert not permits(full, (frozenset({Permission.DERIVATIVES_WITHDRAW}),))
    assert not permits(
        frozenset({Permission.DERIVATIVES_READ}), (frozenset({Permission.DERIVATIVES_FULL}),)
    )
