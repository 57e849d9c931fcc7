"""One QuickFIX engine in its own process, reporting what happens as JSON lines on stdout.

    python -m tests.interop.quickfix_child ENGINE CONFIG [--order JSON] [--answer-orders]

ENGINE is SocketInitiator, SSLSocketInitiator or SocketAcceptor. Events: {"kind": "ready"},
{"kind": "logon"}, {"kind": "logout"}, {"kind": "admin" | "app", "wire": "8=FIX.4.4|..."}.
An initiator sends ``--order`` (a JSON list of [tag, value]) once logged on, and after the first
application message it receives it logs out. An acceptor with ``--answer-orders`` answers each
NewOrderSingle with an ExecutionReport. Either exits once logged out.

Why a process of its own: QuickFIX's C++ ``stop()`` crashes now and then when its threads call
back into Python while it stops, which would take the whole test run down with it. This process
never calls ``stop()``: it leaves with ``os._exit`` after a clean Logout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time

import quickfix

LIFETIME_S = 30  # a peer that is never logged out gives up on its own


def emit(kind: str, message: object = None) -> None:
    event: dict[str, str] = {"kind": kind}
    if message is not None:
        event["wire"] = str(message.toString()).replace("\x01", "|")  # type: ignore[attr-defined]
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def field(message: object, tag: int) -> str:
    return str(message.getField(tag)) if message.isSetField(tag) else ""  # type: ignore[attr-defined]


def build(msg_type: str, fields: list[tuple[int, str]]) -> object:
    message = quickfix.Message()
    message.getHeader().setField(quickfix.MsgType(msg_type))
    for tag, value in fields:
        message.setField(tag, value)
    return message


def execution_report(order: object) -> object:
    quantity = field(order, 38)
    return build(
        "8",
        [
            (37, "QF-ORDER-1"),
            (11, field(order, 11)),
            (17, "QF-EXEC-1"),
            (150, "0"),
            (39, "0"),
            (55, field(order, 55)),
            (54, field(order, 54)),
            (38, quantity),
            (151, quantity),
            (14, "0"),
            (6, "0"),
        ],
    )


class Peer(quickfix.Application):  # type: ignore[misc]  # QuickFIX names its callbacks in camelCase
    def __init__(
        self,
        order: list[tuple[int, str]] | None,
        answer_orders: bool,
        credentials: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.order = order
        self.answer_orders = answer_orders
        self.credentials = credentials

    def onCreate(self, session_id: object) -> None:
        pass

    def onLogon(self, session_id: object) -> None:
        emit("logon")
        if self.order is not None:
            quickfix.Session.sendToTarget(build("D", self.order), session_id)

    def onLogout(self, session_id: object) -> None:
        emit("logout")
        os._exit(0)

    def toAdmin(self, message: object, session_id: object) -> None:
        header = message.getHeader()  # type: ignore[attr-defined]
        if self.credentials is None or header.getField(35) != "A":
            return
        # Kraken's trading Logon signature (spec/fix.md §3.2), as a QuickFIX user writes it.
        from krakenbox.kraken.fix.logon import password

        api_key, secret = self.credentials
        nonce = str(time.time_ns() // 1_000_000)
        signature = password(
            api_key, secret, header.getField(34), header.getField(49), header.getField(56), nonce
        )
        for tag, value in ((553, api_key), (554, signature), (5025, nonce)):
            message.setField(tag, value)  # type: ignore[attr-defined]

    def fromAdmin(self, message: object, session_id: object) -> None:
        emit("admin", message)

    def toApp(self, message: object, session_id: object) -> None:
        pass

    def fromApp(self, message: object, session_id: object) -> None:
        emit("app", message)
        header = message.getHeader()  # type: ignore[attr-defined]
        if self.answer_orders and header.getField(35) == "D":
            quickfix.Session.sendToTarget(execution_report(message), session_id)
        elif self.order is not None:
            quickfix.Session.lookupSession(session_id).logout()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "engine", choices=["SocketInitiator", "SSLSocketInitiator", "SocketAcceptor"]
    )
    parser.add_argument("config")
    parser.add_argument("--order", type=json.loads)
    parser.add_argument("--answer-orders", action="store_true")
    parser.add_argument("--sign", help="API_KEY:SECRET to sign the Logon with, as Kraken asks")
    arguments = parser.parse_args()
    order = [(int(tag), str(value)) for tag, value in arguments.order] if arguments.order else None
    settings = quickfix.SessionSettings(arguments.config)
    credentials = tuple(arguments.sign.split(":", 1)) if arguments.sign else None
    peer = Peer(order, arguments.answer_orders, credentials)  # type: ignore[arg-type]
    engine = getattr(quickfix, arguments.engine)(
        peer, quickfix.MemoryStoreFactory(), settings, quickfix.FileLogFactory(settings)
    )
    engine.start()
    emit("ready")
    threading.Timer(LIFETIME_S, lambda: os._exit(3)).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
