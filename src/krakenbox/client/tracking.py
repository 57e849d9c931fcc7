"""Which answer belongs to which request: the client's correlation tables, without I/O.

Every request the client sends is registered here with its ClOrdID (11) and the MsgSeqNum (34)
it went out with. Answers are matched as Kraken's documentation asks (spec/fix.md §4.6-§4.7):

- an ExecutionReport (35=8) belongs to an order by OrderID (37), else by ClOrdID (11), else by
  OrigClOrdID (41); it answers the request whose ClOrdID is its 11 (an amend, a cancel, a status
  request), else the oldest request of the matching kind on that order;
- a BusinessMessageReject (35=j) answers the request whose ClOrdID is its BusinessRejectRefID
  (379) -- never by RefSeqNum (45), which Kraken's own examples leave at 0; only when 379 is
  missing is a non-zero 45 used;
- a session Reject (35=3) answers the request whose MsgSeqNum is its RefSeqNum (45).

Repeated reports (a replay after a ResendRequest carries the same ExecID, 17) are applied once.
A mass cancel has no final report on Kraken (no 35=r): its promise settles with the cancel
reports that arrived once ``quiet_ns`` passed without another one (see docs/fix-client.md).
"""

from __future__ import annotations

import collections
import enum
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal

from krakenbox.client.model import ExecutionType, OrderStatus, OrderType, Side, TimeInForce
from krakenbox.client.promise import Promise
from krakenbox.client.reports import (
    BusinessMessageReject,
    ExecutionReport,
    OrderRejected,
    RequestNotDelivered,
    SessionReject,
)
from krakenbox.client.requests import NewOrder

log = logging.getLogger("krakenbox.client")


class RequestKind(enum.Enum):
    NEW_ORDER = "new order"
    AMEND = "amend"
    CANCEL = "cancel"
    MASS_CANCEL = "mass cancel"
    STATUS = "status"


# The ExecType that answers a request when the report's ClOrdID is not the request's own.
ANSWERING_TYPE = {
    RequestKind.AMEND: ExecutionType.REPLACED,
    RequestKind.CANCEL: ExecutionType.CANCELED,
    RequestKind.STATUS: ExecutionType.ORDER_STATUS,
}


class OrderHandle:
    """One order as this client knows it: every report, and promises for its milestones.

    ``acknowledged`` settles with the order's first ExecutionReport (150=0, a fill, a cancel...)
    or fails with :class:`OrderRejected`; ``finished`` settles with the report that closes it
    (filled, canceled, expired). ``reports`` lists every report; ``updates()`` iterates them
    as they come, ending when the order is closed.
    """

    def __init__(
        self,
        client_order_id: str,
        symbol: str,
        side: Side | None,
        request: NewOrder | None = None,
    ) -> None:
        self.client_order_id = client_order_id
        self.client_order_ids = [client_order_id]
        self.symbol = symbol
        self.side = side
        self.request = request
        self.order_id: str | None = None
        self.status: OrderStatus | None = None
        self.order_type: OrderType | None = request.order_type if request else None
        self.time_in_force: TimeInForce = (
            request.time_in_force if request else TimeInForce.GOOD_TILL_CANCELED
        )
        self.rejection: OrderRejected | None = None
        self.reports: list[ExecutionReport] = []
        self.acknowledged: Promise[ExecutionReport] = Promise()
        # ``finished`` and the change signal are made when first needed: a client with many open
        # orders would otherwise keep two more promises per order in the collector's view.
        self._finished: Promise[ExecutionReport] | None = None
        self._changed: Promise[None] | None = None

    @property
    def finished(self) -> Promise[ExecutionReport]:
        """Settles with the report that closes the order (or fails if it is refused)."""
        if self._finished is None:
            self._finished = Promise()
        return self._finished

    @property
    def latest_client_order_id(self) -> str:
        """The ClOrdID of the last accepted action (what OrigClOrdID (41) must name)."""
        for report in reversed(self.reports):
            if report.execution_type in (
                ExecutionType.NEW,
                ExecutionType.REPLACED,
                ExecutionType.PENDING_NEW,
            ):
                return report.client_order_id
        return self.client_order_id

    @property
    def is_open(self) -> bool:
        return self.rejection is None and not (self.status is not None and self.status.is_closed)

    @property
    def cumulative_quantity(self) -> Decimal:
        for report in reversed(self.reports):
            if report.cumulative_quantity is not None:
                return report.cumulative_quantity
        return Decimal(0)

    @property
    def leaves_quantity(self) -> Decimal | None:
        for report in reversed(self.reports):
            if report.leaves_quantity is not None:
                return report.leaves_quantity
        return None

    def apply(self, report: ExecutionReport) -> None:
        self.reports.append(report)
        if report.order_id:
            self.order_id = report.order_id
        if report.order_status is not OrderStatus.UNKNOWN:
            self.status = report.order_status
        if report.order_type is not None:
            self.order_type = report.order_type
        if self.side is None:
            self.side = report.side
        if not self.symbol:
            self.symbol = report.symbol
        self.acknowledged.resolve(report)
        if report.closes_order:
            self.finished.resolve(report)
        self._notify()

    def reject(self, error: OrderRejected) -> None:
        self.rejection = error
        self.acknowledged.fail(error)
        self.finished.fail(error)
        self._notify()

    def _notify(self) -> None:
        changed, self._changed = self._changed, None
        if changed is not None:
            changed.resolve(None)

    async def updates(self) -> AsyncIterator[ExecutionReport]:
        """Every report of this order, past and future, until it is closed or rejected."""
        index = 0
        while True:
            while index < len(self.reports):
                yield self.reports[index]
                index += 1
            if not self.is_open:
                return
            if self._changed is None:
                self._changed = Promise()
            await self._changed

    def __repr__(self) -> str:
        return (
            f"OrderHandle({self.client_order_id}, order_id={self.order_id}, {self.symbol},"
            f" status={self.status}, reports={len(self.reports)})"
        )


@dataclass(slots=True, eq=False)
class PendingRequest:
    """A request awaiting its answer. A new order is answered through its handle; an amend,
    cancel or status request through ``promise``; a mass cancel through ``batch``, with the
    cancel reports gathered in ``reports`` (each is None for the other kinds)."""

    kind: RequestKind
    client_order_id: str
    sequence_number: int
    handle: OrderHandle | None
    promise: Promise[ExecutionReport] | None = None
    symbol: str | None = None
    reports: list[ExecutionReport] | None = None
    deadline_ns: int = 0
    batch: Promise[list[ExecutionReport]] | None = None

    def fail(self, error: Exception) -> None:
        if self.batch is not None:
            self.batch.fail(error)
        elif self.kind is RequestKind.NEW_ORDER and self.handle is not None:
            if isinstance(error, OrderRejected):
                self.handle.reject(error)
            else:
                self.handle.acknowledged.fail(error)
                self.handle.finished.fail(error)
        elif self.promise is not None:
            self.promise.fail(error)

    def gather(self, report: ExecutionReport, deadline_ns: int) -> None:
        """A mass cancel's cancel report: kept, and the quiet period starts again."""
        if self.reports is None:
            self.reports = []
        self.reports.append(report)
        self.deadline_ns = deadline_ns


CLOSED_ORDERS_KEPT = 10_000
"""Closed orders stay findable (``client.order(id)``) until this many have closed after them;
then the tracker forgets them, so a long-running client does not grow without end (the caller's
own handles stay valid)."""


class OrderTracker:
    """The correlation tables of one trading session (see the module docstring)."""

    def __init__(self, mass_cancel_quiet_ns: int, closed_kept: int = CLOSED_ORDERS_KEPT) -> None:
        self.mass_cancel_quiet_ns = mass_cancel_quiet_ns
        self.closed_kept = closed_kept
        self._closed: collections.deque[OrderHandle] = collections.deque()
        self._closed_ids: set[int] = set()
        self.orders: dict[str, OrderHandle] = {}
        """Every order by each ClOrdID it ever had."""
        self.orders_by_order_id: dict[str, OrderHandle] = {}
        self.pending_by_client_order_id: dict[str, PendingRequest] = {}
        self.pending_by_sequence: dict[int, PendingRequest] = {}
        self.execution_ids: set[str] = set()
        self.unmatched: list[ExecutionReport | BusinessMessageReject | SessionReject] = []
        """Answers that matched no request or order of ours (kept for inspection)."""

    # -- registering requests --------------------------------------------------------------

    def new_order(self, order: NewOrder, client_order_id: str, sequence_number: int) -> OrderHandle:
        handle = OrderHandle(client_order_id, order.symbol, order.side, order)
        self.orders[client_order_id] = handle
        self._add(PendingRequest(RequestKind.NEW_ORDER, client_order_id, sequence_number, handle))
        return handle

    def order_request(
        self, kind: RequestKind, handle: OrderHandle, client_order_id: str, sequence_number: int
    ) -> Promise[ExecutionReport]:
        """An amend, cancel or status request on ``handle``; the promise gets its report."""
        if kind not in ANSWERING_TYPE:
            raise ValueError(f"{kind} is not a request on one order")
        promise: Promise[ExecutionReport] = Promise()
        self._add(PendingRequest(kind, client_order_id, sequence_number, handle, promise))
        if kind is not RequestKind.STATUS:
            handle.client_order_ids.append(client_order_id)
            self.orders[client_order_id] = handle
        return promise

    def mass_cancel(
        self, client_order_id: str, symbol: str | None, sequence_number: int, now_ns: int
    ) -> Promise[list[ExecutionReport]]:
        batch: Promise[list[ExecutionReport]] = Promise()
        pending = PendingRequest(
            RequestKind.MASS_CANCEL,
            client_order_id,
            sequence_number,
            None,
            symbol=symbol,
            reports=[],
            deadline_ns=now_ns + self.mass_cancel_quiet_ns,
            batch=batch,
        )
        self._add(pending)
        return batch

    def adopt(self, order_id: str, symbol: str, side: Side | None = None) -> OrderHandle:
        """A handle for an order this process did not place (to cancel or query it by id)."""
        handle = self.orders_by_order_id.get(order_id)
        if handle is None:
            handle = OrderHandle(order_id, symbol, side)
            handle.order_id = order_id
            self.orders_by_order_id[order_id] = handle
        return handle

    # -- answers ---------------------------------------------------------------------------

    def on_execution_report(self, report: ExecutionReport, now_ns: int) -> bool:
        """Apply a report; False if it repeats one already applied (same ExecID)."""
        if report.execution_id:
            if report.execution_id in self.execution_ids:
                log.debug("duplicate ExecutionReport %s ignored", report.execution_id)
                return False
            self.execution_ids.add(report.execution_id)
        handle = self._order_of(report)
        if handle is None:
            handle = OrderHandle(report.client_order_id, report.symbol, report.side)
            if report.client_order_id:
                self.orders[report.client_order_id] = handle
            self.unmatched.append(report)
        if report.order_id:
            self.orders_by_order_id[report.order_id] = handle
        handle.apply(report)
        self._answer(report, handle, now_ns)
        if not handle.is_open:
            self._closed_now(handle)
        return True

    def _closed_if_refused(self, pending: PendingRequest) -> None:
        if pending.kind is RequestKind.NEW_ORDER and pending.handle is not None:
            self._closed_now(pending.handle)  # a refused order never opened

    def _closed_now(self, handle: OrderHandle) -> None:
        """Remember a closed order among the last ``closed_kept``; forget the oldest beyond."""
        if id(handle) in self._closed_ids:
            return
        self._closed.append(handle)
        self._closed_ids.add(id(handle))
        while len(self._closed) > self.closed_kept:
            old = self._closed.popleft()
            self._closed_ids.discard(id(old))
            for identifier in old.client_order_ids:
                if self.orders.get(identifier) is old:
                    del self.orders[identifier]
            if old.order_id is not None and self.orders_by_order_id.get(old.order_id) is old:
                del self.orders_by_order_id[old.order_id]

    def on_business_reject(self, reject: BusinessMessageReject) -> None:
        pending = None
        if reject.reference_id:
            pending = self.pending_by_client_order_id.get(reject.reference_id)
        elif reject.reference_sequence_number:
            pending = self.pending_by_sequence.get(reject.reference_sequence_number)
        if pending is None:
            log.warning("BusinessMessageReject for no request of ours: %s", reject)
            self.unmatched.append(reject)
            return
        self._forget(pending)
        pending.fail(OrderRejected.from_business_reject(reject))
        self._closed_if_refused(pending)

    def on_session_reject(self, reject: SessionReject) -> None:
        sequence = reject.reference_sequence_number
        pending = self.pending_by_sequence.get(sequence) if sequence is not None else None
        if pending is None:
            self.unmatched.append(reject)
            return
        self._forget(pending)
        pending.fail(OrderRejected.from_session_reject(reject))
        self._closed_if_refused(pending)

    def on_gap_fill(self, first: int, new_sequence: int) -> None:
        """We told the venue to skip ``first .. new_sequence - 1``: those requests are lost."""
        for sequence in range(first, new_sequence):
            pending = self.pending_by_sequence.get(sequence)
            if pending is not None:
                self._forget(pending)
                pending.fail(
                    RequestNotDelivered(
                        f"{pending.kind.value} {pending.client_order_id} (MsgSeqNum {sequence})"
                        " was not delivered: skipped by a gap fill after a reconnect"
                    )
                )

    def on_sequence_reset(self) -> None:
        """Sequence numbers restarted (rollover, 141=Y): old RefSeqNums mean nothing now, and
        no report of the old sequence can be resent, so its ExecIDs need not be remembered."""
        self.pending_by_sequence.clear()
        self.execution_ids.clear()

    # -- time ------------------------------------------------------------------------------

    def next_deadline_ns(self) -> int | None:
        deadlines = [
            pending.deadline_ns
            for pending in self.pending_by_client_order_id.values()
            if pending.kind is RequestKind.MASS_CANCEL
        ]
        return min(deadlines) if deadlines else None

    def on_timer(self, now_ns: int) -> None:
        for pending in list(self.pending_by_client_order_id.values()):
            if pending.batch is not None and now_ns >= pending.deadline_ns:
                self._forget(pending)
                pending.batch.resolve(list(pending.reports or ()))

    # -- helpers ---------------------------------------------------------------------------

    @property
    def open_orders(self) -> list[OrderHandle]:
        seen: dict[int, OrderHandle] = {}
        for handle in [*self.orders.values(), *self.orders_by_order_id.values()]:
            if handle.is_open and (handle.order_id is not None or handle.reports):
                seen[id(handle)] = handle
        return list(seen.values())

    def find(self, identifier: str) -> OrderHandle | None:
        """An order by its OrderID or any of its ClOrdIDs."""
        return self.orders_by_order_id.get(identifier) or self.orders.get(identifier)

    def _add(self, pending: PendingRequest) -> None:
        self.pending_by_client_order_id[pending.client_order_id] = pending
        self.pending_by_sequence[pending.sequence_number] = pending

    def _forget(self, pending: PendingRequest) -> None:
        if self.pending_by_client_order_id.get(pending.client_order_id) is pending:
            del self.pending_by_client_order_id[pending.client_order_id]
        if self.pending_by_sequence.get(pending.sequence_number) is pending:
            del self.pending_by_sequence[pending.sequence_number]

    def _order_of(self, report: ExecutionReport) -> OrderHandle | None:
        if report.order_id and report.order_id in self.orders_by_order_id:
            return self.orders_by_order_id[report.order_id]
        for identifier in (report.client_order_id, report.original_client_order_id):
            if identifier and identifier in self.orders:
                return self.orders[identifier]
        return None

    def _answer(self, report: ExecutionReport, handle: OrderHandle, now_ns: int) -> None:
        """Settle the request this report answers, and feed pending mass cancels."""
        own = self.pending_by_client_order_id.get(report.client_order_id)
        if own is not None and own.kind is RequestKind.MASS_CANCEL:
            own.gather(report, now_ns + self.mass_cancel_quiet_ns)
            return
        if own is not None and own.handle is handle:
            self._forget(own)
            if own.promise is not None:
                own.promise.resolve(report)
            return
        answering = self._oldest_answered(handle, report.execution_type)
        if answering is not None:
            self._forget(answering)
            if answering.promise is not None:
                answering.promise.resolve(report)
            return
        if report.execution_type is ExecutionType.CANCELED:
            for pending in list(self.pending_by_client_order_id.values()):
                if pending.kind is RequestKind.MASS_CANCEL and pending.symbol in (
                    None,
                    handle.symbol,
                ):
                    pending.gather(report, now_ns + self.mass_cancel_quiet_ns)
        if handle.acknowledged.done():
            new_order = self.pending_by_client_order_id.get(handle.client_order_id)
            if new_order is not None and new_order.kind is RequestKind.NEW_ORDER:
                self._forget(new_order)

    def _oldest_answered(
        self, handle: OrderHandle, execution_type: ExecutionType
    ) -> PendingRequest | None:
        for pending in self.pending_by_client_order_id.values():  # insertion order: oldest first
            if pending.handle is handle and ANSWERING_TYPE.get(pending.kind) is execution_type:
                return pending
        return None
