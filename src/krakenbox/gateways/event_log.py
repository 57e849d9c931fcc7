"""One log line per event worth a line: an order refused, a trade, an order canceled by a rule
(self-trade, post-only, cancel on disconnect, ...), a deposit or withdrawal. Each carries the
ids a log search needs as ``extra`` fields (``account``, ``order``, ``session``, ``pair``), so
``--log-format json`` gives them as keys. Prices, quantities and amounts are written as decimals
in the pair's or asset's precision. Order acceptance is DEBUG: busy venues make many; so is
everything that concerns only *quiet* accounts (the simulated market's participants trading
with each other, a few lines a second that would bury the lines about users)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from krakenbox.core.units import format_units
from krakenbox.domain.account_events import (
    FundsDeposited,
    FundsTransferredToFutures,
    FundsWithdrawn,
    MoneyRejected,
)
from krakenbox.domain.events import OrderAccepted, OrderCanceled, OrderRejected, TradeExecuted
from krakenbox.domain.orders import CancelReason
from krakenbox.venue.spot import Listener, Published

if TYPE_CHECKING:
    from krakenbox.domain.catalogue import Catalogue
    from krakenbox.domain.orders import Order

log = logging.getLogger("krakenbox.venue")

_OWNER_CANCELS = frozenset({CancelReason.USER_REQUESTED, CancelReason.MASS_CANCEL})


_MONEY_KINDS = {
    FundsDeposited: "deposit",
    FundsWithdrawn: "withdrawal",
    FundsTransferredToFutures: "transfer to the Futures wallet",
}


class EventLog(Listener):
    def __init__(self, catalogue: Catalogue, quiet_accounts: frozenset[str] = frozenset()) -> None:
        self.catalogue = catalogue
        self.quiet_accounts = quiet_accounts

    def _level(self, *accounts: str) -> int:
        """INFO, or DEBUG when every account concerned is quiet."""
        quiet = self.quiet_accounts
        return logging.DEBUG if all(account in quiet for account in accounts) else logging.INFO

    def on_event(self, published: Published, event: Any, orders: tuple[Order, ...]) -> None:
        if not log.isEnabledFor(logging.INFO):  # DEBUG would be enabled only with INFO
            return
        pair = published.pair
        if isinstance(event, OrderRejected):
            command = event.command
            log.log(
                self._level(command.account),
                "order refused: %s",
                event.reason.value,
                extra={
                    "account": command.account,
                    "pair": pair,
                    "session": getattr(getattr(command, "origin", None), "session_id", None),
                },
            )
        elif isinstance(event, TradeExecuted):
            instrument = self.catalogue.instrument(pair) if pair is not None else None
            log.log(
                self._level(event.taker_account, event.maker_account),
                "trade %s: %s %s at %s",
                event.execution_id,
                instrument.wsname if instrument else pair,
                instrument.format_quantity(event.quantity) if instrument else event.quantity,
                instrument.format_price(event.price) if instrument else event.price,
                extra={
                    "pair": pair,
                    "taker": event.taker_account,
                    "maker": event.maker_account,
                    "taker_order": event.taker_order_id,
                    "maker_order": event.maker_order_id,
                },
            )
        elif isinstance(event, OrderCanceled) and event.reason not in _OWNER_CANCELS:
            for order in orders:
                log.log(
                    self._level(order.account),
                    "order canceled: %s",
                    event.reason.value,
                    extra={
                        "account": order.account,
                        "order": order.order_id,
                        "pair": pair,
                        "session": order.request.origin.session_id,
                    },
                )
        elif isinstance(event, OrderAccepted) and log.isEnabledFor(logging.DEBUG):
            origin = event.request.origin
            log.debug(
                "order accepted",
                extra={
                    "account": event.request.account,
                    "order": event.order_id,
                    "pair": pair,
                    "session": origin.session_id,
                },
            )

    def on_published(self, published: Published) -> None:
        if published.pair is not None or not log.isEnabledFor(logging.INFO):
            return
        for event in published.events:
            if isinstance(event, (FundsDeposited, FundsWithdrawn, FundsTransferredToFutures)):
                kind = _MONEY_KINDS[type(event)]
                asset = self.catalogue.asset(event.asset)
                log.log(
                    self._level(event.account),
                    "%s of %s %s",
                    kind,
                    format_units(event.amount, asset.decimals),
                    asset.altname,
                    extra={"account": event.account, "ledger": event.ledger_id},
                )
            elif isinstance(event, MoneyRejected):
                log.info(
                    "money refused: %s",
                    event.reason.value,
                    extra={"command": type(event.command).__name__},
                )
