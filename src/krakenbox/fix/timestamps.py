"""FIX time formats: UTCTimestamp ``YYYYMMDD-HH:MM:SS[.sss|.ssssss|.sssssssss]`` and friends.

Times are integers: nanoseconds since the Unix epoch, UTC (as :mod:`krakenbox.core.clock`). The
formatter caches the text of the current second, because a session stamps many messages per second.
The ``is_*`` predicates are the strict format checks validation uses (SessionRejectReason 6).
"""

from __future__ import annotations

import calendar
import functools
import re
import time

NANOS_PER_SECOND = 1_000_000_000
_PRECISIONS = {0: 1, 3: 1_000_000, 6: 1_000, 9: 1}
_FRACTION_SCALE = {0: NANOS_PER_SECOND, 3: 1_000_000, 6: 1_000, 9: 1}

_cache: tuple[int, str] = (-1, "")  # (second, its text): one object, so threads never mix halves


def format_utc_timestamp(now_ns: int, precision: int = 3) -> str:
    """``YYYYMMDD-HH:MM:SS`` plus ``precision`` (0, 3, 6 or 9) fraction digits, truncated."""
    global _cache
    divisor = _PRECISIONS.get(precision)
    if divisor is None:
        raise ValueError(f"timestamp precision must be 0, 3, 6 or 9, not {precision}")
    seconds, nanos = divmod(now_ns, NANOS_PER_SECOND)
    cached_second, text = _cache
    if seconds != cached_second:
        t = time.gmtime(seconds)
        text = f"{t.tm_year:04d}{t.tm_mon:02d}{t.tm_mday:02d}-{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"
        _cache = (seconds, text)
    if precision == 0:
        return text
    return f"{text}.{nanos // divisor:0{precision}d}"


def _digits(text: str) -> bool:
    return text.isdigit() and text.isascii()


@functools.lru_cache(maxsize=4096)
def _date_ok(text: str) -> bool:
    """``YYYYMMDD`` with a real calendar day."""
    if len(text) != 8 or not _digits(text):
        return False
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _fraction_ok(text: str, allowed: tuple[int, ...]) -> bool:
    return text == "" or (text[:1] == "." and len(text) - 1 in allowed and _digits(text[1:]))


def _time_ok(text: str, allowed: tuple[int, ...] = (3, 6, 9)) -> bool:
    """``HH:MM:SS`` plus an optional fraction of an allowed number of digits (60 s = leap second)."""
    if len(text) < 8 or text[2] != ":" or text[5] != ":":
        return False
    hours, minutes, seconds = text[:2], text[3:5], text[6:8]
    if not (_digits(hours) and _digits(minutes) and _digits(seconds)):
        return False
    if int(hours) > 23 or int(minutes) > 59 or int(seconds) > 60:
        return False
    return _fraction_ok(text[8:], allowed)


_SECONDS = re.compile(r"[0-9]{8}-(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)")
_FRACTION_LENGTHS = frozenset((4, 7, 10))  # "." and 3, 6 or 9 digits


@functools.lru_cache(maxsize=4096)
def _epoch_seconds(prefix: str) -> int | None:
    """Seconds since the epoch for ``YYYYMMDD-HH:MM:SS``, or None if it is not one.

    Cached: a session sees the same second in thousands of timestamps.
    """
    if _SECONDS.fullmatch(prefix) is None or not _date_ok(prefix[:8]):
        return None
    return calendar.timegm(
        (int(prefix[:4]), int(prefix[4:6]), int(prefix[6:8]), int(prefix[9:11]), int(prefix[12:14]), int(prefix[15:17]))
    )


def _fraction_valid(fraction: str) -> bool:
    return fraction == "" or (
        len(fraction) in _FRACTION_LENGTHS and fraction[0] == "." and _digits(fraction[1:])
    )


# The last timestamp found valid and the last one parsed: a session checks SendingTime (52) and
# often TransactTime (60) of every message, and a burst's messages share their millisecond.
_last_valid = "19700101-00:00:00"
_last_parsed = ("19700101-00:00:00", 0)


def is_utc_timestamp(text: str) -> bool:
    """UTCTimestamp: ``YYYYMMDD-HH:MM:SS`` with 0, 3, 6 or 9 fraction digits (60 s = leap second)."""
    global _last_valid
    if text == _last_valid:
        return True
    if _epoch_seconds(text[:17]) is not None and _fraction_valid(text[17:]):
        _last_valid = text
        return True
    return False


def is_utc_time_only(text: str) -> bool:
    """UTCTimeOnly: ``HH:MM:SS`` with 0, 3, 6 or 9 fraction digits."""
    return _time_ok(text)


def is_date(text: str) -> bool:
    """UTCDateOnly / LocalMktDate: ``YYYYMMDD``."""
    return _date_ok(text)


def is_month_year(text: str) -> bool:
    """MonthYear: ``YYYYMM``, ``YYYYMMDD`` or ``YYYYMMwN`` (week 1-5)."""
    if len(text) < 6 or not _digits(text[:6]) or not 1 <= int(text[4:6]) <= 12:
        return False
    rest = text[6:]
    if rest == "":
        return True
    if len(rest) == 2 and rest[0] == "w":
        return rest[1] in "12345"
    return len(rest) == 2 and _date_ok(text)


def parse_utc_timestamp(text: str) -> int:
    """Nanoseconds since the epoch for a UTCTimestamp; ValueError if it is not one."""
    global _last_parsed
    last_text, last_value = _last_parsed
    if text == last_text:
        return last_value
    seconds = _epoch_seconds(text[:17])
    fraction = text[17:]
    if seconds is None or not _fraction_valid(fraction):
        raise ValueError(f"not a FIX UTCTimestamp: {text!r}")
    nanos = int(fraction[1:]) * _FRACTION_SCALE[len(fraction) - 1] if fraction else 0
    value = seconds * NANOS_PER_SECOND + nanos
    _last_parsed = (text, value)
    return value
