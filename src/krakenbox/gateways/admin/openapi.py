"""The admin API's OpenAPI 3.1 document, served at ``GET /openapi.json``."""

from __future__ import annotations

from typing import Any


def _operation(summary: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "responses": {
            "200": {"description": "done; the JSON result"},
            "400": {"description": '{"error": "..."}: the request was refused'},
            "401": {"description": "missing or wrong bearer token"},
        },
    }
    if body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", **body}}},
        }
    return operation


def _strings(*names: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "properties": {name: {"type": "string"} for name in names},
        "required": list(required or names),
    }


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "krakenbox admin API", "version": "1"},
    "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
    "security": [{"token": []}],
    "paths": {
        "/health": {
            "get": {**_operation("liveness and the venue's last sequence"), "security": []}
        },
        "/openapi.json": {"get": {**_operation("this document"), "security": []}},
        "/metrics": {"get": {**_operation("Prometheus metrics (text format)"), "security": []}},
        "/accounts": {
            "get": _operation("every account with its tier"),
            "post": _operation("create an account", _strings("name", "tier", required=("name",))),
        },
        "/accounts/{name}/keys": {
            "post": _operation(
                "issue an API key (kind spot, fix or derivatives; permissions: Kraken's names)",
                {
                    "properties": {
                        "kind": {"type": "string", "enum": ["spot", "fix", "derivatives"]},
                        "permissions": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["kind"],
                },
            )
        },
        "/accounts/{name}/comp-ids": {
            "post": _operation(
                "issue a FIX SenderCompID",
                _strings("sender_comp_id", "market", required=("sender_comp_id",)),
            )
        },
        "/accounts/{name}/deposits": {
            "post": _operation("credit an asset (decimal amount)", _strings("asset", "amount"))
        },
        "/accounts/{name}/withdrawals": {
            "post": _operation("debit an asset (decimal amount)", _strings("asset", "amount"))
        },
        "/accounts/{name}/balances": {"get": _operation("balances and holds, decimal strings")},
        "/instruments/{pair}/status": {
            "put": _operation(
                "change an instrument's status (online, cancel_only, post_only, limit_only, ...)",
                _strings("status"),
            )
        },
        "/instruments/{pair}/reference-price": {
            "put": _operation(
                "move the simulated market's reference price (decimal, on the tick) and set "
                "the index price; without a simulation, the index price only",
                _strings("price"),
            )
        },
        "/clock": {"get": _operation("the venue's time, and whether it is manual")},
        "/clock/advance": {
            "post": _operation(
                "move a manual clock forward (--manual-clock)",
                {"properties": {"seconds": {"type": "number"}}, "required": ["seconds"]},
            )
        },
        "/clock/set": {
            "post": _operation(
                "jump a manual clock to an ISO-8601 time, forward only", _strings("time")
            )
        },
        "/rollover": {
            "post": _operation("Kraken's daily reset now: FIX sessions out, sequences reset")
        },
        "/sessions": {"get": _operation("FIX sessions: CompIDs, port, logged on or not")},
        "/sessions/{session}/disconnect": {
            "post": _operation("drop a FIX session's connection without a Logout")
        },
        "/connections": {"get": _operation("WebSocket connections: id, account, subscriptions")},
        "/connections/{connection}/disconnect": {
            "post": _operation("cut a WebSocket connection without a close frame")
        },
    },
}
