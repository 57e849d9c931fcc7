"""The asyncio acceptor and initiator over real TLS sockets (the echo acceptor of fix-echo)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from krakenbox.cli.fix_echo import echo_acceptor
from krakenbox.core.clock import SystemClock
from krakenbox.fix.application import Application
from krakenbox.fix.codec import Parser, encode
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, SessionID, SessionSettings
from krakenbox.fix.store import MemoryStore, SqliteStoreFactory
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.fix.timestamps import format_utc_timestamp
from krakenbox.gateways.fix import FixAcceptor, Listener
from krakenbox.gateways.fix.provider import DynamicSessionProvider
from krakenbox.gateways.tls import TlsFiles, server_context

from .fixtures import initiator_for, new_order, recorder, tls_files

CLOCK = SystemClock()
CLIENT_ID = SessionID("FIX.4.4", "TW", "ECHO")
SERVER_ID = SessionID("FIX.4.4", "ECHO", "TW")


@asynccontextmanager
async def echo_server(tls: TlsFiles | None) -> AsyncIterator[tuple[FixAcceptor, int]]:
    acceptor = echo_acceptor(CLOCK, "127.0.0.1", 0, "ECHO", server_context(tls) if tls else None)
    await acceptor.start()
    try:
        yield acceptor, acceptor.listeners[0].bound_port
    finally:
        await acceptor.stop(timeout_s=1)


async def read_frame(reader: asyncio.StreamReader) -> Message | None:
    parser = Parser()
    while True:
        item = parser.next()
        if isinstance(item, Message):
            return item
        data = await asyncio.wait_for(reader.read(4096), 5)
        if not data:
            return None
        parser.feed(data)


def logon(sender: str, target: str = "ECHO") -> bytes:
    return encode(
        Message.of(
            MsgType.Logon,
            (Tag.SenderCompID, sender),
            (Tag.TargetCompID, target),
            (Tag.MsgSeqNum, 1),
            (Tag.SendingTime, format_utc_timestamp(CLOCK.now_ns())),
            (Tag.EncryptMethod, 0),
            (Tag.HeartBtInt, 30),
            (Tag.ResetSeqNumFlag, "Y"),
        )
    )


def test_order_echoed_over_tls_and_logout_is_clean(tmp_path: Path) -> None:
    async def scenario() -> None:
        tls = tls_files(tmp_path)
        async with echo_server(tls) as (_, port):
            initiator = initiator_for(port, CLOCK, tls=tls, reconnect=False)
            initiator.start()
            await initiator.wait_logged_on()
            assert initiator.connection is not None and initiator.connection.transport is not None
            assert (
                initiator.connection.transport.get_extra_info("ssl_object").version() == "TLSv1.3"
            )
            assert initiator.send(new_order("A1"))
            echoed = await asyncio.wait_for(recorder(initiator).messages.get(), 5)
            assert echoed.msg_type == MsgType.NewOrderSingle
            assert echoed[Tag.ClOrdID] == "A1" and echoed[Tag.Price] == "64000.1"
            assert echoed[Tag.MsgSeqNum] == "2"
            await initiator.stop()
            assert recorder(initiator).logouts == 1

    asyncio.run(scenario())


def test_a_burst_in_one_write_is_answered_completely_and_in_order() -> None:
    """Many messages in one read are processed in slices; every echo comes back, in order."""

    async def scenario() -> None:
        async with echo_server(None) as (_, port):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(logon("TW"))
            assert (await read_frame(reader)) is not None
            orders = [_numbered(new_order(f"burst-{n}"), n + 2) for n in range(600)]
            burst = b"".join(encode(order) for order in orders)
            assert len(burst) > 4 * 16 * 1024  # several slices
            writer.write(burst)
            parser, echoed = Parser(), []
            while len(echoed) < len(orders):
                parser.feed(await asyncio.wait_for(reader.read(65536), 5))
                while isinstance(item := parser.next(), Message):
                    echoed.append(item[Tag.ClOrdID])
            assert echoed == [f"burst-{n}" for n in range(600)]
            writer.close()

    asyncio.run(scenario())


def _numbered(message: Message, seq: int) -> Message:
    header = [
        (Tag.SenderCompID, "TW"),
        (Tag.TargetCompID, "ECHO"),
        (Tag.MsgSeqNum, str(seq)),
        (Tag.SendingTime, format_utc_timestamp(CLOCK.now_ns())),
    ]
    return Message([message.fields[0], *header, *message.fields[1:]])


def test_reconnect_continues_sequence_numbers_from_a_durable_store(tmp_path: Path) -> None:
    async def scenario() -> None:
        stores = SqliteStoreFactory(tmp_path / "client.sqlite")
        async with echo_server(None) as (acceptor, port):
            first = initiator_for(
                port, CLOCK, store=stores.open(CLIENT_ID, CLOCK.now_ns()), reconnect=False
            )
            first.start()
            await first.wait_logged_on()
            first.send(new_order("B1"))
            await asyncio.wait_for(recorder(first).messages.get(), 5)
            await first.stop()
            stores.close()

            reopened = SqliteStoreFactory(tmp_path / "client.sqlite")
            store = reopened.open(CLIENT_ID, CLOCK.now_ns())
            assert store.next_sender_seq == 4  # Logon, order, Logout
            second = initiator_for(port, CLOCK, store=store, reset_on_logon=False, reconnect=False)
            second.start()
            await second.wait_logged_on()
            second.send(new_order("B2"))
            echoed = await asyncio.wait_for(recorder(second).messages.get(), 5)
            assert echoed[Tag.ClOrdID] == "B2"
            server_session = next(iter(acceptor.bound.values())).session
            assert server_session is not None and server_session.store.next_target_seq == 6
            await second.stop()
            reopened.close()

    asyncio.run(scenario())


def test_initiator_reconnects_with_backoff_after_the_acceptor_drops_it(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with echo_server(None) as (acceptor, port):
            initiator = initiator_for(port, CLOCK, backoff_initial_s=0.05)
            initiator.start()
            await initiator.wait_logged_on()
            first = initiator.connection
            assert first is not None and acceptor.disconnect(SERVER_ID)
            await asyncio.wait_for(first.closed, 5)
            await initiator.wait_logged_on()
            assert initiator.connect_attempts == 2
            assert recorder(initiator).logons == 2
            await initiator.stop()

    asyncio.run(scenario())


@asynccontextmanager
async def explaining_server() -> AsyncIterator[tuple[FixAcceptor, int]]:
    """A Kraken-style port: two CompIDs, known counterparties, refusals explained by a Logout."""
    provider = DynamicSessionProvider(
        clock=CLOCK,
        application=Application(),
        settings_for=lambda session_id: SessionSettings(session_id=session_id, role=Role.ACCEPTOR),
        open_store=lambda session_id: MemoryStore(CLOCK.now_ns()),
        dictionary=None,
        our_comp_ids={"ECHO", "OTHER"},
        counterparties={"TW", "BOB"},
    )
    acceptor = FixAcceptor(CLOCK, [Listener("explaining", "127.0.0.1", 0, provider)])
    await acceptor.start()
    try:
        yield acceptor, acceptor.listeners[0].bound_port
    finally:
        await acceptor.stop(timeout_s=1)


def test_second_connection_for_a_live_session_is_refused_with_a_reason() -> None:
    async def scenario() -> None:
        async with explaining_server() as (_, port):
            first = initiator_for(port, CLOCK, reconnect=False)
            first.start()
            await first.wait_logged_on()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(logon("TW"))
            reply = await read_frame(reader)
            assert reply is not None and reply.msg_type == MsgType.Logout
            assert reply[Tag.Text] == "Session already logged on"
            assert await read_frame(reader) is None  # and closed
            assert first.session.is_logged_on
            await first.stop()

    asyncio.run(scenario())


def test_logon_from_an_unknown_counterparty_gets_a_logout_with_a_reason() -> None:
    async def scenario() -> None:
        async with explaining_server() as (acceptor, port):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(logon("MALLORY"))
            reply = await read_frame(reader)
            assert reply is not None and reply.msg_type == MsgType.Logout
            assert reply[Tag.Text] == "Unknown session"
            assert reply[Tag.SenderCompID] == "ECHO" and reply[Tag.TargetCompID] == "MALLORY"
            assert await read_frame(reader) is None
            assert not acceptor.bound

    asyncio.run(scenario())


def test_fix_echo_drops_a_duplicate_logon_silently_as_fix_test_1b_asks() -> None:
    async def scenario() -> None:
        async with echo_server(None) as (_, port):
            first = initiator_for(port, CLOCK, reconnect=False)
            first.start()
            await first.wait_logged_on()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(logon("TW"))
            assert await read_frame(reader) is None
            assert first.session.is_logged_on
            await first.stop()

    asyncio.run(scenario())


def test_first_message_other_than_logon_closes_the_connection() -> None:
    async def scenario() -> None:
        async with echo_server(None) as (_, port):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            heartbeat = Message.of(
                MsgType.Heartbeat,
                (Tag.SenderCompID, "TW"),
                (Tag.TargetCompID, "ECHO"),
                (Tag.MsgSeqNum, 1),
                (Tag.SendingTime, format_utc_timestamp(CLOCK.now_ns())),
            )
            writer.write(encode(heartbeat))
            assert await read_frame(reader) is None

    asyncio.run(scenario())


def test_stopping_the_acceptor_logs_live_sessions_out() -> None:
    async def scenario() -> None:
        acceptor = echo_acceptor(CLOCK, "127.0.0.1", 0, "ECHO")
        await acceptor.start()
        initiator = initiator_for(acceptor.listeners[0].bound_port, CLOCK, reconnect=False)
        initiator.start()
        await initiator.wait_logged_on()
        await acceptor.stop(timeout_s=2)
        assert recorder(initiator).logouts == 1
        assert initiator.connection is not None
        await asyncio.wait_for(initiator.connection.closed, 2)

    asyncio.run(scenario())


def test_garbage_instead_of_a_logon_closes_the_connection() -> None:
    async def scenario() -> None:
        async with echo_server(None) as (acceptor, port):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET / HTTP/1.1\r\n\r\n" + logon("TW"))
            assert await read_frame(reader) is None
            assert not acceptor.bound

    asyncio.run(scenario())
