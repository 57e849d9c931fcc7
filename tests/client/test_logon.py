"""The Logon the client really sends: Kraken's signature (spec/fix.md §3) on the wire."""

from __future__ import annotations

from pathlib import Path

import pytest

from krakenbox.client import KrakenFixClient, LogonRefused
from krakenbox.core.clock import NANOS_PER_MILLI, ManualClock
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.kraken.fix.logon import password

from .support import SENDER, run, trading_pair
from .venue import API_KEY, API_SECRET

SPEC_SIGNATURE = (
    "MR+/PXpGP1+IIUeAv/P3IoICfaUJoHebTKlG024795rU/xuleN3otpMEKEZJVpL7mtbrMuRGguYd4Lr1UcTMnQ=="
)


def logons(frames: list) -> list:
    return [frame for frame in frames if frame.msg_type == MsgType.Logon]


def test_the_logon_on_the_wire_carries_the_spec_vector_signature() -> None:
    clock = ManualClock(1_700_000_000_000 * NANOS_PER_MILLI)  # the spec's nonce, §3.3
    pair = trading_pair(clock, reset_on_logon=True)
    logon = logons(pair.link.client_frames)[0]
    assert logon.raw is not None and logon.raw.startswith(b"8=FIX.4.4\x01")
    assert (logon[Tag.MsgSeqNum], logon[Tag.SenderCompID], logon[Tag.TargetCompID]) == (
        "1",
        "CLIENT1",
        "KRAKEN-TRD",
    )
    assert logon[Tag.Username] == API_KEY
    assert logon[Tag.Nonce] == "1700000000000"
    assert logon[Tag.Password] == SPEC_SIGNATURE
    assert logon[Tag.ResetSeqNumFlag] == "Y"
    assert logon[Tag.EncryptMethod] == "0" and logon[Tag.HeartBtInt] == "60"
    assert logon[Tag.CancelOrdersOnDisconnect] == "0"
    assert pair.client.is_logged_on


def test_signature_matches_the_reference_for_the_sequence_number_it_went_out_with() -> None:
    pair = trading_pair(cancel_on_disconnect=False)
    pair.link.disconnect()
    pair.clock.advance(1)
    pair.link.connect()
    first, second = logons(pair.link.client_frames)
    assert second[Tag.MsgSeqNum] == "2"  # the sequence continues after a drop (no 141=Y)
    for logon in (first, second):
        assert logon[Tag.Password] == password(
            API_KEY,
            API_SECRET,
            logon[Tag.MsgSeqNum],
            SENDER,
            "KRAKEN-TRD",
            logon[Tag.Nonce],
        )
        assert logon[Tag.CancelOrdersOnDisconnect] == "1"
    assert int(second[Tag.Nonce]) > int(first[Tag.Nonce])


def test_nonces_increase_even_when_the_clock_does_not() -> None:
    pair = trading_pair()
    pair.link.disconnect()
    pair.link.connect()
    first, second = logons(pair.link.client_frames)
    assert int(second[Tag.Nonce]) == int(first[Tag.Nonce]) + 1


def test_a_refused_logon_raises_with_the_venue_text() -> None:
    pair = trading_pair(secret="d3Jvbmctc2VjcmV0", connect=False)

    async def scenario() -> None:
        pair.link.connect()
        with pytest.raises(LogonRefused, match="Logon failed: invalid credentials"):
            await pair.client.connect(timeout_s=1)

    run(scenario())
    assert not pair.client.is_logged_on


def test_sequence_numbers_persist_in_sqlite_across_clients(tmp_path: Path) -> None:
    store = tmp_path / "client.sqlite"
    first = trading_pair(store_path=store)
    run(first.client.close())
    venue_store = first.venue_session.store
    second = trading_pair(first.clock, store_path=store, connect=False)
    second.venue_session.store = venue_store
    second.link.connect()
    logon = logons(second.link.client_frames)[0]
    assert logon[Tag.MsgSeqNum] == "2"
    assert second.client.is_logged_on


def test_constructor_takes_the_documented_options() -> None:
    client = KrakenFixClient(
        "127.0.0.1",
        4001,
        "alice",
        API_KEY,
        API_SECRET,
        target_comp_id="KRAKEN-TRD",
        cancel_on_disconnect=False,
        reset_on_logon=True,
    )
    assert client.settings.cancel_on_disconnect is False
    assert client.session.settings.reset_time is not None
    assert client.session.settings.reset_time.hour == 22
    assert client.session.settings.gap_fill_everything


def test_a_logon_behind_the_venue_sequence_continues_from_the_expected_number() -> None:
    pair = trading_pair(connect=False)
    pair.venue_session.store.next_target_seq = 6  # the venue saw 5 messages from us today
    pair.link.connect()
    assert not pair.client.is_logged_on and not pair.link.connected
    assert pair.client.store.next_sender_seq == 6
    pair.link.connect()
    assert pair.client.is_logged_on
    assert [logon[Tag.MsgSeqNum] for logon in logons(pair.link.client_frames)] == ["1", "6"]


def test_adopting_the_venue_sequence_can_be_turned_off() -> None:
    from krakenbox.client import TradingSettings

    settings = TradingSettings(sender_comp_id=SENDER, adopt_expected_sequence=False)
    pair = trading_pair(connect=False, settings=settings)
    pair.venue_session.store.next_target_seq = 6

    async def scenario() -> None:
        pair.link.connect()
        with pytest.raises(LogonRefused, match="MsgSeqNum too low, expecting 6 but received 1"):
            await pair.client.connect(timeout_s=1)

    run(scenario())
