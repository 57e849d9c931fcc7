"""core.ids: Kraken-shaped ids, deterministic from a seed and a counter; per-pair sequences."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krakenbox.core.ids import (
    ID_LENGTH,
    IdGenerator,
    IdKind,
    KeyedSequences,
    Sequence,
    looks_like_id,
)

BASE32_ID = re.compile(r"\A[OTL][A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}\Z")


def test_golden_ids_do_not_change_between_versions() -> None:
    # A journal replayed by a later krakenbox must issue the ids it issued before.
    assert [IdGenerator("krakenbox", IdKind.ORDER).id_at(counter) for counter in range(3)] == [
        "OR5I6Q-JVPIN-G5Q3EG",
        "ORIV4Q-VNDF2-NO2EGA",
        "OZ3UNE-B4IPC-NLOCKM",
    ]
    assert IdGenerator("krakenbox", IdKind.TRADE).id_at(0) == "TV3C6R-HU5DS-XSF6RR"
    assert IdGenerator("krakenbox", IdKind.LEDGER).id_at(0) == "L4PELI-ASRR4-KVZ57K"


@pytest.mark.parametrize("kind", list(IdKind))
def test_ids_have_krakens_shape(kind: IdKind) -> None:
    generator = IdGenerator(7, kind)
    for _ in range(500):
        identifier = generator.next_id()
        assert len(identifier) == ID_LENGTH
        assert BASE32_ID.match(identifier)
        assert identifier[0] == kind.value
        assert looks_like_id(identifier, kind)


def test_same_seed_same_ids() -> None:
    first = IdGenerator(b"seed", IdKind.ORDER)
    second = IdGenerator(b"seed", IdKind.ORDER)
    assert [first.next_id() for _ in range(100)] == [second.next_id() for _ in range(100)]


def test_seed_spellings_of_the_same_value_agree() -> None:
    assert (
        IdGenerator(0, IdKind.ORDER).id_at(9)
        == IdGenerator("0", IdKind.ORDER).id_at(9)
        == IdGenerator(b"0", IdKind.ORDER).id_at(9)
    )


def test_other_seeds_and_kinds_give_other_ids() -> None:
    assert IdGenerator(1, IdKind.ORDER).id_at(0) != IdGenerator(2, IdKind.ORDER).id_at(0)
    order = IdGenerator(1, IdKind.ORDER).id_at(0)
    trade = IdGenerator(1, IdKind.TRADE).id_at(0)
    assert order[1:] != trade[1:]


def test_no_id_repeats() -> None:
    generator = IdGenerator("uniqueness", IdKind.ORDER)
    issued = {generator.next_id() for _ in range(100_000)}
    assert len(issued) == 100_000


@given(
    counter=st.integers(min_value=0, max_value=2**80 - 1),
    other=st.integers(min_value=0, max_value=2**80 - 1),
)
def test_the_counter_to_id_map_is_one_to_one(counter: int, other: int) -> None:
    generator = IdGenerator("bijection", IdKind.TRADE)
    assert (generator.id_at(counter) == generator.id_at(other)) == (counter == other)


def test_a_restored_generator_continues_the_run() -> None:
    generator = IdGenerator(3, IdKind.LEDGER)
    issued = [generator.next_id() for _ in range(10)]
    assert generator.next_counter == 10
    restored = IdGenerator(3, IdKind.LEDGER, next_counter=5)
    assert [restored.next_id() for _ in range(5)] == issued[5:]
    assert restored.kind is IdKind.LEDGER


def test_id_at_does_not_advance() -> None:
    generator = IdGenerator(3, IdKind.ORDER)
    generator.id_at(41)
    assert generator.next_counter == 0


def test_counter_limits() -> None:
    with pytest.raises(ValueError, match="starts at 0"):
        IdGenerator(3, IdKind.ORDER, next_counter=-1)
    with pytest.raises(ValueError, match="out of range"):
        IdGenerator(3, IdKind.ORDER).id_at(2**80)
    assert BASE32_ID.match(IdGenerator(3, IdKind.ORDER).id_at(2**80 - 1))


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("OH4Q2M-7KXJD-ZP3WRA", IdKind.ORDER, True),  # spec examples
        ("TQD6SA-P2ZRL-VX4M7N", IdKind.TRADE, True),
        ("LX7C2Q-MW5TD-9HKRPA", IdKind.LEDGER, True),
        ("OH4Q2M-7KXJD-ZP3WRA", None, True),
        ("OH4Q2M-7KXJD-ZP3WRA", IdKind.TRADE, False),
        ("XH4Q2M-7KXJD-ZP3WRA", None, False),
        ("oh4q2m-7kxjd-zp3wra", None, False),
        ("OH4Q2M7KXJD-ZP3WRA-", None, False),
        ("OH4Q2M-7KXJD-ZP3WR", None, False),
        ("OH4Q2M-7KXJD-ZP3W A", None, False),
        ("12345", None, False),
        ("", None, False),
    ],
)
def test_looks_like_id(text: str, kind: IdKind | None, expected: bool) -> None:
    assert looks_like_id(text, kind) is expected


def test_sequence_counts_up() -> None:
    sequence = Sequence(66123001)
    assert [sequence.take(), sequence.take()] == [66123001, 66123002]
    assert sequence.next_value == 66123003


def test_keyed_sequences_count_per_pair() -> None:
    trade_ids: KeyedSequences[str] = KeyedSequences()
    assert trade_ids.next_value("XXBTZUSD") == 1
    assert [trade_ids.take("XXBTZUSD"), trade_ids.take("XXBTZUSD"), trade_ids.take("XETHZUSD")] == [
        1,
        2,
        1,
    ]
    assert trade_ids.next_value("XXBTZUSD") == 3
    trade_ids.restore("SOLUSD", 500)
    assert trade_ids.take("SOLUSD") == 500
