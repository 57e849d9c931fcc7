"""A message store that lives only as long as the process: for tests and stateless venues."""

from __future__ import annotations


class MemoryStore:
    """Keeps sequence numbers and sent messages in a dict; :meth:`flush` does nothing."""

    __slots__ = ("_creation_time_ns", "_messages", "next_sender_seq", "next_target_seq")

    def __init__(self, now_ns: int) -> None:
        self.next_sender_seq = 1
        self.next_target_seq = 1
        self._creation_time_ns = now_ns
        self._messages: dict[int, bytes] = {}

    @property
    def creation_time_ns(self) -> int:
        return self._creation_time_ns

    def save_outgoing(self, seq: int, raw: bytes) -> None:
        self._messages[seq] = raw

    def outgoing(self, begin: int, end: int) -> list[tuple[int, bytes]]:
        if end - begin > len(self._messages):
            chosen = sorted(seq for seq in self._messages if begin <= seq <= end)
        else:
            chosen = [seq for seq in range(begin, end + 1) if seq in self._messages]
        return [(seq, self._messages[seq]) for seq in chosen]

    def reset(self, now_ns: int) -> None:
        self.next_sender_seq = 1
        self.next_target_seq = 1
        self._creation_time_ns = now_ns
        self._messages.clear()

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass
