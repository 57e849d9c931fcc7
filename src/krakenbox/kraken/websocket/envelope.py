"""WebSocket v2 requests and replies: the envelope every method shares (spec/spot-ws-v2.md §2).

A request is ``{"method": ..., "params": {...}, "req_id": n}``; :func:`read_request` checks
the envelope and gives a :class:`Request`, or a :class:`Refused` carrying the error string
for a ``success: false`` reply. Numbers in ``params`` come back as ``int`` or ``Decimal``
(never ``float``); ``NaN`` and ``Infinity`` are refused.

Replies (:func:`ack`) carry the request's ``method`` and ``req_id``, ``success``, then
``result`` or ``error``, and ``time_in`` / ``time_out``, keys in Kraken's (alphabetical) order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from krakenbox.kraken.websocket.wire import timestamp

INVALID_ARGUMENTS: Final = "EGeneral:Invalid arguments"
UNKNOWN_METHOD: Final = "EGeneral:Unknown method"
MAXIMUM_REQUEST_BYTES: Final = 64 * 1024
"""Longer requests are refused (``EGeneral:Invalid arguments``) without parsing them."""

RequestId = int | str


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    params: dict[str, Any]
    req_id: RequestId | None = None


@dataclass(eq=False)
class Refused(Exception):
    """A request (or one symbol or id of it) that gets a ``success: false`` reply."""

    error: str
    method: str | None = None
    req_id: RequestId | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Context keys the reply carries (``symbol``)."""


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def read_request(text: str | bytes) -> Request | Refused:
    """The envelope of one text frame."""
    if len(text) > MAXIMUM_REQUEST_BYTES:
        return Refused(INVALID_ARGUMENTS)
    try:
        message = json.loads(text, parse_float=Decimal, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        return Refused(INVALID_ARGUMENTS)
    if not isinstance(message, dict):
        return Refused(INVALID_ARGUMENTS)
    method = message.get("method")
    req_id = message.get("req_id")
    if not (req_id is None or type(req_id) is int or isinstance(req_id, str)):
        return Refused(INVALID_ARGUMENTS, method if isinstance(method, str) else None)
    if not isinstance(method, str):
        return Refused(INVALID_ARGUMENTS, None, req_id)
    params = message.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        return Refused(INVALID_ARGUMENTS, method, req_id)
    return Request(method, params, req_id)


def ack(
    method: str | None,
    req_id: RequestId | None,
    time_in: int,
    time_out: int,
    *,
    result: Any = None,
    error: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A method reply: ``success: true`` with ``result``, or ``success: false`` with ``error``
    (and no ``result``)."""
    reply: dict[str, Any] = {}
    if error is not None:
        reply["error"] = error
    if method is not None:
        reply["method"] = method
    if req_id is not None:
        reply["req_id"] = req_id
    if error is None:
        reply["result"] = result
    reply["success"] = error is None
    if extra:
        reply.update(extra)
    reply["time_in"] = timestamp(time_in)
    reply["time_out"] = timestamp(time_out)
    return reply


def refusal(refused: Refused, time_in: int, time_out: int) -> dict[str, Any]:
    return ack(
        refused.method, refused.req_id, time_in, time_out, error=refused.error, extra=refused.extra
    )


def pong(req_id: RequestId | None, time_in: int, time_out: int) -> dict[str, Any]:
    """The answer to ``{"method": "ping"}`` (no ``success`` key, as Kraken sends it)."""
    reply: dict[str, Any] = {"method": "pong"}
    if req_id is not None:
        reply["req_id"] = req_id
    reply["time_in"] = timestamp(time_in)
    reply["time_out"] = timestamp(time_out)
    return reply


HEARTBEAT: Final = {"channel": "heartbeat"}
API_VERSION: Final = "v2"
VERSION: Final = "2.0.10"


def status(connection_id: int, system: str = "online") -> dict[str, Any]:
    """The ``status`` message pushed on connect (and when the system status changes)."""
    return {
        "channel": "status",
        "type": "update",
        "data": [
            {
                "api_version": API_VERSION,
                "connection_id": connection_id,
                "system": system,
                "version": VERSION,
            }
        ],
    }
