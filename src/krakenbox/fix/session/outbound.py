"""The standard header on what the session sends.

Order on the wire: 8, 9, 35, 49, 56, 34, 52, then 43 and 122 on retransmissions, then every other
field the caller put in the message (extra header fields first if the caller ordered them so),
then 10. 8, 9 and 10 are the codec's job.
"""

from __future__ import annotations

from krakenbox.fix.codec import render_fields
from krakenbox.fix.message import MSG_TYPE, Message
from krakenbox.fix.session.session_id import SessionID
from krakenbox.fix.tags import Tag

SESSION_HEADER_TAGS = frozenset(
    {
        Tag.BeginString,
        Tag.BodyLength,
        Tag.CheckSum,
        Tag.MsgType,
        Tag.SenderCompID,
        Tag.TargetCompID,
        Tag.MsgSeqNum,
        Tag.SendingTime,
        Tag.PossDupFlag,
        Tag.OrigSendingTime,
    }
)
"""Fields the session writes itself; copies of them in a caller's message are dropped."""


def with_header(
    message: Message,
    session_id: SessionID,
    seq: int,
    sending_time: str,
    orig_sending_time: str | None = None,
) -> Message:
    """A new message: ``message``'s MsgType and fields behind our standard header."""
    fields: list[tuple[int, str]] = [
        (Tag.MsgType, message.msg_type),
        (Tag.SenderCompID, session_id.sender_comp_id),
        (Tag.TargetCompID, session_id.target_comp_id),
        (Tag.MsgSeqNum, str(seq)),
        (Tag.SendingTime, sending_time),
    ]
    if orig_sending_time is not None:
        fields.append((Tag.PossDupFlag, "Y"))
        fields.append((Tag.OrigSendingTime, orig_sending_time))
    skip = SESSION_HEADER_TAGS
    fields.extend(field for field in message.fields if field[0] not in skip)
    return Message(fields)


class HeaderRenderer:
    """Our standard header as text, for application messages: everything up to MsgSeqNum's
    value is rendered once per MsgType, only MsgSeqNum and SendingTime change per message.

    ``render_body(message, seq, time)`` is the text :func:`~krakenbox.fix.codec.encode` makes of
    ``with_header(message, session_id, seq, time)`` between 9 and 10, without building that
    message: the same fields in the same order (header copies dropped), so the same bytes.
    """

    __slots__ = ("_prefixes", "_session_id")

    def __init__(self, session_id: SessionID) -> None:
        self._session_id = session_id
        self._prefixes: dict[str, str] = {}

    def render_body(self, message: Message, seq: int, sending_time: str) -> str:
        fields = message.fields
        msg_type = fields[0][1] if fields and fields[0][0] == MSG_TYPE else message.msg_type
        prefix = self._prefixes.get(msg_type)
        if prefix is None:
            session_id = self._session_id
            header = [
                (Tag.MsgType, msg_type),
                (Tag.SenderCompID, session_id.sender_comp_id),
                (Tag.TargetCompID, session_id.target_comp_id),
            ]
            prefix = f"{render_fields(header)}{Tag.MsgSeqNum}="
            self._prefixes[msg_type] = prefix
        skip = SESSION_HEADER_TAGS
        rest = render_fields([field for field in fields if field[0] not in skip])
        return f"{prefix}{seq}\x01{Tag.SendingTime}={sending_time}\x01{rest}"
