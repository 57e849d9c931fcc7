"""The admin API: accounts, keys, CompIDs, money, instrument status and sessions of a running
venue, over HTTP with its own bearer token (``GET /health`` without it)."""

from krakenbox.gateways.admin.server import admin_application, start_admin

__all__ = ["admin_application", "start_admin"]
