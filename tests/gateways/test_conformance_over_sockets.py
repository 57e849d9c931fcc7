"""Every FIX session conformance case, played over real TCP against the fix-echo acceptor.

The cases (tests/fix/conformance/cases.py) are the same ones the sans-I/O session passes; here
they go through the codec, the asyncio acceptor's routing and the socket pump too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fix.conformance.cases import CASES, Case
from tests.fix.conformance.driver import run_case

from .socket_driver import SocketDriver


@pytest.fixture
def driver() -> Iterator[SocketDriver]:
    driver = SocketDriver()
    try:
        yield driver
    finally:
        driver.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_over_sockets(case: Case, driver: SocketDriver) -> None:
    run_case(case, driver)
