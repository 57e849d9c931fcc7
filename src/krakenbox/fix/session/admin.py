"""Builders for the session-level (admin) messages the session sends.

Each returns a :class:`Message` with MsgType (35) and the body only; the session adds the
standard header (49, 56, 34, 52, ...) when it sends it. Texts of session Rejects follow the
wording of the FIX specification's SessionRejectReason names, as QuickFIX does, so that logs
read the same on both sides.
"""

from __future__ import annotations

from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag

ADMIN_MSG_TYPES = frozenset({"0", "1", "2", "3", "4", "5", "A"})
"""The FIX 4.4 session-level message types (used when no dictionary is given)."""

REJECT_TEXTS: dict[int, str] = {
    0: "Invalid tag number",
    1: "Required tag missing",
    2: "Tag not defined for this message type",
    3: "Undefined Tag",
    4: "Tag specified without a value",
    5: "Value is incorrect (out of range) for this tag",
    6: "Incorrect data format for value",
    7: "Decryption problem",
    8: "Signature problem",
    9: "CompID problem",
    10: "SendingTime accuracy problem",
    11: "Invalid MsgType",
    12: "XML Validation error",
    13: "Tag appears more than once",
    14: "Tag specified out of required order",
    15: "Repeating group fields out of order",
    16: "Incorrect NumInGroup count for repeating group",
    17: "Non Data value includes field delimiter (SOH character)",
    99: "Other",
}

# SessionRejectReason values the session itself uses.
REQUIRED_TAG_MISSING = 1
VALUE_IS_INCORRECT = 5
INCORRECT_DATA_FORMAT = 6
COMP_ID_PROBLEM = 9
SENDING_TIME_ACCURACY_PROBLEM = 10
INVALID_MSG_TYPE = 11

# BusinessRejectReason values the session itself uses.
UNSUPPORTED_MESSAGE_TYPE = 3
APPLICATION_NOT_AVAILABLE = 4


def logon(heartbeat_interval_s: int, reset: bool) -> Message:
    message = Message.of(MsgType.Logon, (Tag.EncryptMethod, 0), (Tag.HeartBtInt, heartbeat_interval_s))
    if reset:
        message.append(Tag.ResetSeqNumFlag, "Y")
    return message


def logout(text: str | None = None) -> Message:
    message = Message.of(MsgType.Logout)
    if text:
        message.append(Tag.Text, text)
    return message


def heartbeat(test_request_id: str | None = None) -> Message:
    message = Message.of(MsgType.Heartbeat)
    if test_request_id is not None:
        message.append(Tag.TestReqID, test_request_id)
    return message


def test_request(test_request_id: str) -> Message:
    return Message.of(MsgType.TestRequest, (Tag.TestReqID, test_request_id))


def resend_request(begin: int, end: int = 0) -> Message:
    return Message.of(MsgType.ResendRequest, (Tag.BeginSeqNo, begin), (Tag.EndSeqNo, end))


def gap_fill(new_seq: int) -> Message:
    return Message.of(MsgType.SequenceReset, (Tag.GapFillFlag, "Y"), (Tag.NewSeqNo, new_seq))


def reject(
    ref_seq: int | None,
    ref_msg_type: str | None,
    reason: int,
    ref_tag: int | None = None,
    text: str | None = None,
) -> Message:
    """Session-level Reject (35=3): 45, 58, 371, 372, 373 as known."""
    message = Message.of(MsgType.Reject)
    if ref_seq is not None:
        message.append(Tag.RefSeqNum, ref_seq)
    message.append(Tag.Text, text or REJECT_TEXTS.get(reason, "Rejected"))
    if ref_tag is not None:
        message.append(Tag.RefTagID, ref_tag)
    if ref_msg_type:
        message.append(Tag.RefMsgType, ref_msg_type)
    message.append(Tag.SessionRejectReason, reason)
    return message


def business_reject(
    ref_seq: int | None, ref_msg_type: str, reason: int, text: str, ref_id: str | None = None
) -> Message:
    """BusinessMessageReject (35=j): 45, 58, 372, 379 (when given), 380."""
    message = Message.of(MsgType.BusinessMessageReject)
    if ref_seq is not None:
        message.append(Tag.RefSeqNum, ref_seq)
    message.append(Tag.Text, text)
    message.append(Tag.RefMsgType, ref_msg_type)
    if ref_id is not None:
        message.append(Tag.BusinessRejectRefID, ref_id)
    message.append(Tag.BusinessRejectReason, reason)
    return message
