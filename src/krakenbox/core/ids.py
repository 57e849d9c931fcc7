"""Kraken-style identifiers, deterministic so that a replayed journal issues the same ids.

Kraken Spot writes order ids as ``OABCDE-FGHIJ-KLMNOP``: a one-letter kind (``O`` order, ``T``
trade/execution, ``L`` ledger entry), then 16 characters in groups of 5, 5 and 6 after the
letter, separated by dashes (19 characters in all). Kraken does not document the alphabet; the
ids seen on its wire are upper-case letters and digits, and krakenbox draws them from the
RFC 4648 base32 alphabet (``A``–``Z``, ``2``–``7``), so 16 characters carry exactly 80 bits.

:class:`IdGenerator` maps a counter (0, 1, 2, …) through a keyed bijection of 80-bit integers:
ids look random, never repeat (a bijection cannot collide), and depend only on the seed, the kind
and the counter, so the same seed gives the same ids in the same order, run after run.

Public trade ids on Kraken's market-data feeds (``trade_id`` in WebSocket v2, the last column of
REST ``Trades``) are different: plain integers, sequential per pair. :class:`Sequence` and
:class:`KeyedSequences` count those.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from enum import StrEnum
from typing import Generic, TypeVar

_BITS = 80
_MASK = (1 << _BITS) - 1
_BYTES = _BITS // 8
_ID_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
ID_LENGTH = 19
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# Every 10-bit and 15-bit value as its two or three base32 characters: six table lookups write
# the 80 bits of an id as its 5-5-6 character groups.
_TWO = tuple(first + second for first in _BASE32 for second in _BASE32)
_THREE = tuple(pair + third for pair in _TWO for third in _BASE32)
_TEN_BITS = 0x3FF
_FIFTEEN_BITS = 0x7FFF


class IdKind(StrEnum):
    """The first letter of a Kraken Spot identifier."""

    ORDER = "O"
    TRADE = "T"
    LEDGER = "L"


def _seed_bytes(seed: int | str | bytes) -> bytes:
    if isinstance(seed, bytes):
        return seed
    if isinstance(seed, str):
        return seed.encode("utf-8")
    return str(seed).encode("ascii")


class IdGenerator:
    """Issues ids of one kind, ``OABCDE-FGHIJ-KLMNOP`` shaped, from a seed and a counter.

    ``next_counter`` lets a restored engine continue where its snapshot left off.
    """

    __slots__ = (
        "_add_first",
        "_add_second",
        "_kind",
        "_multiply_first",
        "_multiply_second",
        "_next_counter",
        "_prefix",
    )

    def __init__(self, seed: int | str | bytes, kind: IdKind, *, next_counter: int = 0) -> None:
        if next_counter < 0:
            raise ValueError("the counter starts at 0")
        key = hashlib.blake2b(
            _seed_bytes(seed), digest_size=40, person=b"krakenbox-ids", salt=kind.value.encode()
        ).digest()
        words = [
            int.from_bytes(key[index : index + _BYTES], "big") for index in range(0, 40, _BYTES)
        ]
        self._kind = kind
        self._prefix = kind.value
        self._multiply_first = words[0] | 1  # odd: invertible modulo 2**80
        self._multiply_second = words[1] | 1
        self._add_first = words[2]
        self._add_second = words[3]
        self._next_counter = next_counter

    @property
    def kind(self) -> IdKind:
        return self._kind

    @property
    def next_counter(self) -> int:
        """The counter the next call to :meth:`next_id` will use."""
        return self._next_counter

    def next_id(self) -> str:
        """The next id; advances the counter."""
        counter = self._next_counter
        self._next_counter = counter + 1
        # id_at, inlined (an engine issues an id for every order and trade); the counter is in
        # range: it starts at 0 and would take 2**80 calls to leave it.
        value = ((counter + self._add_first) * self._multiply_first) & _MASK
        value ^= value >> 43
        value = (value * self._multiply_second) & _MASK
        value ^= value >> 37
        value = (value + self._add_second) & _MASK
        three = _THREE
        two = _TWO
        return (
            f"{self._prefix}{three[value >> 65]}{two[(value >> 55) & _TEN_BITS]}"
            f"-{three[(value >> 40) & _FIFTEEN_BITS]}{two[(value >> 30) & _TEN_BITS]}"
            f"-{three[(value >> 15) & _FIFTEEN_BITS]}{three[value & _FIFTEEN_BITS]}"
        )

    def reserve(self, count: int) -> int:
        """Take the next ``count`` counters without formatting their ids (``id_at`` gives them
        when they are needed); the first of them."""
        counter = self._next_counter
        self._next_counter = counter + count
        return counter

    def id_at(self, counter: int) -> str:
        """The id for ``counter`` (pure: does not move the generator)."""
        if not 0 <= counter <= _MASK:
            raise ValueError(f"counter out of range: {counter}")
        # Each step is a bijection of 80-bit integers: add, multiply by an odd number, xorshift.
        value = (counter + self._add_first) & _MASK
        value = (value * self._multiply_first) & _MASK
        value ^= value >> 43
        value = (value * self._multiply_second) & _MASK
        value ^= value >> 37
        value = (value + self._add_second) & _MASK
        # Bits 79..55, 54..30 and 29..0 become the three groups (25, 25 and 30 bits).
        three = _THREE
        two = _TWO
        return (
            f"{self._prefix}{three[value >> 65]}{two[(value >> 55) & _TEN_BITS]}"
            f"-{three[(value >> 40) & _FIFTEEN_BITS]}{two[(value >> 30) & _TEN_BITS]}"
            f"-{three[(value >> 15) & _FIFTEEN_BITS]}{three[value & _FIFTEEN_BITS]}"
        )


def looks_like_id(text: str, kind: IdKind | None = None) -> bool:
    """Whether ``text`` has the shape of a Kraken Spot id (of ``kind``, if given).

    Shape only: the letter, 5-5-6 groups of upper-case letters and digits, two dashes. Useful to
    tell an order id from a numeric ``userref`` in a ``txid`` parameter.
    """
    if len(text) != ID_LENGTH or text[6] != "-" or text[12] != "-":
        return False
    if kind is not None and text[0] != kind.value:
        return False
    if kind is None and text[0] not in ("O", "T", "L"):
        return False
    return _ID_CHARACTERS.issuperset(text[1:6] + text[7:12] + text[13:])


class Sequence:
    """A counter that hands out consecutive integers (public trade ids of one pair, say)."""

    __slots__ = ("_next_value",)

    def __init__(self, start: int = 1) -> None:
        self._next_value = start

    @property
    def next_value(self) -> int:
        """The value the next call to :meth:`take` returns."""
        return self._next_value

    def take(self) -> int:
        """The next value; advances the counter."""
        value = self._next_value
        self._next_value = value + 1
        return value


KeyT = TypeVar("KeyT", bound=Hashable)


class KeyedSequences(Generic[KeyT]):
    """One :class:`Sequence` per key, created on first use, all starting at ``start``.

    Kraken numbers public trades per book: ``KeyedSequences[str]`` keyed by pair gives each pair
    its own ``trade_id`` run.
    """

    __slots__ = ("_sequences", "_start")

    def __init__(self, start: int = 1) -> None:
        self._start = start
        self._sequences: dict[KeyT, Sequence] = {}

    def take(self, key: KeyT) -> int:
        """The next value for ``key``."""
        sequence = self._sequences.get(key)
        if sequence is None:
            sequence = self._sequences[key] = Sequence(self._start)
        return sequence.take()

    def next_value(self, key: KeyT) -> int:
        """The value the next :meth:`take` for ``key`` returns (without taking it)."""
        sequence = self._sequences.get(key)
        return self._start if sequence is None else sequence.next_value

    def restore(self, key: KeyT, next_value: int) -> None:
        """Continue ``key``'s run at ``next_value`` (rebuilding state from a snapshot)."""
        self._sequences[key] = Sequence(next_value)
