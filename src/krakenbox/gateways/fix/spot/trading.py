"""The Spot FIX trading gateway: a FIX :class:`~krakenbox.fix.application.Application` that
authenticates trading Logons and turns order messages into venue commands.

* Logon (35=A): verified as spec/fix.md §3 says (the ``authenticate`` callable); a refusal is a
  Logout with the reason, then the connection closes. 8674 and 5030 are read here.
* NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest, OrderMassCancelRequest (35=D,
  F, G, q) become commands; OrderStatusRequest (35=H) is answered from the venue's orders.
  Refusals before the engine are BusinessMessageRejects (35=j) or session Rejects (35=3),
  sent in order with the reports of everything submitted before them.
* A single cancel or replace finds only the orders of its own session (the engine filters by
  the session id); a mass cancel reaches every open order of the account, whatever placed it
  (the task's cancel scope; spec/fix.md §6.3 CONFLICT).
* A NewOrderSingle repeated with PossDupFlag=Y (a resend after the venue lost the record of
  receiving it, say across a crash) is not placed twice: if the session already placed that
  ClOrdID, the answer is the order's status report (150=I).
* Cancel on disconnect (8674=0, the default): when a session drops without a Logout exchange,
  the orders it placed are canceled. A Logout from the client keeps them, as do the venue's
  own rollover and shutdown Logouts; a Logout the venue sends because the client went silent
  or broke the protocol is an abnormal end, and cancels them.

Reports of what the engine did are rendered by :mod:`krakenbox.gateways.fix.spot.reports`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from krakenbox.domain.commands import CancelOrder, MassCancel
from krakenbox.domain.events import RejectReason
from krakenbox.domain.orders import CancelReason
from krakenbox.fix.application import Application, RejectLogon, UnsupportedMessageType
from krakenbox.fix.session import admin
from krakenbox.fix.session.session import ROLLOVER_TEXT
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.gateways.fix.acceptor import SHUTDOWN_TEXT
from krakenbox.gateways.fix.spot.sessions import Request, TradingSession, session_key
from krakenbox.kraken.errors import FixBusinessReject, fix_business_reject
from krakenbox.kraken.errors.rejects import EdgeReason
from krakenbox.kraken.fix import orders as fix_orders
from krakenbox.kraken.fix.orders import Refused
from krakenbox.kraken.ratelimits import TradingAction

if TYPE_CHECKING:
    from krakenbox.core.clock import Clock
    from krakenbox.domain.commands import Command
    from krakenbox.domain.orders import Order
    from krakenbox.fix.message import Message
    from krakenbox.fix.session import SessionID
    from krakenbox.gateways.fix.spot.reports import Reports
    from krakenbox.kraken.ratelimits import TradingCounter
    from krakenbox.kraken.symbols import SymbolTranslator
    from krakenbox.venue.spot import SpotVenue

VENUE_LOGOUTS = frozenset({ROLLOVER_TEXT, SHUTDOWN_TEXT})
"""Logouts the venue starts for its own reasons (the daily rollover, a shutdown): clean, so
they keep the session's orders. Any other Logout of ours (heartbeat timeout, sequence or CompID
faults) ends the session abnormally, and cancel on disconnect applies."""

Authenticate = Callable[["Message"], "str | RejectLogon"]
"""A trading Logon → the account it authenticates, or the refusal (Logout text)."""


class SpotTradingApplication(Application):
    """Order entry for Spot FIX trading sessions (port 4001, KRAKEN-TRD)."""

    def __init__(
        self,
        *,
        venue: SpotVenue,
        translator: SymbolTranslator,
        counter: TradingCounter,
        authenticate: Authenticate,
        clock: Clock,
        reports: Reports,
        on_submitted: Callable[[], None] = lambda: None,
    ) -> None:
        self.venue = venue
        self.translator = translator
        self.counter = counter
        self.authenticate = authenticate
        self.clock = clock
        self.reports = reports
        self.on_submitted = on_submitted
        self.sessions: dict[SessionID, TradingSession] = {}

    # --- session life ------------------------------------------------------------------------

    def on_admin(self, message: Message, session_id: SessionID) -> None:
        msg_type = message.msg_type
        if msg_type == MsgType.Logon:
            self._logon(message, session_id)
        elif msg_type == MsgType.Logout:
            session = self.sessions.get(session_id)
            if session is not None:
                session.clean_logout = True

    def on_outgoing_admin(self, message: Message, session_id: SessionID) -> None:
        if message.msg_type == MsgType.Logout and message.get(Tag.Text) in VENUE_LOGOUTS:
            session = self.sessions.get(session_id)
            if session is not None:
                session.clean_logout = True

    def _logon(self, message: Message, session_id: SessionID) -> None:
        verdict = self.authenticate(message)
        if isinstance(verdict, RejectLogon):
            raise verdict
        session = self.sessions.get(session_id)
        if session is None:
            session = TradingSession(session_id, session_key(session_id), verdict)
            self.sessions[session_id] = session
        session.start(
            account=verdict,
            cancel_on_disconnect=message.get(Tag.CancelOrdersOnDisconnect, "0") != "1",
            reset_ids=message.get(Tag.ForceResetClOrdID) == "Y",
            now=self.clock.now_ns(),
        )

    def on_logout(self, session_id: SessionID) -> None:
        session = self.sessions.get(session_id)
        if session is None or session.clean_logout or not session.cancel_on_disconnect:
            return
        self._cancel_session_orders(session)

    def _cancel_session_orders(self, session: TradingSession) -> None:
        """Cancel on disconnect: every open order this session placed, on every book."""
        now = self.clock.now_ns()
        for pair in self._books_with_open_orders(session, placed_here=True):
            command = MassCancel(
                account=session.account,
                timestamp=now,
                session_id=session.key,
                reason=CancelReason.DISCONNECT,
            )
            self._submit(
                command, pair, Request(session, MsgType.OrderMassCancelRequest, None, None)
            )

    # --- application messages ----------------------------------------------------------------

    def on_message(self, message: Message, session_id: SessionID) -> None:
        session = self.sessions.get(session_id)
        handler = _HANDLERS.get(message.msg_type)
        if session is None or handler is None:
            raise UnsupportedMessageType()
        try:
            handler(self, message, session)
        except Refused as refusal:
            self._refuse(message, session, refusal)

    def _new_order(self, message: Message, session: TradingSession) -> None:
        now = self.clock.now_ns()
        request = fix_orders.new_order(
            message, self.translator, account=session.account, session_id=session.key,
            timestamp=now,
        )  # fmt: skip
        if message.get(Tag.PossDupFlag) == "Y" and self._answer_repeat(message, session, request):
            return
        self._check_new_id(session, request.client_order_id)
        self._charge(session, request.pair, TradingAction.ADD, now)
        context = Request(
            session,
            MsgType.NewOrderSingle,
            _sequence(message),
            request.client_order_id,
            allocation_account=request.allocation_account,
        )
        self._submit(request.command, request.pair, context)

    def _cancel(self, message: Message, session: TradingSession) -> None:
        request = fix_orders.cancel_request(message, self.translator)
        self._check_new_id(session, request.client_order_id)
        now = self.clock.now_ns()
        order = self._find(session, request.order_id, request.original_client_order_id)
        age = now - order.updated_at if order is not None else None
        self._charge(session, request.pair, TradingAction.CANCEL, now, age)
        command = CancelOrder(
            account=session.account,
            timestamp=now,
            order_id=request.order_id,
            client_order_id=None if request.order_id else request.original_client_order_id,
            session_id=session.key,
        )
        original = order.client_order_id if order is not None else None
        context = Request(
            session,
            MsgType.OrderCancelRequest,
            _sequence(message),
            request.client_order_id,
            original or request.original_client_order_id,
        )
        self._submit(command, request.pair, context)

    def _replace(self, message: Message, session: TradingSession) -> None:
        now = self.clock.now_ns()
        request = fix_orders.replace_request(
            message, self.translator, account=session.account, session_id=session.key,
            timestamp=now,
        )  # fmt: skip
        self._check_new_id(session, request.client_order_id)
        order = self._find(session, request.command.order_id, None)
        age = now - order.updated_at if order is not None else None
        self._charge(session, request.pair, TradingAction.AMEND, now, age)
        original = order.client_order_id if order is not None else message.get(Tag.OrigClOrdID)
        context = Request(
            session,
            MsgType.OrderCancelReplaceRequest,
            _sequence(message),
            request.client_order_id,
            original,
        )
        self._submit(request.command, request.pair, context)

    def _mass_cancel(self, message: Message, session: TradingSession) -> None:
        request = fix_orders.mass_cancel_request(message, self.translator)
        self._check_new_id(session, request.client_order_id)
        now = self.clock.now_ns()
        context = Request(
            session, MsgType.OrderMassCancelRequest, _sequence(message), request.client_order_id
        )
        for pair in self._books_with_open_orders(session, placed_here=False):
            if request.pair is not None and pair != request.pair:
                continue
            self._submit(MassCancel(account=session.account, timestamp=now), pair, context)

    def _status(self, message: Message, session: TradingSession) -> None:
        request = fix_orders.status_request(message, self.translator)
        context = Request(
            session, MsgType.OrderStatusRequest, _sequence(message), request.client_order_id
        )
        self.venue.after_published(lambda: self.reports.status(context, request.order_id))

    def _answer_repeat(
        self, message: Message, session: TradingSession, request: fix_orders.NewOrder
    ) -> bool:
        """A NewOrderSingle sent again as a possible duplicate (43=Y, after a ResendRequest):
        if this session already placed it, answer with the order's status (150=I) instead of
        placing it twice; True when it was answered."""
        placed = next(
            (
                order
                for order in self.venue.orders.of_account(session.account)
                if order.request.origin.session_id == session.key
                and order.request.origin.client_order_id == request.client_order_id
            ),
            None,
        )
        if placed is None:
            return False
        context = Request(
            session, MsgType.NewOrderSingle, _sequence(message), request.client_order_id
        )
        order_id = placed.order_id
        self.venue.after_published(lambda: self.reports.status(context, order_id))
        return True

    # --- helpers -----------------------------------------------------------------------------

    def _books_with_open_orders(self, session: TradingSession, *, placed_here: bool) -> list[str]:
        """The pairs where the session's account (or, ``placed_here``, the session itself) has
        open orders, in a fixed order."""
        orders = self.venue.orders
        pairs = {
            orders.pair_of(order.order_id)
            for order in orders.open_orders(session.account)
            if not placed_here or order.request.origin.session_id == session.key
        }
        return sorted(filter(None, pairs))

    def _find(
        self, session: TradingSession, order_id: str | None, client_order_id: str | None
    ) -> Order | None:
        """The session's open order a cancel or replace names (for its age and last ClOrdID);
        None when there is none (the engine will say so)."""
        orders = self.venue.orders
        if order_id is not None:
            found = orders.get(order_id)
        else:
            found = next(
                (
                    order
                    for order in orders.open_orders(session.account)
                    if order.client_order_id == client_order_id
                    and order.request.origin.session_id == session.key
                ),
                None,
            )
        if found is None or found.account != session.account:
            return None
        return found

    def _check_new_id(self, session: TradingSession, client_order_id: str) -> None:
        if not session.use(client_order_id):
            raise Refused(fix_business_reject(RejectReason.DUPLICATE_CLIENT_ORDER_ID))

    def _charge(
        self,
        session: TradingSession,
        pair: str,
        action: TradingAction,
        now: int,
        age: int | None = None,
    ) -> None:
        if not self.counter.charge(session.account, pair, action, now, age):
            raise Refused(fix_business_reject(EdgeReason.TRADING_RATE_LIMIT))

    def _submit(self, command: Command, pair: str, context: Request) -> None:
        sequenced = self.venue.submit(command, pair)
        self.reports.expect(sequenced.sequence, context)
        self.on_submitted()

    def _refuse(self, message: Message, session: TradingSession, refusal: Refused) -> None:
        """Answer a refused request once everything submitted before it has been reported."""
        reply = refusal.reply
        sequence = _sequence(message)
        msg_type = message.msg_type
        if isinstance(reply, FixBusinessReject):
            answer = admin.business_reject(
                sequence, msg_type, reply.reason, reply.text, message.get(Tag.ClOrdID)
            )
        else:
            answer = admin.reject(sequence, msg_type, reply.reason, refusal.ref_tag, reply.text)
        self.venue.after_published(lambda: self.reports.send(session.session_id, answer))


def _sequence(message: Message) -> int | None:
    text = message.get(Tag.MsgSeqNum)
    return int(text) if text is not None and text.isdigit() else None


_HANDLERS: dict[str, Callable[[SpotTradingApplication, Message, TradingSession], None]] = {
    MsgType.NewOrderSingle: SpotTradingApplication._new_order,
    MsgType.OrderCancelRequest: SpotTradingApplication._cancel,
    MsgType.OrderCancelReplaceRequest: SpotTradingApplication._replace,
    MsgType.OrderMassCancelRequest: SpotTradingApplication._mass_cancel,
    MsgType.OrderStatusRequest: SpotTradingApplication._status,
}
