"""UTCTimestamp formatting and parsing, and the strict format checks validation uses."""

from __future__ import annotations

import pytest

from krakenbox.fix.timestamps import (
    format_utc_timestamp,
    is_date,
    is_month_year,
    is_utc_time_only,
    is_utc_timestamp,
    parse_utc_timestamp,
)

NONCE_TIME_NS = 1_700_000_000_123_456_789  # 2023-11-14 22:13:20.123456789 UTC


@pytest.mark.parametrize(
    ("precision", "text"),
    [
        (0, "20231114-22:13:20"),
        (3, "20231114-22:13:20.123"),
        (6, "20231114-22:13:20.123456"),
        (9, "20231114-22:13:20.123456789"),
    ],
)
def test_format_and_parse(precision: int, text: str) -> None:
    assert format_utc_timestamp(NONCE_TIME_NS, precision) == text
    truncated = NONCE_TIME_NS - NONCE_TIME_NS % 10 ** (9 - precision)
    assert parse_utc_timestamp(text) == truncated


def test_format_pads_and_truncates() -> None:
    assert format_utc_timestamp(5_000_000) == "19700101-00:00:00.005"
    assert format_utc_timestamp(999_999_999, 3) == "19700101-00:00:00.999"
    assert format_utc_timestamp(1_000_000_000 * 86_400 * 365, 0) == "19710101-00:00:00"


def test_format_alternating_seconds_uses_no_stale_cache() -> None:
    assert format_utc_timestamp(NONCE_TIME_NS) == "20231114-22:13:20.123"
    assert format_utc_timestamp(NONCE_TIME_NS + 1_000_000_000) == "20231114-22:13:21.123"
    assert format_utc_timestamp(NONCE_TIME_NS) == "20231114-22:13:20.123"


def test_format_rejects_other_precisions() -> None:
    with pytest.raises(ValueError):
        format_utc_timestamp(0, 2)


@pytest.mark.parametrize(
    "text",
    [
        "20231114-22:13:20.12",
        "20231114-22:13:20.1234",
        "20231114 22:13:20",
        "20231314-22:13:20",
        "20230230-22:13:20",
        "20231114-24:00:00",
        "20231114-22:60:00",
        "2023111-22:13:20",
        "20231114-22:13:20.",
        "20231114-22:13:2x",
        "２0231114-22:13:20",
        "",
    ],
)
def test_parse_rejects_malformed_timestamps(text: str) -> None:
    assert not is_utc_timestamp(text)
    with pytest.raises(ValueError):
        parse_utc_timestamp(text)


def test_leap_second_is_a_valid_timestamp() -> None:
    assert is_utc_timestamp("20161231-23:59:60")
    assert parse_utc_timestamp("20161231-23:59:60") == parse_utc_timestamp("20170101-00:00:00")


def test_other_time_formats() -> None:
    assert is_utc_time_only("09:55:15.071") and is_utc_time_only("09:55:15")
    assert not is_utc_time_only("9:55:15") and not is_utc_time_only("09:55:15.07")
    assert is_date("20240229") and not is_date("20230229") and not is_date("2024022")
    assert is_month_year("202406") and is_month_year("20240615") and is_month_year("202406w2")
    assert not is_month_year("202413") and not is_month_year("202406w9") and not is_month_year("2024061")


def test_the_last_answer_kept_for_a_repeated_timestamp_is_the_same_answer() -> None:
    for text in ("20261122-10:00:00.123", "20261122-10:00:00.123", "20261122-10:00:01"):
        assert is_utc_timestamp(text)
        assert parse_utc_timestamp(text) == parse_utc_timestamp(text)
    assert (
        parse_utc_timestamp("20261122-10:00:00.123") - parse_utc_timestamp("20261122-10:00:00")
        == 123_000_000
    )
    for bad in ("", "20261122-10:00:00.12", "20261122-24:00:00", "19700101-00:00:00.1"):
        assert not is_utc_timestamp(bad)
        with pytest.raises(ValueError):
            parse_utc_timestamp(bad)
    assert parse_utc_timestamp("19700101-00:00:00") == 0
