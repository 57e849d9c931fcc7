"""fast_init: the same construction as the generated __init__, defaults, factories and
__post_init__ included."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from krakenbox.core.records import fast_init


@fast_init
@dataclass(frozen=True, slots=True)
class Plain:
    name: str
    size: int = 1
    tags: list[str] = field(default_factory=list)


@fast_init
@dataclass(frozen=True, slots=True)
class Checked:
    size: int
    doubled: int = 0

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ValueError("negative")
        object.__setattr__(self, "doubled", 2 * self.size)


def test_defaults_and_factories_fill_what_is_left_out() -> None:
    first, second = Plain("a"), Plain("b", 2)
    assert (first.name, first.size, first.tags) == ("a", 1, [])
    assert first.tags is not second.tags  # one new list each, as the factory gives
    given = ["x"]
    assert Plain("c", tags=given).tags is given


def test_post_init_runs_after_the_fields_are_set() -> None:
    assert Checked(3).doubled == 6
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)


def test_still_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Plain("a").size = 2  # type: ignore[misc]
