"""EGeneral:Temporary lockout: failures counted per key in a sliding window, on given time."""

from __future__ import annotations

import pytest

from krakenbox.kraken.lockouts import OFF, LockoutPolicy, Lockouts

S = 10**9


def test_the_failure_that_reaches_the_count_locks_the_key_until_the_duration_passed() -> None:
    lockouts = Lockouts(LockoutPolicy(failures=3, window_s=60, duration_s=900))
    assert [lockouts.failed("K", t * S) for t in (0, 1, 2)] == [False, False, True]
    assert lockouts.locked_until("K", 2 * S) == 902 * S
    assert lockouts.is_locked("K", 901 * S) and not lockouts.is_locked("other", 3 * S)
    assert lockouts.failed("K", 500 * S) is False  # failures while locked neither count
    assert lockouts.locked_until("K", 600 * S) == 902 * S  # ... nor extend the lockout
    assert not lockouts.is_locked("K", 902 * S)
    assert lockouts.recent_failures("K", 902 * S) == 0  # a clean slate afterwards
    assert lockouts.failed("K", 903 * S) is False


def test_the_window_slides() -> None:
    lockouts = Lockouts(LockoutPolicy(failures=3, window_s=60, duration_s=900))
    lockouts.failed("K", 0)
    lockouts.failed("K", 30 * S)
    assert lockouts.failed("K", 60 * S) is False  # the first one is 60 s old: out
    assert lockouts.recent_failures("K", 60 * S) == 2
    assert lockouts.failed("K", 61 * S) is True


def test_kraken_like_defaults_and_off() -> None:
    lockouts = Lockouts()
    assert lockouts.policy == LockoutPolicy(20, 60, 900)
    assert [lockouts.failed("K", t * S) for t in range(20)][-2:] == [False, True]
    never = Lockouts(OFF)
    assert not any(never.failed("K", t) for t in range(1000))
    assert not never.is_locked("K", 1000)


@pytest.mark.parametrize("changes", [{"failures": -1}, {"window_s": 0}, {"duration_s": -5}])
def test_a_policy_out_of_range_is_refused(changes: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="lockout"):
        LockoutPolicy(**changes)
