"""The serve process's garbage-collector settings, in one place.

A running venue keeps what start-up built (modules, the catalogue, the engines' tables, a
snapshot's state) for its whole life, and every order that rests adds a few long-lived objects.
With CPython's defaults the collector walks all of them again and again: at 40,000 orders in
flight it cost the venue ≈24 µs of CPU per FIX order, mostly in full collections, while the
objects each message makes live for microseconds. So, once the services are up:

- ``gc.freeze()`` moves everything start-up made into the permanent generation, which no
  collection walks (most of it lives as long as the process; what is dropped later is still
  freed by reference counting, only a reference cycle among frozen objects would stay);
- a generation-0 threshold of 10,000 instead of 700 lets a burst's short-lived objects die before
  a collection sees them, instead of promoting them into older generations, which then fill and
  trigger full collections of the whole heap.

Reference cycles are still collected, only less often; the memory held between collections is a
few megabytes. Measured with ``bench/fix_orders.py`` (docs/benchmarks.md): ≈24 → ≈4 µs of
collector time per order in the venue.
"""

from __future__ import annotations

import gc

GENERATION0_THRESHOLD = 10_000
"""Allocations (less deallocations) of tracked objects between two young collections."""
GENERATION1_THRESHOLD = 10
GENERATION2_THRESHOLD = 10


def settle_after_start_up() -> None:
    """Collect once, freeze what survives, and raise the young generation's threshold."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GENERATION0_THRESHOLD, GENERATION1_THRESHOLD, GENERATION2_THRESHOLD)
