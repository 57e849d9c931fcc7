#!/usr/bin/env python3
"""FIX codec benchmark: krakenbox's parser and encoder against simplefix, same run, same messages.

    python bench/fix_codec.py           # human-readable table
    python bench/fix_codec.py --json    # one JSON object

Messages: a NewOrderSingle and an ExecutionReport, alternating. Parsing feeds a 100-message chunk
and drains it, on both sides; ours verifies BeginString, BodyLength and CheckSum and decodes every
field to ``(int, str)``. Encoding builds the message from its ``(tag, value)`` pairs and turns it
into bytes (8, 9, 10 computed), on both sides: that is what sending costs, and it is the fair
comparison because simplefix converts values to bytes when a pair is appended while krakenbox
converts when encoding. ``encode_prebuilt_*`` times ``encode()`` of an already built message alone. Each figure is the best of several repetitions (the median is reported too), so a
noisy machine lowers both sides alike; ratios compare figures from the same run.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import simplefix

from krakenbox.fix.codec import Parser, encode
from krakenbox.fix.dictionary import load
from krakenbox.fix.message import Message
from krakenbox.fix.validation import validate

NEW_ORDER_SINGLE: list[tuple[int, str]] = [
    (35, "D"),
    (34, "2"),
    (49, "damien2_DRV"),
    (52, "20250303-14:09:32.902"),
    (56, "KRAKEN-DRV-TRD"),
    (11, "9e58120f-182b-4dce-9609-8ca7cdd174f0"),
    (18, "s"),
    (38, "0.1"),
    (40, "2"),
    (44, "1000"),
    (54, "1"),
    (55, "PF_ETHUSD"),
    (59, "1"),
    (60, "20250303-14:09:32.896"),
]
EXECUTION_REPORT: list[tuple[int, str]] = [
    (35, "8"),
    (34, "117"),
    (49, "KRAKEN-TRD"),
    (52, "20260407-14:32:05.123"),
    (56, "CLIENT"),
    (37, "OQNCZM-NVAVC-AVD2LO"),
    (11, "1744036325000000"),
    (17, "TLOUGY-RZ4QX-6WXB3T"),
    (150, "F"),
    (39, "1"),
    (55, "BTC/USD"),
    (54, "1"),
    (40, "2"),
    (44, "28013.0"),
    (38, "0.5"),
    (32, "0.1"),
    (31, "28013.0"),
    (14, "0.1"),
    (151, "0.4"),
    (6, "28013.0"),
    (527, "41230211"),
    (60, "20260407-14:32:05.122"),
]
CHUNK = 100


def best_and_median(run: Callable[[], int], repetitions: int) -> tuple[float, float]:
    """Messages per second: best and median over ``repetitions`` timed runs."""
    rates = []
    for _ in range(repetitions):
        gc.collect()
        start = time.perf_counter()
        count = run()
        rates.append(count / (time.perf_counter() - start))
    return max(rates), statistics.median(rates)


def our_parse(chunk: bytes, rounds: int) -> Callable[[], int]:
    def run() -> int:
        parser = Parser()
        count = 0
        for _ in range(rounds):
            parser.feed(chunk)
            while (message := parser.next()) is not None:
                count += len(message.fields) > 0
        return count

    return run


def simplefix_parse(chunk: bytes, rounds: int) -> Callable[[], int]:
    def run() -> int:
        parser = simplefix.FixParser()
        count = 0
        for _ in range(rounds):
            parser.append_buffer(chunk)
            while (message := parser.get_message()) is not None:
                count += message.count() > 0
        return count

    return run


def our_encode(field_lists: list[list[tuple[int, str]]], rounds: int) -> Callable[[], int]:
    def run() -> int:
        for _ in range(rounds):
            for fields in field_lists:
                encode(Message(fields))
        return rounds * len(field_lists)

    return run


def simplefix_encode(field_lists: list[list[tuple[int, str]]], rounds: int) -> Callable[[], int]:
    def run() -> int:
        for _ in range(rounds):
            for fields in field_lists:
                build_simplefix(fields).encode()
        return rounds * len(field_lists)

    return run


def our_encode_prebuilt(messages: list[Message], rounds: int) -> Callable[[], int]:
    def run() -> int:
        for _ in range(rounds):
            for message in messages:
                encode(message)
        return rounds * len(messages)

    return run


def simplefix_encode_prebuilt(
    messages: list[simplefix.FixMessage], rounds: int
) -> Callable[[], int]:
    def run() -> int:
        for _ in range(rounds):
            for message in messages:
                message.encode()
        return rounds * len(messages)

    return run


def our_validate(parsed: list[Message], rounds: int) -> Callable[[], int]:
    dictionary = load("kraken")

    def run() -> int:
        for _ in range(rounds):
            for message in parsed:
                validate(message, dictionary)
        return rounds * len(parsed)

    return run


def build_simplefix(fields: list[tuple[int, str]]) -> simplefix.FixMessage:
    message = simplefix.FixMessage()
    message.append_pair(8, "FIX.4.4")
    for tag, value in fields:
        message.append_pair(tag, value, header=tag in (35, 34, 49, 52, 56))
    return message


def measure(scale: float, repetitions: int) -> dict[str, float]:
    ours = [Message(NEW_ORDER_SINGLE), Message(EXECUTION_REPORT)]
    theirs = [build_simplefix(NEW_ORDER_SINGLE), build_simplefix(EXECUTION_REPORT)]
    wire = [encode(message) for message in ours]
    assert [m.encode() for m in theirs] == wire, "both encoders must produce the same bytes"
    chunk = b"".join(wire * (CHUNK // 2))
    rounds = max(1, int(200 * scale))
    fast_rounds, slow_rounds = rounds * 10, max(1, rounds)
    parse_best, parse_median = best_and_median(our_parse(chunk, rounds * 2), repetitions)
    sf_parse_best, sf_parse_median = best_and_median(
        simplefix_parse(chunk, max(1, rounds // 5)), repetitions
    )
    field_lists = [NEW_ORDER_SINGLE, EXECUTION_REPORT]
    encode_best, encode_median = best_and_median(
        our_encode(field_lists, fast_rounds * 10), repetitions
    )
    sf_encode_best, sf_encode_median = best_and_median(
        simplefix_encode(field_lists, slow_rounds * 5), repetitions
    )
    prebuilt_best, _ = best_and_median(our_encode_prebuilt(ours, fast_rounds * 10), repetitions)
    sf_prebuilt_best, _ = best_and_median(
        simplefix_encode_prebuilt(theirs, slow_rounds * 10), repetitions
    )
    parser = Parser()
    parser.feed(b"".join(wire))
    parsed = [m for m in iter(parser.next, None) if isinstance(m, Message)]
    validate_best, _ = best_and_median(our_validate(parsed, fast_rounds * 5), repetitions)
    return {
        "parse_msgs_per_s": round(parse_best),
        "encode_msgs_per_s": round(encode_best),
        "simplefix_parse_msgs_per_s": round(sf_parse_best),
        "simplefix_encode_msgs_per_s": round(sf_encode_best),
        "parse_ratio": round(parse_best / sf_parse_best, 2),
        "encode_ratio": round(encode_best / sf_encode_best, 2),
        "parse_median_msgs_per_s": round(parse_median),
        "encode_median_msgs_per_s": round(encode_median),
        "simplefix_parse_median_msgs_per_s": round(sf_parse_median),
        "simplefix_encode_median_msgs_per_s": round(sf_encode_median),
        "parse_median_ratio": round(parse_median / sf_parse_median, 2),
        "encode_median_ratio": round(encode_median / sf_encode_median, 2),
        "encode_prebuilt_msgs_per_s": round(prebuilt_best),
        "simplefix_encode_prebuilt_msgs_per_s": round(sf_prebuilt_best),
        "encode_prebuilt_ratio": round(prebuilt_best / sf_prebuilt_best, 2),
        "validate_msgs_per_s": round(validate_best),
        "repetitions": repetitions,
        "python": float(f"{sys.version_info.major}.{sys.version_info.minor}"),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="work per repetition (default 1.0)"
    )
    parser.add_argument("--repetitions", type=int, default=7)
    arguments = parser.parse_args(argv)
    results = measure(arguments.scale, arguments.repetitions)
    if arguments.json:
        print(json.dumps(results))
        return 0
    print(
        f"{'':16} {'krakenbox':>12} {'simplefix':>12} {'ratio':>7}   (msgs/s, best of {arguments.repetitions})"
    )
    for name in ("parse", "encode", "encode_prebuilt"):
        ours, theirs = results[f"{name}_msgs_per_s"], results[f"simplefix_{name}_msgs_per_s"]
        print(f"{name:16} {ours:>12,.0f} {theirs:>12,.0f} {results[f'{name}_ratio']:>7.2f}")
    print(f"{'validate':16} {results['validate_msgs_per_s']:>12,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
