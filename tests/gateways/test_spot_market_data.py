"""The Spot market-data Application behind real sans-I/O FIX sessions, fed by the real engine.

Clients speak the wire: literal V/x/g in, W/X/Y/y/h out. Every X that carries bids or offers
is checked the way a client would: the client rebuilds its book from W and X alone (strictly:
a NEW for a known entry, a CHANGE or DELETE for an unknown one is an error) and recomputes
ChecksumOrderBook (5041) with Kraken's algorithm; its book must also equal the venue's top N.
"""

from __future__ import annotations

import functools
import random
import tempfile
import zlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from krakenbox.core.clock import ManualClock
from krakenbox.domain.commands import AmendOrder, CancelOrder
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import Side
from krakenbox.fix import dictionary
from krakenbox.fix.codec import Parser
from krakenbox.fix.dictionary import export_quickfix_xml
from krakenbox.fix.message import Message
from krakenbox.fix.session import Session, SessionID
from krakenbox.fix.validation import validate
from krakenbox.gateways.fix.spot_market_data import MarketDataApplication
from krakenbox.kraken.symbols import SymbolTranslator
from krakenbox.venue.market_data import MarketDataRegistry
from tests.fix.session.support import START_NS, Harness, wire
from tests.matching.spot_support import BTC, BUY, LOT, SELL, XBTUSD, Spot, accepted_id, dollars

KRAKEN = dictionary.load("kraken")

try:
    import quickfix
except ImportError:  # the interop extra is not installed: our own validation still runs
    quickfix = None


@functools.cache
def quickfix_dictionary() -> Any:
    """QuickFIX's validator loaded with the dictionary krakenbox exports for its clients."""
    path = f"{tempfile.mkdtemp()}/FIX44-kraken.xml"
    with open(path, "w") as file:
        file.write(export_quickfix_xml("kraken"))
    return quickfix.DataDictionary(path)


def assert_quickfix_accepts(raw: bytes) -> None:
    """What a QuickFIX client with krakenbox's dictionary does with each message (§17)."""
    if quickfix is None:
        return
    checker = quickfix_dictionary()
    checker.validate(quickfix.Message(raw.decode("latin-1"), checker, True))


BOOK_REQUEST = "146=1|55={symbol}|262={id}|263=1|264={depth}|265=1|267=3|269=0|269=1|269=2"
L3_REQUEST = "146=1|55={symbol}|262={id}|263=1|264={depth}|265=1|266=N|267=2|269=0|269=1"


def price(dollars_: int) -> int:
    return dollars_ * 10


def crc_text(price_text: str, quantity_text: str) -> str:
    """Kraken's checksum rule for one level: decimals as sent, point removed, zeros stripped."""
    return price_text.replace(".", "").lstrip("0") + quantity_text.replace(".", "").lstrip("0")


class ClientBook:
    """The book a client keeps from W and X (L2 levels or L3 orders, by MDEntryID)."""

    def __init__(self, verify: bool = True) -> None:
        self.entries: dict[str, tuple[str, str, str]] = {}  # id -> (type, price, size)
        self.trades: list[tuple[str, str, str, str, str]] = []
        self.verify = verify
        """Only a client with 10 levels or more can recompute a top-10 checksum."""
        self.checked = 0

    def apply_snapshot(self, message: Message) -> None:
        self.entries = {}
        for entry in entries_of(message, 269):
            self.entries[entry[278]] = (entry[269], entry[270], entry[271])

    def apply_increment(self, message: Message) -> None:
        for entry in entries_of(message, 279):
            action, entry_id = entry[279], entry[278]
            if entry[269] == "2":
                self.trades.append((entry_id, entry[270], entry[271], entry[40], entry[2446]))
                continue
            if action == "0":
                assert entry_id not in self.entries, f"NEW for a known entry {entry_id}"
                self.entries[entry_id] = (entry[269], entry[270], entry[271])
            elif action == "1":
                assert entry_id in self.entries, f"CHANGE for an unknown entry {entry_id}"
                self.entries[entry_id] = (entry[269], entry[270], entry[271])
            else:
                assert entry_id in self.entries, f"DELETE for an unknown entry {entry_id}"
                del self.entries[entry_id]
        if 5041 not in message:
            assert all(entry[269] == "2" for entry in entries_of(message, 279))
        elif self.verify:
            assert int(message[5041]) == self.checksum(), "5041 disagrees with the rebuilt book"
            self.checked += 1

    def queues(self, side: str) -> list[tuple[str, list[str]]]:
        """L3: each level's order ids in the order the client holds them, best level first."""
        by_price: dict[str, list[str]] = {}
        for entry_id, (entry_type, price_text, _) in self.entries.items():
            if entry_type == side:
                by_price.setdefault(price_text, []).append(entry_id)
        prices = sorted(by_price, key=Decimal, reverse=side == "0")
        return [(p, by_price[p]) for p in prices]

    def levels(self, side: str) -> list[tuple[str, str]]:
        """Aggregated levels of one side ('0' bids, '1' offers), best first, as text."""
        totals: dict[str, int] = {}
        decimals: dict[str, int] = {}
        for entry_type, price_text, size in self.entries.values():
            if entry_type == side:
                whole, _, fraction = size.partition(".")
                decimals[price_text] = len(fraction)
                totals[price_text] = totals.get(price_text, 0) + int(whole + fraction)
        prices = sorted(totals, key=Decimal, reverse=side == "0")
        return [(p, _units_text(totals[p], decimals[p])) for p in prices]

    def checksum(self) -> int:
        asks = self.levels("1")[:10]
        bids = self.levels("0")[:10]
        text = "".join(crc_text(p, q) for p, q in asks) + "".join(crc_text(p, q) for p, q in bids)
        return zlib.crc32(text.encode("ascii"))


def _units_text(units: int, decimals: int) -> str:
    digits = str(units).rjust(decimals + 1, "0")
    return f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits


def entries_of(message: Message, first_tag: int) -> Iterator[dict[int, str]]:
    """Each repeating-group entry as a dict, split at its first field."""
    entry: dict[int, str] | None = None
    for tag, value in message.fields:
        if tag == first_tag:
            if entry is not None:
                yield entry
            entry = {}
        if entry is not None and tag != 5041:
            entry[tag] = value
    if entry is not None:
        yield entry


class Venue:
    """One engine, its market-data views and one market-data Application (L2 or L3 port)."""

    def __init__(self, *, level3: bool = False, **options: Any) -> None:
        self.spot = Spot()
        catalogue = self.spot.engine.catalogue
        self.registry = MarketDataRegistry()
        for instrument in catalogue:
            self.registry.add(instrument.key)
        self.sessions: dict[SessionID, Session] = {}
        self.status = MarketStatus.ONLINE
        self.pair_status: dict[str, MarketStatus] = {}
        self.app = MarketDataApplication(
            registry=self.registry,
            translator=SymbolTranslator(catalogue),
            level3=level3,
            send=lambda session_id, message: self.sessions[session_id].send(message),
            market_status=lambda pair: self.pair_status.get(pair.key, pair.status),
            trading_status=lambda: self.status,
            **options,
        )
        self.clock = ManualClock(START_NS)
        for account in ("maker", "taker"):
            self.spot.deposit(account, "ZUSD", dollars(10_000_000))
            self.spot.deposit(account, "XXBT", 1_000 * BTC)

    def client(self, name: str = "CLIENT") -> Client:
        harness = Harness(
            us="KRAKEN-MD",
            them=name,
            application=self.app,
            clock=self.clock,
            validate_with=KRAKEN,
        )
        self.sessions[harness.session.session_id] = harness.session
        client = Client(harness)
        client.harness.logon()
        return client

    def run(self, events: list[Any], pair: str = XBTUSD) -> list[Any]:
        """What the venue does after each command: views first, then publish."""
        self.app.publish(self.registry.apply(pair, events))
        return events

    def order(
        self, account: str, side: Side, quantity: int, limit: int | None = None, **options: Any
    ) -> str | None:
        events = self.run(
            self.spot.order(account, side, quantity, limit, **options), options.get("pair", XBTUSD)
        )
        try:
            return accepted_id(events)
        except StopIteration:
            return None

    def cancel(self, account: str, order_id: str) -> None:
        self.run(
            self.spot.send(
                CancelOrder(account=account, order_id=order_id, timestamp=self.spot.tick())
            )
        )

    def amend(self, account: str, order_id: str, **fields: Any) -> None:
        command = AmendOrder(
            account=account, order_id=order_id, timestamp=self.spot.tick(), **fields
        )
        self.run(self.spot.send(command))


class Client:
    """A counterparty on one session: sends literal messages, reads what comes back."""

    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self.seq = 2
        self.books: dict[tuple[str, str], ClientBook] = {}
        self.depths: dict[str, int] = {}

    def send(self, msg_type: str, body: str) -> list[Message]:
        if msg_type == "V":
            fields = dict(field.split("=", 1) for field in body.split("|"))
            self.depths[fields["262"]] = int(fields.get("264", "0"))
        frame = self.harness.msg(msg_type, self.seq, body)
        self.seq += 1
        self.harness.session.receive_data(frame)
        return self.read()

    def read(self) -> list[Message]:
        """Frames the venue sent since the last read; each must be valid for our dictionary,
        and W/X update this client's books."""
        data = self.harness.session.data_to_send()
        parser = Parser()
        parser.feed(data)
        messages = []
        while (message := parser.next()) is not None:
            assert isinstance(message, Message)
            assert validate(message, KRAKEN) is None, message
            assert message.raw is not None
            assert_quickfix_accepts(message.raw)
            messages.append(message)
            key = (message.get(262, ""), message.get(55, ""))
            if message.msg_type == "W":
                depth = self.depths.get(key[0], 0)
                self.books[key] = ClientBook(verify=depth == 0 or depth >= 10)
                self.books[key].apply_snapshot(message)
            elif message.msg_type == "X":
                self.books[key].apply_increment(message)
        return messages

    def texts(self) -> list[str]:
        return [body(message) for message in self.read()]


def body(message: Message) -> str:
    """35 and the body, without the session header, as `|` text."""
    skip = {8, 9, 10, 34, 49, 52, 56}
    return "|".join(f"{tag}={value}" for tag, value in message.fields if tag not in skip)


def at(offset_ms: int) -> str:
    """MDEntryTime of the Spot helper's clock (2023-11-14 22:13:20 UTC + ticks of 1 ms)."""
    return f"22:13:20.{offset_ms:03d}"


def crc(asks: list[tuple[str, str]], bids: list[tuple[str, str]]) -> int:
    text = "".join(crc_text(p, q) for p, q in asks) + "".join(crc_text(p, q) for p, q in bids)
    return zlib.crc32(text.encode())


# --- Level 2 ----------------------------------------------------------------------------------


def test_level2_subscription_snapshot_and_increments_on_the_wire() -> None:
    venue = Venue()
    venue.order("maker", SELL, LOT, price(30_000))  # before the subscription
    client = venue.client()
    replies = client.send("V", BOOK_REQUEST.format(symbol="BTC/USD", id="1", depth=0))
    assert [body(message) for message in replies] == [
        "35=W|262=1|55=BTC/USD|268=1|269=1|278=O30000.0|270=30000.0|271=1.00000000|273=" + at(5)
    ]
    venue.order("maker", BUY, LOT // 2, price(29_999))
    checksum = crc([("30000.0", "1.00000000")], [("29999.0", "0.50000000")])
    assert client.texts() == [
        "35=X|55=BTC/USD|262=1|268=1|279=0|269=0|278=B29999.0|270=29999.0|271=0.50000000|"
        f"273={at(6)}|5041={checksum}"
    ]
    venue.order("taker", BUY, 4 * LOT // 10)  # market buy: a trade and a smaller offer
    checksum = crc([("30000.0", "0.60000000")], [("29999.0", "0.50000000")])
    assert client.texts() == [
        "35=X|55=BTC/USD|262=1|268=2|"
        f"279=0|269=2|278=1|270=30000.0|271=0.40000000|273={at(7)}|40=1|2446=1|"
        f"279=1|269=1|278=O30000.0|270=30000.0|271=0.60000000|273={at(7)}|5041={checksum}"
    ]
    venue.order("taker", SELL, LOT // 2, price(29_999))  # limit sell fills the bid: it is gone
    [increment] = client.read()
    assert "279=2|269=0|278=B29999.0|270=29999.0|271=0.00000000" in body(increment)
    assert "40=2|2446=2" in body(increment)
    assert client.books[("1", "BTC/USD")].checked == 3


def test_a_command_that_changes_nothing_public_sends_nothing() -> None:
    venue = Venue()
    client = venue.client()
    client.send("V", BOOK_REQUEST.format(symbol="BTC/USD", id="1", depth=10))
    venue.order("taker", BUY, LOT)  # a market order into an empty book: no trade, no level
    venue.order("maker", SELL, LOT, price(100), pair="XETHZUSD")  # another pair
    assert client.read() == []


def test_each_subscriber_gets_its_own_depth_window() -> None:
    venue = Venue()
    for dollars_ in (30_001, 30_002, 30_003):
        venue.order("maker", SELL, LOT, price(dollars_))
    top, deep = venue.client("TOP"), venue.client("DEEP")
    [snapshot] = top.send("V", BOOK_REQUEST.format(symbol="BTC/USD", id="t", depth=1))
    assert snapshot.get_all(278) == ["O30001.0"]
    [snapshot] = deep.send("V", BOOK_REQUEST.format(symbol="XBT/USD", id="d", depth=10))
    assert snapshot.get_all(278) == ["O30001.0", "O30002.0", "O30003.0"]
    venue.order("maker", SELL, 2 * LOT, price(30_000))  # a better offer
    [increment] = top.read()
    # The old best only left depth 1: a delete with its size; the new best is new.
    assert body(increment).startswith(
        "35=X|55=BTC/USD|262=t|268=2|"
        f"279=2|269=1|278=O30001.0|270=30001.0|271=1.00000000|273={at(8)}|"
        f"279=0|269=1|278=O30000.0|270=30000.0|271=2.00000000|273={at(8)}|5041="
    )
    [increment] = deep.read()
    assert body(increment).startswith("35=X|55=XBT/USD|262=d|268=1|279=0|269=1|278=O30000.0|")
    venue.order("taker", BUY, 2 * LOT)  # the new best is taken: 30001 comes back into depth 1
    [increment] = top.read()
    assert [entry[279] + entry[278] for entry in entries_of(increment, 279)] == [
        "01",  # the trade (279=0, trade id 1)
        "2O30000.0",
        "0O30001.0",
    ]
    assert [entry[271] for entry in entries_of(increment, 279)][1:] == ["0.00000000", "1.00000000"]
    deep.read()
    assert top.books[("t", "BTC/USD")].levels("1") == [("30001.0", "1.00000000")]
    # A depth-1 client cannot recompute a top-10 checksum; the value is still the venue's.
    assert int(increment[5041]) == deep.books[("d", "XBT/USD")].checksum()


def test_trades_only_subscription_gets_no_book_and_no_checksum() -> None:
    venue = Venue()
    client = venue.client()
    [snapshot] = client.send("V", "146=1|55=BTC/USD|262=T|263=1|264=0|267=1|269=2")
    assert body(snapshot) == "35=W|262=T|55=BTC/USD|268=0"
    venue.order("maker", SELL, LOT, price(30_000))
    assert client.read() == []
    venue.order("taker", BUY, LOT)
    assert client.texts() == [
        f"35=X|55=BTC/USD|262=T|268=1|279=0|269=2|278=1|270=30000.0|271=1.00000000|273={at(6)}|40=1|2446=1"
    ]


def test_book_without_trades_leaves_trades_out() -> None:
    venue = Venue()
    venue.order("maker", SELL, LOT, price(30_000))
    client = venue.client()
    client.send("V", "146=1|55=BTC/USD|262=B|263=1|264=10|267=2|269=0|269=1")
    venue.order("taker", BUY, LOT // 4)
    [increment] = client.read()
    assert increment.get_all(269) == ["1"]


def test_one_request_for_two_pairs_gives_one_snapshot_and_separate_increments_per_pair() -> None:
    venue = Venue()
    client = venue.client()
    replies = client.send("V", "146=2|55=BTC/USD|55=ETH/USD|262=2P|263=1|264=10|267=2|269=0|269=1")
    assert [(m.msg_type, m[55]) for m in replies] == [("W", "BTC/USD"), ("W", "ETH/USD")]
    venue.order("maker", BUY, LOT, price(200), pair="XETHZUSD")
    [increment] = client.read()
    assert (increment[55], increment.get_all(278)) == ("ETH/USD", ["B20.00"])


def test_random_streams_keep_every_depth_in_step() -> None:
    """Seeded random orders, cancels, amends and market orders; clients at several depths
    rebuild the book from the wire and check every 5041 and their top N."""
    venue = Venue()
    depths = {"D1": 1, "D10": 10, "D25": 25, "FULL": 0}
    clients = {name: venue.client(name) for name in depths}
    for name, client in clients.items():
        client.send("V", BOOK_REQUEST.format(symbol="BTC/USD", id=name, depth=depths[name]))
    rng = random.Random(2026)
    resting: list[tuple[str, str]] = []
    for _ in range(400):
        roll = rng.random()
        if roll < 0.55 or not resting:
            side = rng.choice((BUY, SELL))
            middle = 30_000 if side is SELL else 29_990
            limit = price(middle + rng.randint(-15, 15))
            account = rng.choice(("maker", "taker"))
            order_id = venue.order(account, side, rng.randint(1, 300) * LOT // 100, limit)
            if order_id is not None:
                resting.append((account, order_id))
        elif roll < 0.75:
            account, order_id = resting.pop(rng.randrange(len(resting)))
            venue.cancel(account, order_id)
        elif roll < 0.85:
            account, order_id = rng.choice(resting)
            venue.amend(account, order_id, quantity=rng.randint(1, 300) * LOT // 100)
        else:
            venue.order(
                rng.choice(("maker", "taker")),
                rng.choice((BUY, SELL)),
                rng.randint(1, 200) * LOT // 100,
            )
        received = {name: client.read() for name, client in clients.items()}
        # A depth-1 client cannot check 5041 itself; it must equal what the full book gives.
        full_checksum = clients["FULL"].books[("FULL", "BTC/USD")].checksum()
        for message in received["D1"]:
            if 5041 in message:
                assert int(message[5041]) == full_checksum
    book = venue.registry[XBTUSD].book
    for name, client in clients.items():
        client_book = client.books[(name, "BTC/USD")]
        depth = depths[name] or 1000
        for side, code in ((BUY, "0"), (SELL, "1")):
            server = [
                (f"{p // 10}.{p % 10}", f"{q // LOT}.{q % LOT:08d}")
                for p, q in book.levels(side, depth)
            ]
            assert client_book.levels(code) == server
        assert client_book.checked > 100 or not client_book.verify
    assert len(clients["FULL"].books[("FULL", "BTC/USD")].trades) > 20


# --- Level 3 ----------------------------------------------------------------------------------


def test_level3_orders_on_the_wire() -> None:
    venue = Venue(level3=True)
    first = venue.order("maker", SELL, LOT, price(30_000))
    client = venue.client()
    [snapshot] = client.send("V", L3_REQUEST.format(symbol="BTC/USD", id="L3", depth=10))
    assert body(snapshot) == (
        f"35=W|262=L3|55=BTC/USD|268=1|269=1|278={first}|270=30000.0|271=1.00000000|"
        f"273={at(5)}|5060=2023-11-14T22:13:20.005000000Z|5273=2023-11-14T22:13:20.005000000Z"
    )
    second = venue.order("maker", SELL, LOT // 2, price(30_000))
    [increment] = client.read()
    assert body(increment).startswith(
        f"35=X|55=BTC/USD|262=L3|268=1|279=0|269=1|278={second}|270=30000.0|271=0.50000000|"
        f"273={at(6)}|5060=2023-11-14T22:13:20.006000000Z|5273=2023-11-14T22:13:20.006000000Z|"
        "5041="
    )
    venue.order("taker", BUY, LOT + LOT // 4)  # fills the first order, part of the second
    [increment] = client.read()
    assert [(e[279], e[278], e[271]) for e in entries_of(increment, 279)] == [
        ("2", first, "0.00000000"),
        ("1", second, "0.25000000"),
    ]
    assert increment.get_all(5273)[1] == "2023-11-14T22:13:20.006000000Z"
    assert client.books[("L3", "BTC/USD")].checked == 2


def test_level3_depth_window_deletes_with_size_when_a_level_leaves_the_range() -> None:
    venue = Venue(level3=True)
    first = venue.order("maker", SELL, LOT, price(30_001))
    client = venue.client()
    client.send("V", L3_REQUEST.format(symbol="BTC/USD", id="1", depth=1))
    better = venue.order("maker", SELL, LOT // 10, price(30_000))
    [increment] = client.read()
    assert [(e[279], e[278], e[271]) for e in entries_of(increment, 279)] == [
        ("2", first, "1.00000000"),
        ("0", better, "0.10000000"),
    ]


@pytest.mark.parametrize("depth", [0, 10])
def test_random_level3_streams_keep_the_queues_and_the_checksum(depth: int) -> None:
    """Orders, cancels, amends (priority kept or lost), market orders and icebergs on the L3
    port: the client's orders, in queue order per level, match the venue's; every 5041 holds."""
    venue = Venue(level3=True)
    client = venue.client()
    client.send("V", L3_REQUEST.format(symbol="BTC/USD", id="L3", depth=depth))
    rng = random.Random(3 + depth)
    resting: list[tuple[str, str]] = []
    for _ in range(400):
        roll = rng.random()
        account = rng.choice(("maker", "taker"))
        if roll < 0.5 or not resting:
            side = rng.choice((BUY, SELL))
            limit = price((30_000 if side is SELL else 29_992) + rng.randint(-10, 10))
            quantity = rng.randint(1, 300) * LOT // 100
            options = {"display_quantity": quantity // 3} if rng.random() < 0.1 else {}
            order_id = venue.order(account, side, quantity, limit, **options)
            if order_id is not None:
                resting.append((account, order_id))
        elif roll < 0.7:
            venue.cancel(*resting.pop(rng.randrange(len(resting))))
        elif roll < 0.9:
            owner, order_id = rng.choice(resting)
            venue.amend(owner, order_id, quantity=rng.randint(1, 300) * LOT // 100)
        else:
            venue.order(account, rng.choice((BUY, SELL)), rng.randint(1, 150) * LOT // 100)
        client.read()
    book = client.books[("L3", "BTC/USD")]
    assert book.checked > 100
    view = venue.registry[XBTUSD].orders
    for side, code in ((BUY, "0"), (SELL, "1")):
        venue_queues = [
            (f"{p // 10}.{p % 10}", [order.order_id for order in orders])
            for p, orders in view.levels(side, depth or None)
        ]
        assert book.queues(code) == venue_queues


# --- refusals and the subscription's life ----------------------------------------------------


@pytest.mark.parametrize(
    ("level3", "request_body", "reply"),
    [
        (
            False,
            L3_REQUEST.format(symbol="BTC/USD", id="R", depth=0),
            "262=R|281=B|58=Level3 not available on this port",
        ),
        (
            True,
            L3_REQUEST.format(symbol="BTC/USD", id="R", depth=0) + "|269=2",
            "262=R|281=C|58=Trade not available with Level3",
        ),
        (
            False,
            BOOK_REQUEST.format(symbol="FOO/BAR", id="MDSUB1", depth=0),
            "262=MDSUB1|281=0|58=Unknown symbol: FOO/BAR",
        ),
        (
            False,
            BOOK_REQUEST.format(symbol="BTC/USD", id="R", depth=7),
            "262=R|281=5|58=Unsupported market depth: 7",
        ),
    ],
)
def test_refusals_on_the_wire(level3: bool, request_body: str, reply: str) -> None:
    venue = Venue(level3=level3)
    client = venue.client()
    request_body = request_body.replace("267=2|269=0|269=1|269=2", "267=3|269=0|269=1|269=2")
    assert client.texts() == []
    assert [body(m) for m in client.send("V", request_body)] == ["35=Y|" + reply]


def test_duplicate_mdreqid_while_live_then_reusable_after_unsubscribe() -> None:
    venue = Venue()
    client = venue.client()
    request_body = BOOK_REQUEST.format(symbol="BTC/USD", id="MDSUB1", depth=10)
    assert client.send("V", request_body)[0].msg_type == "W"
    assert [body(m) for m in client.send("V", request_body)] == [
        "35=Y|262=MDSUB1|281=1|58=Duplicate MDReqID"
    ]
    unsubscribe = request_body.replace("263=1", "263=2")
    assert client.send("V", unsubscribe) == []
    venue.order("maker", SELL, LOT, price(30_000))
    assert client.read() == []  # unsubscribed: no X
    assert client.send("V", unsubscribe) == []  # an unknown MDReqID is ignored
    assert client.send("V", request_body)[0].msg_type == "W"


def test_depth_100_follows_the_configured_depths() -> None:
    venue = Venue(depths=frozenset({0, 1, 10, 25, 500, 1000}))
    client = venue.client()
    assert [
        body(m)
        for m in client.send("V", BOOK_REQUEST.format(symbol="BTC/USD", id="MDSUB2", depth=100))
    ] == ["35=Y|262=MDSUB2|281=5|58=Unsupported market depth: 100"]
    assert (
        Venue()
        .client()
        .send("V", BOOK_REQUEST.format(symbol="BTC/USD", id="D", depth=100))[0]
        .msg_type
        == "W"
    )


def test_logout_drops_the_sessions_subscriptions() -> None:
    venue = Venue()
    client = venue.client()
    client.send("V", BOOK_REQUEST.format(symbol="BTC/USD", id="1", depth=10))
    client.harness.session.connection_lost()
    venue.order("maker", SELL, LOT, price(30_000))
    assert venue.app._by_pair[XBTUSD] == []
    client.harness.logon()
    client.seq = client.harness.store.next_target_seq
    client.read()
    assert (
        client.send("V", BOOK_REQUEST.format(symbol="BTC/USD", id="1", depth=10))[0].msg_type == "W"
    )


def test_other_application_messages_are_business_rejected() -> None:
    venue = Venue()
    client = venue.client()
    [reply] = client.send("H", "11=1|37=OQNCZM-NVAVC-AVD2LO|55=BTC/USD")
    assert reply.msg_type == "j" and reply[380] == "3"


# --- reference data and status ---------------------------------------------------------------


def test_instrument_list_snapshot_and_status_updates() -> None:
    venue = Venue()
    client = venue.client()
    [reply] = client.send("x", "55=BTC/USD|320=SLS1|559=0|263=1")
    assert body(reply) == (
        "35=y|320=SLS1|322=1|560=0|146=1|55=BTC/USD|562=0.00000001|5010=8|5011=0.00005|"
        "5013=0.5|2349=1|5022=0.1|5032=1"
    )
    [everything] = client.send("x", "320=ALL|559=4")
    assert len(everything.get_all(55)) == len(venue.spot.engine.catalogue)
    pair = venue.spot.engine.catalogue.instrument(XBTUSD)
    venue.pair_status[XBTUSD] = MarketStatus.CANCEL_ONLY
    venue.app.instrument_status_changed(pair)
    [update] = client.read()
    assert (update[320], update[322], update[55], update[5032]) == ("SLS1", "3", "BTC/USD", "3")
    venue.app.instrument_status_changed(venue.spot.engine.catalogue.instrument("XETHZUSD"))
    assert client.read() == []  # SLS1 covers BTC/USD only; ALL was a snapshot
    client.send("x", "55=BTC/USD|320=SLS1|559=0|263=2")
    venue.app.instrument_status_changed(pair)
    assert client.read() == []


def test_instrument_list_refusal() -> None:
    venue = Venue()
    client = venue.client()
    assert client.texts() == []
    [reply] = client.send("x", "55=FOO/BAR|320=Q|559=0")
    assert body(reply) == "35=y|320=Q|322=1|560=2|58=Unknown symbol: FOO/BAR"


def test_trading_session_status_snapshot_subscription_and_push() -> None:
    venue = Venue()
    client = venue.client()
    assert [body(m) for m in client.send("g", "335=TSSREQ1|336=SESSION|263=1")] == [
        "35=h|335=TSSREQ1|336=SESSION|340=2"
    ]
    assert [body(m) for m in client.send("g", "335=TSSREQ2|336=SESSION|263=1")] == [
        "35=h|335=TSSREQ2|336=SESSION|340=6|567=103|58=Already subscribed"
    ]
    assert [body(m) for m in client.send("g", "335=TSSREQ1|336=SESSION|263=0")] == [
        "35=h|335=TSSREQ1|336=SESSION|340=6|567=102|58=Duplicate TradSesReqID"
    ]
    assert [body(m) for m in client.send("g", "335=X|336=SESSION|263=0")] == [
        "35=h|335=X|336=SESSION|340=2"
    ]
    venue.status = MarketStatus.CANCEL_ONLY
    venue.app.trading_status_changed()
    assert client.texts() == ["35=h|335=TSSREQ1|336=SESSION|340=101"]
    other = venue.client("OTHER")
    assert [body(m) for m in other.send("g", "335=A|336=OTHER|263=0")] == [
        "35=h|335=A|336=OTHER|340=6|567=1|58=Unknown TradingSessionID: OTHER"
    ]


def test_kraken_spot_example_request_is_accepted_verbatim() -> None:
    """spec/fix.md §8.1's spot V, header and all (fields in Kraken's order)."""
    venue = Venue()
    client = venue.client()
    frame = wire(
        f"8=FIX.4.4|35=V|34=2|49=CLIENT|52={client.harness.now()}|56=KRAKEN-MD|"
        "146=1|55=BTC/USD|262=1|263=1|264=0|265=1|267=3|269=0|269=1|269=2"
    )
    client.harness.session.receive_data(frame)
    assert client.texts() == ["35=W|262=1|55=BTC/USD|268=0"]
