"""The local CA: generated once, trusted by clients, TLS 1.3 negotiated."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import pytest

from krakenbox.gateways.tls import client_context, ensure_tls_files, server_context


async def handshake(server: ssl.SSLContext, client: ssl.SSLContext) -> str | None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.readexactly(4))
        await writer.drain()
        writer.close()

    listener = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=server)
    port = listener.sockets[0].getsockname()[1]
    try:
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", port, ssl=client, server_hostname="localhost"
        )
        writer.write(b"ping")
        assert await reader.readexactly(4) == b"ping"
        version = writer.get_extra_info("ssl_object").version()
        writer.close()
        return version
    finally:
        listener.close()
        await listener.wait_closed()


def test_files_are_created_once_and_reused(tmp_path: Path) -> None:
    first = ensure_tls_files(tmp_path)
    ca_pem = first.ca_cert.read_bytes()
    second = ensure_tls_files(tmp_path)
    assert second.ca_cert.read_bytes() == ca_pem
    assert oct(first.ca_key.stat().st_mode & 0o777) == "0o600"


def test_client_trusting_the_ca_negotiates_tls_1_3(tmp_path: Path) -> None:
    files = ensure_tls_files(tmp_path)
    version = asyncio.run(handshake(server_context(files), client_context(files.ca_cert)))
    assert version == "TLSv1.3"


def test_tls_1_2_client_is_served_unless_1_3_is_required(tmp_path: Path) -> None:
    files = ensure_tls_files(tmp_path)
    old_client = client_context(files.ca_cert)
    old_client.maximum_version = ssl.TLSVersion.TLSv1_2
    assert asyncio.run(handshake(server_context(files), old_client)) == "TLSv1.2"
    with pytest.raises((ssl.SSLError, ConnectionError)):
        asyncio.run(handshake(server_context(files, minimum_version="1.3"), old_client))


def test_client_without_the_ca_refuses_the_certificate(tmp_path: Path) -> None:
    files = ensure_tls_files(tmp_path)
    stranger = ensure_tls_files(tmp_path / "other")
    with pytest.raises(ssl.SSLCertVerificationError):
        asyncio.run(handshake(server_context(files), client_context(stranger.ca_cert)))
