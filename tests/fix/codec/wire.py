"""Helpers for codec tests: write FIX with ``|`` for SOH, frame bodies, drain a parser."""

from __future__ import annotations

from krakenbox.fix.codec import GarbledFrame, Parser
from krakenbox.fix.message import Message

SOH = b"\x01"


def wire(text: str) -> bytes:
    """``8=FIX.4.4|9=...`` -> bytes with SOH."""
    return text.replace("|", "\x01").encode("latin-1")


def show(data: bytes) -> str:
    return data.decode("latin-1").replace("\x01", "|")


def frame(body: str, begin_string: str = "FIX.4.4") -> bytes:
    """A checksum-correct frame around ``body`` (``35=...|...|``), computing 9 and 10 the slow way."""
    body_bytes = wire(body)
    head = f"8={begin_string}\x019={len(body_bytes)}\x01".encode("latin-1")
    total = sum(head) + sum(body_bytes)
    return head + body_bytes + f"10={total % 256:03d}\x01".encode()


def drain(parser: Parser) -> list[Message | GarbledFrame]:
    items: list[Message | GarbledFrame] = []
    while (item := parser.next()) is not None:
        items.append(item)
    return items


def parse_all(data: bytes) -> list[Message | GarbledFrame]:
    parser = Parser()
    parser.feed(data)
    return drain(parser)


def parse_one(data: bytes) -> Message:
    items = parse_all(data)
    assert len(items) == 1 and isinstance(items[0], Message), items
    return items[0]


def messages(items: list[Message | GarbledFrame]) -> list[bytes]:
    return [item.raw or b"" for item in items if isinstance(item, Message)]


def garbled(items: list[Message | GarbledFrame]) -> list[GarbledFrame]:
    return [item for item in items if isinstance(item, GarbledFrame)]
