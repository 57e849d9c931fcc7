"""The shapes the error table hands to gateways: small named tuples, no whole messages."""

from __future__ import annotations

from typing import NamedTuple


class FixBusinessReject(NamedTuple):
    """What a BusinessMessageReject (35=j) needs from the table: 380 and 58."""

    reason: int
    """BusinessRejectReason (380)."""
    text: str
    """Text (58): Kraken's engine error string, e.g. ``EOrder:Insufficient funds``."""


class FixSessionReject(NamedTuple):
    """What a session-level Reject (35=3) needs: 373 and 58 (the gateway adds 45/371/372)."""

    reason: int
    """SessionRejectReason (373), the standard FIX 4.4 code."""
    text: str
    """Text (58)."""


class FixCancelReport(NamedTuple):
    """The ExecutionReport (35=8) fields that say an accepted order was canceled."""

    exec_type: str
    """ExecType (150)."""
    order_status: str
    """OrdStatus (39)."""
    text: str
    """Text (58): the reason, as REST and WebSocket show it."""
    unsolicited: bool
    """True when no request of the owner asked for this cancel (STP, post-only, IOC, …)."""


class WebsocketCancel(NamedTuple):
    """How an ``executions`` event (WebSocket v2) shows a canceled order."""

    exec_type: str
    order_status: str
    reason: str
    """``reason`` (and ``cancel_reason``): same text as REST's order ``reason``."""
