"""--log-format json: one JSON object per line, extra fields included."""

from __future__ import annotations

import json
import logging

from krakenbox.cli.logs import JsonFormatter


def test_a_record_becomes_one_json_line_with_its_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"name": "krakenbox.gateways.fix", "levelname": "WARNING", "msg": "refused %s",
         "args": ("ALICE",), "created": 1795327766.5, "session": "fix:ALICE"}
    )  # fmt: skip
    line = json.loads(JsonFormatter().format(record))
    assert line == {
        "time": "2026-11-22T06:09:26.500000+00:00",
        "level": "warning",
        "logger": "krakenbox.gateways.fix",
        "message": "refused ALICE",
        "session": "fix:ALICE",
    }
