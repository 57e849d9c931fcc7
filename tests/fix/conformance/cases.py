"""FIX session-layer conformance cases, as data (driver-agnostic).

Each :class:`Case` is named after the FIX Session Layer Test Case it exercises (1a ... 21, the
numbering QuickFIX's acceptance suite also uses) and is a list of steps played by
:func:`tests.fix.conformance.driver.run_case` against an acceptor with CompID ``ISLD``; the
scripted counterparty is ``TW``. The acceptor runs the echo application
(:class:`krakenbox.cli.fix_echo.EchoApplication`, what `krakenbox fix-echo` runs): NewOrderSingle is echoed back, any other application
message gets a BusinessMessageReject 380=3. Heartbeat intervals come from TW's Logon.

Wire texts use ``|`` for SOH; see :mod:`tests.fix.conformance.wire` for placeholders and matching.
Expected messages are written in the acceptor's header order: 8, 35, 49, 56, 34, 52, (43, 122).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Connect:
    connection: int = 1


@dataclass(frozen=True, slots=True)
class Disconnect:
    connection: int = 1


@dataclass(frozen=True, slots=True)
class Inject:
    wire: str
    connection: int = 1


@dataclass(frozen=True, slots=True)
class Expect:
    wire: str
    connection: int = 1


@dataclass(frozen=True, slots=True)
class ExpectNothing:
    connection: int = 1


@dataclass(frozen=True, slots=True)
class ExpectDisconnect:
    connection: int = 1
    within_s: float = 5.0


@dataclass(frozen=True, slots=True)
class Advance:
    seconds: float


Step = Connect | Disconnect | Inject | Expect | ExpectNothing | ExpectDisconnect | Advance


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    title: str
    steps: tuple[Step, ...]


# -- building blocks ------------------------------------------------------------------------


def tw(msg_type: str, seq: int | str, body: str = "", header: str = "", connection: int = 1) -> Inject:
    """A message from TW (header order 35, 34, 49, 52, 56 as QuickFIX's suite writes it)."""
    text = f"8=FIX.4.4|35={msg_type}|34={seq}|49=TW|52=<TIME>|56=ISLD|{header}{body}"
    return Inject(text.rstrip("|"), connection)


def isld(msg_type: str, seq: int, body: str = "", header: str = "", connection: int = 1) -> Expect:
    """A message expected from ISLD."""
    text = f"8=FIX.4.4|35={msg_type}|49=ISLD|56=TW|34={seq}|52=<TIME>|{header}{body}"
    return Expect(text.rstrip("|"), connection)


RESENT = "43=Y|122=<TIME>|"
ORDER = "11=ID|21=3|40=1|54=1|55=INTC|60=<TIME>"


def order(symbol: str = "INTC") -> str:
    return f"11=ID|21=3|40=1|54=1|55={symbol}|60=<TIME>"


def logon(heartbeat: int = 30, reset: bool = False, connection: int = 1) -> list[Step]:
    flag = "|141=Y" if reset else ""
    return [
        Connect(connection),
        tw("A", 1, f"98=0|108={heartbeat}{flag}", connection=connection),
        isld("A", 1, f"98=0|108={heartbeat}{flag}", connection=connection),
    ]


def logout(their_seq: int, our_seq: int, connection: int = 1) -> list[Step]:
    return [
        tw("5", their_seq, connection=connection),
        isld("5", our_seq, connection=connection),
        ExpectDisconnect(connection),
    ]


def heartbeats(first: int, last: int) -> list[Step]:
    return [tw("0", seq) for seq in range(first, last + 1)]


def case(name: str, title: str, *steps: Step | list[Step]) -> Case:
    flat: list[Step] = []
    for step in steps:
        flat.extend(step if isinstance(step, list) else [step])
    return Case(name, title, tuple(flat))


def garbled(text: str) -> Inject:
    """Injected as written (give 9 and/or 10 explicitly to make it wrong)."""
    return Inject(text)


def reject(seq: int, ref_seq: int, ref_msg_type: str, reason: int, text: str, ref_tag: int | None = None) -> Expect:
    tag = f"371={ref_tag}|" if ref_tag is not None else ""
    return isld("3", seq, f"45={ref_seq}|58={text}|{tag}372={ref_msg_type}|373={reason}")


# -- the cases ------------------------------------------------------------------------------

LOGON_CASES = [
    case(
        "1a_ValidLogonWithCorrectMsgSeqNum",
        "A valid Logon is answered with a Logon (108 echoed)",
        logon(),
        logout(2, 2),
    ),
    case(
        "1a_ValidLogonMsgSeqNumTooHigh",
        "Logon with MsgSeqNum too high: accept, then ResendRequest",
        Connect(),
        tw("A", 5, "98=0|108=30"),
        isld("A", 1, "98=0|108=30"),
        isld("2", 2, "7=1|16=0"),
        logout(6, 3),
    ),
    case(
        "1a_ResetSeqNumFlag",
        "Logon with ResetSeqNumFlag=Y is answered with 141=Y, both sides at 1",
        logon(reset=True),
        logout(2, 2),
    ),
    case(
        "1b_DuplicateIdentity",
        "A second connection logging on as a logged-on session is disconnected",
        logon(connection=1),
        Connect(2),
        tw("A", 1, "98=0|108=30", connection=2),
        ExpectDisconnect(2),
        logout(2, 2, connection=1),
    ),
    case(
        "1c_InvalidTargetCompID",
        "Logon to the wrong TargetCompID: Reject 373=9, Logout, disconnect",
        Connect(),
        Inject("8=FIX.4.4|35=A|34=1|49=TW|52=<TIME>|56=DLSI|98=0|108=30"),
        reject(1, 1, "A", 9, "CompID problem"),
        isld("5", 2),
        ExpectDisconnect(),
    ),
    case(
        "1c_InvalidSenderCompID",
        "Logon from the wrong SenderCompID: Reject 373=9, Logout, disconnect",
        Connect(),
        Inject("8=FIX.4.4|35=A|34=1|49=WT|52=<TIME>|56=ISLD|98=0|108=30"),
        reject(1, 1, "A", 9, "CompID problem"),
        isld("5", 2),
        ExpectDisconnect(),
    ),
    case(
        "1d_InvalidLogonBadSendingTime",
        "Logon with a SendingTime far from now: Reject 373=10, Logout, disconnect",
        Connect(),
        Inject("8=FIX.4.4|35=A|34=1|49=TW|52=20010101-00:00:00|56=ISLD|98=0|108=30"),
        reject(1, 1, "A", 10, "SendingTime accuracy problem"),
        isld("5", 2),
        ExpectDisconnect(),
    ),
    case(
        "1d_InvalidLogonWrongBeginString",
        "Logon with another BeginString: Logout, disconnect",
        Connect(),
        Inject("8=FIX.3.9|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30"),
        isld("5", 1, "58=Incorrect BeginString"),
        ExpectDisconnect(),
    ),
    case(
        "1d_InvalidLogonLengthInvalid",
        "Logon with a wrong BodyLength (garbled before logon): disconnect",
        Connect(),
        garbled("8=FIX.4.4|9=40|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30"),
        ExpectDisconnect(),
    ),
    case(
        "1e_NotLogonMessage",
        "First message not a Logon: disconnect without a reply",
        Connect(),
        tw("0", 1),
        ExpectDisconnect(),
    ),
]

HEADER_CASES = [
    case(
        "2a_MsgSeqNumCorrect",
        "Messages with incrementing MsgSeqNum are accepted",
        logon(),
        heartbeats(2, 5),
        ExpectNothing(),
        logout(6, 2),
    ),
    case(
        "2b_MsgSeqNumTooHigh",
        "MsgSeqNum too high: ResendRequest, queued messages processed once the gap is filled",
        logon(),
        heartbeats(2, 4),
        tw("0", 10),
        isld("2", 2, "7=5|16=0"),
        heartbeats(5, 9),
        ExpectNothing(),
        logout(11, 3),
    ),
    case(
        "2c_MsgSeqNumTooLow",
        "MsgSeqNum too low without PossDupFlag: Logout with text, disconnect",
        logon(),
        heartbeats(2, 4),
        tw("0", 2),
        isld("5", 2, "58=MsgSeqNum too low, expecting 5 but received 2"),
        ExpectDisconnect(),
    ),
    case(
        "2d_GarbledMessage",
        "Garbled messages are ignored (no reject, no sequence increment)",
        logon(),
        garbled("8=FIX.4.4|9=12|35=0|34=2|49=TW|52=<TIME>|56=ISLD|10=000"),
        ExpectNothing(),
        tw("0", 2),
        garbled("8=FIX.4.4|9=81|35=D|34=3|49garbled=TW|52=<TIME>|56=ISLD|11=ID|10=0"),
        tw("0", 4),
        isld("2", 2, "7=3|16=0"),
        tw("D", 3, ORDER),
        isld("D", 3, ORDER),
        logout(5, 4),
    ),
    case(
        "2e_PossDupAlreadyReceived",
        "PossDupFlag=Y with a MsgSeqNum already received: ignored",
        logon(),
        tw("0", 2),
        tw("0", 2, header=RESENT),
        ExpectNothing(),
        tw("0", 3),
        logout(4, 2),
    ),
    case(
        "2e_PossDupNotReceived",
        "PossDupFlag=Y with the expected MsgSeqNum: processed",
        logon(),
        tw("0", 2),
        tw("0", 2, header=RESENT),
        tw("1", 3, "112=HELLO", header=RESENT),
        isld("0", 2, "112=HELLO"),
        logout(4, 3),
    ),
    case(
        "2f_PossDupOrigSendingTimeTooHigh",
        "PossDupFlag=Y and OrigSendingTime after SendingTime: Reject 373=10, Logout",
        logon(),
        tw("D", 2, ORDER),
        isld("D", 2, ORDER),
        tw("D", 3, ORDER),
        isld("D", 3, ORDER),
        tw("D", 2, ORDER, header="43=Y|122=<TIME+10>|"),
        reject(4, 2, "D", 10, "SendingTime accuracy problem"),
        isld("5", 5),
        tw("5", 4),
        ExpectDisconnect(),
    ),
    case(
        "2g_PossDupNoOrigSendingTime",
        "PossDupFlag=Y without OrigSendingTime: Reject 373=1 ref 122, sequence unchanged",
        logon(),
        tw("D", 2, ORDER),
        isld("D", 2, ORDER),
        tw("D", 3, ORDER),
        isld("D", 3, ORDER),
        tw("D", 2, ORDER, header="43=Y|"),
        reject(4, 2, "D", 1, "Required tag missing", ref_tag=122),
        tw("1", 4, "112=HELLO"),
        isld("0", 5, "112=HELLO"),
        logout(5, 6),
    ),
    case(
        "2h_BeginStringAsExpected",
        "BeginString FIX.4.4 as configured: accepted",
        logon(),
        tw("1", 2, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        logout(3, 3),
    ),
    case(
        "2i_BeginStringValueUnexpected",
        "Wrong BeginString after logon: Logout, disconnect (on the reply or the logout timeout)",
        logon(),
        Inject("8=FIX.4.1|35=1|34=2|49=TW|52=<TIME>|56=ISLD|112=id"),
        isld("5", 2, "58=Incorrect BeginString"),
        tw("5", 3),
        ExpectDisconnect(),
        logon(reset=True),
        Inject("8=FIX.4.1|35=1|34=2|49=TW|52=<TIME>|56=ISLD|112=id"),
        isld("5", 2, "58=Incorrect BeginString"),
        ExpectDisconnect(),
    ),
    case(
        "2j_CompIDsAsExpected",
        "SenderCompID and TargetCompID as configured: accepted",
        logon(),
        tw("D", 2, ORDER),
        isld("D", 2, ORDER),
        logout(3, 3),
    ),
    case(
        "2k_CompIDDoesNotMatchProfile",
        "Wrong SenderCompID and/or TargetCompID: Reject 373=9, Logout",
        logon(),
        Inject(f"8=FIX.4.4|35=D|34=2|49=WT|52=<TIME>|56=ISLD|{ORDER}"),
        reject(2, 2, "D", 9, "CompID problem"),
        isld("5", 3),
        tw("5", 3),
        ExpectDisconnect(),
        logon(reset=True),
        Inject(f"8=FIX.4.4|35=D|34=2|49=TW|52=<TIME>|56=DLSI|{ORDER}"),
        reject(2, 2, "D", 9, "CompID problem"),
        isld("5", 3),
        tw("5", 3),
        ExpectDisconnect(),
        logon(reset=True),
        Inject(f"8=FIX.4.4|35=D|34=2|49=WT|52=<TIME>|56=DLSI|{ORDER}"),
        reject(2, 2, "D", 9, "CompID problem"),
        isld("5", 3),
        tw("5", 3),
        ExpectDisconnect(),
    ),
    case(
        "2l_BodyLengthCorrect",
        "A correct BodyLength: accepted",
        logon(),
        Inject("8=FIX.4.4|9=49|35=0|34=2|49=TW|52=<TIME>|56=ISLD"),
        tw("1", 3, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        logout(4, 3),
    ),
    case(
        "2m_BodyLengthValueNotCorrect",
        "A wrong BodyLength (too short or too long): the frame is ignored",
        logon(),
        garbled(f"8=FIX.4.4|9=30|35=D|34=2|49=TW|52=<TIME>|56=ISLD|{ORDER}"),
        tw("D", 3, ORDER),
        isld("2", 2, "7=2|16=0"),
        tw("D", 2, ORDER, header=RESENT),
        isld("D", 3, ORDER),
        isld("D", 4, ORDER),
        garbled(f"8=FIX.4.4|9=200|35=D|34=4|49=TW|52=<TIME>|56=ISLD|{ORDER}"),
        tw("D", 5, ORDER),
        isld("2", 5, "7=4|16=0"),
        tw("D", 4, ORDER, header=RESENT),
        isld("D", 6, ORDER),
        isld("D", 7, ORDER),
        logout(6, 8),
    ),
    case(
        "2n_SendingTimeAccurate",
        "SendingTime within two minutes of now: accepted",
        logon(),
        Inject("8=FIX.4.4|35=1|34=2|49=TW|52=<TIME-100>|56=ISLD|112=EARLY"),
        isld("0", 2, "112=EARLY"),
        Inject("8=FIX.4.4|35=1|34=3|49=TW|52=<TIME+100>|56=ISLD|112=LATE"),
        isld("0", 3, "112=LATE"),
        logout(4, 4),
    ),
    case(
        "2o_SendingTimeValueOutOfRange",
        "SendingTime more than two minutes off: Reject 373=10, Logout",
        logon(),
        Inject("8=FIX.4.4|35=0|34=2|49=TW|52=<TIME-121>|56=ISLD"),
        reject(2, 2, "0", 10, "SendingTime accuracy problem"),
        isld("5", 3),
        tw("5", 3),
        ExpectDisconnect(),
        logon(reset=True),
        Inject("8=FIX.4.4|35=0|34=2|49=TW|52=<TIME+121>|56=ISLD"),
        reject(2, 2, "0", 10, "SendingTime accuracy problem"),
        isld("5", 3),
        tw("5", 3),
        ExpectDisconnect(),
    ),
    case(
        "2p_MsgTypeValid",
        "A valid, supported MsgType: processed",
        logon(),
        tw("D", 2, ORDER),
        isld("D", 2, ORDER),
        logout(3, 3),
    ),
    case(
        "2q_MsgTypeNotValid",
        "An undefined MsgType: Reject 373=11, sequence incremented",
        logon(),
        tw("*", 2),
        reject(2, 2, "*", 11, "Invalid MsgType*", ref_tag=35),
        tw("1", 3, "112=HELLO"),
        isld("0", 3, "112=HELLO"),
        logout(4, 4),
    ),
    case(
        "2r_UnregisteredMsgType",
        "A valid MsgType the application does not support: BusinessMessageReject 380=3",
        logon(),
        tw("8", 2, "37=id|17=id|150=0|39=0|55=WLRI|54=1|151=100|14=0|6=0.0"),
        isld("j", 2, "45=2|58=Unsupported Message Type|372=8|380=3"),
        logout(3, 3),
    ),
    case(
        "2s_FirstThreeFieldsInOrder",
        "BeginString, BodyLength, MsgType first: accepted",
        logon(),
        tw("1", 2, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        logout(3, 3),
    ),
    case(
        "2t_FirstThreeFieldsOutOfOrder",
        "BeginString, BodyLength, MsgType not first: garbled, ignored",
        logon(),
        garbled("35=0|8=FIX.4.4|9=29|34=2|49=TW|52=<TIME>|56=ISLD|10=121"),
        tw("1", 2, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        Inject("8=FIX.4.4|34=3|35=0|49=TW|52=<TIME>|56=ISLD"),
        ExpectNothing(),
        tw("1", 3, "112=HELLO"),
        isld("0", 3, "112=HELLO"),
        logout(4, 4),
    ),
]

CHECKSUM_CASES = [
    case(
        "3a_ValidCheckSum",
        "A correct CheckSum: accepted",
        logon(),
        tw("1", 2, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        logout(3, 3),
    ),
    case(
        "3b_InvalidChecksum",
        "A wrong CheckSum: the frame is ignored",
        logon(),
        garbled("8=FIX.4.4|35=0|34=2|49=TW|52=<TIME>|56=ISLD|10=256"),
        tw("0", 2),
        garbled("8=FIX.4.4|35=D|34=3|49=TW|52=<TIME>|56=ISLD|11=ID|21=3|40=1|54=1|55=INTC|10=000"),
        tw("0", 4),
        isld("2", 2, "7=3|16=0"),
        tw("D", 3, ORDER, header=RESENT),
        isld("D", 3, ORDER),
        logout(5, 4),
    ),
    case(
        "3c_GarbledMessage",
        "Garbage between messages is skipped; the next frame is read",
        logon(),
        garbled("garbage without any framing"),
        tw("1", 2, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        garbled("8=FIX.4.4|9=5|garbled|10=000"),
        tw("1", 3, "112=AGAIN"),
        isld("0", 3, "112=AGAIN"),
        logout(4, 4),
    ),
]

HEARTBEAT_CASES = [
    case(
        "4a_NoDataSentDuringHeartBtInt",
        "Nothing sent for HeartBtInt: send a Heartbeat",
        logon(heartbeat=3),
        Advance(3),
        isld("0", 2),
        tw("0", 2),
        Advance(3),
        isld("0", 3),
        tw("0", 3),
        logout(4, 4),
    ),
    case(
        "4b_ReceivedTestRequest",
        "TestRequest: answered by a Heartbeat carrying its TestReqID",
        logon(),
        tw("1", 2, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        logout(3, 3),
    ),
    case(
        "6_SendTestRequest",
        "Nothing received for HeartBtInt + 20%: TestRequest; no answer: Logout, disconnect",
        logon(heartbeat=3),
        Advance(3),
        isld("0", 2),
        tw("0", 2),
        Advance(3),
        isld("0", 3),
        Advance(0.6),
        isld("1", 4, "112=TEST"),
        tw("0", 3, "112=TEST"),
        Advance(3),
        isld("0", 5),
        tw("0", 4),
        Advance(3),
        isld("0", 6),
        Advance(0.6),
        isld("1", 7, "112=TEST"),
        Advance(3),
        isld("0", 8),
        Advance(0.6),
        isld("5", 9, "58=Heartbeat timeout"),
        ExpectDisconnect(),
    ),
    case(
        "7_ReceiveRejectMessage",
        "A Reject from the counterparty increments the inbound sequence",
        logon(),
        tw("3", 2, "45=1"),
        ExpectNothing(),
        logout(3, 2),
    ),
]

RESEND_CASES = [
    case(
        "8_AdminAndApplicationMessages",
        "ResendRequest: application messages replayed (43=Y, 122), admin runs gap-filled",
        logon(),
        tw("1", 2, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        tw("1", 3, "112=HELLO"),
        isld("0", 3, "112=HELLO"),
        tw("1", 4, "112=HELLO"),
        isld("0", 4, "112=HELLO"),
        tw("D", 5, order("INTC")),
        isld("D", 5, order("INTC")),
        tw("D", 6, order("CDG")),
        isld("D", 6, order("CDG")),
        tw("1", 7, "112=HELLO"),
        isld("0", 7, "112=HELLO"),
        tw("1", 8, "112=HELLO"),
        isld("0", 8, "112=HELLO"),
        tw("D", 9, order("IVP")),
        isld("D", 9, order("IVP")),
        tw("2", 10, "7=2|16=4"),
        isld("4", 2, "123=Y|36=5", header=RESENT),
        tw("2", 11, "7=2|16=6"),
        isld("4", 2, "123=Y|36=5", header=RESENT),
        isld("D", 5, order("INTC"), header=RESENT),
        isld("D", 6, order("CDG"), header=RESENT),
        tw("2", 12, "7=2|16=8"),
        isld("4", 2, "123=Y|36=5", header=RESENT),
        isld("D", 5, order("INTC"), header=RESENT),
        isld("D", 6, order("CDG"), header=RESENT),
        isld("4", 7, "123=Y|36=9", header=RESENT),
        tw("2", 13, "7=2|16=9"),
        isld("4", 2, "123=Y|36=5", header=RESENT),
        isld("D", 5, order("INTC"), header=RESENT),
        isld("D", 6, order("CDG"), header=RESENT),
        isld("4", 7, "123=Y|36=9", header=RESENT),
        isld("D", 9, order("IVP"), header=RESENT),
        tw("2", 14, "7=2|16=0"),
        isld("4", 2, "123=Y|36=5", header=RESENT),
        isld("D", 5, order("INTC"), header=RESENT),
        isld("D", 6, order("CDG"), header=RESENT),
        isld("4", 7, "123=Y|36=9", header=RESENT),
        isld("D", 9, order("IVP"), header=RESENT),
        tw("1", 15, "112=HELLO"),
        isld("0", 10, "112=HELLO"),
        logout(16, 11),
    ),
    case(
        "8_OnlyAdminMessages",
        "ResendRequest covering only admin messages: one gap fill",
        logon(),
        tw("1", 2, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        tw("1", 3, "112=HELLO"),
        isld("0", 3, "112=HELLO"),
        tw("1", 4, "112=HELLO"),
        isld("0", 4, "112=HELLO"),
        tw("2", 5, "7=1|16=4"),
        isld("4", 1, "123=Y|36=5", header=RESENT),
        tw("1", 6, "112=HELLO"),
        isld("0", 5, "112=HELLO"),
        tw("2", 7, "7=1|16=0"),
        isld("4", 1, "123=Y|36=6", header=RESENT),
        logout(8, 6),
    ),
    case(
        "8_OnlyApplicationMessages",
        "ResendRequest covering only application messages: all replayed",
        logon(),
        tw("D", 2, order("INTC")),
        isld("D", 2, order("INTC")),
        tw("D", 3, order("CDG")),
        isld("D", 3, order("CDG")),
        tw("D", 4, order("IVP")),
        isld("D", 4, order("IVP")),
        tw("2", 5, "7=2|16=4"),
        isld("D", 2, order("INTC"), header=RESENT),
        isld("D", 3, order("CDG"), header=RESENT),
        isld("D", 4, order("IVP"), header=RESENT),
        tw("1", 6, "112=HELLO"),
        isld("0", 5, "112=HELLO"),
        tw("2", 7, "7=2|16=0"),
        isld("D", 2, order("INTC"), header=RESENT),
        isld("D", 3, order("CDG"), header=RESENT),
        isld("D", 4, order("IVP"), header=RESENT),
        isld("4", 5, "123=Y|36=6", header=RESENT),
        logout(8, 6),
    ),
    case(
        "8_ResendRequestEndSeqNo999999",
        "EndSeqNo 999999 means 'up to the last' like 0",
        logon(),
        tw("D", 2, ORDER),
        isld("D", 2, ORDER),
        tw("2", 3, "7=1|16=999999"),
        isld("4", 1, "123=Y|36=2", header=RESENT),
        isld("D", 2, ORDER, header=RESENT),
        logout(4, 3),
    ),
]

SEQUENCE_RESET_CASES = [
    case(
        "10_MsgSeqNumGreater",
        "Gap fill with MsgSeqNum too high: ResendRequest first",
        logon(),
        tw("4", 10, "123=Y|36=20"),
        isld("2", 2, "7=2|16=0"),
        tw("1", 20, "112=HELLO"),
        ExpectNothing(),
        logout(2, 3),
    ),
    case(
        "10_MsgSeqNumEqual",
        "Gap fill with the expected MsgSeqNum (and no 43=Y, as Kraken sends it): NewSeqNo taken",
        logon(),
        tw("4", 2, "123=Y|36=20"),
        tw("1", 20, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        logout(21, 3),
    ),
    case(
        "10_MsgSeqNumLess",
        "Gap fill with MsgSeqNum too low: ignored with PossDupFlag, Logout without",
        logon(),
        tw("4", 1, "123=Y|36=20", header="43=Y|122=<TIME-1>|"),
        tw("1", 2, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        tw("4", 1, "123=Y|36=20"),
        isld("5", 3, "58=MsgSeqNum too low, expecting 3 but received 1"),
        ExpectDisconnect(),
    ),
    case(
        "11a_NewSeqNoGreater",
        "SequenceReset (reset mode) with NewSeqNo greater: expected number set, MsgSeqNum ignored",
        logon(),
        tw("4", 0, "36=25"),
        tw("1", 25, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        tw("4", 0, "36=50|123=N"),
        tw("1", 50, "112=HELLO"),
        isld("0", 3, "112=HELLO"),
        logout(51, 4),
    ),
    case(
        "11b_NewSeqNoEqual",
        "SequenceReset (reset mode) with NewSeqNo equal: nothing changes",
        logon(),
        tw("4", 0, "36=2"),
        tw("1", 2, "112=HELLO"),
        isld("0", 2, "112=HELLO"),
        tw("4", 0, "36=3|123=N"),
        tw("1", 3, "112=HELLO"),
        isld("0", 3, "112=HELLO"),
        logout(4, 4),
    ),
    case(
        "11c_NewSeqNoLess",
        "SequenceReset (reset mode) with NewSeqNo lower: Reject 373=5 ref 36",
        logon(),
        tw("4", 0, "36=1"),
        reject(2, 0, "4", 5, "Value is incorrect (out of range) for this tag", ref_tag=36),
        tw("1", 2, "112=HELLO"),
        isld("0", 3, "112=HELLO"),
        tw("4", 0, "36=1|123=N"),
        reject(4, 0, "4", 5, "Value is incorrect (out of range) for this tag", ref_tag=36),
        tw("1", 3, "112=HELLO"),
        isld("0", 5, "112=HELLO"),
        logout(4, 6),
    ),
    case(
        "13b_UnsolicitedLogoutMessage",
        "An unsolicited Logout is answered with a Logout, then disconnect",
        logon(),
        logout(2, 2),
    ),
    case(
        "SessionReset",
        "A Logon with ResetSeqNumFlag=Y while logged on resets both sides to 1",
        logon(),
        heartbeats(2, 9),
        tw("1", 10, "112=1"),
        isld("0", 2, "112=1"),
        tw("A", 1, "98=0|108=30|141=Y"),
        isld("A", 1, "98=0|108=30|141=Y"),
        tw("1", 2, "112=1"),
        isld("0", 2, "112=1"),
        logout(3, 3),
    ),
]

VALIDATION_CASES = [
    case(
        "14a_BadField",
        "Undefined tags: Reject 373=3; a tag that is not a number: 373=0; sequence incremented",
        logon(heartbeat=2),
        tw("0", 2, "999=HI"),
        reject(2, 2, "0", 3, "Undefined tag*", ref_tag=999),
        tw("0", 3, "5000=HI"),
        reject(3, 3, "0", 3, "Undefined tag*", ref_tag=5000),
        tw("0", 4, "abc=HI"),
        reject(4, 4, "0", 0, "Invalid tag number*"),
        logout(5, 5),
    ),
    case(
        "14b_RequiredFieldMissing",
        "A required field missing: Reject 373=1 with the tag",
        logon(heartbeat=2),
        Inject("8=FIX.4.4|35=0|34=2|49=TW|52=<TIME>"),
        reject(2, 2, "0", 1, "Required tag missing*", ref_tag=56),
        Inject("8=FIX.4.4|35=D|49=TW|34=3|56=ISLD|52=<TIME>|40=1|60=<TIME>|55=INTC|21=3|11=id"),
        reject(3, 3, "D", 1, "Required tag missing*", ref_tag=54),
        logout(4, 4),
    ),
    case(
        "14c_TagNotDefinedForMsgType",
        "A defined tag that does not belong to the message: Reject 373=2",
        logon(heartbeat=2),
        tw("0", 2, "55=MSFT"),
        reject(2, 2, "0", 2, "Tag not defined for this message type*", ref_tag=55),
        logout(3, 3),
    ),
    case(
        "14d_TagSpecifiedWithoutValue",
        "A tag without a value: Reject 373=4",
        logon(heartbeat=2),
        tw("1", 2, "112="),
        reject(2, 2, "1", 4, "Tag specified without a value*", ref_tag=112),
        logout(3, 3),
    ),
    case(
        "14e_IncorrectEnumValue",
        "A value outside the field's enumeration: Reject 373=5",
        logon(heartbeat=2),
        tw("D", 2, "11=ID|21=4|40=1|54=1|38=002000.00|55=INTC|60=<TIME>"),
        reject(2, 2, "D", 5, "Value is incorrect (out of range) for this tag*", ref_tag=21),
        tw("D", 3, "11=ID|21=1|40=1|54=1|38=002000.00|55=INTC|60=<TIME>|167=BOO"),
        reject(3, 3, "D", 5, "Value is incorrect (out of range) for this tag*", ref_tag=167),
        tw("D", 4, "11=ID|21=1|40=1|54=1|38=002000.00|55=INTC|60=<TIME>|167=CS"),
        isld("D", 4, "11=ID|21=1|40=1|54=1|38=002000.00|55=INTC|60=<TIME>|167=CS"),
        logout(5, 5),
    ),
    case(
        "14f_IncorrectDataFormat",
        "A value in the wrong format: Reject 373=6",
        logon(heartbeat=2),
        tw("D", 2, "11=ID|21=1|40=1|54=1|38=+200.00|55=INTC|60=<TIME>"),
        reject(2, 2, "D", 6, "Incorrect data format for value*", ref_tag=38),
        logout(3, 3),
    ),
    case(
        "14g_HeaderBodyTrailerFieldsOutOfOrder",
        "Header fields after body fields: Reject 373=14",
        logon(heartbeat=2),
        Inject("8=FIX.4.4|35=D|11=id|21=3|40=1|54=1|55=MSFT|60=<TIME>|34=2|49=TW|52=<TIME>|56=ISLD"),
        reject(2, 2, "D", 14, "Tag specified out of required order*", ref_tag=34),
        logout(3, 3),
    ),
    case(
        "14h_RepeatedTag",
        "A non-group tag twice: Reject 373=13",
        logon(heartbeat=2),
        tw("D", 2, "11=ID|21=1|40=1|40=2|54=1|38=200.00|55=INTC|60=<TIME>"),
        reject(2, 2, "D", 13, "Tag appears more than once*", ref_tag=40),
        logout(3, 3),
    ),
    case(
        "14i_RepeatingGroupCountNotEqual",
        "NumInGroup disagreeing with the entries: Reject 373=16",
        logon(heartbeat=2),
        tw("D", 2, "11=ID|21=1|40=1|54=1|38=200.00|55=INTC|386=3|336=PRE-OPEN|336=AFTER-HOURS|60=<TIME>"),
        reject(2, 2, "D", 16, "Incorrect NumInGroup count for repeating group*", ref_tag=386),
        logout(3, 3),
    ),
    case(
        "15_HeaderAndBodyFieldsOrderedDifferently",
        "Header and body fields in another order: accepted",
        logon(heartbeat=2),
        tw("D", 2, "11=id|21=3|40=1|54=1|55=MSFT|60=<TIME>"),
        isld("D", 2, "11=id|21=3|40=1|54=1|55=MSFT|60=<TIME>"),
        Inject("8=FIX.4.4|35=D|49=TW|34=3|56=ISLD|52=<TIME>|40=1|55=MSFT|60=<TIME>|54=1|21=3|11=id"),
        isld("D", 3, "40=1|55=MSFT|60=<TIME>|54=1|21=3|11=id"),
        logout(4, 4),
    ),
    case(
        "19a_PossResendMessageThatHasAlreadyBeenSent",
        "PossResend=Y for an order the application has seen: ignored by the application",
        logon(heartbeat=2),
        tw("D", 2, "11=id|21=3|40=1|54=1|55=MSFT|60=<TIME>"),
        isld("D", 2, "11=id|21=3|40=1|54=1|55=MSFT|60=<TIME>"),
        tw("D", 3, "97=Y|11=id|21=3|40=1|54=1|55=MSFT|60=<TIME>"),
        ExpectNothing(),
        logout(4, 3),
    ),
    case(
        "19b_PossResendMessageThatHasNotBeenSent",
        "PossResend=Y for an order not seen yet: processed normally",
        logon(heartbeat=2),
        tw("D", 2, "97=Y|11=id|21=3|40=1|54=1|55=MSFT|60=<TIME>"),
        isld("D", 2, "11=id|21=3|40=1|54=1|55=MSFT|60=<TIME>"),
        logout(3, 3),
    ),
    case(
        "20_SimultaneousResendRequest",
        "Both sides ask for a resend at once: theirs is served, ours stays pending",
        logon(),
        tw("D", 2, ORDER),
        isld("D", 2, ORDER),
        tw("D", 3, ORDER),
        isld("D", 3, ORDER),
        tw("0", 7),
        isld("2", 4, "7=4|16=0"),
        tw("2", 8, "7=2|16=3"),
        isld("D", 2, ORDER, header=RESENT),
        isld("D", 3, ORDER, header=RESENT),
        tw("0", 4, header=RESENT),
        tw("0", 5, header=RESENT),
        tw("0", 6, header=RESENT),
        tw("1", 9, "112=DONE"),
        isld("0", 5, "112=DONE"),
        logout(10, 6),
    ),
    case(
        "21_RepeatingGroupSpecifierWithValueOfZero",
        "A NumInGroup of zero: the message is valid (here: not supported by the application)",
        logon(heartbeat=2),
        tw(
            "d",
            2,
            "320=JCD1091-20021011|322=1034356488676|323=6|55=TBS|22=8|167=CS|336=ONE_MAIN"
            "|58=No Products found for this Class Symbol|454=0",
        ),
        isld("j", 2, "45=2|58=Unsupported Message Type|372=d|380=3"),
        logout(3, 3),
    ),
]

CASES: list[Case] = [
    *LOGON_CASES,
    *HEADER_CASES,
    *CHECKSUM_CASES,
    *HEARTBEAT_CASES,
    *RESEND_CASES,
    *SEQUENCE_RESET_CASES,
    *VALIDATION_CASES,
]

NOT_COVERED = {
    "5": "Receiving a valid Heartbeat is part of every case (2a, 4a, 6).",
    "9": "Manual sequence synchronisation is an operator action, not a wire behaviour.",
    "12": "Initiating a logout is an API call (Session.logout); tested in tests/fix/session.",
    "13a": "Logout reply to our own Logout: tested in tests/fix/session (needs Session.logout).",
    "16": "Queueing outgoing messages while disconnected: tested in tests/fix/session.",
    "17": "Encryption (98 != 0) is not supported; TLS is the transport's job.",
    "18": "Third-party addressing (115/128) is not used by Kraken.",
}
