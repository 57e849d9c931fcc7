"""Kraken's Spot rate limits, one implementation for REST, WebSocket and FIX.

* :class:`TradingCounter` — the matching engine's counter per account and pair (spec/fix.md §11,
  spec/spot-rest.md §6.2): every add, amend, edit and cancel costs a fixed amount plus a penalty
  that falls with the age of the order it touches; the counter decays continuously by the
  account's :class:`Tier`; a transaction that would take it above the tier's threshold is
  refused with ``EOrder:Rate limit exceeded``.
* :class:`ApiCounter` — the REST call counter (spec/spot-rest.md §6.1): +1 per private call,
  +2 for ledger and trade history, nothing for order entry (:func:`rest_call_cost`); refused
  with ``EAPI:Rate limit exceeded``.

Counters are exact: a counter is an integer in :data:`UNITS_PER_COUNT` units (1/100 of a count
times nanoseconds per second), so decaying by 2.34 per second for ``n`` nanoseconds takes away
exactly ``234 * n`` units and half counts (batch adds) are whole numbers too. No clock is read:
every call takes ``now_ns``. Choices where Kraken is silent: docs/rate-limits.md.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Final

from krakenbox.core.clock import NANOS_PER_SECOND

UNITS_PER_COUNT: Final = 100 * NANOS_PER_SECOND
"""Fixed point: one count is this many units; a decay of ``d`` per second is ``100 d`` units
per nanosecond, which is an integer for every rate with at most two decimals."""


class Tier(StrEnum):
    """Kraken's verification tiers, which set the rate limits."""

    STARTER = "starter"
    INTERMEDIATE = "intermediate"
    PRO = "pro"


@dataclass(frozen=True, slots=True)
class TierLimits:
    """One tier's limits. Decays are counts per second with at most two decimals."""

    trading_threshold: int
    trading_decay: Fraction
    open_orders_per_pair: int
    scheduled_orders: int
    api_maximum: int
    api_decay: Fraction
    trading_decay_units: int = field(init=False, repr=False, compare=False)
    """``trading_decay`` in counter units per nanosecond, what the counters subtract (made once:
    a ``Fraction`` costs more to hash or multiply than the rest of a charge)."""
    api_decay_units: int = field(init=False, repr=False, compare=False)
    """``api_decay`` in counter units per nanosecond."""

    def __post_init__(self) -> None:
        for decay in (self.trading_decay, self.api_decay):
            if decay < 0 or (decay * 100).denominator != 1:
                raise ValueError(f"a decay must be ≥ 0 with at most two decimals, not {decay}")
        # UNITS_PER_COUNT / NANOS_PER_SECOND = 100 units per nanosecond for a decay of 1/s.
        object.__setattr__(self, "trading_decay_units", int(self.trading_decay * 100))
        object.__setattr__(self, "api_decay_units", int(self.api_decay * 100))


TIER_LIMITS: Final[Mapping[Tier, TierLimits]] = {
    Tier.STARTER: TierLimits(60, Fraction(1), 60, 15, 15, Fraction("0.33")),
    Tier.INTERMEDIATE: TierLimits(125, Fraction("2.34"), 80, 25, 20, Fraction("0.5")),
    Tier.PRO: TierLimits(180, Fraction("3.75"), 225, 40, 20, Fraction(1)),
}
"""Kraken's published Spot limits per tier (spec/fix.md §11, spec/spot-rest.md §6)."""

_NO_LIMIT: Final = TierLimits(10**15, Fraction(10**6), 10**9, 10**9, 10**15, Fraction(10**6))
NO_LIMITS: Final[Mapping[Tier, TierLimits]] = dict.fromkeys(Tier, _NO_LIMIT)
"""Limits no client reaches (``krakenbox serve --rate-limits off``: load tests, benchmarks)."""


# --- one leaky bucket per holder ---------------------------------------------------------------


class _Buckets:
    """Counters that decay continuously: ``{holder: (units, as of ns)}``."""

    __slots__ = ("_levels",)

    def __init__(self) -> None:
        self._levels: dict[object, tuple[int, int]] = {}

    def units(self, holder: object, decay_per_ns: int, now_ns: int) -> int:
        units, as_of_ns = self._levels.get(holder, (0, now_ns))
        return max(0, units - decay_per_ns * max(0, now_ns - as_of_ns))

    def store(self, holder: object, units: int, now_ns: int) -> None:
        _, as_of_ns = self._levels.get(holder, (0, now_ns))
        self._levels[holder] = (units, max(as_of_ns, now_ns))

    def forget_idle(self, decay_per_ns: Callable[[object], int], now_ns: int) -> None:
        idle = [h for h in self._levels if self.units(h, decay_per_ns(h), now_ns) == 0]
        for holder in idle:
            del self._levels[holder]

    def __len__(self) -> int:
        return len(self._levels)


def _units(count: Fraction | int) -> int:
    units = Fraction(count) * UNITS_PER_COUNT
    if units.denominator != 1:
        raise ValueError(f"{count} is finer than the counters' fixed point")
    return int(units)


# --- the matching engine's trading counter -----------------------------------------------------


class TradingAction(enum.Enum):
    """A transaction the trading counter charges (spec/fix.md §11)."""

    ADD = "add order"
    AMEND = "amend order"
    """REST AmendOrder, WS amend_order, FIX OrderCancelReplaceRequest (35=G)."""
    EDIT = "edit order"
    """REST EditOrder, WS edit_order: replaces the order with a new one."""
    CANCEL = "cancel order"
    BATCH_ADD = "batch add"
    """Charged ``count`` / 2 for a batch of ``count`` orders."""
    BATCH_CANCEL = "batch cancel"
    """The cancel penalty for each of ``count`` orders of one age."""
    CANCEL_ALL = "cancel all"
    """+1 on each pair that had orders (KSDK's description of Kraken's CancelAll)."""


_SECOND: Final = NANOS_PER_SECOND

FIXED_COSTS: Final[Mapping[TradingAction, Fraction]] = {
    TradingAction.ADD: Fraction(1),
    TradingAction.AMEND: Fraction(1),
    TradingAction.EDIT: Fraction(1),
    TradingAction.CANCEL: Fraction(0),
    TradingAction.BATCH_ADD: Fraction(1, 2),
    TradingAction.BATCH_CANCEL: Fraction(0),
    TradingAction.CANCEL_ALL: Fraction(1),
}
"""Fixed cost per order of each transaction."""

_CANCEL_PENALTIES: Final = ((5, 8), (10, 6), (15, 5), (45, 4), (90, 2), (300, 1))
PENALTIES: Final[Mapping[TradingAction, tuple[tuple[int, int], ...]]] = {
    TradingAction.AMEND: ((5, 3), (10, 2), (15, 1)),
    TradingAction.EDIT: ((5, 6), (10, 5), (15, 4), (45, 2), (90, 1)),
    TradingAction.CANCEL: _CANCEL_PENALTIES,
    TradingAction.BATCH_CANCEL: _CANCEL_PENALTIES,
}
"""``(age below this many seconds, penalty)`` per order, youngest first; older: no penalty."""


def trading_cost(
    action: TradingAction, order_age_ns: int | None = None, count: int = 1
) -> Fraction:
    """What ``count`` transactions of ``action`` on orders of age ``order_age_ns`` (since they
    were placed or last amended) cost. An age of None (no such order) costs the fixed part only."""
    if count < 0:
        raise ValueError(f"count must be ≥ 0, not {count}")
    if order_age_ns is not None and order_age_ns < 0:
        raise ValueError(f"an order's age cannot be negative: {order_age_ns}")
    penalty = 0
    if order_age_ns is not None:
        for below_seconds, amount in PENALTIES.get(action, ()):
            if order_age_ns < below_seconds * _SECOND:
                penalty = amount
                break
    return (FIXED_COSTS[action] + penalty) * count


def _cost_units(action: TradingAction, order_age_ns: int | None, count: int) -> int:
    """:func:`trading_cost` in counter units. The counters charge on every order, and Fraction
    arithmetic there would cost more than the rest of the charge: the age is turned into its
    penalty with integers, and the few (action, penalty, count) costs are remembered."""
    if order_age_ns is None:
        return _remembered_cost(action, None, count)
    if order_age_ns < 0:
        raise ValueError(f"an order's age cannot be negative: {order_age_ns}")
    for below_seconds, amount in PENALTIES.get(action, ()):
        if order_age_ns < below_seconds * _SECOND:
            return _remembered_cost(action, amount, count)
    return _remembered_cost(action, 0, count)


@functools.cache
def _remembered_cost(action: TradingAction, penalty: int | None, count: int) -> int:
    cost = trading_cost(action, None, count)
    if penalty:
        cost += penalty * count
    return _units(cost)


class TradingCounter:
    """The matching engine's rate counter per (account, pair), shared by every protocol.

    ``tier_of(account)`` gives an account's tier (read at each call, so a tier change applies
    to the decay since the last charge as well). ``pair`` is whatever one spelling the callers
    agree on (the pair id, ``XXBTZUSD``).
    """

    __slots__ = ("_buckets", "limits", "refusals", "tier_of")

    def __init__(
        self,
        tier_of: Callable[[str], Tier],
        limits: Mapping[Tier, TierLimits] = TIER_LIMITS,
    ) -> None:
        self.tier_of = tier_of
        self.limits = limits
        self._buckets = _Buckets()
        self.refusals = 0
        """Transactions refused so far (the metrics' rate-limit rejections)."""

    def threshold(self, account: str) -> int:
        """The account's maximum counter (WebSocket ``maxratecount``)."""
        return self.limits[self.tier_of(account)].trading_threshold

    def level(self, account: str, pair: str, now_ns: int) -> Fraction:
        """The counter now, exactly."""
        return Fraction(self._level_units(account, pair, now_ns), UNITS_PER_COUNT)

    def charge(
        self,
        account: str,
        pair: str,
        action: TradingAction,
        now_ns: int,
        order_age_ns: int | None = None,
        count: int = 1,
    ) -> bool:
        """Add the transaction's cost if the counter stays within the threshold and return True;
        otherwise change nothing and return False (refuse: ``EOrder:Rate limit exceeded``).

        Call it when the transaction arrives, before the engine validates it: its cost stays
        charged whatever the engine says, as Kraken charges the fixed cost of a transaction
        that fails validation."""
        cost = _cost_units(action, order_age_ns, count)
        units = self._level_units(account, pair, now_ns)
        if units + cost > self.threshold(account) * UNITS_PER_COUNT:
            self.refusals += 1
            return False
        self._buckets.store((account, pair), units + cost, now_ns)
        return True

    def charge_fixed(
        self, account: str, pair: str, action: TradingAction, now_ns: int, count: int = 1
    ) -> None:
        """Add only the fixed cost, whatever the counter: for a transaction refused before it
        reached :meth:`charge` (malformed, unknown pair) that Kraken still counts."""
        units = self._level_units(account, pair, now_ns)
        cost = _cost_units(action, None, count)
        self._buckets.store((account, pair), units + cost, now_ns)

    def forget_idle(self, now_ns: int) -> None:
        """Drop the counters that have decayed to zero (they read as zero anyway)."""
        self._buckets.forget_idle(self._decay_of_holder, now_ns)

    def __len__(self) -> int:
        """How many (account, pair) counters are held."""
        return len(self._buckets)

    def _level_units(self, account: str, pair: str, now_ns: int) -> int:
        decay = self.limits[self.tier_of(account)].trading_decay_units
        return self._buckets.units((account, pair), decay, now_ns)

    def _decay_of_holder(self, holder: object) -> int:
        assert isinstance(holder, tuple)
        return self.limits[self.tier_of(holder[0])].trading_decay_units


# --- the REST API call counter ------------------------------------------------------------------

LEDGER_AND_HISTORY_METHODS: Final = frozenset({"Ledgers", "QueryLedgers", "TradesHistory"})
"""Private REST methods that add 2 to the call counter."""

ORDER_ENTRY_METHODS: Final = frozenset(
    {
        "AddOrder",
        "AddOrderBatch",
        "AmendOrder",
        "EditOrder",
        "CancelOrder",
        "CancelAll",
        "CancelAllOrdersAfter",
        "CancelOrderBatch",
    }
)
"""Private REST methods that leave the call counter alone (the trading counter takes them)."""


def rest_call_cost(method: str) -> int:
    """What a private Spot REST call (the path after ``/0/private/``) adds to the call counter."""
    if method in ORDER_ENTRY_METHODS:
        return 0
    if method in LEDGER_AND_HISTORY_METHODS:
        return 2
    return 1


class ApiCounter:
    """The REST call counter per holder (an account, or an API key if the gateway counts by
    key), decaying continuously by the holder's tier.

    A call that would take the counter above the tier's maximum is refused; with
    ``refused_calls_count`` (the default) it still raises the counter up to the maximum, so
    a client that keeps calling while limited stays limited a little longer, as Kraken says.
    """

    __slots__ = ("_buckets", "limits", "refused_calls_count", "tier_of")

    def __init__(
        self,
        tier_of: Callable[[str], Tier],
        limits: Mapping[Tier, TierLimits] = TIER_LIMITS,
        *,
        refused_calls_count: bool = True,
    ) -> None:
        self.tier_of = tier_of
        self.limits = limits
        self.refused_calls_count = refused_calls_count
        self._buckets = _Buckets()

    def maximum(self, account: str) -> int:
        return self.limits[self.tier_of(account)].api_maximum

    def level(self, account: str, now_ns: int) -> Fraction:
        return Fraction(self._level_units(account, now_ns), UNITS_PER_COUNT)

    def charge(self, account: str, cost: int, now_ns: int) -> bool:
        """Add ``cost`` (see :func:`rest_call_cost`) and return True if the counter stays within
        the maximum; otherwise return False (refuse: ``EAPI:Rate limit exceeded``)."""
        if cost < 0:
            raise ValueError(f"a call cannot cost {cost}")
        units = self._level_units(account, now_ns)
        maximum = self.maximum(account) * UNITS_PER_COUNT
        if units + cost * UNITS_PER_COUNT <= maximum:
            self._buckets.store(account, units + cost * UNITS_PER_COUNT, now_ns)
            return True
        if self.refused_calls_count:
            self._buckets.store(account, max(units, maximum), now_ns)
        return False

    def forget_idle(self, now_ns: int) -> None:
        self._buckets.forget_idle(self._decay_of_holder, now_ns)

    def __len__(self) -> int:
        return len(self._buckets)

    def _level_units(self, account: str, now_ns: int) -> int:
        return self._buckets.units(account, self._decay_of_holder(account), now_ns)

    def _decay_of_holder(self, holder: object) -> int:
        assert isinstance(holder, str)
        return self.limits[self.tier_of(holder)].api_decay_units
