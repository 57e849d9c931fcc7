"""Kraken's dialect of FIX 4.4 ("Unified FIX"): logon signatures, order messages to domain
commands and back, market data, instrument lists and session status (spec/fix.md)."""
