"""Every conformance case, played against the sans-I/O session (no sockets, manual clock)."""

from __future__ import annotations

import pytest

from .cases import CASES, Case
from .driver import run_case
from .sansio_driver import SansIODriver


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case) -> None:
    run_case(case, SansIODriver())


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
