"""pytest fixtures for testing against krakenbox (registered through the ``pytest11`` entry
point, so installing krakenbox is enough):

- ``krakenbox_venue``: a venue on the system clock, fresh for each test;
- ``krakenbox_manual_venue``: the same on a manual clock (``venue.advance(seconds)``);
- ``krakenbox_live_venue``: the same with the simulated market running (books quoted on
  every pair within a second, trades every few seconds).

Both are :class:`krakenbox.testing.RunningVenue` objects: ``venue.urls``,
``venue.account("alice")``, ``venue.credentials``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from krakenbox.testing.venue import RunningVenue


@pytest.fixture
def krakenbox_venue(tmp_path: Path) -> Iterator[RunningVenue]:
    with RunningVenue(tmp_path / "krakenbox") as venue:
        yield venue


@pytest.fixture
def krakenbox_manual_venue(tmp_path: Path) -> Iterator[RunningVenue]:
    with RunningVenue(tmp_path / "krakenbox", manual_clock=True) as venue:
        yield venue


@pytest.fixture
def krakenbox_live_venue(tmp_path: Path) -> Iterator[RunningVenue]:
    with RunningVenue(tmp_path / "krakenbox", simulated_market=True) as venue:
        yield venue
