"""A Python FIX client for Kraken's Unified FIX that works against Kraken and krakenbox alike.

See docs/fix-client.md. The pieces:

- :class:`KrakenFixClient`: the trading session (signed logon, orders, amends, cancels, mass
  cancel, status) returning awaitables of execution reports;
- :class:`MarketDataClient`: the market-data session, with :class:`LocalBook`\\ s that verify
  every 5041 checksum;
- :class:`CredentialsFile`: a krakenbox venue's ``credentials.json``.
"""

from krakenbox.client.book import BookError, ChecksumMethod, ChecksumMismatch, LocalBook, Trade
from krakenbox.client.config import (
    Account,
    CredentialsFile,
    Endpoint,
    FixCredentials,
    MarketDataSettings,
    TradingSettings,
)
from krakenbox.client.instruments import Instrument, InstrumentRequestFailed
from krakenbox.client.market_data import MarketDataClient
from krakenbox.client.model import (
    ExecutionInstruction,
    ExecutionType,
    OrderStatus,
    OrderType,
    Side,
    TimeInForce,
)
from krakenbox.client.promise import Promise
from krakenbox.client.reports import (
    BusinessMessageReject,
    ClientError,
    ExecutionReport,
    LogonRefused,
    NotLoggedOn,
    OrderRejected,
    RequestNotDelivered,
    SessionReject,
)
from krakenbox.client.subscriptions import Subscription, SubscriptionRejected
from krakenbox.client.tracking import OrderHandle
from krakenbox.client.trading import KrakenFixClient

__all__ = [
    "Account",
    "BookError",
    "BusinessMessageReject",
    "ChecksumMethod",
    "ChecksumMismatch",
    "ClientError",
    "CredentialsFile",
    "Endpoint",
    "ExecutionInstruction",
    "ExecutionReport",
    "ExecutionType",
    "FixCredentials",
    "Instrument",
    "InstrumentRequestFailed",
    "KrakenFixClient",
    "LocalBook",
    "LogonRefused",
    "MarketDataClient",
    "MarketDataSettings",
    "NotLoggedOn",
    "OrderHandle",
    "OrderRejected",
    "OrderStatus",
    "OrderType",
    "Promise",
    "RequestNotDelivered",
    "SessionReject",
    "Side",
    "Subscription",
    "SubscriptionRejected",
    "TimeInForce",
    "Trade",
    "TradingSettings",
]
