"""``subscribe`` / ``unsubscribe`` parameters → what to subscribe, symbol by symbol
(spec/spot-ws-v2.md §3.4, §4, §5).

:func:`read_subscription` checks one request's ``params`` and gives a :class:`Subscriptions`:
the channel, its options, and for symbol channels one entry per symbol — a
:class:`SymbolSubscription` or a :class:`Refused` for a symbol the venue does not trade. A
request that is wrong as a whole raises :class:`Refused`.

``result`` of each ack echoes the *effective* parameters (defaults filled in), and only keys a
client may send back as ``params`` (python-kraken-sdk replays them after a reconnect).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

from krakenbox.kraken.symbols import UnknownPair
from krakenbox.kraken.websocket.envelope import INVALID_ARGUMENTS, Refused

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument
    from krakenbox.kraken.symbols import SymbolTranslator

SUBSCRIPTION_NAME_INVALID: Final = "Subscription name invalid"
ALREADY_SUBSCRIBED: Final = "Already subscribed"
SUBSCRIPTION_NOT_FOUND: Final = "Subscription Not Found"
SYMBOLS_NOT_FOUND: Final = "Symbol(s) not found"

BOOK_DEPTHS: Final = (10, 25, 100, 500, 1000)
LEVEL3_DEPTHS: Final = (10, 100, 1000)
OHLC_INTERVALS: Final = (1, 5, 15, 30, 60, 240, 1440, 10080, 21600)
EVENT_TRIGGERS: Final = ("trades", "bbo")
MAXIMUM_SYMBOLS: Final = 200


class Channel(StrEnum):
    TICKER = "ticker"
    BOOK = "book"
    LEVEL3 = "level3"
    OHLC = "ohlc"
    TRADE = "trade"
    INSTRUMENT = "instrument"
    EXECUTIONS = "executions"
    BALANCES = "balances"
    HEARTBEAT = "heartbeat"

    @property
    def has_symbols(self) -> bool:
        return self in _SYMBOL_CHANNELS

    @property
    def private(self) -> bool:
        """Needs a ``token``."""
        return self in _PRIVATE_CHANNELS


_SYMBOL_CHANNELS: Final = frozenset(
    {Channel.TICKER, Channel.BOOK, Channel.LEVEL3, Channel.OHLC, Channel.TRADE}
)
_PRIVATE_CHANNELS: Final = frozenset({Channel.LEVEL3, Channel.EXECUTIONS, Channel.BALANCES})

_FIELDS: Final[dict[Channel, frozenset[str]]] = {
    Channel.TICKER: frozenset({"symbol", "event_trigger", "snapshot"}),
    Channel.BOOK: frozenset({"symbol", "depth", "snapshot"}),
    Channel.LEVEL3: frozenset({"symbol", "depth", "snapshot"}),
    Channel.OHLC: frozenset({"symbol", "interval", "snapshot"}),
    Channel.TRADE: frozenset({"symbol", "snapshot"}),
    Channel.INSTRUMENT: frozenset({"snapshot", "include_tokenized_assets"}),
    Channel.EXECUTIONS: frozenset(
        {
            "snap_orders",
            "snap_trades",
            "order_status",
            "ratecounter",
            "rebased",
            "users",
            "snapshot",
            "snapshot_trades",
        }
    ),
    Channel.BALANCES: frozenset({"snapshot", "rebased", "users"}),
    Channel.HEARTBEAT: frozenset(),
}
"""Every parameter each channel accepts besides ``channel``, ``token`` and ``req_id``."""


@dataclass(frozen=True, slots=True)
class SymbolSubscription:
    """One symbol of a symbol channel. ``depth`` for book and level3, ``interval`` for ohlc,
    ``event_trigger`` for ticker."""

    channel: Channel
    symbol: str
    instrument: Instrument
    snapshot: bool
    depth: int | None = None
    interval: int | None = None
    event_trigger: str | None = None

    def result(self) -> dict[str, Any]:
        """The ``subscribe`` ack's ``result``."""
        return self._echo(include_snapshot=True)

    def unsubscribe_result(self) -> dict[str, Any]:
        """The ``unsubscribe`` ack's ``result`` (no ``snapshot``, as Kraken's)."""
        return self._echo(include_snapshot=False)

    def _echo(self, *, include_snapshot: bool) -> dict[str, Any]:
        result: dict[str, Any] = {"channel": self.channel.value}
        if self.depth is not None:
            result["depth"] = self.depth
        if self.event_trigger is not None:
            result["event_trigger"] = self.event_trigger
        if self.interval is not None:
            result["interval"] = self.interval
        if include_snapshot:
            result["snapshot"] = self.snapshot
        result["symbol"] = self.symbol
        return result

    def matches(self, other: SymbolSubscription) -> bool:
        """Whether an unsubscribe names this subscription: channel and symbol, and the depth or
        interval when the unsubscribe gives one."""
        return (
            self.channel is other.channel
            and self.symbol == other.symbol
            and (other.depth is None or other.depth == self.depth)
            and (other.interval is None or other.interval == self.interval)
        )


@dataclass(frozen=True, slots=True)
class ChannelOptions:
    """A channel-wide subscription (instrument, executions, balances, heartbeat)."""

    channel: Channel
    snapshot: bool = True
    snap_orders: bool = True
    snap_trades: bool = False
    order_status: bool = True
    ratecounter: bool = False

    def result(self, *, maximum_rate_count: int | None = None) -> dict[str, Any]:
        channel = self.channel
        if channel is Channel.EXECUTIONS:
            result: dict[str, Any] = {"channel": channel.value}
            if maximum_rate_count is not None:
                result["maxratecount"] = maximum_rate_count
            result["snap_orders"] = self.snap_orders
            result["snap_trades"] = self.snap_trades
            return result
        if channel is Channel.HEARTBEAT:
            return {"channel": channel.value}
        return {"channel": channel.value, "snapshot": self.snapshot}

    def unsubscribe_result(self) -> dict[str, Any]:
        return {"channel": self.channel.value}


@dataclass(frozen=True, slots=True)
class Subscriptions:
    """What one subscribe or unsubscribe request asks for."""

    channel: Channel
    token: str | None
    symbols: tuple[SymbolSubscription | Refused, ...] = ()
    options: ChannelOptions | None = None


def _flag(params: dict[str, Any], name: str, default: bool) -> bool:
    value = params.get(name, default)
    if type(value) is not bool:
        raise Refused(INVALID_ARGUMENTS)
    return value


def _choice(params: dict[str, Any], name: str, allowed: tuple[Any, ...], default: Any) -> Any:
    value = params.get(name, default)
    if type(value) is not type(default) or value not in allowed:
        raise Refused(f"{INVALID_ARGUMENTS}:{name}")
    return value


def read_subscription(
    params: dict[str, Any], translator: SymbolTranslator, *, unsubscribe: bool = False
) -> Subscriptions:
    """The channel, options and symbols of a subscribe (or unsubscribe) request; raises
    :class:`Refused` (without ``method``/``req_id``: the caller adds them)."""
    name = params.get("channel")
    if not isinstance(name, str):
        raise Refused(INVALID_ARGUMENTS if name is None else SUBSCRIPTION_NAME_INVALID)
    if name == "status":
        raise Refused(SYMBOLS_NOT_FOUND)
    try:
        channel = Channel(name)
    except ValueError:
        raise Refused(SUBSCRIPTION_NAME_INVALID) from None
    allowed = _FIELDS[channel]
    for key in params:
        if key not in allowed and key not in ("channel", "token"):
            message = "unsubscribe" if unsubscribe else "subscribe"
            raise Refused(f"Unsupported field: '{key}' for the given msg type: {message}")
    token = params.get("token")
    if token is not None and not isinstance(token, str):
        raise Refused(INVALID_ARGUMENTS)
    if not channel.has_symbols:
        return Subscriptions(channel, token, options=_options(channel, params))
    return Subscriptions(
        channel, token, symbols=_symbols(channel, params, translator, unsubscribe=unsubscribe)
    )


def _options(channel: Channel, params: dict[str, Any]) -> ChannelOptions:
    if channel is Channel.EXECUTIONS:
        snap_orders = _flag(params, "snapshot", True)
        snap_orders = _flag(params, "snap_orders", snap_orders)
        snap_trades = _flag(params, "snapshot_trades", False)
        snap_trades = _flag(params, "snap_trades", snap_trades)
        _flag(params, "rebased", True)
        users = params.get("users")
        if users is not None and users != "all":
            raise Refused(f"{INVALID_ARGUMENTS}:users")
        return ChannelOptions(
            channel,
            snap_orders,
            snap_orders,
            snap_trades,
            _flag(params, "order_status", True),
            _flag(params, "ratecounter", False),
        )
    if channel is Channel.BALANCES:
        _flag(params, "rebased", True)
    if channel is Channel.INSTRUMENT:
        _flag(params, "include_tokenized_assets", False)
    return ChannelOptions(channel, _flag(params, "snapshot", True))


def _symbols(
    channel: Channel, params: dict[str, Any], translator: SymbolTranslator, *, unsubscribe: bool
) -> tuple[SymbolSubscription | Refused, ...]:
    names = params.get("symbol")
    if isinstance(names, str):
        names = [names]
    if (
        not isinstance(names, list)
        or not names
        or len(names) > MAXIMUM_SYMBOLS
        or not all(isinstance(name, str) for name in names)
    ):
        raise Refused(f"{INVALID_ARGUMENTS}:symbol")
    depth = interval = trigger = None
    snapshot = _flag(params, "snapshot", channel is not Channel.TRADE)
    if channel is Channel.BOOK:
        depth = _optional_choice(params, "depth", BOOK_DEPTHS, 10, unsubscribe)
    elif channel is Channel.LEVEL3:
        depth = _optional_choice(params, "depth", LEVEL3_DEPTHS, 10, unsubscribe)
    elif channel is Channel.OHLC:
        interval = _optional_choice(params, "interval", OHLC_INTERVALS, 1, unsubscribe)
    elif channel is Channel.TICKER:
        trigger = _choice(params, "event_trigger", EVENT_TRIGGERS, "trades")
    entries: list[SymbolSubscription | Refused] = []
    for name in dict.fromkeys(names):
        try:
            instrument = translator.websocket_pair(name)
        except UnknownPair as unknown:
            entries.append(Refused(unknown.reply, extra={"symbol": name}))
            continue
        entries.append(
            SymbolSubscription(channel, name, instrument, snapshot, depth, interval, trigger)
        )
    return tuple(entries)


def _optional_choice(
    params: dict[str, Any], name: str, allowed: tuple[int, ...], default: int, unsubscribe: bool
) -> int | None:
    """A depth or interval; an unsubscribe without one matches whatever is subscribed."""
    if unsubscribe and name not in params:
        return None
    value: int = _choice(params, name, allowed, default)
    return value
