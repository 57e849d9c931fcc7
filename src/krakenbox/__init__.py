"""krakenbox: a local Kraken-compatible trading venue (Unified FIX 4.4, REST, WebSocket)."""

__version__ = "0.1.0"
