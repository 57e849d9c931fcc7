"""Bad input over the wire, generated: one trading session sends hundreds of order messages (D,
F, G, q, H) built from plausible ones with fields made odd, dropped or added, seeded so every
run sends the same. Each gets its answer (an ExecutionReport, a cancel reject, a business or
session reject; a mass cancel that matched nothing gets none, as at Kraken), never "Application
not available" (an unexpected exception), and the session is still logged on and trading at
the end."""

from __future__ import annotations

import random
from pathlib import Path

from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag

from .harness import client, running_venue, scenario

ODD_VALUES = [
    "0", "-1", "1", "abc", "1e9", "99999999999999999999", "0.000000001", "0.01", "60000",
    "60000.05", "Z", "XBT/USD", "BTC/USD", "ETH/XBT", "FOO/BAR", "20260407-13:53:20.000",
    "20991231-23:59:59", "1" * 60, "Y", "N", "x", "E", "6", "7", "8", "9", "Q", "é",
]  # fmt: skip
EXTRA_TAGS = [
    Tag.ExecInst, Tag.TimeInForce, Tag.StopPx, Tag.Price, Tag.MinQty, Tag.MaxFloor,
    Tag.ExpireTime, Tag.EffectiveTime, Tag.CashOrderQty, Tag.PegOffsetValue, Tag.DisplayQty,
    Tag.OrderID, Tag.OrigClOrdID, Tag.Symbol, Tag.Side, Tag.OrderQty, Tag.OrdType,
    Tag.MassCancelRequestType, Tag.Text, 78, 79, 80, 5001, 7928, 9999,
]  # fmt: skip


FINAL = "9000000000000002"


def client_order_id_of(number: int) -> str:
    """Kraken's numeric ClOrdID shape."""
    return str(1_000_000_000_000_000 + number)


def plausible(rng: random.Random, number: int) -> Message:
    """A well-formed request of a random kind."""
    client_order_id = client_order_id_of(number)
    common = [(Tag.ClOrdID, client_order_id), (Tag.Symbol, "XBT/USD"), (Tag.Side, "1")]
    kind = rng.choice(["D", "D", "D", "F", "G", "q", "H"])
    if kind == "D":
        return Message.of(
            MsgType.NewOrderSingle,
            *common,
            (Tag.TransactTime, "20260407-13:53:20.000"),
            (Tag.OrderQty, "0.01"),
            (Tag.OrdType, "2"),
            (Tag.Price, "50000"),
            (Tag.TimeInForce, "1"),
        )
    if kind in ("F", "G"):
        message_type = (
            MsgType.OrderCancelRequest if kind == "F" else MsgType.OrderCancelReplaceRequest
        )
        message = Message.of(
            message_type,
            *common,
            (Tag.OrigClOrdID, client_order_id_of(rng.randrange(max(number, 1)))),
            (Tag.TransactTime, "20260407-13:53:20.000"),
        )
        if kind == "G":  # Kraken's G names the order by OrderID
            message.append(Tag.OrderID, "OABCDE-FGHIJ-KLMNOP")
            message.append(Tag.OrderQty, "0.02")
            message.append(Tag.OrdType, "2")
            message.append(Tag.Price, "49000")
        return message
    if kind == "q":
        return Message.of(
            MsgType.OrderMassCancelRequest,
            (Tag.ClOrdID, client_order_id),
            (Tag.MassCancelRequestType, "1"),
            (Tag.Symbol, "XBT/USD"),
            (Tag.TransactTime, "20260407-13:53:20.000"),
        )
    return Message.of(
        MsgType.OrderStatusRequest,
        (Tag.ClOrdID, client_order_id_of(rng.randrange(max(number, 1)))),
        (Tag.Symbol, "XBT/USD"),
        (Tag.Side, "1"),
    )


def odd(rng: random.Random, number: int) -> Message:
    """A plausible request with up to four fields made odd, dropped or added."""
    message = plausible(rng, number)
    fields = list(message.fields)
    for _ in range(rng.randrange(5)):
        change = rng.choice(["odd value", "drop", "add"])
        body = range(1, len(fields))  # 35 stays first
        if change == "odd value" and len(fields) > 1:
            index = rng.choice(body)
            fields[index] = (fields[index][0], rng.choice(ODD_VALUES))
        elif change == "drop" and len(fields) > 1:
            del fields[rng.choice(body)]
        else:
            fields.append((rng.choice(EXTRA_TAGS), rng.choice(ODD_VALUES)))
    return Message(fields)


@scenario
async def test_odd_requests_are_answered_and_the_session_trades_on(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        alice = await venue.trader("alice")
        application = client(alice)
        rng = random.Random(20261122)
        received = []
        for number in range(400):
            request = odd(rng, number)
            alice.send(request)
            if request.msg_type == MsgType.OrderMassCancelRequest:
                continue  # Kraken answers a mass cancel that matched nothing with nothing
            try:
                received.append(await application.next())  # every other request is answered
            except TimeoutError:
                raise AssertionError(f"no answer to {request}") from None
        alice.send(  # make room under the open-order limit, then trade once more
            Message.of(
                MsgType.OrderMassCancelRequest,
                (Tag.ClOrdID, "9000000000000001"),
                (Tag.MassCancelRequestType, "7"),
                (Tag.TransactTime, "20260407-13:53:20.000"),
            )
        )
        alice.send(
            Message.of(
                MsgType.NewOrderSingle,
                (Tag.ClOrdID, FINAL),
                (Tag.Symbol, "XBT/USD"),
                (Tag.Side, "1"),
                (Tag.TransactTime, "20260407-13:53:20.000"),
                (Tag.OrderQty, "0.01"),
                (Tag.OrdType, "2"),
                (Tag.Price, "40000"),
                (Tag.TimeInForce, "1"),
            )
        )
        while True:
            reply = await application.next()
            received.append(reply)
            if reply.msg_type == MsgType.ExecutionReport and reply.get(Tag.ClOrdID) == FINAL:
                break
        assert reply[Tag.OrdStatus] == "0"  # the session still trades
        assert alice.session.is_logged_on
        kinds = {message.msg_type for message in received}
        assert {MsgType.ExecutionReport, MsgType.BusinessMessageReject, MsgType.Reject} <= kinds
        unexpected = [
            message
            for message in [*received, *application.admin]
            if message.get(Tag.Text) == "Application not available"
        ]
        assert unexpected == []
