"""The daily reset (Kraken: 22:00 UTC, ~30 s blackout) driven by a manual clock."""

from __future__ import annotations

from datetime import UTC, datetime, time

from krakenbox.core.clock import NANOS_PER_SECOND, ManualClock
from krakenbox.fix.message import Message
from krakenbox.fix.session import DailySchedule, Role

from .support import Harness


def at(text: str) -> int:
    """'2026-04-07 21:59:50' (UTC) as ns."""
    moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
    return int(moment.timestamp()) * NANOS_PER_SECOND


KRAKEN = {"reset_time": time(22, 0), "logon_blackout_s": 30.0}


def test_schedule_boundaries() -> None:
    schedule = DailySchedule(time(22, 0), 30)
    assert schedule.latest_boundary_ns(at("2026-04-07 21:59:59")) == at("2026-04-06 22:00:00")
    assert schedule.latest_boundary_ns(at("2026-04-07 22:00:00")) == at("2026-04-07 22:00:00")
    assert schedule.next_boundary_ns(at("2026-04-07 22:00:00")) == at("2026-04-08 22:00:00")
    assert schedule.in_blackout(at("2026-04-07 22:00:29"))
    assert not schedule.in_blackout(at("2026-04-07 22:00:30"))
    assert schedule.needs_reset(at("2026-04-07 21:00:00"), at("2026-04-07 22:00:00"))
    assert not schedule.needs_reset(at("2026-04-07 22:00:00"), at("2026-04-08 21:59:59"))


def test_rollover_logs_out_resets_and_refuses_logons_during_the_blackout() -> None:
    clock = ManualClock(at("2026-04-07 08:00:00"))
    h = Harness(clock=clock, **KRAKEN)
    h.logon(heartbeat=0)  # no heartbeats: only the reset deadline remains
    h.session.send(Message.of("8", (37, "O1")))
    h.output()
    h.feed(h.msg("0", 2))
    assert h.session.next_deadline_ns() == at("2026-04-07 22:00:00")
    clock.set_ns(at("2026-04-07 21:59:59"))
    assert h.advance(1) == [h.ours("5", 3, "58=session rollover")]
    assert h.closed
    assert (h.store.next_sender_seq, h.store.next_target_seq) == (1, 1)
    assert h.store.creation_time_ns == at("2026-04-07 22:00:00")
    assert h.store.outgoing(1, 10) == []

    clock.set_ns(at("2026-04-07 22:00:10"))
    assert h.logon() == [h.ours("5", 1, "58=Logon refused: session rollover in progress")]
    assert h.closed

    clock.set_ns(at("2026-04-07 22:00:31"))
    assert h.logon(body="|141=Y") == [h.ours("A", 1, "98=0|108=30|141=Y")]
    assert h.session.is_logged_on


def test_a_session_away_over_the_boundary_is_reset_on_connect() -> None:
    clock = ManualClock(at("2026-04-07 21:00:00"))
    h = Harness(clock=clock, **KRAKEN)
    h.logon()
    h.feed(h.msg("0", 2), h.msg("0", 3))
    h.session.connection_lost()
    assert h.store.next_target_seq == 4
    clock.set_ns(at("2026-04-08 09:00:00"))
    assert h.logon() == [h.ours("A", 1, "98=0|108=30")]
    assert h.store.next_target_seq == 2


def test_a_whole_day_of_heartbeats_in_milliseconds() -> None:
    clock = ManualClock(at("2026-04-07 22:01:00"))
    h = Harness(Role.INITIATOR, us="CLIENT", them="KRAKEN-MD", clock=clock, heartbeat_interval_s=60, **KRAKEN)
    h.logon(heartbeat=60)
    sent = 0
    their_seq = 2
    while clock.now_ns() < at("2026-04-08 21:59:00"):
        out = h.advance(60)
        sent += len(out)
        h.feed(h.msg("0", their_seq))
        their_seq += 1
    assert sent >= 1430  # one heartbeat a minute, all day
    assert h.session.is_logged_on
    out = h.advance(120)
    assert out[-1].startswith("8=FIX.4.4|35=5|") and out[-1].endswith("58=session rollover")
    assert h.closed
    assert h.store.next_sender_seq == 1


def test_initiator_waits_for_the_end_of_the_blackout_before_its_logon() -> None:
    clock = ManualClock(at("2026-04-07 22:00:05"))
    h = Harness(Role.INITIATOR, us="CLIENT", them="KRAKEN-TRD", clock=clock, **KRAKEN)
    assert h.connect() == []
    assert h.session.next_deadline_ns() == at("2026-04-07 22:00:30")
    out = h.advance(25)
    assert out == [h.ours("A", 1, "98=0|108=30")]
