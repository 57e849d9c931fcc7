"""Kraken's API key kinds and key permissions (spec/spot-rest.md §3.5, spec/derivatives.md §2.1).

A Spot key carries any of the Spot permissions, named as on Kraken's key form and in the docs'
"API Key Permissions Required" lines. A FIX key (spec/fix.md §1.3) is a Spot key of type FIX:
it signs trading Logons and takes the same Spot permissions. A Derivatives key carries Kraken
Futures' coarser grants: General API read only or full access, and Withdrawal API access.

:data:`REST_PERMISSIONS` says which permission each private Spot REST method needs;
:func:`permits` answers whether a key's grants cover a method.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache
from typing import Final


class KeyKind(StrEnum):
    """What an API key is for."""

    SPOT = "spot"
    """Spot REST and WebSocket (through ``GetWebSocketsToken``)."""
    FIX = "fix"
    """Spot key of type FIX: trading Logons on the Spot and Derivatives FIX sessions."""
    DERIVATIVES = "derivatives"
    """Kraken Futures REST and WebSocket (``APIKey``/``Authent``)."""


class Permission(StrEnum):
    """One grant on a key. The value is the stored spelling (never change it)."""

    # Spot: Funds permissions
    QUERY_FUNDS = "query-funds"
    DEPOSIT_FUNDS = "deposit-funds"
    WITHDRAW_FUNDS = "withdraw-funds"
    # Spot: Orders and trades
    QUERY_OPEN_ORDERS_AND_TRADES = "query-open-orders-and-trades"
    QUERY_CLOSED_ORDERS_AND_TRADES = "query-closed-orders-and-trades"
    CREATE_AND_MODIFY_ORDERS = "create-and-modify-orders"
    CANCEL_AND_CLOSE_ORDERS = "cancel-and-close-orders"
    # Spot: Data
    QUERY_LEDGER_ENTRIES = "query-ledger-entries"
    EXPORT_DATA = "export-data"
    # Spot: WebSocket interface - On; Earn Funds
    WEBSOCKET_INTERFACE = "websocket-interface"
    EARN_FUNDS = "earn-funds"
    # Derivatives (Kraken Futures): General API and Withdrawal API
    DERIVATIVES_READ = "derivatives-read"
    """General API: Read only."""
    DERIVATIVES_FULL = "derivatives-full"
    """General API: Full access (implies read only)."""
    DERIVATIVES_WITHDRAW = "derivatives-withdraw"
    """Withdrawal API: Full access."""


SPOT_PERMISSIONS: Final = frozenset(
    {
        Permission.QUERY_FUNDS,
        Permission.DEPOSIT_FUNDS,
        Permission.WITHDRAW_FUNDS,
        Permission.QUERY_OPEN_ORDERS_AND_TRADES,
        Permission.QUERY_CLOSED_ORDERS_AND_TRADES,
        Permission.CREATE_AND_MODIFY_ORDERS,
        Permission.CANCEL_AND_CLOSE_ORDERS,
        Permission.QUERY_LEDGER_ENTRIES,
        Permission.EXPORT_DATA,
        Permission.WEBSOCKET_INTERFACE,
        Permission.EARN_FUNDS,
    }
)
DERIVATIVES_PERMISSIONS: Final = frozenset(
    {Permission.DERIVATIVES_READ, Permission.DERIVATIVES_FULL, Permission.DERIVATIVES_WITHDRAW}
)
PERMISSIONS_BY_KIND: Final[Mapping[KeyKind, frozenset[Permission]]] = {
    KeyKind.SPOT: SPOT_PERMISSIONS,
    KeyKind.FIX: SPOT_PERMISSIONS,
    KeyKind.DERIVATIVES: DERIVATIVES_PERMISSIONS,
}
"""The permissions a key of each kind may carry."""

IMPLIED: Final[Mapping[Permission, frozenset[Permission]]] = {
    Permission.DERIVATIVES_FULL: frozenset({Permission.DERIVATIVES_READ}),
}
"""Grants that include others: full access includes read only."""

Requirement = tuple[frozenset[Permission], ...]
"""Alternatives: a key qualifies when it holds every permission of at least one set."""

_QUERY_OPEN: Final = (frozenset({Permission.QUERY_OPEN_ORDERS_AND_TRADES}),)
_QUERY_CLOSED: Final = (frozenset({Permission.QUERY_CLOSED_ORDERS_AND_TRADES}),)
_QUERY_FUNDS: Final = (frozenset({Permission.QUERY_FUNDS}),)
_CREATE: Final = (frozenset({Permission.CREATE_AND_MODIFY_ORDERS}),)
_CANCEL: Final = (frozenset({Permission.CANCEL_AND_CLOSE_ORDERS}),)
_LEDGER: Final = (frozenset({Permission.QUERY_LEDGER_ENTRIES}),)
_EXPORT: Final = (frozenset({Permission.EXPORT_DATA}),)
_WITHDRAW: Final = (frozenset({Permission.WITHDRAW_FUNDS}),)
_DEPOSIT: Final = (frozenset({Permission.DEPOSIT_FUNDS}),)
_EARN: Final = (frozenset({Permission.EARN_FUNDS}),)

REST_PERMISSIONS: Final[Mapping[str, Requirement]] = {
    "Balance": _QUERY_FUNDS,
    "BalanceEx": _QUERY_FUNDS,
    "TradeBalance": _QUERY_FUNDS + _QUERY_OPEN,
    "OpenOrders": _QUERY_OPEN,
    "ClosedOrders": _QUERY_CLOSED,
    "QueryOrders": _QUERY_OPEN + _QUERY_CLOSED,
    "OrderAmends": _QUERY_OPEN + _QUERY_CLOSED,
    "TradesHistory": _QUERY_OPEN + _QUERY_CLOSED,
    "QueryTrades": _QUERY_OPEN + _QUERY_CLOSED,
    "OpenPositions": _QUERY_OPEN,
    "Ledgers": _LEDGER,
    "QueryLedgers": _LEDGER,
    "TradeVolume": _QUERY_FUNDS,
    "Level3": _QUERY_OPEN,
    "AddExport": _EXPORT,
    "ExportStatus": _EXPORT,
    "RetrieveExport": _EXPORT,
    "RemoveExport": _EXPORT,
    "AddOrder": _CREATE,
    "AddOrderBatch": _CREATE,
    "AmendOrder": _CREATE,
    "EditOrder": _CREATE,
    "CancelOrder": _CANCEL,
    "CancelAll": _CANCEL,
    "CancelAllOrdersAfter": _CANCEL,
    "CancelOrderBatch": _CANCEL,
    "GetWebSocketsToken": (frozenset({Permission.WEBSOCKET_INTERFACE}),),
    "DepositMethods": _DEPOSIT,
    "DepositAddresses": _QUERY_FUNDS + _DEPOSIT,
    "DepositStatus": _QUERY_FUNDS,
    "WithdrawMethods": _WITHDRAW,
    "WithdrawAddresses": _WITHDRAW,
    "WithdrawInfo": _WITHDRAW,
    "Withdraw": _WITHDRAW,
    "WithdrawStatus": _WITHDRAW + _LEDGER,
    "WithdrawCancel": _WITHDRAW,
    "WalletTransfer": _QUERY_FUNDS,
    "CreateSubaccount": _WITHDRAW,
    "AccountTransfer": _WITHDRAW,
    "Earn/Allocate": _EARN,
    "Earn/Deallocate": _EARN,
    "Earn/AllocateStatus": _EARN,
    "Earn/DeallocateStatus": _EARN,
    "Earn/Strategies": (frozenset(),),
    "Earn/Allocations": _QUERY_FUNDS,
}
"""Private Spot REST method (the path after ``/0/private/``) → what its key must hold, from
the methods' "API Key Permissions Required" lines (spec/spot-rest.md §8–§12) and Kraken's key
guide (docs.kraken.com/exchange/guides/rest/api-keys; support article 360000919966). Where the
sources disagree every documented permission is accepted (docs/authentication.md).
``Earn/Strategies`` works with any key. Methods absent here are unknown to this table."""


def granted(permissions: frozenset[Permission]) -> frozenset[Permission]:
    """``permissions`` with what they imply (full access includes read only)."""
    implied = [IMPLIED.get(permission, frozenset()) for permission in permissions]
    return permissions.union(*implied)


def permits(permissions: frozenset[Permission], requirement: Requirement) -> bool:
    """Whether a key holding ``permissions`` meets ``requirement``."""
    held = granted(permissions)
    return any(alternative <= held for alternative in requirement)


@lru_cache(maxsize=4096)
def rest_permitted(permissions: frozenset[Permission], method: str) -> bool:
    """Whether a key holding ``permissions`` may call the private Spot REST ``method``;
    False for a method this table does not know. Remembered per (grants, method): both are
    immutable and the answer depends on nothing else, so a call costs a lookup."""
    requirement = REST_PERMISSIONS.get(method)
    return requirement is not None and permits(permissions, requirement)
