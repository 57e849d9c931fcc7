#!/usr/bin/env python3
"""Journal benchmark: the Spot engine alone beside the engine behind the sequencer and the
SQLite journal, on the same seeded stream in the same run; the codec's cost per event; and the
restart time of a journal holding a million events.

    python bench/journal.py            # human-readable table
    python bench/journal.py --json     # one JSON object
    python bench/journal.py --events 100000 --operations 50000   # a quicker run

The stream is ``bench/engine.py``'s standard mix (55% passive limit adds, 40% cancels, 5%
marketable orders; one instrument, 10 accounts).

* ``engine_ops_per_s``: :class:`~krakenbox.matching.engine.SpotBook` handling the commands.
* ``journal_ops_per_s``: the same commands through :class:`~krakenbox.venue.sequencer.Sequencer`
  — sequence number, engine, encoding the command and its events, appending to the journal,
  a commit per ``--batch`` commands (WAL, ``synchronous=NORMAL``), publishing to one
  subscriber — including the final flush. ``journal_ratio`` = journal / engine.
* ``encode_us_per_event`` / ``decode_us_per_event``: the codec alone on the stream's events.
* ``restart_s``: open a journal of ``--events`` events (default 1,000,000) and rebuild a fresh
  engine from it with :func:`~krakenbox.venue.sequencer.recover` (every command decoded and
  replayed, every regenerated event encoded and compared with the journal's bytes);
  ``restart_unverified_s`` skips the comparison; ``read_decode_s`` only reads and decodes.

Each throughput figure is the best of ``--repetitions``; the restart is timed once.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from krakenbox.core.ids import IdGenerator, IdKind
from krakenbox.matching.engine import SpotBook
from krakenbox.matching.rules import BookRules
from krakenbox.venue.codec import Codec, spot_codec
from krakenbox.venue.journal import Journal
from krakenbox.venue.sequencer import Sequenced, Sequencer, recover, replay

ROOT = Path(__file__).resolve().parent.parent


def _engine_bench() -> Any:
    """bench/engine.py as a module (bench/ is not a package): its stream generator."""
    specification = importlib.util.spec_from_file_location(
        "engine_bench", ROOT / "bench" / "engine.py"
    )
    assert specification is not None and specification.loader is not None
    module = importlib.util.module_from_spec(specification)
    specification.loader.exec_module(module)
    return module


def new_engine() -> SpotBook:
    """Built as bench/engine.py builds it (the stream's order ids assume these seeds)."""
    return SpotBook(
        BookRules(),
        order_ids=IdGenerator(1, IdKind.ORDER),
        execution_ids=IdGenerator(1, IdKind.TRADE),
    )


def run_engine(stream: list[Any]) -> int:
    handle = new_engine().handle
    events = 0
    for command in stream:
        events += len(handle(command))
    return events


def run_journal(stream: list[Any], path: Path, codec: Codec, batch: int) -> int:
    """The stream through sequencer and journal into a new file; the events published."""
    path.unlink(missing_ok=True)
    sequencer = Sequencer(new_engine(), Journal(path, codec), codec, batch_size=batch)
    published = [0]

    def subscriber(sequenced: Sequenced) -> None:
        published[0] += len(sequenced.events)

    sequencer.subscribe(subscriber)
    submit = sequencer.submit
    for command in stream:
        submit(command)
    sequencer.close()
    return published[0]


def best_seconds(run: Callable[[], object], repetitions: int) -> float:
    best = float("inf")
    for _ in range(repetitions):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def timed(run: Callable[[], object]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def codec_costs(stream: list[Any], codec: Codec) -> tuple[float, float, int]:
    """Microseconds per event to encode and to decode each command's events (as the journal
    does: JSON text, the command as context), and the bytes written."""
    engine = new_engine()
    pairs = [(command, engine.handle(command)) for command in stream]
    count = sum(len(events) for _, events in pairs)
    encode_many, decode_many = codec.encode_many_text, codec.decode_many
    encoded = [(command, encode_many(events, context=command)) for command, events in pairs]
    encode = best_seconds(
        lambda: [encode_many(events, context=command) for command, events in pairs], 3
    )
    decode = best_seconds(lambda: [decode_many(text, context=c) for c, text in encoded], 3)
    return encode / count * 1e6, decode / count * 1e6, sum(len(t.encode()) for _, t in encoded)


def restart(path: Path, codec: Codec) -> dict[str, Any]:
    def verified() -> int:
        journal = Journal(path, codec)
        _, result = recover(new_engine(), journal, codec)
        journal.close()
        return result.events

    def unverified() -> int:
        with Journal(path, codec) as journal:
            return replay(new_engine(), journal, codec, verify=False).events

    def read_decode() -> int:
        with Journal(path, codec) as journal:
            return sum(len(record.events) for record in journal.records())

    restart_s, events = timed(verified)
    unverified_s, _ = timed(unverified)
    read_s, _ = timed(read_decode)
    return {
        "restart_events": events,
        "restart_s": round(restart_s, 3),
        "restart_us_per_event": round(restart_s / events * 1e6, 3),
        "restart_unverified_s": round(unverified_s, 3),
        "read_decode_s": round(read_s, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--operations", type=int, default=200_000, help="throughput stream")
    parser.add_argument(
        "--events", type=int, default=1_000_000, help="events in the restart journal"
    )
    parser.add_argument("--batch", type=int, default=1024, help="commands per commit")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261122)
    arguments = parser.parse_args(argv)
    engine_bench = _engine_bench()
    codec = spot_codec()

    stream = engine_bench.commands(engine_bench.generate(arguments.operations, arguments.seed))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "journal.sqlite"
        engine_s = best_seconds(lambda: run_engine(stream), arguments.repetitions)
        events = run_engine(stream)
        journal_s = best_seconds(
            lambda: run_journal(stream, path, codec, arguments.batch), arguments.repetitions
        )
        journal_bytes = path.stat().st_size + sum(
            extra.stat().st_size for extra in Path(directory).glob("journal.sqlite-*")
        )
        encode_us, decode_us, encoded_bytes = codec_costs(stream, codec)

        # The restart journal: the same mix, long enough for --events events.
        per_op = events / len(stream)
        operations = int(arguments.events / per_op * 1.01) + 1
        long_stream = engine_bench.commands(engine_bench.generate(operations, arguments.seed))
        write_s, written = timed(lambda: run_journal(long_stream, path, codec, arguments.batch))
        restart_result = restart(path, codec)

    result = {
        "operations": len(stream),
        "events_per_op": round(per_op, 3),
        "engine_ops_per_s": round(len(stream) / engine_s),
        "journal_ops_per_s": round(len(stream) / journal_s),
        "journal_us_per_op": round(journal_s / len(stream) * 1e6, 3),
        "journal_ratio": round(engine_s / journal_s, 3),
        "batch": arguments.batch,
        "encode_us_per_event": round(encode_us, 3),
        "decode_us_per_event": round(decode_us, 3),
        "encoded_bytes_per_event": round(encoded_bytes / events, 1),
        "journal_file_bytes_per_event": round(journal_bytes / events, 1),
        "restart_operations": len(long_stream),
        "restart_write_s": round(write_s, 3),
        "restart_written_events": written,
        **restart_result,
        "seed": arguments.seed,
        "python": platform.python_version(),
        "sqlite": __import__("sqlite3").sqlite_version,
    }
    if arguments.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:30} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
