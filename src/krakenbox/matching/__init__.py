"""Matching: the order book, the matcher, triggers and the Spot book engine (pure, no I/O)."""
