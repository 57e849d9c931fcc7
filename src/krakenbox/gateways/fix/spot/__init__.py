"""Kraken's Spot FIX gateway: trading (4001) over the Spot venue."""
