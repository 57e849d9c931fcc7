"""Earn with python-kraken-sdk: allocate, rewards on the manual clock, deallocate."""

from __future__ import annotations

from pathlib import Path

import pytest
from kraken.exceptions import KrakenEarnInsufficientFundsError, KrakenEarnMinimumAllocationError
from kraken.spot import Earn, User

from tests.gateways.http.harness import in_thread, running_rest, scenario

YEAR_S = 365 * 24 * 3600


@scenario
async def test_allocate_accrue_and_deallocate(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        earn = Earn(key.key, key.secret, url=rest.url)
        user = User(key.key, key.secret, url=rest.url)
        listed = await in_thread(earn.list_earn_strategies, asset="XBT")
        (strategy,) = listed["items"]
        assert strategy["id"].startswith("E") and strategy["lock_type"]["type"] == "flex"
        assert strategy["apr_estimate"] == {"low": "3.0000", "high": "3.0000"}
        allocated = await in_thread(
            earn.allocate_earn_funds, amount="10", strategy_id=strategy["id"]
        )
        assert allocated is True
        status = await in_thread(earn.get_allocation_status, strategy_id=strategy["id"])
        assert status == {"pending": False}
        assert (await in_thread(user.get_account_balance))["XXBT"] == "90.0000000000"
        rest.clock.advance(float(YEAR_S))
        report = await in_thread(earn.list_earn_allocations, converted_asset="USD")
        (item,) = report["items"]
        assert item["amount_allocated"]["total"]["native"] == "10.3000000000"
        assert item["total_rewarded"]["native"] == "0.3000000000"
        assert await in_thread(
            earn.deallocate_earn_funds, amount="10.3", strategy_id=strategy["id"]
        )
        assert (await in_thread(user.get_account_balance))["XXBT"] == "100.3000000000"
        with pytest.raises(KrakenEarnInsufficientFundsError):
            await in_thread(earn.deallocate_earn_funds, amount="1", strategy_id=strategy["id"])
        with pytest.raises(KrakenEarnMinimumAllocationError):
            await in_thread(
                earn.allocate_earn_funds, amount="0.000000001", strategy_id=strategy["id"]
            )
        unknown = await rest.private(
            "Earn/Allocate", f"nonce={10**19}&amount=1&strategy_id=nope", key
        )
        assert unknown == {"error": ["EGeneral:Invalid arguments:Invalid strategy ID"]}
