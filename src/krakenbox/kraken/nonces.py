"""The last accepted nonce of each API key, for REST ``nonce`` and FIX 5025 (Nonce) alike,
with Kraken's per-key nonce window (docs/authentication.md)."""

from __future__ import annotations


class NonceTracker:
    """The last accepted nonce of each API key (REST ``nonce``, FIX 5025), in memory.

    A nonce is accepted when it is greater than the highest nonce accepted for its key. With a
    ``window`` (Kraken's per-key "nonce window" setting, in nonce units; 0 = strict) a nonce up to
    ``window`` below the highest is accepted too, once: each accepted nonce inside the window is
    remembered until the window has moved past it. No threads, no clock: the caller owns the
    order of calls.
    """

    __slots__ = ("_highest", "_recent")

    def __init__(self) -> None:
        self._highest: dict[str, int] = {}
        self._recent: dict[str, set[int]] = {}

    def last(self, key: str) -> int | None:
        """The highest nonce accepted for ``key``, None before the first."""
        return self._highest.get(key)

    def acceptable(self, key: str, nonce: int, *, window: int = 0) -> bool:
        """Whether :meth:`accept` would take ``nonce`` (changes nothing)."""
        highest = self._highest.get(key)
        if highest is None or nonce > highest:
            return True
        return (
            window > 0
            and highest - window < nonce < highest
            and nonce not in self._recent.get(key, ())
        )

    def accept(self, key: str, nonce: int, *, window: int = 0) -> bool:
        """Record ``nonce`` for ``key`` if it is acceptable; False (nothing recorded) if not."""
        if not self.acceptable(key, nonce, window=window):
            return False
        highest = self._highest.get(key)
        if highest is None or nonce > highest:
            self._highest[key] = highest = nonce
        if window > 0:
            recent = self._recent.setdefault(key, set())
            if nonce < highest:
                recent.add(nonce)
            floor = highest - window
            recent.difference_update([used for used in recent if used <= floor])
        else:
            self._recent.pop(key, None)
        return True
