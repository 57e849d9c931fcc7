from krakenbox.core.clock import ManualClock


def test_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(1_000)
    assert clock.now_ns() == 1_000
    clock.advance(1.5)
    assert clock.now_ns() == 1_000 + 1_500_000_000
