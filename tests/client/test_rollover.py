"""Kraken's 22:00 UTC rollover: logout, sequence numbers back to 1, a new Logon after ~30 s."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from krakenbox.core.clock import NANOS_PER_SECOND, ManualClock
from krakenbox.fix.tags import MsgType, Tag

from .support import run, trading_pair
from .venue import START_NS

BEFORE_ROLLOVER_NS = START_NS + 26_870 * NANOS_PER_SECOND  # 2026-04-07 21:59:50 UTC


def test_the_client_logs_on_again_at_one_after_the_rollover_blackout() -> None:
    clock = ManualClock(BEFORE_ROLLOVER_NS)
    pair = trading_pair(
        clock,
        venue_settings={"reset_time": time(22, 0), "logon_blackout_s": 30.0, "logon_timeout_s": 60},
    )

    async def scenario() -> None:
        order = await pair.client.place_order(
            symbol="XBT/USD", side="buy", quantity=Decimal("1"), price=Decimal("100")
        )
        assert order.is_open
        clock.advance(10)  # 22:00:00
        pair.link.run_timers()
        assert not pair.client.is_logged_on and not pair.link.connected
        logouts = [f for f in pair.link.venue_frames if f.msg_type == MsgType.Logout]
        logouts += [f for f in pair.link.client_frames if f.msg_type == MsgType.Logout]
        assert any(f.get(Tag.Text) == "session rollover" for f in logouts)
        assert pair.client.store.next_sender_seq == 1

        clock.advance(5)  # reconnect inside the blackout: the Logon waits
        pair.link.connect()
        count = len(pair.link.client_frames)
        assert not pair.client.is_logged_on and len(pair.link.client_frames) == count
        clock.advance(25)  # 22:00:30
        pair.link.run_timers()
        assert pair.client.is_logged_on
        logon = pair.link.client_frames[count]
        assert (logon.msg_type, logon[Tag.MsgSeqNum]) == (MsgType.Logon, "1")

        again = await pair.client.place_order(
            symbol="XBT/USD", side="buy", quantity=Decimal("1"), price=Decimal("100")
        )
        assert (await again.acknowledged).execution_type == "new"
        assert order.is_open  # resting orders survive the rollover; nothing cancelled them

    run(scenario())
