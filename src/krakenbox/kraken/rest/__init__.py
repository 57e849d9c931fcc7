"""Kraken's Spot REST dialect, pure: request parameters in both body encodings, API-Sign,
parameters → domain commands, domain state → Kraken's JSON result shapes (spec/spot-rest.md)."""
