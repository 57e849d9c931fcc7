"""The resend service: how to answer a ResendRequest from the message store.

Stored application messages are replayed (the session re-stamps them with PossDupFlag 43=Y,
OrigSendingTime 122 = their original SendingTime and a new SendingTime). Admin messages
(0, 1, 2, 3, 4, 5, A — Reject included, as QuickFIX does) are never replayed: each run of them,
and of numbers missing from the store, becomes one SequenceReset-GapFill (123=Y) whose 34 is the
first number of the run and whose 36 is the number after it. With ``gap_fill_everything`` the
whole range becomes a single gap fill.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from krakenbox.fix.codec import decode_fields
from krakenbox.fix.message import Message
from krakenbox.fix.session.outbound import SESSION_HEADER_TAGS
from krakenbox.fix.tags import Tag

INFINITY_END_SEQ = 999_999
"""FIX 4.2 and earlier spelled 'up to the last' as 999999; 4.4 uses 0. Both are accepted."""


@dataclass(frozen=True, slots=True)
class GapFill:
    seq: int
    new_seq: int


@dataclass(frozen=True, slots=True)
class Replay:
    seq: int
    message: Message
    """MsgType and body of the original message (header stripped)."""
    orig_sending_time: str


ResendItem = GapFill | Replay


def resend_range(begin: int, end: int, next_sender_seq: int) -> tuple[int, int] | None:
    """The inclusive range actually resent, or None if nothing we sent is in it."""
    last_sent = next_sender_seq - 1
    if end in (0, INFINITY_END_SEQ) or end > last_sent:
        end = last_sent
    begin = max(begin, 1)
    if begin > end:
        return None
    return begin, end


def plan_resend(
    stored: list[tuple[int, bytes]],
    begin: int,
    end: int,
    is_admin: Callable[[str], bool],
    gap_fill_everything: bool = False,
) -> list[ResendItem]:
    """What to send, in order, to answer a ResendRequest for ``begin..end`` (inclusive)."""
    if gap_fill_everything:
        return [GapFill(begin, end + 1)]
    items: list[ResendItem] = []
    gap_start: int | None = None
    replays = {seq: replay for seq, raw in stored if (replay := _replay(seq, raw, is_admin))}
    for seq in range(begin, end + 1):
        replay = replays.get(seq)
        if replay is None:
            if gap_start is None:
                gap_start = seq
            continue
        if gap_start is not None:
            items.append(GapFill(gap_start, seq))
            gap_start = None
        items.append(replay)
    if gap_start is not None:
        items.append(GapFill(gap_start, end + 1))
    return items


def _replay(seq: int, raw: bytes, is_admin: Callable[[str], bool]) -> Replay | None:
    """The stored message as a Replay, or None if it is admin (or unreadable)."""
    fields, _ = decode_fields(raw.decode("latin-1"))
    original = Message(fields)
    msg_type = original.msg_type
    sending_time = original.get(Tag.SendingTime)
    if not msg_type or is_admin(msg_type) or sending_time is None:
        return None
    body = [field for field in fields if field[0] not in SESSION_HEADER_TAGS]
    return Replay(seq, Message([(Tag.MsgType, msg_type), *body]), sending_time)
