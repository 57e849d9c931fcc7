"""The Spot venue core: publish after durability, per-event order state, restart from the
journal, and the journal's record of how the engine was built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from krakenbox.domain.account_commands import Deposit, TransferToFutures
from krakenbox.domain.account_events import FundsTransferredToFutures
from krakenbox.domain.catalogue import Catalogue
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.commands import AdvanceTime, SubmitOrder
from krakenbox.domain.events import OrderAccepted, OrderRested, TradeExecuted
from krakenbox.domain.orders import Order, OrderStatus, OrderType, Side, TimeInForce
from krakenbox.venue.spot import CatalogueChanged, Listener, Published, SpotVenue

XBTUSD = "XXBTZUSD"
NOW = 1_700_000_000 * 10**9


class Recorder(Listener):
    def __init__(self) -> None:
        self.events: list[tuple[str, list[tuple[str, int, str]]]] = []
        self.published: list[Published] = []

    def on_event(self, published: Published, event: Any, orders: tuple[Order, ...]) -> None:
        self.events.append(
            (type(event).__name__, [(o.order_id, o.filled, o.status.value) for o in orders])
        )

    def on_published(self, published: Published) -> None:
        self.published.append(published)


def fund(venue: SpotVenue, account: str) -> None:
    venue.submit(Deposit(account=account, asset="ZUSD", amount=10**9, timestamp=NOW))
    venue.submit(Deposit(account=account, asset="XXBT", amount=10**11, timestamp=NOW))


def order(account: str, side: Side, quantity: int, price: int, **terms: Any) -> SubmitOrder:
    return SubmitOrder(
        account=account,
        side=side,
        order_type=OrderType.LIMIT,
        quantity=quantity,
        price=price,
        timestamp=NOW + 1,
        **terms,
    )


def test_listeners_hear_only_after_flush_with_each_events_order_state(tmp_path: Path) -> None:
    venue = SpotVenue(load_spot_catalogue(), tmp_path / "journal.sqlite", seed=3)
    recorder = Recorder()
    venue.listen(recorder)
    fund(venue, "alice")
    fund(venue, "bob")
    venue.submit(order("alice", Side.SELL, 10**8, 300_000), XBTUSD)
    venue.submit(order("bob", Side.BUY, 3 * 10**8, 300_000), XBTUSD)
    answered: list[int] = []
    venue.after_published(lambda: answered.append(len(recorder.published)))
    assert recorder.events == [] and answered == []
    venue.flush()
    assert answered == [6]
    kinds = [kind for kind, _ in recorder.events]
    assert kinds[:2] == ["OrderAccepted", "OrderRested"]
    bob_accepted = recorder.events[kinds.index("OrderAccepted", 2)]
    assert bob_accepted[1][0][1:] == (0, "new")  # the state then, not after its fill
    trade = recorder.events[kinds.index("TradeExecuted")]
    assert [state[1:] for state in trade[1]] == [(10**8, "partially_filled"), (10**8, "filled")]
    last = recorder.published[-1]
    assert last.market_data is not None and last.market_data.trades
    assert venue.orders.open_orders("bob")[0].filled == 10**8
    venue.after_published(lambda: answered.append(-1))
    assert answered == [6, -1]  # nothing pending: at once
    venue.close()


def test_restart_rebuilds_engine_and_read_models(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    venue = SpotVenue(load_spot_catalogue(), path, seed=11)
    fund(venue, "alice")
    sequenced = venue.submit(
        order(
            "alice",
            Side.BUY,
            10**8,
            200_000,
            time_in_force=TimeInForce.GTD,
            expire_time=NOW + 5 * 10**9,
        ),
        XBTUSD,
    )
    order_id = next(e.order_id for e in sequenced.events if isinstance(e, OrderAccepted))
    venue.close()

    again = SpotVenue(load_spot_catalogue(), path, seed=999)  # the journal's seed wins
    assert again.seed == 11 and again.recovered.commands == 3
    assert again.orders.get(order_id) is not None
    assert again.market_data[XBTUSD].book.best(Side.BUY) == (200_000, 10**8)
    assert again.next_deadline() == NOW + 5 * 10**9
    again.advance_time(NOW + 4 * 10**9)
    assert again.unpublished is False  # nothing due yet: nothing submitted
    again.advance_time(NOW + 5 * 10**9)
    again.flush()
    found = again.orders.get(order_id)
    assert found is not None and found.status is OrderStatus.EXPIRED
    again.close()


def test_a_transfer_to_futures_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    venue = SpotVenue(load_spot_catalogue(), path, seed=5)
    fund(venue, "alice")
    sequenced = venue.submit(
        TransferToFutures(
            account="alice", asset="XXBT", amount=3 * 10**10, timestamp=NOW + 1, reference="FWx"
        )
    )
    (moved,) = sequenced.events
    assert isinstance(moved, FundsTransferredToFutures)
    before = venue.engine.accounts.get("alice")
    entries = list(before.ledger)
    venue.close()

    again = SpotVenue(load_spot_catalogue(), path)
    assert again.recovered.commands == 3
    alice = again.engine.accounts.get("alice")
    assert alice.futures == {"XXBT": 3 * 10**10}
    assert alice.balance("XXBT") == 10**11 - 3 * 10**10
    assert list(alice.ledger) == entries
    assert entries[-1].subtype == "spottofutures" and entries[-1].ledger_id == moved.ledger_id
    again.close()


def test_a_journal_from_another_catalogue_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    full = load_spot_catalogue()
    SpotVenue(full, path).close()
    smaller = Catalogue(full.assets, [i for i in full if i.key != XBTUSD])
    with pytest.raises(CatalogueChanged, match="another instrument catalogue"):
        SpotVenue(smaller, path)


def test_rested_and_traded_events_reach_listeners_in_sequence(tmp_path: Path) -> None:
    venue = SpotVenue(load_spot_catalogue(), tmp_path / "j.sqlite")
    recorder = Recorder()
    venue.listen(recorder)
    fund(venue, "alice")
    venue.submit(order("alice", Side.BUY, 10**8, 100_000), XBTUSD)
    venue.submit(AdvanceTime(timestamp=NOW + 2), XBTUSD)
    venue.flush()
    assert [p.sequenced.sequence for p in recorder.published] == [1, 2, 3, 4]
    assert any(kind == OrderRested.__name__ for kind, _ in recorder.events)
    assert not any(kind == TradeExecuted.__name__ for kind, _ in recorder.events)


def test_the_open_order_limit_is_stamped_on_orders_and_replays_as_decided(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite"
    venue = SpotVenue(load_spot_catalogue(), path, seed=2)
    venue.open_order_limit = lambda account: 2
    fund(venue, "alice")
    placed = [
        venue.submit(order("alice", Side.BUY, 10**6, 100_000 + step), XBTUSD) for step in range(3)
    ]
    venue.flush()
    kinds = [type(s.events[0]).__name__ for s in placed]
    assert kinds == ["OrderAccepted", "OrderAccepted", "OrderRejected"]
    assert placed[2].events[0].reason.value == "too many open orders"
    venue.close()
    again = SpotVenue(load_spot_catalogue(), path)  # no limit set now: the journal's decision holds
    assert len(again.orders.open_orders("alice")) == 2
    again.close()
