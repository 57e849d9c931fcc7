"""Spot FIX sessions end to end: authentication, cancel on disconnect, replay, rollover."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from krakenbox.fix.store import MemoryStore
from krakenbox.fix.tags import MsgType, Tag
from tests.gateways.spot_fix.harness import (
    TIMEOUT_S,
    Venue,
    client,
    order,
    running_venue,
    scenario,
)


async def refused_logon(
    venue: Venue, sender: str, *, key_of: str = "alice", advance_ms: int = 1, **options: str
) -> str:
    """Log on and return the Logout text the venue answered with (the connection closes)."""
    venue.clock.advance(nanos=advance_ms * 1_000_000)
    key = venue.demo[key_of].fix_key if key_of else None
    initiator = venue.initiator(sender, key, **options)
    connection = await initiator.connect_once()
    await asyncio.wait_for(asyncio.shield(connection.closed), TIMEOUT_S)
    assert not initiator.session.is_logged_on
    logouts = [m for m in client(initiator).admin if m.msg_type == MsgType.Logout]
    assert len(logouts) == 1
    return logouts[0].get(Tag.Text) or ""


@pytest.mark.parametrize(
    ("sender", "options", "text"),
    [
        ("ALICE", {"tamper": "signature"}, "Logon failed: invalid credentials"),
        ("ALICE", {"tamper": "nonce"}, "Logon failed: invalid nonce (more than 5000 ms from server time)"),
        ("BOB", {}, "Logon failed: API key not valid for this SenderCompID"),
        ("NOBODY", {}, "Logon failed: API key not valid for this SenderCompID"),
    ],
)  # fmt: skip
def test_refused_trading_logons_get_a_logout_with_the_reason(
    tmp_path: Path, sender: str, options: dict[str, str], text: str
) -> None:
    async def scenario_() -> None:
        async with running_venue(tmp_path) as venue:
            assert await refused_logon(venue, sender, **options) == text

    asyncio.run(scenario_())


@scenario
async def test_unknown_key_stale_nonce_and_wrong_target(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        assert await refused_logon(venue, "ALICE", key_of="") == "Logon failed: invalid credentials"
        await venue.trader("alice")
        text = await refused_logon(venue, "ALICE2", advance_ms=0)  # the nonce alice just used
        assert text == "Logon failed: invalid nonce (not greater than the last nonce of this key)"
        venue.clock.advance(nanos=1_000_000)
        wrong = venue.initiator("ALICE2", venue.demo["alice"].fix_key, target="KRAKEN-XYZ")
        connection = await wrong.connect_once()
        await asyncio.wait_for(asyncio.shield(connection.closed), TIMEOUT_S)
        assert not wrong.session.is_logged_on


@scenario
async def test_market_data_logon_needs_a_known_sender_only(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        feed = venue.initiator("ALICE", None, target="KRAKEN-MD", listener=1)
        feed.start()
        await feed.wait_logged_on(TIMEOUT_S)
        stranger = venue.initiator("NOBODY", None, target="KRAKEN-MD", listener=1)
        connection = await stranger.connect_once()
        await asyncio.wait_for(asyncio.shield(connection.closed), TIMEOUT_S)
        logout = [m for m in client(stranger).admin if m.msg_type == MsgType.Logout]
        assert logout[0][Tag.Text] == "Logon failed: unknown SenderCompID"


async def resting_order(venue: Venue, **options: str) -> tuple[object, str]:
    alice = await venue.trader("alice", **options)
    alice.send(order("40", "1", "0.1", "40000"))
    report = await client(alice).next()
    return alice, report[Tag.OrderID]


@scenario
async def test_cancel_on_disconnect_by_default(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        alice, order_id = await resting_order(venue)
        assert alice.connection is not None
        alice.connection.close()  # no Logout exchange: an abnormal disconnect
        await alice.connection.closed
        await until(lambda: not venue.venue.orders.get(order_id).is_open)  # type: ignore[union-attr]
        canceled = venue.venue.orders.get(order_id)
        assert canceled is not None and canceled.status.value == "canceled"


@scenario
async def test_no_cancel_on_disconnect_with_8674_1_nor_on_a_clean_logout(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        alice, kept = await resting_order(venue, cancel_on_disconnect="1")
        assert alice.connection is not None
        alice.connection.close()
        await alice.connection.closed
        bob = await venue.trader("bob")
        bob.send(order("41", "1", "0.1", "40000"))
        placed = await client(bob).next()
        await bob.logout()
        venue.loop.request_flush()
        await asyncio.sleep(0)  # one loop turn: anything submitted would be flushed now
        for order_id in (kept, placed[Tag.OrderID]):
            found = venue.venue.orders.get(order_id)
            assert found is not None and found.is_open


@scenario
async def test_reports_missed_while_disconnected_are_replayed_after_logon(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        store = MemoryStore(venue.clock.now_ns())
        alice = await venue.trader("alice", cancel_on_disconnect="1")
        alice.send(order("50", "2", "0.5", "70000"))
        placed = await client(alice).next()
        await alice.logout()
        bob = await venue.trader("bob")
        bob.send(order("51", "1", "0.5", "70000"))
        await client(bob).next_of(MsgType.ExecutionReport)
        fill = await client(bob).next()
        assert fill[Tag.ExecType] == "F"
        # alice comes back without resetting sequence numbers: the venue's Logon shows a gap
        # and alice's session asks for it; the fill arrives marked as a possible duplicate.
        again = venue.initiator("ALICE", venue.demo["alice"].fix_key, store=alice.session.store,
                                reset_on_logon=False)  # fmt: skip
        venue.clock.advance(nanos=1_000_000)
        again.start()
        await again.wait_logged_on(TIMEOUT_S)
        replayed = await client(again).next()
        assert replayed[Tag.OrderID] == placed[Tag.OrderID] and replayed[Tag.ExecType] == "F"
        assert replayed[Tag.PossDupFlag] == "Y"
        del store


async def until(condition: object, timeout_s: float = TIMEOUT_S) -> None:
    async with asyncio.timeout(timeout_s):
        while not condition():  # type: ignore[operator]
            await asyncio.sleep(0.005)


@scenario
async def test_daily_rollover_ends_sessions_refuses_logons_for_30_s_and_keeps_orders(
    tmp_path: Path,
) -> None:
    async with running_venue(tmp_path) as venue:
        venue.clock.set_ns(at("2026-04-07 21:59:50"))
        alice, order_id = await resting_order(venue)
        assert alice.connection is not None
        venue.clock.set_ns(at("2026-04-07 22:00:00"))
        venue.gateway.acceptor.run_timers()
        await asyncio.wait_for(asyncio.shield(alice.connection.closed), TIMEOUT_S)
        logout = [m for m in client(alice).admin if m.msg_type == MsgType.Logout]
        assert logout[-1][Tag.Text] == "session rollover"
        venue.clock.set_ns(at("2026-04-07 22:00:10"))
        text = await refused_logon(venue, "ALICE")
        assert text == "Logon refused: session rollover in progress"
        venue.clock.set_ns(at("2026-04-07 22:00:31"))
        again = await venue.trader("alice")
        assert again.session.store.next_target_seq == 2  # the venue's Logon was its 34=1
        found = venue.venue.orders.get(order_id)
        assert found is not None and found.is_open  # rollover is not a disconnect


def at(text: str) -> int:
    """'2026-04-07 21:59:50' (UTC) in nanoseconds."""
    from datetime import UTC, datetime

    moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
    return int(moment.timestamp()) * 10**9


@scenario
async def test_a_heartbeat_timeout_is_a_disconnect_and_cancels_the_sessions_orders(
    tmp_path: Path,
) -> None:
    async with running_venue(tmp_path) as venue:
        alice, order_id = await resting_order(venue)
        assert alice.connection is not None
        # alice goes quiet: she reads nothing (so answers no TestRequest) and, her timers never
        # being run on the manual clock, sends no heartbeats.
        assert alice.connection.transport is not None
        alice.connection.transport.pause_reading()
        for _ in range(3):
            venue.clock.advance(61)  # 30 s heartbeats: TestRequest, then give up
            venue.gateway.acceptor.run_timers()
        await until(lambda: not venue.venue.orders.get(order_id).is_open)  # type: ignore[union-attr]
        found = venue.venue.orders.get(order_id)
        assert found is not None and found.status.value == "canceled"
        alice.connection.transport.resume_reading()  # let it see the venue's Logout and close
