"""An application message's header rendered from the per-MsgType prefix: the same bytes as
building the full message with ``with_header`` and encoding it."""

from __future__ import annotations

import pytest

from krakenbox.fix.codec import encode, encode_body
from krakenbox.fix.message import Message
from krakenbox.fix.session.outbound import HeaderRenderer, with_header
from krakenbox.fix.session.session_id import SessionID
from krakenbox.fix.tags import MsgType, Tag

SESSION = SessionID("FIX.4.4", "KRAKEN-TRD", "ALICE")
TIME = "20261122-10:00:00.123"


def report() -> Message:
    return Message.of(
        MsgType.ExecutionReport,
        (Tag.OrderID, "OBPKSA-AW54Z-ON4275"), (Tag.ClOrdID, "1795860000000001"),
        (Tag.ExecID, "E15-0"), (Tag.ExecType, "0"), (Tag.OrdStatus, "0"),
        (Tag.Symbol, "XBT/USD"), (Tag.Side, "1"), (Tag.OrderQty, "0.00100000"),
    )  # fmt: skip


def with_copies_of_header_fields() -> Message:
    message = report()
    message.fields[3:3] = [(Tag.MsgSeqNum, "99"), (Tag.SenderCompID, "X"), (Tag.CheckSum, "1")]
    message.append(Tag.SendingTime, "19700101-00:00:00")
    return message


def with_a_value_that_is_not_text() -> Message:
    message = report()
    message.fields.append((Tag.LastQty, 5))  # type: ignore[arg-type]  # a direct edit
    return message


def with_a_group_and_a_tag_past_the_table() -> Message:
    message = report()
    message.append(Tag.NoAllocs, "1")
    message.append(Tag.AllocAccount, "sub-1")
    message.append(20_000, "custom")
    return message


def msg_type_not_first() -> Message:
    message = report()
    message.fields.append(message.fields.pop(0))
    return message


@pytest.mark.parametrize(
    "build",
    [report, with_copies_of_header_fields, with_a_value_that_is_not_text,
     with_a_group_and_a_tag_past_the_table, msg_type_not_first],
)  # fmt: skip
def test_rendered_header_gives_the_bytes_of_the_full_message(build: object) -> None:
    assert callable(build)
    renderer = HeaderRenderer(SESSION)
    for seq in (1, 2, 12345):  # the second and later use the cached prefix
        message = build()
        expected = encode(with_header(message, SESSION, seq, TIME))
        assert encode_body(renderer.render_body(message, seq, TIME)) == expected


def test_each_msg_type_has_its_own_prefix() -> None:
    renderer = HeaderRenderer(SESSION)
    for message in (report(), Message.of(MsgType.BusinessMessageReject, (Tag.RefSeqNum, "3"))):
        expected = encode(with_header(message, SESSION, 7, TIME))
        assert encode_body(renderer.render_body(message, 7, TIME)) == expected
