"""Kraken's ``EGeneral:Temporary lockout`` (spec/spot-rest.md §3.2 step 5): an API key that
fails authentication too often in a short time is refused everything for a while.

Kraken documents neither the count nor the times; :class:`LockoutPolicy` holds krakenbox's
choice (docs/authentication.md): 20 failures (invalid signature or invalid nonce) within 60
seconds lock the key for 15 minutes. Sans-I/O like the nonce tracker and the rate counters: no
clock is read, every call takes ``now_ns``, and the caller owns the order of calls.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Final

from krakenbox.core.clock import NANOS_PER_SECOND

DEFAULT_FAILURES: Final = 20
"""Failures within the window that lock a key: well above a client's occasional nonce race."""
DEFAULT_WINDOW_S: Final = 60
DEFAULT_DURATION_S: Final = 15 * 60
"""Kraken: "about 15 minutes"."""


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    """``failures`` failed authentications of one key within ``window_s`` seconds lock it for
    ``duration_s`` seconds; ``failures = 0`` never locks a key."""

    failures: int = DEFAULT_FAILURES
    window_s: int = DEFAULT_WINDOW_S
    duration_s: int = DEFAULT_DURATION_S

    def __post_init__(self) -> None:
        if self.failures < 0:
            raise ValueError(f"lockout failures must be ≥ 0, not {self.failures}")
        if self.window_s <= 0 or self.duration_s <= 0:
            raise ValueError("the lockout window and duration must be positive (seconds)")

    @property
    def enabled(self) -> bool:
        return self.failures > 0


OFF: Final = LockoutPolicy(failures=0)
"""Never lock a key out."""


class Lockouts:
    """Recent failed authentications per API key, and the keys locked out until when."""

    __slots__ = ("_failures", "_until", "policy")

    def __init__(self, policy: LockoutPolicy | None = None) -> None:
        self.policy = policy if policy is not None else LockoutPolicy()
        self._failures: dict[str, deque[int]] = {}
        """Key → times of its failures within the window, oldest first."""
        self._until: dict[str, int] = {}
        """Key → when its lockout ends (ns); only keys locked now, or until they are asked."""

    def locked_until(self, key: str, now_ns: int) -> int | None:
        """When ``key``'s lockout ends, or None if it is not locked out at ``now_ns``."""
        until = self._until.get(key)
        if until is None:
            return None
        if now_ns >= until:
            del self._until[key]  # over: the key starts again with a clean slate
            return None
        return until

    def is_locked(self, key: str, now_ns: int) -> bool:
        return self.locked_until(key, now_ns) is not None

    def failed(self, key: str, now_ns: int) -> bool:
        """Count a failed authentication of ``key`` at ``now_ns``; True when it locks the key
        (its requests are refused from the next one on)."""
        policy = self.policy
        if not policy.enabled or self.is_locked(key, now_ns):
            return False
        times = self._failures.get(key)
        if times is None:
            times = self._failures[key] = deque()
        horizon = now_ns - policy.window_s * NANOS_PER_SECOND
        while times and times[0] <= horizon:
            times.popleft()
        times.append(now_ns)
        if len(times) < policy.failures:
            return False
        del self._failures[key]
        self._until[key] = now_ns + policy.duration_s * NANOS_PER_SECOND
        return True

    def recent_failures(self, key: str, now_ns: int) -> int:
        """How many failures of ``key`` are within the window at ``now_ns``."""
        times = self._failures.get(key, ())
        horizon = now_ns - self.policy.window_s * NANOS_PER_SECOND
        return sum(1 for time in times if time > horizon)
