"""Kraken's Spot WebSocket API v2, sans I/O: request envelopes and parameters → domain commands
and subscriptions; the venue's market data, orders and balances → v2 messages. The aiohttp
server is :mod:`krakenbox.gateways.websocket`; behaviour and choices: ``docs/websocket.md``."""
