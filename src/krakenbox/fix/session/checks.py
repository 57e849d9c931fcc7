"""Checks on an inbound message's header that the session makes itself.

Each check returns None when the message is fine, or a :class:`Problem` that names the
SessionRejectReason (373), the offending tag (371) and the text (58) of the Reject to send —
the "peer sent something wrong" error carries its own reply.
"""

from __future__ import annotations

from dataclasses import dataclass

from krakenbox.core.clock import NANOS_PER_SECOND
from krakenbox.fix.message import Message
from krakenbox.fix.session import admin
from krakenbox.fix.session.session_id import SessionID
from krakenbox.fix.tags import Tag
from krakenbox.fix.timestamps import parse_utc_timestamp


@dataclass(frozen=True, slots=True)
class Problem:
    reason: int
    ref_tag: int | None = None
    text: str | None = None

    @property
    def reject_text(self) -> str:
        return self.text or admin.REJECT_TEXTS.get(self.reason, "Rejected")


def sequence_number(message: Message) -> int | None:
    """MsgSeqNum (34) as an int, or None when missing or not a non-negative integer."""
    value = message.get(Tag.MsgSeqNum)
    if value is None or not (value.isdigit() and value.isascii()):
        return None
    return int(value)


def header_problem(message: Message) -> Problem | None:
    """The minimal header check used when the session validates without a dictionary."""
    for tag in (Tag.SenderCompID, Tag.TargetCompID, Tag.SendingTime):
        value = message.get(tag)
        if value is None:
            return Problem(admin.REQUIRED_TAG_MISSING, tag)
        if value == "":
            return Problem(4, tag)
    if _timestamp(message, Tag.SendingTime) is None:
        return Problem(admin.INCORRECT_DATA_FORMAT, Tag.SendingTime)
    return None


def comp_ids_match(message: Message, session_id: SessionID) -> bool:
    """49 is the counterparty and 56 is us."""
    return (
        message.get(Tag.SenderCompID) == session_id.target_comp_id
        and message.get(Tag.TargetCompID) == session_id.sender_comp_id
    )


def sending_time_accurate(message: Message, now_ns: int, max_latency_s: float) -> bool:
    """SendingTime (52) is present, readable and within ``max_latency_s`` of now."""
    sent = _timestamp(message, Tag.SendingTime)
    if sent is None:
        return False
    return abs(now_ns - sent) <= max_latency_s * NANOS_PER_SECOND


def orig_sending_time_problem(message: Message) -> Problem | None:
    """For a PossDup message: OrigSendingTime (122) must exist and not be after SendingTime."""
    if Tag.OrigSendingTime not in message:
        return Problem(admin.REQUIRED_TAG_MISSING, Tag.OrigSendingTime)
    original = _timestamp(message, Tag.OrigSendingTime)
    sent = _timestamp(message, Tag.SendingTime)
    if original is None:
        return Problem(admin.INCORRECT_DATA_FORMAT, Tag.OrigSendingTime)
    if sent is not None and original > sent:
        return Problem(admin.SENDING_TIME_ACCURACY_PROBLEM)
    return None


def is_poss_dup(message: Message) -> bool:
    return message.get(Tag.PossDupFlag) == "Y"


def _timestamp(message: Message, tag: int) -> int | None:
    value = message.get(tag)
    if value is None:
        return None
    try:
        return parse_utc_timestamp(value)
    except ValueError:
        return None
