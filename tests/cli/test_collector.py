"""The serve process's collector settings: start-up's objects frozen, a higher young threshold."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from krakenbox.cli import collector


@pytest.fixture
def restored_collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored_collector")
def test_settle_after_start_up_freezes_what_exists_and_raises_the_young_threshold() -> None:
    survivor = [object()]
    collector.settle_after_start_up()
    assert gc.get_freeze_count() > 0
    assert not any(item is survivor for item in gc.get_objects())
    assert gc.get_threshold() == (
        collector.GENERATION0_THRESHOLD,
        collector.GENERATION1_THRESHOLD,
        collector.GENERATION2_THRESHOLD,
    )


@pytest.mark.usefixtures("restored_collector")
def test_cycles_made_after_start_up_are_still_collected() -> None:
    collector.settle_after_start_up()

    class Node:
        partner: object = None

    first, second = Node(), Node()
    first.partner, second.partner = second, first
    del first, second
    assert gc.collect() > 0
