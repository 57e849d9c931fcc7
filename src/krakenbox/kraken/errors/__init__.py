"""Every engine and edge reason → what each Kraken protocol says, in one place.

* refusals before acceptance (:mod:`.rejects`): REST ``error`` / WebSocket v2 ``error`` strings
  and FIX BusinessMessageReject (35=j) 380 + 58;
* cancels after acceptance (:mod:`.cancels`): REST/WebSocket ``reason`` texts and the FIX
  ExecutionReport 150/39/58;
* numbers the client wrote badly (:mod:`.numbers`).

The tables, their sources and the choices where Kraken is silent: ``docs/errors.md``.
"""

from krakenbox.kraken.errors.cancels import (
    FIX_EXPIRY,
    WEBSOCKET_EXPIRY,
    CancelText,
    cancel_reasons,
    cancel_text,
    fix_cancel_report,
    rest_cancel_reason,
    websocket_cancel,
)
from krakenbox.kraken.errors.numbers import (
    NumberField,
    fix_number_reject,
    fix_session_reasons,
    number_error,
    number_error_for,
)
from krakenbox.kraken.errors.rejects import (
    AnyReason,
    EdgeReason,
    Refusal,
    TradingReason,
    UnknownOrderText,
    edge_reasons,
    engine_reasons,
    fix_business_reject,
    money_reasons,
    refusal,
    rest_error,
    websocket_error,
)
from krakenbox.kraken.errors.replies import (
    FixBusinessReject,
    FixCancelReport,
    FixSessionReject,
    WebsocketCancel,
)

__all__ = [
    "FIX_EXPIRY",
    "WEBSOCKET_EXPIRY",
    "AnyReason",
    "CancelText",
    "EdgeReason",
    "FixBusinessReject",
    "FixCancelReport",
    "FixSessionReject",
    "NumberField",
    "Refusal",
    "TradingReason",
    "UnknownOrderText",
    "WebsocketCancel",
    "cancel_reasons",
    "cancel_text",
    "edge_reasons",
    "engine_reasons",
    "fix_business_reject",
    "fix_cancel_report",
    "fix_number_reject",
    "fix_session_reasons",
    "money_reasons",
    "number_error",
    "number_error_for",
    "refusal",
    "rest_cancel_reason",
    "rest_error",
    "websocket_cancel",
    "websocket_error",
]
