"""Stdlib-only building blocks shared by every layer: clock, ids, decimal helpers, error roots."""
