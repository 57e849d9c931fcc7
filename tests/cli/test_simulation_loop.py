"""The simulated market steps on the venue's clock: on a manual clock it stands still until the
clock moves, then takes one step per second moved (at most a minute's worth at once), the same
steps every run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kraken.spot import Market

from krakenbox.testing import RunningVenue

START_NS = 1_795_300_000 * 10**9


def trades_and_book(venue: RunningVenue) -> tuple[list[Any], dict[str, Any]]:
    market = Market(url=venue.urls["spot_rest"])
    trades = market.get_recent_trades(pair="XBTUSD")["XXBTZUSD"]
    book = market.get_order_book(pair="XBTUSD", count=10)["XXBTZUSD"]
    return trades, book


def journaled(venue: RunningVenue) -> int:
    return venue.run_in_venue(lambda: venue._services().context.venue.journal.durable_sequence)


def test_on_a_manual_clock_the_market_moves_only_when_the_clock_does(tmp_path: Path) -> None:
    runs = []
    for run in ("a", "b"):
        with RunningVenue(
            tmp_path / run, manual_clock=True, start_ns=START_NS, simulated_market=True
        ) as venue:
            _, book = trades_and_book(venue)
            assert len(book["bids"]) == len(book["asks"]) == 5  # quoted at start
            still = journaled(venue)
            venue.advance(0.5)
            assert journaled(venue) == still  # not a whole step yet
            venue.advance(30.5)
            stepped = journaled(venue)
            assert stepped > still + 31 * 7  # an index price a pair a step, and more
            venue.advance(3600)  # an hour: a minute of steps, not an hour of them
            assert journaled(venue) - stepped < 61 * 7 * 10
            runs.append(trades_and_book(venue))
    assert runs[0] == runs[1]  # the same seed, the same clock: the same market
    trades, _ = runs[0]
    assert len(trades) > 10
