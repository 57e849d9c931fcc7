"""Cancels after acceptance, one table: every :class:`~krakenbox.domain.order_terms.CancelReason`
→ the reason text REST (order ``reason``) and WebSocket v2 (``executions`` ``reason``) show, and
the ExecutionReport fields FIX sends (spec/fix.md §4.8, §7.4: 150=4 / 39=4, 58 = the reason).

GTD expiry is not a cancel (``OrderExpired``): :data:`FIX_EXPIRY` and :data:`WEBSOCKET_EXPIRY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from krakenbox.domain.order_terms import CancelReason
from krakenbox.kraken.errors.replies import FixCancelReport, WebsocketCancel

FIX_CANCELED: Final = "4"
"""ExecType (150) and OrdStatus (39) Canceled."""
FIX_EXPIRED: Final = "C"
"""ExecType (150) and OrdStatus (39) Expired."""
USER_REQUESTED: Final = "User requested"


@dataclass(frozen=True, slots=True)
class CancelText:
    """One row of the cancel table."""

    text: str
    """REST order ``reason``, WebSocket v2 ``reason``, FIX Text (58)."""
    unsolicited: bool
    """No request of the owner asked for it (FIX: an unsolicited cancel, spec/fix.md §4.8)."""
    source: str


_CANCELS: Final[dict[CancelReason, CancelText]] = {
    CancelReason.USER_REQUESTED: CancelText(
        USER_REQUESTED, False, "ws§5.1 example; REST order objects"
    ),
    CancelReason.MASS_CANCEL: CancelText(USER_REQUESTED, False, "choice (a request of the owner)"),
    CancelReason.DEAD_MAN_SWITCH: CancelText(
        USER_REQUESTED, True, "choice (the owner armed the timer; UNVERIFIED)"
    ),
    CancelReason.DISCONNECT: CancelText("Cancel on disconnect", True, "choice (fix§10 silent)"),
    CancelReason.SELF_TRADE: CancelText(
        "Cannot trade with self", True, "Kraken support article 360042529892 (STP)"
    ),
    CancelReason.POST_ONLY: CancelText(
        "Post only order",
        True,
        "REST order reason seen on the wire; nautilus_trader Kraken v2 adapter",
    ),
    CancelReason.IMMEDIATE_OR_CANCEL: CancelText(
        "Immediate or cancel", True, "choice (UNVERIFIED; fix§14.18 silent on 4 vs C)"
    ),
    CancelReason.FILL_OR_KILL: CancelText("Fill or kill", True, "choice (UNVERIFIED)"),
    CancelReason.NO_LIQUIDITY: CancelText("Insufficient liquidity", True, "choice (UNVERIFIED)"),
    CancelReason.MARKET_PROTECTION: CancelText(
        "Market price protection", True, "choice (UNVERIFIED)"
    ),
    CancelReason.REPLACED: CancelText("Order replaced", False, "choice (domain; EditOrder)"),
    CancelReason.AMENDED_BELOW_FILLED: CancelText(
        USER_REQUESTED, False, "choice (the owner's amend; rest§9.3)"
    ),
    CancelReason.INSUFFICIENT_FUNDS: CancelText(
        "Insufficient funds",
        True,
        "rest§8 order reason example; Kraken support 235162907 'Canceled Orders'",
    ),
}

FIX_EXPIRY: Final = FixCancelReport(FIX_EXPIRED, FIX_EXPIRED, "Order expired", True)
"""A GTD order reached its ExpireTime (spec/fix.md §7.4: 150=C / 39=C); 58 is a choice."""
WEBSOCKET_EXPIRY: Final = WebsocketCancel("expired", "expired", "Order expired")
"""``executions`` for a GTD expiry (spot-ws-v2 §5.1 lists ``expired``); the text is a choice."""


def cancel_text(reason: CancelReason) -> CancelText:
    """The table's row for ``reason``."""
    return _CANCELS[reason]


def rest_cancel_reason(reason: CancelReason) -> str:
    """The ``reason`` of a canceled order in REST order objects (status ``canceled``)."""
    return _CANCELS[reason].text


def websocket_cancel(reason: CancelReason) -> WebsocketCancel:
    """``exec_type``, ``order_status`` and ``reason`` of the ``executions`` event."""
    return WebsocketCancel("canceled", "canceled", _CANCELS[reason].text)


def fix_cancel_report(reason: CancelReason) -> FixCancelReport:
    """ExecType (150), OrdStatus (39), Text (58) of the ExecutionReport for the cancel; every
    cancel is 150=4 / 39=4 (IOC and FOK leftovers too: the spec is silent on 4 vs C)."""
    row = _CANCELS[reason]
    return FixCancelReport(FIX_CANCELED, FIX_CANCELED, row.text, row.unsolicited)


def cancel_reasons() -> dict[CancelReason, CancelText]:
    """The whole cancel table (a copy)."""
    return dict(_CANCELS)
