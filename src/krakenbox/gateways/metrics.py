"""Prometheus metrics of a running venue, in the text exposition format (``GET /metrics`` on the
admin port, no token, as scrapers expect).

What is counted:

- ``krakenbox_commands_total{command}``: commands published, by type (SubmitOrder, CancelOrder,
  Deposit, ...);
- ``krakenbox_events_total{event}``: events published, by type (OrderAccepted, TradeExecuted,
  OrderRejected, ...);
- ``krakenbox_rejections_total{reason}``: engine refusals, by Kraken's reason;
- ``krakenbox_rate_limit_refusals_total``: transactions the shared trading counter refused;
- ``krakenbox_flush_seconds``: a histogram of batch flushes (journal commit and publication);
- ``krakenbox_request_seconds{protocol}``: a histogram of answered requests (REST: read to answer; FIX: from the command's submission to its reports);
- ``krakenbox_journal_sequence``, ``krakenbox_unpublished_commands`` (the journal's lag);
- ``krakenbox_fix_sessions{port,state}``: FIX sessions by port, logged on or not.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

from krakenbox.domain.events import OrderRejected
from krakenbox.venue.spot import Listener, Published

if TYPE_CHECKING:
    from krakenbox.domain.orders import Order
    from krakenbox.gateways.spot_context import SpotContext

FLUSH_BUCKETS_S: Final = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1.0)
REQUEST_BUCKETS_S: Final = FLUSH_BUCKETS_S


class Histogram:
    """Cumulative buckets, a sum and a count, as Prometheus reads them."""

    def __init__(self, bounds: Iterable[float]) -> None:
        self.bounds = tuple(bounds)
        self.counts = [0] * (len(self.bounds) + 1)
        self.total = 0.0

    def observe(self, value: float) -> None:
        self.counts[bisect.bisect_left(self.bounds, value)] += 1
        self.total += value

    def lines(self, name: str) -> list[str]:
        lines, running = [], 0
        for bound, count in zip((*self.bounds, "+Inf"), self.counts, strict=True):
            running += count
            lines.append(f'{name}_bucket{{le="{bound}"}} {running}')
        lines += [f"{name}_sum {self.total:.6f}", f"{name}_count {running}"]
        return lines


class VenueMetrics(Listener):
    """Counts what the venue publishes; renders everything on demand."""

    def __init__(self, context: SpotContext) -> None:
        self.context = context
        self.commands: Counter[str] = Counter()
        self.events: Counter[str] = Counter()
        self.rejections: Counter[str] = Counter()
        self.flushes = Histogram(FLUSH_BUCKETS_S)
        self.requests: dict[str, Histogram] = {}
        self.fix_sessions: Callable[[], Iterable[tuple[str, bool]]] = tuple

    def observe_request(self, protocol: str, seconds: float) -> None:
        """One answered request (REST: from the request read to the answer made)."""
        histogram = self.requests.get(protocol)
        if histogram is None:
            histogram = self.requests[protocol] = Histogram(REQUEST_BUCKETS_S)
        histogram.observe(seconds)

    def on_event(self, published: Published, event: Any, orders: tuple[Order, ...]) -> None:
        self.events[type(event).__name__] += 1
        if isinstance(event, OrderRejected):
            self.rejections[event.reason.value] += 1

    def on_published(self, published: Published) -> None:
        self.commands[type(published.command).__name__] += 1
        if published.pair is None:
            for event in published.events:
                self.on_event(published, event, ())

    def render(self) -> str:
        venue = self.context.venue
        lines: list[str] = []
        _counter(lines, "krakenbox_commands_total", "commands published", "command", self.commands)
        _counter(lines, "krakenbox_events_total", "events published", "event", self.events)
        _counter(lines, "krakenbox_rejections_total", "engine refusals", "reason", self.rejections)
        lines += [
            "# HELP krakenbox_rate_limit_refusals_total transactions the trading counter refused",
            "# TYPE krakenbox_rate_limit_refusals_total counter",
            f"krakenbox_rate_limit_refusals_total {self.context.counter.refusals}",
            "# HELP krakenbox_flush_seconds journal commit and publication of a batch",
            "# TYPE krakenbox_flush_seconds histogram",
            *self.flushes.lines("krakenbox_flush_seconds"),
            "# HELP krakenbox_request_seconds answered requests, by protocol",
            "# TYPE krakenbox_request_seconds histogram",
            *[
                line
                for protocol, histogram in sorted(self.requests.items())
                for line in _labelled(histogram.lines("krakenbox_request_seconds"), protocol)
            ],
            "# TYPE krakenbox_journal_sequence gauge",
            f"krakenbox_journal_sequence {venue.journal.last_sequence}",
            "# TYPE krakenbox_unpublished_commands gauge",
            f"krakenbox_unpublished_commands {venue.journal.pending}",
            "# TYPE krakenbox_fix_sessions gauge",
        ]
        sessions: Counter[tuple[str, bool]] = Counter(self.fix_sessions())
        for (port, logged_on), count in sorted(sessions.items()):
            state = "logged_on" if logged_on else "idle"
            lines.append(f'krakenbox_fix_sessions{{port="{port}",state="{state}"}} {count}')
        return "\n".join(lines) + "\n"


def _labelled(lines: list[str], protocol: str) -> list[str]:
    """Histogram lines with a ``protocol`` label added."""
    labelled = []
    for line in lines:
        name, value = line.rsplit(" ", 1)
        if "{" in name:
            name = name.replace("{", f'{{protocol="{protocol}",', 1)
        else:
            name = f'{name}{{protocol="{protocol}"}}'
        labelled.append(f"{name} {value}")
    return labelled


def _counter(lines: list[str], name: str, help_text: str, label: str, counts: Counter[str]) -> None:
    lines += [f"# HELP {name} {help_text}", f"# TYPE {name} counter"]
    lines += [f'{name}{{{label}="{key}"}} {count}' for key, count in sorted(counts.items())]
