"""``executions`` and ``balances`` of the authenticated endpoint: who subscribed for which
account, their snapshots, and the venue's events rendered for them (one event per message)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from krakenbox.domain.events import (
    IcebergRefilled,
    OrderAccepted,
    OrderAmended,
    OrderCanceled,
    OrderExpired,
    OrderTriggered,
    TradeExecuted,
)
from krakenbox.kraken.websocket import executions as render
from krakenbox.kraken.websocket.envelope import ack
from krakenbox.kraken.websocket.market import SNAPSHOT, UPDATE
from krakenbox.kraken.websocket.subscriptions import Channel

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument
    from krakenbox.domain.ledger import TradeRecord
    from krakenbox.domain.orders import Order
    from krakenbox.gateways.spot_context import SpotContext
    from krakenbox.gateways.websocket.connection import Connection
    from krakenbox.kraken.websocket.envelope import Request
    from krakenbox.kraken.websocket.subscriptions import ChannelOptions
    from krakenbox.venue.spot import Published, SpotVenue


class PrivateFeeds:
    def __init__(self, context: SpotContext) -> None:
        self.context = context
        self.executions: dict[str, set[Connection]] = {}
        """Account → connections subscribed to its executions."""
        self.balances: dict[str, dict[Connection, int]] = {}
        """Account → connections subscribed to its balances, each with the ledger position it
        has been told of."""

    @property
    def venue(self) -> SpotVenue:
        return self.context.venue

    def instrument(self, pair: str) -> tuple[Instrument, str]:
        instrument = self.venue.engine.instrument(pair)
        return instrument, instrument.symbol

    # --- subscriptions -----------------------------------------------------------------------

    def subscribe(
        self,
        connection: Connection,
        account: str,
        options: ChannelOptions,
        request: Request,
        time_in: int,
    ) -> None:
        channel = options.channel
        connection.channels[channel] = options
        connection.account = account
        now = self.context.clock.now_ns()
        if channel is Channel.EXECUTIONS:
            self.executions.setdefault(account, set()).add(connection)
            result = options.result(maximum_rate_count=self.context.counter.threshold(account))
            connection.send(ack("subscribe", request.req_id, time_in, now, result=result))
            if options.snap_orders or options.snap_trades:
                connection.send(
                    render.executions_message(
                        SNAPSHOT,
                        self._executions_snapshot(account, options),
                        connection.next_sequence(channel),
                    )
                )
            return
        ledger = self.venue.engine.accounts.get(account).ledger
        self.balances.setdefault(account, {})[connection] = len(ledger)
        connection.send(ack("subscribe", request.req_id, time_in, now, result=options.result()))
        if options.snapshot:
            connection.send(
                render.balances_message(
                    SNAPSHOT, self._balances_snapshot(account), connection.next_sequence(channel)
                )
            )

    def unsubscribe(self, connection: Connection, channel: Channel) -> None:
        account = connection.account
        if account is None:
            return
        if channel is Channel.EXECUTIONS:
            self.executions.get(account, set()).discard(connection)
        else:
            self.balances.get(account, {}).pop(connection, None)

    def drop(self, connection: Connection) -> None:
        for channel in (Channel.EXECUTIONS, Channel.BALANCES):
            self.unsubscribe(connection, channel)

    def _executions_snapshot(self, account: str, options: ChannelOptions) -> list[dict[str, Any]]:
        reports: list[dict[str, Any]] = []
        orders = self.venue.orders
        if options.snap_orders:
            for order in orders.open_orders(account):
                pair = orders.pair_of(order.order_id)
                if pair is None:
                    continue
                instrument, symbol = self.instrument(pair)
                reports.append(render.snapshot_order(order, symbol, instrument))
        if options.snap_trades:
            found = self.venue.engine.accounts.find(account)
            records = list(found.trades)[-render.TRADES_SNAPSHOT_SIZE :] if found else []
            catalogue = self.venue.catalogue
            for record in records:
                instrument, symbol = self.instrument(record.pair)
                reports.append(
                    render.snapshot_trade(
                        record,
                        orders.get(record.order_id),
                        catalogue.asset(record.fee_asset),
                        symbol,
                        instrument,
                    )
                )
        return reports

    def _balances_snapshot(self, account: str) -> list[dict[str, Any]]:
        found = self.venue.engine.accounts.find(account)
        if found is None:
            return []
        catalogue = self.venue.catalogue
        return [
            render.balance_entry(catalogue.asset(asset), balance)
            for asset, balance in found.balances.items()
            if balance or found.hold(asset)
        ]

    # --- venue events ------------------------------------------------------------------------

    def on_event(self, published: Published, event: Any, orders: tuple[Order, ...]) -> None:
        if not self.executions or published.pair is None:
            return
        for order in orders:
            connections = self.executions.get(order.account)
            if not connections:
                continue
            reports = self._reports(published.pair, event, order)
            for report in reports:
                for connection in list(connections):
                    if report["exec_type"] not in _TERSE and not _streams_every_status(connection):
                        continue
                    connection.send(
                        render.executions_message(
                            UPDATE, [report], connection.next_sequence(Channel.EXECUTIONS)
                        )
                    )

    def _reports(self, pair: str, event: Any, order: Order) -> list[dict[str, Any]]:
        instrument, symbol = self.instrument(pair)
        kind = type(event)
        if kind is OrderAccepted:
            return render.accepted(order, symbol, instrument, event.timestamp)
        if kind is TradeExecuted:
            record = self._trade_record(order, event)
            asset = None if record is None else self.venue.catalogue.asset(record.fee_asset)
            return render.traded(order, event, record, asset, symbol, instrument)
        if kind is OrderAmended:
            return [render.amended(order, symbol, instrument, event.timestamp)]
        if kind is IcebergRefilled:
            return [render.refilled(order, symbol, instrument, event.timestamp)]
        if kind is OrderTriggered:
            return [render.triggered(order, symbol, instrument, event.timestamp)]
        if kind is OrderCanceled:
            return [render.canceled(order, event, symbol, instrument)]
        if kind is OrderExpired:
            return [render.expired(order, symbol, instrument, event.timestamp)]
        return []

    def _trade_record(self, order: Order, trade: TradeExecuted) -> TradeRecord | None:
        account = self.venue.engine.accounts.find(order.account)
        if account is None:
            return None
        for record in reversed(account.trades):
            if record.execution_id == trade.execution_id and record.order_id == order.order_id:
                found: TradeRecord = record
                return found
        return None

    def on_published(self, published: Published) -> None:
        if not self.balances:
            return
        accounts = self.venue.engine.accounts
        catalogue = self.venue.catalogue
        for account_id, connections in self.balances.items():
            if not connections:
                continue
            account = accounts.find(account_id)
            if account is None:
                continue
            ledger = account.ledger
            size = len(ledger)
            for connection, seen in list(connections.items()):
                if seen >= size:
                    continue
                entries = [
                    render.ledger_entry(entry, catalogue.asset(entry.asset))
                    for entry in ledger[seen:size]
                ]
                connections[connection] = size
                connection.send(
                    render.balances_message(
                        UPDATE, entries, connection.next_sequence(Channel.BALANCES)
                    )
                )


_TERSE = frozenset({"new", "trade", "filled", "canceled", "expired"})
"""What ``order_status: false`` subscribers still get (spec/spot-ws-v2.md §5.1)."""


def _streams_every_status(connection: Connection) -> bool:
    options = connection.channels.get(Channel.EXECUTIONS)
    return options is None or options.order_status
