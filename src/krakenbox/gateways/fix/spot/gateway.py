"""The Spot FIX gateway assembled: trading on 4001 (KRAKEN-TRD), market data L2 on 4000 and
L3 on 4005 (KRAKEN-MD), over one :class:`~krakenbox.venue.spot.SpotVenue`.

Logons: a trading Logon is verified as spec/fix.md §3 says (API key of kind FIX, signature,
nonce window, and the SenderCompID issued to the key's account for Spot); a market-data Logon
needs only a SenderCompID issued for Spot. Every refusal is a Logout with the reason, then the
connection closes.

Sessions keep their state in the session store (sequence numbers and sent messages, for
ResendRequest), reset every day at 22:00 UTC with a ~30 s window in which logons are refused.
Reports for a session that is not connected are sequenced and stored all the same: the client
gets them by ResendRequest when it logs on again without resetting.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from krakenbox.domain.commands import ChangeMarketStatus
from krakenbox.fix import dictionary
from krakenbox.fix.application import RejectLogon
from krakenbox.fix.session import Role, SessionID, SessionSettings
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.gateways.fix import FixAcceptor, Listener
from krakenbox.gateways.fix.provider import DynamicSessionProvider
from krakenbox.gateways.fix.spot.reports import Reports
from krakenbox.gateways.fix.spot.trading import SpotTradingApplication
from krakenbox.gateways.fix.spot_market_data import MarketDataApplication
from krakenbox.kraken.fix.logon import (
    NONCE_WINDOW_MS,
    LogonAccepted,
    NonceTracker,
    verify_logon,
)
from krakenbox.kraken.symbols import SymbolTranslator
from krakenbox.venue.directory import Market
from krakenbox.venue.spot import Listener as VenueListener
from krakenbox.venue.spot import Published

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable

    from krakenbox.core.clock import Clock
    from krakenbox.fix.message import Message
    from krakenbox.fix.store import MessageStore
    from krakenbox.gateways.spot_context import SpotContext
    from krakenbox.gateways.venue_loop import VenueLoop
    from krakenbox.venue.directory import Directory
    from krakenbox.venue.spot import SpotVenue

TRADING_COMP_ID: Final = "KRAKEN-TRD"
MARKET_DATA_COMP_ID: Final = "KRAKEN-MD"
RESET_TIME: Final = datetime.time(22, 0)
ROLLOVER_S: Final = 30.0
UNKNOWN_SENDER: Final = "Logon failed: unknown SenderCompID"


@dataclass(frozen=True, slots=True)
class SpotFixPorts:
    trading: int = 4001
    market_data_l2: int = 4000
    market_data_l3: int = 4005


@dataclass(slots=True)
class SpotFixGateway:
    """The acceptor with its three listeners and the applications behind them."""

    acceptor: FixAcceptor
    trading: SpotTradingApplication
    reports: Reports
    market_data: tuple[MarketDataApplication, MarketDataApplication]
    providers: dict[str, DynamicSessionProvider]

    def send(self, session_id: SessionID, message: Message) -> None:
        """Send to a session, connected or not (then it is stored for ResendRequest)."""
        if session_id in self.acceptor.bound:
            self.acceptor.send(session_id, message)
            return
        provider = self.providers.get(session_id.qualifier)
        if provider is not None:
            provider.session(session_id).send(message)


class _MarketDataFeed(VenueListener):
    """Tells the market-data sessions what each published command changed: book and trades
    (35=X), and an instrument's status (35=y to instrument-list subscribers)."""

    def __init__(self, applications: tuple[MarketDataApplication, ...], venue: SpotVenue) -> None:
        self.applications = applications
        self.venue = venue

    def on_published(self, published: Published) -> None:
        if isinstance(published.command, ChangeMarketStatus) and published.pair is not None:
            instrument = self.venue.engine.instrument(published.pair)
            for application in self.applications:
                application.instrument_status_changed(instrument)
        update = published.market_data
        if update is None or update.is_empty:
            return
        for application in self.applications:
            application.publish(update)


class _MarketDataLogon(MarketDataApplication):
    """Market data: the SenderCompID is the only credential (spec/fix.md §1.2)."""

    allowed: Callable[[str], bool]

    def on_admin(self, message: Message, session_id: SessionID) -> None:
        if message.msg_type == MsgType.Logon and not self.allowed(
            message.get(Tag.SenderCompID) or ""
        ):
            raise RejectLogon(UNKNOWN_SENDER)
        super().on_admin(message, session_id)


def spot_fix_gateway(
    context: SpotContext,
    *,
    open_store: Callable[[SessionID], MessageStore],
    host: str = "127.0.0.1",
    ports: SpotFixPorts = SpotFixPorts(),
    ssl_context: ssl.SSLContext | None = None,
    nonce_window_ms: int = NONCE_WINDOW_MS,
    session_clock: Clock | None = None,
) -> SpotFixGateway:
    """Build the gateway (not started: ``await gateway.acceptor.start()``).

    ``session_clock`` (default: the venue's) drives the FIX sessions — SendingTime, heartbeats,
    the logon nonce window, the daily reset — while orders are stamped with the venue's clock.
    A venue on a manual clock gives its FIX sessions the wall clock, so that clients' SendingTime
    and nonces stay acceptable whatever the venue's time."""
    venue_loop, directory, clock = context.venue_loop, context.directory, context.clock
    session_clock = session_clock or clock
    venue = venue_loop.venue
    kraken = dictionary.load("kraken")
    translator = context.translator
    nonces = NonceTracker()  # FIX keys are their own keys: their nonces are not REST's

    def authenticate(message: Message) -> str | RejectLogon:
        verdict = verify_logon(
            message,
            find_key=directory.key,
            nonces=nonces,
            now_ns=session_clock.now_ns(),
            allowed_sender=lambda key, sender: directory.sender_allowed(
                key.account, sender, Market.SPOT
            ),
            window_ms=nonce_window_ms,
        )
        if isinstance(verdict, LogonAccepted):
            return verdict.account
        return RejectLogon(verdict.text)

    gateway: SpotFixGateway | None = None

    def send(session_id: SessionID, message: Message) -> None:
        assert gateway is not None
        gateway.send(session_id, message)

    trading_qualifier = "spot-trading"

    @functools.cache
    def session_of(origin_session: str) -> SessionID | None:
        """The trading session of an order's origin (``fix:<CompID>``), made once per name."""
        if not origin_session.startswith("fix:"):
            return None
        return SessionID("FIX.4.4", TRADING_COMP_ID, origin_session[4:], trading_qualifier)

    def observe(protocol: str, seconds: float) -> None:
        if context.observe_request is not None:  # set by whoever collects metrics, maybe later
            context.observe_request(protocol, seconds)

    reports = Reports(
        venue=venue, translator=translator, send=send, session_of=session_of, observe=observe
    )
    trading = SpotTradingApplication(
        venue=venue,
        translator=translator,
        counter=context.counter,
        authenticate=authenticate,
        clock=clock,
        reports=reports,
        on_submitted=venue_loop.request_flush,
    )
    market_data = (
        _market_data_application(venue_loop, translator, send, directory, level3=False),
        _market_data_application(venue_loop, translator, send, directory, level3=True),
    )

    def settings_for(session_id: SessionID) -> SessionSettings:
        return SessionSettings(
            session_id=session_id,
            role=Role.ACCEPTOR,
            reset_time=RESET_TIME,
            logon_blackout_s=ROLLOVER_S,
            validate_with=kraken,
        )

    providers: dict[str, DynamicSessionProvider] = {}
    listeners = []
    for name, port, comp_id, qualifier, application in (
        ("FIX spot trading", ports.trading, TRADING_COMP_ID, trading_qualifier, trading),
        ("FIX spot market data L2", ports.market_data_l2, MARKET_DATA_COMP_ID, "spot-md-l2",
         market_data[0]),
        ("FIX spot market data L3", ports.market_data_l3, MARKET_DATA_COMP_ID, "spot-md-l3",
         market_data[1]),
    ):  # fmt: skip
        provider = DynamicSessionProvider(
            clock=session_clock,
            application=application,
            settings_for=settings_for,
            open_store=open_store,
            dictionary=kraken,
            our_comp_ids={comp_id},
            qualifier=qualifier,
        )
        providers[qualifier] = provider
        listeners.append(Listener(name, host, port, provider, ssl_context))
    venue.listen(reports)
    venue.listen(_MarketDataFeed(market_data, venue))
    gateway = SpotFixGateway(
        FixAcceptor(session_clock, listeners), trading, reports, market_data, providers
    )
    return gateway


def _market_data_application(
    venue_loop: VenueLoop,
    translator: SymbolTranslator,
    send: Callable[[SessionID, Message], None],
    directory: Directory,
    level3: bool,
) -> MarketDataApplication:
    engine = venue_loop.venue.engine
    application = _MarketDataLogon(
        registry=venue_loop.venue.market_data,
        translator=translator,
        level3=level3,
        send=send,
        market_status=lambda instrument: engine.book(instrument.key).status,
    )
    application.allowed = lambda sender: _spot_sender(directory, sender)
    return application


def _spot_sender(directory: Directory, sender: str) -> bool:
    record = directory.comp_id(sender)
    return record is not None and record.market is Market.SPOT
