"""The client and fix-shell against a real `krakenbox serve` (subprocess, TLS, free ports).

The venue's own end-to-end tests belong to the integrator; these pin what the client needs
from it: the credentials file, a signed Logon accepted, two accounts trading, every 5041 of the
L2 and L3 books verified, the shell usable from a pipe.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from krakenbox.client import (
    CredentialsFile,
    ExecutionType,
    OrderRejected,
)

from ..cli.processes import running, serve_arguments
from .serve_clients import clients, market


async def trade_between_alice_and_bob(credentials: CredentialsFile) -> None:
    async with (
        clients(credentials, "alice") as alice,
        clients(credentials, "bob") as bob,
        market(credentials, CredentialsFile.MARKET_DATA_L2) as level2,
        market(credentials, CredentialsFile.MARKET_DATA_L3) as level3,
    ):
        book2 = (await level2.subscribe("XBT/USD", depth=10)).book
        subscription3 = await level3.subscribe("XBT/USD", depth=10, trades=False, level3=True)
        bids = []
        for step in range(12):
            order = await alice.place_order(
                symbol="XBT/USD", side="buy", quantity=Decimal("0.01"), price=Decimal(40000 + step)
            )
            assert (await order.acknowledged).execution_type is ExecutionType.NEW
            bids.append(order)
        taker = await bob.place_order(
            symbol="XBT/USD", side="sell", quantity=Decimal("0.015"), order_type="market"
        )
        await asyncio.wait_for(taker.finished, 5)
        assert [report.execution_type for report in taker.reports][-1] is ExecutionType.TRADE
        maker = await asyncio.wait_for(bids[-1].finished, 5)
        assert maker.execution_type is ExecutionType.TRADE and maker.last_quantity == Decimal(
            "0.01"
        )
        amended = await alice.amend(bids[0], quantity=Decimal("0.02"), price=Decimal("39000"))
        assert amended.execution_type is ExecutionType.REPLACED
        status = await alice.status(bids[0])
        assert status.execution_type is ExecutionType.ORDER_STATUS
        try:
            await (
                await bob.place_order(
                    symbol="XBT/USD", side="buy", quantity=Decimal("1"), price=Decimal("1.05")
                )
            ).acknowledged
        except OrderRejected as rejection:
            assert rejection.business_reject is not None
        else:
            raise AssertionError("a price finer than the pair's precision was accepted")
        canceled = await alice.mass_cancel("XBT/USD", timeout_s=10)
        assert len(canceled) == 11
        await asyncio.sleep(0.3)  # the last increments reach the books
        for book in (book2, subscription3.book):
            assert book.valid and book.checksums_verified >= 14
        assert not subscription3.checksum_failures and book2.best_bid is None


def test_client_and_shell_against_krakenbox_serve(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running(*serve_arguments(data_dir, "--rate-limits", "off", "--no-sim"), cwd=tmp_path):
        credentials = CredentialsFile.load(data_dir / "credentials.json")
        asyncio.run(trade_between_alice_and_bob(credentials))
        script = "buy 0.01 XBT/USD 41000\norders\ncancel #1\nbook XBT/USD\nquit\n"
        shell = subprocess.run(
            [sys.executable, "-m", "krakenbox.cli.main", "fix-shell", "--data-dir", str(data_dir)],
            input=script,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert shell.returncode == 0, shell.stderr
    assert "#1 new           XBT/USD buy 0.01000000 @ 41000.0 [new]" in shell.stdout
    assert "canceled      XBT/USD buy" in shell.stdout
    assert "XBT/USD: 0 checksum(s) verified" in shell.stdout
