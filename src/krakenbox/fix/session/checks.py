"""Checks on an inbound message's header that the session makes itself.

Each check returns None when the message is fine, or a :class:`Problem` that names the
SessionRejectReason (373), the offending tag (371) and the text (58) of the Reject to send —
the "peer sent something wrong" error carries its own reply.
"""

from __future__ import annotations

from dataclasses import dataclass

from krakenbox.core.clock import NANOS_PER_SECOND
from krakenbox.core.records import fast_init
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


@fast_init  # one per message received
@dataclass(frozen=True, slots=True)
class Header:
    """The header fields the session checks, read from a message in one pass.

    Each is the first occurrence's value, or None when absent; ``sending_time_ns`` and
    ``orig_sending_time_ns`` are the parsed timestamps (None when absent or unreadable).
    """

    begin_string: str | None
    msg_seq_num: str | None
    sender_comp_id: str | None
    target_comp_id: str | None
    sending_time: str | None
    sending_time_ns: int | None
    poss_dup: bool
    orig_sending_time: str | None
    orig_sending_time_ns: int | None


_HEADER_TAGS = frozenset(
    (
        Tag.BeginString,
        Tag.MsgSeqNum,
        Tag.SenderCompID,
        Tag.TargetCompID,
        Tag.SendingTime,
        Tag.PossDupFlag,
        Tag.OrigSendingTime,
    )
)


def read_header(message: Message) -> Header:
    """The checked header fields of ``message`` (one pass over its fields)."""
    found: dict[int, str] = {}
    for tag, value in message.fields:
        if tag in _HEADER_TAGS and tag not in found:
            found[tag] = value
    sending_time, orig_sending_time = found.get(Tag.SendingTime), found.get(Tag.OrigSendingTime)
    return Header(
        begin_string=found.get(Tag.BeginString),
        msg_seq_num=found.get(Tag.MsgSeqNum),
        sender_comp_id=found.get(Tag.SenderCompID),
        target_comp_id=found.get(Tag.TargetCompID),
        sending_time=sending_time,
        sending_time_ns=_timestamp(sending_time),
        poss_dup=found.get(Tag.PossDupFlag) == "Y",
        orig_sending_time=orig_sending_time,
        orig_sending_time_ns=_timestamp(orig_sending_time),
    )


def sequence_number(header: Header) -> int | None:
    """MsgSeqNum (34) as an int, or None when missing or not a non-negative integer."""
    value = header.msg_seq_num
    if value is None or not (value.isdigit() and value.isascii()):
        return None
    return int(value)


def header_problem(header: Header) -> Problem | None:
    """The minimal header check used when the session validates without a dictionary."""
    for tag, value in (
        (Tag.SenderCompID, header.sender_comp_id),
        (Tag.TargetCompID, header.target_comp_id),
        (Tag.SendingTime, header.sending_time),
    ):
        if value is None:
            return Problem(admin.REQUIRED_TAG_MISSING, tag)
        if value == "":
            return Problem(4, tag)
    if header.sending_time_ns is None:
        return Problem(admin.INCORRECT_DATA_FORMAT, Tag.SendingTime)
    return None


def comp_ids_match(header: Header, session_id: SessionID) -> bool:
    """49 is the counterparty and 56 is us."""
    return (
        header.sender_comp_id == session_id.target_comp_id
        and header.target_comp_id == session_id.sender_comp_id
    )


def sending_time_accurate(header: Header, now_ns: int, max_latency_s: float) -> bool:
    """SendingTime (52) is present, readable and within ``max_latency_s`` of now."""
    sent = header.sending_time_ns
    if sent is None:
        return False
    return abs(now_ns - sent) <= max_latency_s * NANOS_PER_SECOND


def orig_sending_time_problem(header: Header) -> Problem | None:
    """For a PossDup message: OrigSendingTime (122) must exist and not be after SendingTime."""
    if header.orig_sending_time is None:
        return Problem(admin.REQUIRED_TAG_MISSING, Tag.OrigSendingTime)
    original, sent = header.orig_sending_time_ns, header.sending_time_ns
    if original is None:
        return Problem(admin.INCORRECT_DATA_FORMAT, Tag.OrigSendingTime)
    if sent is not None and original > sent:
        return Problem(admin.SENDING_TIME_ACCURACY_PROBLEM)
    return None


def _timestamp(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_utc_timestamp(value)
    except ValueError:
        return None
