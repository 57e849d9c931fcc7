"""validate(): one test per SessionRejectReason, with the exact reason, RefTagID and text."""

from __future__ import annotations

import pytest

from krakenbox.fix.codec import Parser
from krakenbox.fix.dictionary import load
from krakenbox.fix.message import Message
from krakenbox.fix.tags import SessionRejectReason as Reason
from krakenbox.fix.validation import RejectInfo, ValidationOptions, validate

HEADER = "34=2|49=CLIENT|52=20260407-14:32:10.000|56=KRAKEN-TRD|"
ORDER = "11=1744036325000000|38=0.1|40=2|44=1000|54=1|55=BTC/USD|59=1|60=20260407-14:32:10.000|"
SNAPSHOT_HEAD = "35=W|34=9|49=KRAKEN-MD|52=20260407-14:32:10.000|56=CLIENT|262=1|55=BTC/USD|"
ENTRY = "269=0|278=B28003.0|270=28003.0|271=0.001|273=14:32:10.000|"


def wire(text: str) -> bytes:
    return text.replace("|", "\x01").encode("latin-1")


def parsed(body: str) -> Message:
    """Parse ``body`` framed with a correct BodyLength and CheckSum."""
    data = wire(body)
    head = b"8=FIX.4.4\x019=%d\x01" % len(data)
    parser = Parser()
    parser.feed(head + data + b"10=%03d\x01" % ((sum(head) + sum(data)) % 256))
    message = parser.next()
    assert isinstance(message, Message)
    return message


def kraken(body: str) -> RejectInfo | None:
    return validate(parsed(body), load("kraken"))


def fix44(body: str) -> RejectInfo | None:
    return validate(parsed(body), load("fix44"))


def test_valid_kraken_order() -> None:
    assert kraken("35=D|" + HEADER + ORDER) is None


def test_valid_snapshot_with_two_entries() -> None:
    assert kraken(SNAPSHOT_HEAD + "268=2|" + ENTRY + ENTRY.replace("269=0", "269=1")) is None


def test_zero_count_group_without_entries_is_valid() -> None:
    assert kraken(SNAPSHOT_HEAD + "268=0|") is None


def test_header_fields_in_any_order_after_msg_type() -> None:
    assert kraken("35=D|56=KRAKEN-TRD|52=20260407-14:32:10.000|49=CLIENT|34=2|" + ORDER) is None


def test_built_message_without_framing_fields_is_valid() -> None:
    message = Message([(35, "0"), (34, "1"), (49, "A"), (52, "20260407-14:32:10.000"), (56, "B")])
    assert validate(message, load("fix44")) is None


# 0 Invalid tag number
def test_non_numeric_tag_is_an_invalid_tag_number() -> None:
    assert kraken("35=D|" + HEADER + "abc=1|" + ORDER) == RejectInfo(Reason.INVALID_TAG_NUMBER, None, "Invalid tag number: 'abc=1'")


def test_tag_zero_is_an_invalid_tag_number() -> None:
    reject = kraken("35=D|" + HEADER + "0=1|" + ORDER)
    assert reject == RejectInfo(Reason.INVALID_TAG_NUMBER, 0, "Invalid tag number: 0")


# 1 Required tag missing
def test_required_body_tag_missing() -> None:
    reject = kraken("35=D|" + HEADER + ORDER.replace("54=1|", ""))
    assert reject == RejectInfo(Reason.REQUIRED_TAG_MISSING, 54, "Required tag missing: Side (54)")


def test_required_header_tag_missing() -> None:
    reject = kraken("35=D|34=2|52=20260407-14:32:10.000|56=KRAKEN-TRD|" + ORDER)
    assert reject == RejectInfo(Reason.REQUIRED_TAG_MISSING, 49, "Required tag missing: SenderCompID (49)")


def test_msg_type_missing() -> None:
    assert kraken(HEADER + ORDER) == RejectInfo(Reason.REQUIRED_TAG_MISSING, 35, "Required tag missing: MsgType (35)")


def test_kraken_requires_what_standard_fix_leaves_optional() -> None:
    body = "35=D|" + HEADER + ORDER.replace("59=1|", "")
    assert fix44(body) is None
    assert kraken(body) == RejectInfo(Reason.REQUIRED_TAG_MISSING, 59, "Required tag missing: TimeInForce (59)")


def test_required_tag_missing_in_a_group_entry() -> None:
    orders = "35=E|" + HEADER + "66=L1|394=3|68=2|73=2|11=A|67=1|54=1|55=X|11=B|67=2|55=Y|"
    assert fix44(orders) == RejectInfo(Reason.REQUIRED_TAG_MISSING, 54, "Required tag missing: Side (54)")


# 2 Tag not defined for this message type
def test_tag_not_defined_for_this_message_type() -> None:
    reject = kraken("35=0|" + HEADER + "44=1000|")
    assert reject == RejectInfo(Reason.TAG_NOT_DEFINED_FOR_THIS_MESSAGE_TYPE, 44, "Tag not defined for this message type: Price (44)")


def test_group_field_outside_its_group_is_not_defined_for_the_message() -> None:
    assert kraken(SNAPSHOT_HEAD + "268=0|270=1|") == RejectInfo(
        Reason.TAG_NOT_DEFINED_FOR_THIS_MESSAGE_TYPE, 270, "Tag not defined for this message type: MDEntryPx (270)"
    )


def test_standard_dictionary_rejects_krakens_dialect_like_quickfix_does() -> None:
    reject = fix44("35=X|34=12|49=KRAKEN-MD|52=20231012-09:55:14.934|56=CLIENT|55=BTC/USD|262=0|268=1|279=1|269=1|278=O28013.0|270=28013.0|271=0.00096506|273=09:55:15.071|")
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.TAG_NOT_DEFINED_FOR_THIS_MESSAGE_TYPE, 55)
    reject = fix44(SNAPSHOT_HEAD + "268=1|" + ENTRY)
    assert reject is not None and reject.ref_tag == 278


# 3 Undefined tag
def test_undefined_tag() -> None:
    assert kraken("35=D|" + HEADER + "9999=x|" + ORDER) == RejectInfo(Reason.UNDEFINED_TAG, 9999, "Undefined tag: 9999")


def test_user_defined_tags_can_be_tolerated() -> None:
    options = ValidationOptions(allow_user_defined_fields=True)
    assert validate(parsed("35=D|" + HEADER + "9999=x|" + ORDER), load("kraken"), options) is None
    reject = validate(parsed("35=D|" + HEADER + "20000=x|" + ORDER), load("kraken"), options)
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.UNDEFINED_TAG, 20000)
    with pytest.raises(ValueError):
        ValidationOptions(user_defined_range=(10, 5))


def test_kraken_tags_are_undefined_in_standard_fix() -> None:
    body = "35=D|" + HEADER + ORDER + "7928=1|"
    assert kraken(body) is None
    assert fix44(body) == RejectInfo(Reason.UNDEFINED_TAG, 7928, "Undefined tag: 7928")


# 4 Tag specified without a value
def test_tag_specified_without_a_value() -> None:
    reject = kraken("35=D|" + HEADER + ORDER.replace("54=1|", "54=|"))
    assert reject == RejectInfo(Reason.TAG_SPECIFIED_WITHOUT_A_VALUE, 54, "Tag specified without a value: Side (54)")


def test_tag_without_equals_sign_has_no_value() -> None:
    reject = kraken("35=D|" + HEADER + ORDER.replace("54=1|", "54|"))
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.TAG_SPECIFIED_WITHOUT_A_VALUE, 54)


# 5 Value is incorrect (out of range) for this tag
def test_value_out_of_range() -> None:
    reject = kraken("35=D|" + HEADER + ORDER.replace("40=2|", "40=Z|"))
    assert reject == RejectInfo(Reason.VALUE_IS_INCORRECT, 40, "Value is incorrect (out of range) for this tag: OrdType (40) = 'Z'")


def test_kraken_values_are_out_of_range_in_standard_fix() -> None:
    body = "35=D|" + HEADER + ORDER.replace("40=2|", "40=T|") + "99=900|18=P s|"
    assert kraken(body) is None
    reject = fix44(body)
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.VALUE_IS_INCORRECT, 40)


def test_each_value_of_a_multiple_value_string_is_checked() -> None:
    reject = kraken("35=D|" + HEADER + ORDER + "18=P x|")
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.VALUE_IS_INCORRECT, 18)


# 6 Incorrect data format for value
@pytest.mark.parametrize(
    ("replace", "by", "tag"),
    [
        ("38=0.1|", "38=abc|", 38),  # Qty
        ("38=0.1|", "38=1e5|", 38),
        ("38=0.1|", "38=+1|", 38),
        ("38=0.1|", "38=.|", 38),
        ("44=1000|", "44=1,000|", 44),  # Price
        ("60=20260407-14:32:10.000|", "60=2026-04-07T14:32:10Z|", 60),  # UTCTimestamp
        ("60=20260407-14:32:10.000|", "60=20260407-14:32:10.0000|", 60),
        ("54=1|", "54=12|", 54),  # char
        ("34=2|", "34=two|", 34),  # SeqNum
        ("34=2|", "34=-2|", 34),
        ("55=BTC/USD|", "55=BTC/USD|75=2026-04-07|", 75),  # LocalMktDate
        ("55=BTC/USD|", "55=BTC/USD|18=P  E|", 18),  # MultipleValueString
        ("55=BTC/USD|", "55=BTC/USD|5030=yes|", 5030),  # Boolean
        ("55=BTC/USD|", "55=BTC/USD|7928=one|", 7928),  # int
    ],
)
def test_incorrect_data_format(replace: str, by: str, tag: int) -> None:
    reject = kraken("35=D|" + (HEADER + ORDER).replace(replace, by, 1))
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.INCORRECT_DATA_FORMAT_FOR_VALUE, tag)
    assert reject.text.startswith("Incorrect data format for value: ")


def test_decimal_forms_that_are_valid() -> None:
    for price in ("25000", "-1.5", "0.", ".5", "28013.00000000"):
        assert kraken("35=D|" + HEADER + ORDER.replace("44=1000|", f"44={price}|")) is None, price


def test_transact_time_without_milliseconds_is_valid() -> None:
    assert kraken("35=D|" + HEADER + ORDER.replace("60=20260407-14:32:10.000|", "60=20260407-14:32:10|")) is None


def test_incorrect_time_only_format_in_a_group_entry() -> None:
    reject = kraken(SNAPSHOT_HEAD + "268=1|" + ENTRY.replace("273=14:32:10.000|", "273=2:32|"))
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.INCORRECT_DATA_FORMAT_FOR_VALUE, 273)


def test_incorrect_num_in_group_format() -> None:
    reject = kraken(SNAPSHOT_HEAD + "268=x|" + ENTRY)
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.INCORRECT_DATA_FORMAT_FOR_VALUE, 268)


# 11 Invalid MsgType
def test_invalid_msg_type() -> None:
    assert kraken("35=ZZ|" + HEADER) == RejectInfo(Reason.INVALID_MSG_TYPE, 35, "Invalid MsgType: 'ZZ'")


def test_empty_msg_type() -> None:
    reject = kraken("35=|" + HEADER)
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.TAG_SPECIFIED_WITHOUT_A_VALUE, 35)


# 13 Tag appears more than once
def test_header_tag_appears_more_than_once() -> None:
    reject = kraken("35=D|" + HEADER + "34=3|" + ORDER)
    assert reject == RejectInfo(Reason.TAG_APPEARS_MORE_THAN_ONCE, 34, "Tag appears more than once: MsgSeqNum (34)")


def test_body_tag_appears_more_than_once() -> None:
    reject = kraken("35=D|" + HEADER + ORDER + "54=2|")
    assert reject == RejectInfo(Reason.TAG_APPEARS_MORE_THAN_ONCE, 54, "Tag appears more than once: Side (54)")


# 14 Tag specified out of required order
def test_header_field_after_a_body_field() -> None:
    reject = kraken("35=D|49=CLIENT|52=20260407-14:32:10.000|56=KRAKEN-TRD|" + ORDER + "34=2|")
    assert reject == RejectInfo(Reason.TAG_SPECIFIED_OUT_OF_REQUIRED_ORDER, 34, "Tag specified out of required order: MsgSeqNum (34)")


def test_msg_type_not_third() -> None:
    reject = kraken("34=2|35=D|49=CLIENT|52=20260407-14:32:10.000|56=KRAKEN-TRD|" + ORDER)
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.TAG_SPECIFIED_OUT_OF_REQUIRED_ORDER, 35)


def test_checksum_not_last_in_a_built_message() -> None:
    message = Message([(35, "0"), (10, "000"), (34, "1")])
    reject = validate(message, load("fix44"))
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.TAG_SPECIFIED_OUT_OF_REQUIRED_ORDER, 10)


def test_body_length_not_second_in_a_built_message() -> None:
    message = Message([(8, "FIX.4.4"), (35, "0"), (9, "5")])
    reject = validate(message, load("fix44"))
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.TAG_SPECIFIED_OUT_OF_REQUIRED_ORDER, 9)


def test_body_field_after_a_trailer_field() -> None:
    reject = kraken("35=D|" + HEADER + ORDER.replace("59=1|", "93=3|89=sig|59=1|"))
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.TAG_SPECIFIED_OUT_OF_REQUIRED_ORDER, 59)


# 15 Repeating group fields out of order
def test_group_entry_not_starting_with_the_delimiter() -> None:
    reject = kraken(SNAPSHOT_HEAD + "268=1|270=28003.0|269=0|271=0.001|")
    assert reject == RejectInfo(
        Reason.REPEATING_GROUP_FIELDS_OUT_OF_ORDER, 270,
        "Repeating group fields out of order: entries of NoMDEntries (268) must start with MDEntryType (269)",
    )


def test_group_entry_missing_its_delimiter_repeats_a_field() -> None:
    reject = kraken(SNAPSHOT_HEAD + "268=2|269=0|270=1|271=1|270=2|271=1|")
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.REPEATING_GROUP_FIELDS_OUT_OF_ORDER, 270)


def test_field_repeated_in_an_entry() -> None:
    body = "35=y|49=KRAKEN-MD|56=CLIENT|34=3|52=20231012-09:54:15.317|320=S|322=R|560=0|146=1|55=BTC/USD|5010=8|"
    assert kraken(body) is None
    reject = kraken(body + "5010=9|")
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.REPEATING_GROUP_FIELDS_OUT_OF_ORDER, 5010)


def test_field_of_both_message_and_group_after_the_group_belongs_to_the_message() -> None:
    head = "35=X|34=12|49=KRAKEN-MD|52=20231012-09:55:14.934|56=CLIENT|262=0|268=1|279=1|269=1|55=BTC/USD|270=1|"
    assert kraken(head + "55=ETH/USD|") is None  # Kraken's X has Symbol at message level
    reject = fix44(head + "55=ETH/USD|")
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.REPEATING_GROUP_FIELDS_OUT_OF_ORDER, 55)


# 16 Incorrect NumInGroup count for repeating group
def test_fewer_entries_than_declared() -> None:
    reject = kraken(SNAPSHOT_HEAD + "268=2|" + ENTRY)
    assert reject == RejectInfo(
        Reason.INCORRECT_NUM_IN_GROUP_COUNT_FOR_REPEATING_GROUP, 268,
        "Incorrect NumInGroup count for repeating group: NoMDEntries (268) = 2, entries found: 1",
    )


def test_more_entries_than_declared() -> None:
    reject = kraken(SNAPSHOT_HEAD + "268=1|" + ENTRY + ENTRY)
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.INCORRECT_NUM_IN_GROUP_COUNT_FOR_REPEATING_GROUP, 268)


def test_entries_with_a_zero_count() -> None:
    reject = kraken(SNAPSHOT_HEAD + "268=0|" + ENTRY)
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.INCORRECT_NUM_IN_GROUP_COUNT_FOR_REPEATING_GROUP, 268)


NESTED = "78=1|79=SUB-1|539=2|524=P1|804=1|545=S1|805=1|524=P2|"


def test_nested_groups_are_walked() -> None:
    assert kraken("35=D|" + HEADER + ORDER + NESTED) is None


def test_nested_group_count_mismatch() -> None:
    reject = kraken("35=D|" + HEADER + ORDER + NESTED.replace("804=1|", "804=2|"))
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.INCORRECT_NUM_IN_GROUP_COUNT_FOR_REPEATING_GROUP, 804)


def test_nested_group_entry_out_of_order() -> None:
    reject = kraken("35=D|" + HEADER + ORDER + "78=1|79=SUB-1|539=1|538=1|524=P1|")
    assert reject is not None and (reject.reason, reject.ref_tag) == (Reason.REPEATING_GROUP_FIELDS_OUT_OF_ORDER, 538)


def test_allocations_after_the_body_are_a_group_of_the_message() -> None:
    assert kraken("35=D|" + HEADER + "78=1|79=SUB-1|" + ORDER) is None


@pytest.mark.parametrize(
    "bad_order",
    [
        ORDER.replace("54=1", "54=Z"),  # bad enum
        ORDER.replace("38=0.1", "38=0.1x"),  # bad decimal
        ORDER.replace("60=20260407-14:32:10.000", "60=20260407-25:32:10.000"),  # bad timestamp
        ORDER.replace("44=1000", "44="),  # no value
    ],
)
def test_a_known_valid_shape_with_a_bad_value_gets_the_same_reject_as_a_cold_check(bad_order: str) -> None:
    good, bad = parsed("35=D|" + HEADER + ORDER), parsed("35=D|" + HEADER + bad_order)
    cold = validate(bad, load("kraken"), ValidationOptions(allow_user_defined_fields=True))
    assert cold is not None
    assert validate(good, load("kraken")) is None  # the shape is now known
    assert validate(bad, load("kraken")) == cold


def test_group_counts_are_part_of_the_shape() -> None:
    two = SNAPSHOT_HEAD + "268=2|" + ENTRY + ENTRY.replace("269=0", "269=1")
    assert kraken(two) is None
    miscounted = kraken(two.replace("268=2", "268=3"))
    assert miscounted is not None and miscounted.reason == Reason.INCORRECT_NUM_IN_GROUP_COUNT_FOR_REPEATING_GROUP
