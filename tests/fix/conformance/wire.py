"""Wire helpers for scripted cases: `|` for SOH, placeholders, BodyLength/CheckSum, matching.

Inject texts may contain ``<TIME>``, ``<TIME+N>`` and ``<TIME-N>`` (seconds, int or float): the
current time of the driver's clock as a UTCTimestamp with milliseconds. If an injected message
starts with ``8=`` and has no ``9=`` field, BodyLength is inserted after BeginString; if it has no
``10=`` field, CheckSum is appended (so a case can also inject deliberately wrong ones).

Expect patterns are compared field by field, in order. Fields 9 and 10 of the received message
are skipped (the codec's tests pin them). A pattern value ``<TIME>`` matches any valid UTC
timestamp, ``<ANY>`` matches anything, and a value ending in ``*`` matches by prefix.
"""

from __future__ import annotations

import re

from krakenbox.fix.codec import checksum
from krakenbox.fix.timestamps import format_utc_timestamp, parse_utc_timestamp

SOH = "\x01"
NANOS = 1_000_000_000
_TIME = re.compile(r"<TIME(?:([+-])(\d+(?:\.\d+)?))?>")
_SKIPPED_TAGS = ("9", "10")


def to_wire(text: str, now_ns: int) -> bytes:
    """An inject text as wire bytes (placeholders filled, 9 and 10 added when missing)."""

    def stamp(match: re.Match[str]) -> str:
        offset = 0.0
        if match.group(1):
            offset = float(match.group(2)) * (1 if match.group(1) == "+" else -1)
        return format_utc_timestamp(now_ns + round(offset * NANOS), 3)

    text = _TIME.sub(stamp, text).rstrip("|")
    fields = text.split("|")
    if fields[0].startswith("8=") and not any(field.startswith("9=") for field in fields):
        end = next((i for i, field in enumerate(fields) if field.startswith("10=")), len(fields))
        body = "".join(field + SOH for field in fields[1:end])
        fields.insert(1, f"9={len(body.encode('latin-1'))}")
    if not any(field.startswith("10=") for field in fields):
        head = "".join(field + SOH for field in fields)
        fields.append(f"10={checksum(head.encode('latin-1'))}")
    return "".join(field + SOH for field in fields).encode("latin-1")


def readable(data: bytes) -> str:
    return data.decode("latin-1").replace(SOH, "|")


def split_fields(text: str) -> list[tuple[str, str]]:
    """``tag=value`` pairs of a ``|``-separated text."""
    pairs = []
    for field in text.strip("|").split("|"):
        tag, _, value = field.partition("=")
        pairs.append((tag, value))
    return pairs


def mismatch(pattern: str, frame: bytes) -> str | None:
    """None if ``frame`` matches ``pattern``, else a description of the first difference."""
    expected = [field for field in split_fields(pattern) if field[0] not in _SKIPPED_TAGS]
    actual = [field for field in split_fields(readable(frame)) if field[0] not in _SKIPPED_TAGS]
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want[0] != got[0] or not _value_matches(want[1], got[1]):
            return f"field {index}: expected {want[0]}={want[1]}, got {got[0]}={got[1]}"
    if len(expected) != len(actual):
        extra = actual[len(expected):] or expected[len(actual):]
        which = "unexpected" if len(actual) > len(expected) else "missing"
        return f"{which} fields {extra}"
    return None


def _value_matches(pattern: str, value: str) -> bool:
    if pattern == "<ANY>":
        return True
    if pattern == "<TIME>":
        try:
            parse_utc_timestamp(value)
        except ValueError:
            return False
        return True
    if pattern.endswith("*"):
        return value.startswith(pattern[:-1])
    return pattern == value
