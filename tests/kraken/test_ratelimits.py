"""Kraken's Spot rate limits on a manual time axis (spec/fix.md §11, spec/spot-rest.md §6)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from krakenbox.core.clock import NANOS_PER_MILLI, NANOS_PER_SECOND
from krakenbox.kraken.ratelimits import (
    TIER_LIMITS,
    ApiCounter,
    Tier,
    TierLimits,
    TradingAction,
    TradingCounter,
    rest_call_cost,
    trading_cost,
)

S = NANOS_PER_SECOND
T0 = 1_700_000_000 * S
PAIR = "XXBTZUSD"


def counter(tier: Tier = Tier.STARTER) -> TradingCounter:
    return TradingCounter(lambda account: tier)


# --- costs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "age_seconds", "cost"),
    [
        (TradingAction.ADD, None, 1),
        (TradingAction.AMEND, 0, 4),
        (TradingAction.AMEND, 4.999, 4),
        (TradingAction.AMEND, 5, 3),
        (TradingAction.AMEND, 9.9, 3),
        (TradingAction.AMEND, 10, 2),
        (TradingAction.AMEND, 15, 1),
        (TradingAction.AMEND, 1000, 1),
        (TradingAction.EDIT, 1, 7),
        (TradingAction.EDIT, 5, 6),
        (TradingAction.EDIT, 10, 5),
        (TradingAction.EDIT, 15, 3),
        (TradingAction.EDIT, 45, 2),
        (TradingAction.EDIT, 90, 1),
        (TradingAction.CANCEL, 0, 8),
        (TradingAction.CANCEL, 5, 6),
        (TradingAction.CANCEL, 10, 5),
        (TradingAction.CANCEL, 15, 4),
        (TradingAction.CANCEL, 45, 2),
        (TradingAction.CANCEL, 90, 1),
        (TradingAction.CANCEL, 299.999, 1),
        (TradingAction.CANCEL, 300, 0),
        (TradingAction.CANCEL, None, 0),
        (TradingAction.AMEND, None, 1),
        (TradingAction.CANCEL_ALL, None, 1),
    ],
)
def test_cost_by_order_age(action: TradingAction, age_seconds: float | None, cost: int) -> None:
    age = None if age_seconds is None else round(age_seconds * 1000) * NANOS_PER_MILLI
    assert trading_cost(action, age) == cost


def test_batch_costs() -> None:
    assert trading_cost(TradingAction.BATCH_ADD, count=15) == Fraction(15, 2)
    assert trading_cost(TradingAction.BATCH_CANCEL, 2 * S, count=3) == 24
    assert trading_cost(TradingAction.BATCH_CANCEL, 50 * S, count=3) == 6
    assert trading_cost(TradingAction.BATCH_CANCEL, 400 * S, count=3) == 0


def test_costs_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        trading_cost(TradingAction.CANCEL, -1)
    with pytest.raises(ValueError):
        trading_cost(TradingAction.ADD, count=-1)


# --- the trading counter --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "threshold", "decay"),
    [
        (Tier.STARTER, 60, 1),
        (Tier.INTERMEDIATE, 125, Fraction("2.34")),
        (Tier.PRO, 180, Fraction("3.75")),
    ],
)
def test_each_tier_fills_to_its_threshold_and_decays(
    tier: Tier, threshold: int, decay: Fraction
) -> None:
    limits = counter(tier)
    assert limits.threshold("alice") == threshold
    for _ in range(threshold):
        assert limits.charge("alice", PAIR, TradingAction.ADD, T0)
    assert limits.level("alice", PAIR, T0) == threshold
    assert not limits.charge("alice", PAIR, TradingAction.ADD, T0)
    assert limits.level("alice", PAIR, T0) == threshold  # a refusal adds nothing
    assert limits.level("alice", PAIR, T0 + S) == threshold - decay
    assert limits.level("alice", PAIR, T0 + 10 * S) == threshold - 10 * decay
    assert limits.level("alice", PAIR, T0 + S // 2) == threshold - decay / 2
    # room for one more exactly when one count has decayed
    one_count = int(S / decay)  # nanoseconds to decay one count (rounded down)
    assert not limits.charge("alice", PAIR, TradingAction.ADD, T0 + one_count - 1)
    assert limits.charge("alice", PAIR, TradingAction.ADD, T0 + -(-S // decay))


def test_decay_is_exact_over_many_small_steps() -> None:
    limits = counter(Tier.INTERMEDIATE)
    for _ in range(100):
        limits.charge("alice", PAIR, TradingAction.ADD, T0)
    now = T0
    for _ in range(1000):  # 1000 charges of zero cost, 7 ms apart, each re-storing the level
        now += 7 * NANOS_PER_MILLI
        assert limits.charge("alice", PAIR, TradingAction.CANCEL, now, order_age_ns=None)
    assert limits.level("alice", PAIR, now) == 100 - Fraction("2.34") * 7


def test_counter_never_goes_below_zero_and_restarts_from_zero() -> None:
    limits = counter()
    limits.charge("alice", PAIR, TradingAction.ADD, T0)
    assert limits.level("alice", PAIR, T0 + 3600 * S) == 0
    limits.charge("alice", PAIR, TradingAction.ADD, T0 + 3600 * S)
    assert limits.level("alice", PAIR, T0 + 3600 * S) == 1


def test_counters_are_per_account_and_per_pair() -> None:
    limits = counter()
    for _ in range(60):
        assert limits.charge("alice", PAIR, TradingAction.ADD, T0)
    assert not limits.charge("alice", PAIR, TradingAction.ADD, T0)
    assert limits.charge("alice", "XETHZUSD", TradingAction.ADD, T0)
    assert limits.charge("bob", PAIR, TradingAction.ADD, T0)


def test_young_cancels_fill_the_counter_faster() -> None:
    limits = counter()  # Starter: 60
    for _ in range(6):  # add and cancel at once: 1 + 8 each
        assert limits.charge("alice", PAIR, TradingAction.ADD, T0)
        assert limits.charge("alice", PAIR, TradingAction.CANCEL, T0, order_age_ns=0)
    assert limits.level("alice", PAIR, T0) == 54
    assert limits.charge("alice", PAIR, TradingAction.ADD, T0)
    assert not limits.charge("alice", PAIR, TradingAction.CANCEL, T0, order_age_ns=0)
    assert limits.charge("alice", PAIR, TradingAction.CANCEL, T0 + 3 * S, order_age_ns=3 * S)
    assert limits.level("alice", PAIR, T0 + 3 * S) == 60


def test_a_young_cancel_is_refused_when_its_penalty_does_not_fit() -> None:
    limits = counter()
    for _ in range(55):
        limits.charge("alice", PAIR, TradingAction.ADD, T0)
    assert not limits.charge("alice", PAIR, TradingAction.CANCEL, T0, order_age_ns=S)  # +8
    assert limits.charge("alice", PAIR, TradingAction.CANCEL, T0, order_age_ns=20 * S)  # +4
    assert limits.level("alice", PAIR, T0) == 59
    assert limits.charge("alice", PAIR, TradingAction.CANCEL, T0, order_age_ns=300 * S)  # free
    assert limits.level("alice", PAIR, T0) == 59


def test_batch_add_of_n_costs_half_n() -> None:
    limits = counter()
    assert limits.charge("alice", PAIR, TradingAction.BATCH_ADD, T0, count=15)
    assert limits.level("alice", PAIR, T0) == Fraction(15, 2)
    assert limits.charge("alice", PAIR, TradingAction.BATCH_ADD, T0, count=1)
    assert limits.level("alice", PAIR, T0) == 8


def test_a_batch_larger_than_the_threshold_is_always_refused() -> None:
    limits = counter()
    assert not limits.charge("alice", PAIR, TradingAction.BATCH_CANCEL, T0, order_age_ns=0, count=8)
    assert limits.level("alice", PAIR, T0) == 0


def test_fixed_cost_is_charged_even_above_the_threshold() -> None:
    limits = counter()
    for _ in range(60):
        limits.charge("alice", PAIR, TradingAction.ADD, T0)
    limits.charge_fixed("alice", PAIR, TradingAction.ADD, T0)
    limits.charge_fixed("alice", PAIR, TradingAction.CANCEL, T0)  # no fixed part
    limits.charge_fixed("alice", PAIR, TradingAction.BATCH_ADD, T0, count=3)
    assert limits.level("alice", PAIR, T0) == Fraction(125, 2)
    assert not limits.charge("alice", PAIR, TradingAction.ADD, T0 + 2 * S)
    assert limits.charge("alice", PAIR, TradingAction.ADD, T0 + 3 * S + S // 2)


def test_tier_comes_from_the_account_and_is_read_each_time() -> None:
    tiers = {"alice": Tier.STARTER, "bob": Tier.PRO}
    limits = TradingCounter(tiers.__getitem__)
    assert limits.threshold("alice") == 60
    assert limits.threshold("bob") == 180
    for _ in range(100):
        limits.charge("bob", PAIR, TradingAction.ADD, T0)
    assert limits.level("bob", PAIR, T0 + 4 * S) == 85
    tiers["alice"] = Tier.PRO
    assert limits.threshold("alice") == 180


def test_time_going_backwards_does_not_decay_twice() -> None:
    limits = counter()
    for _ in range(10):
        limits.charge("alice", PAIR, TradingAction.ADD, T0)
    limits.charge("alice", PAIR, TradingAction.CANCEL, T0 - 5 * S)  # an earlier time: no decay
    assert limits.level("alice", PAIR, T0) == 10
    assert limits.level("alice", PAIR, T0 + 2 * S) == 8


def test_idle_counters_are_forgotten() -> None:
    limits = counter()
    limits.charge("alice", PAIR, TradingAction.ADD, T0)
    limits.charge("bob", PAIR, TradingAction.ADD, T0 + 10 * S)
    limits.forget_idle(T0 + 2 * S)
    assert len(limits) == 1
    assert limits.level("bob", PAIR, T0 + 10 * S) == 1


def test_custom_limits() -> None:
    strict = dict(TIER_LIMITS)
    strict[Tier.STARTER] = TierLimits(2, Fraction("0.01"), 1, 1, 1, Fraction(0))
    limits = TradingCounter(lambda account: Tier.STARTER, strict)
    assert limits.charge("alice", PAIR, TradingAction.ADD, T0)
    assert limits.charge("alice", PAIR, TradingAction.ADD, T0)
    assert not limits.charge("alice", PAIR, TradingAction.ADD, T0 + 99 * S)
    assert limits.charge("alice", PAIR, TradingAction.ADD, T0 + 100 * S)
    with pytest.raises(ValueError):
        TierLimits(2, Fraction("0.001"), 1, 1, 1, Fraction(0))


# --- the REST API call counter -------------------------------------------------------------


def test_rest_call_costs() -> None:
    assert rest_call_cost("Balance") == 1
    assert rest_call_cost("GetWebSocketsToken") == 1
    assert rest_call_cost("Ledgers") == 2
    assert rest_call_cost("QueryLedgers") == 2
    assert rest_call_cost("TradesHistory") == 2
    assert rest_call_cost("AddOrder") == 0
    assert rest_call_cost("CancelOrderBatch") == 0


@pytest.mark.parametrize(
    ("tier", "maximum", "decay"),
    [
        (Tier.STARTER, 15, Fraction("0.33")),
        (Tier.INTERMEDIATE, 20, Fraction(1, 2)),
        (Tier.PRO, 20, Fraction(1)),
    ],
)
def test_api_counter_per_tier(tier: Tier, maximum: int, decay: Fraction) -> None:
    calls = ApiCounter(lambda account: tier)
    assert calls.maximum("alice") == maximum
    for _ in range(maximum):
        assert calls.charge("alice", 1, T0)
    assert not calls.charge("alice", 1, T0)
    assert calls.level("alice", T0 + 2 * S) == maximum - 2 * decay
    assert calls.charge("bob", 2, T0)


def test_api_calls_while_limited_keep_the_block_alive() -> None:
    calls = ApiCounter(lambda account: Tier.PRO)  # max 20, −1/s
    for _ in range(19):
        calls.charge("alice", 1, T0)
    assert calls.level("alice", T0 + S // 2) == Fraction(37, 2)
    assert not calls.charge("alice", 2, T0 + S // 2)  # 20.5 > 20: refused, counter set to 20
    assert calls.level("alice", T0 + S // 2) == 20
    assert not calls.charge("alice", 2, T0 + S + S // 2)  # 19 + 2 > 20
    assert calls.charge("alice", 1, T0 + 2 * S + S // 2)


def test_api_refusals_can_be_free() -> None:
    calls = ApiCounter(lambda account: Tier.PRO, refused_calls_count=False)
    for _ in range(19):
        calls.charge("alice", 1, T0)
    assert not calls.charge("alice", 2, T0)
    assert calls.level("alice", T0) == 19
    assert calls.charge("alice", 2, T0 + S)
    with pytest.raises(ValueError):
        calls.charge("alice", -1, T0)


# --- against a model in Fractions ----------------------------------------------------------

steps = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3 * S),  # time since the previous step
        st.sampled_from(list(TradingAction)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=400 * S)),  # order age
        st.integers(min_value=1, max_value=4),  # count
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(tier=st.sampled_from(list(Tier)), steps=steps)
def test_trading_counter_matches_a_fraction_model(
    tier: Tier, steps: list[tuple[int, TradingAction, int | None, int]]
) -> None:
    limits = counter(tier)
    threshold = TIER_LIMITS[tier].trading_threshold
    decay = TIER_LIMITS[tier].trading_decay
    level = Fraction(0)
    now = T0
    for elapsed, action, age, count in steps:
        now += elapsed
        level = max(Fraction(0), level - decay * Fraction(elapsed, S))
        cost = trading_cost(action, age, count)
        expected = level + cost <= threshold
        if expected:
            level += cost
        assert limits.charge("alice", PAIR, action, now, age, count) is expected
        assert limits.level("alice", PAIR, now) == level
