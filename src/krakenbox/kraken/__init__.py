"""Kraken's dialects: REST, WebSocket and FIX spellings to and from the domain; symbols, errors, limits."""
