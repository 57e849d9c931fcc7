"""The application behind the conformance cases (the same behaviour as ``krakenbox fix-echo``).

NewOrderSingle (35=D) is echoed back with the same body (our header, our MsgSeqNum). An order
carrying PossResend (97=Y) whose ClOrdID (11) was already seen is ignored, as FIX test case 19a
asks of the application. Every other application message is refused with a
BusinessMessageReject 380=3 (UnsupportedMessageType).
"""

from __future__ import annotations

from krakenbox.fix.application import Application, UnsupportedMessageType
from krakenbox.fix.dictionary import Dictionary
from krakenbox.fix.message import Message
from krakenbox.fix.session import Session, SessionID
from krakenbox.fix.tags import MsgType, Tag


class EchoApplication(Application):
    def __init__(self, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self.session: Session | None = None
        self.seen_order_ids: set[str] = set()

    def on_message(self, message: Message, session_id: SessionID) -> None:
        if message.msg_type != MsgType.NewOrderSingle:
            raise UnsupportedMessageType()
        order_id = message.get(Tag.ClOrdID, "")
        if message.get(Tag.PossResend) == "Y" and order_id in self.seen_order_ids:
            return
        self.seen_order_ids.add(order_id)
        assert self.session is not None
        self.session.send(self.body_copy(message))

    def body_copy(self, message: Message) -> Message:
        """MsgType and the body fields, without header and trailer."""
        dictionary = self.dictionary
        body = [
            (tag, value)
            for tag, value in message.fields
            if not (dictionary.is_header_field(tag) or dictionary.is_trailer_field(tag))
        ]
        return Message.of(MsgType.NewOrderSingle, *body)
