"""Asyncio edges: FIX acceptor and initiator, HTTP, WebSocket servers, TLS material."""
