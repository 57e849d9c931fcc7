"""The FIX dictionary: standard FIX 4.4 from QuickFIX's encoding plus Kraken's dialect, kept apart."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from krakenbox.fix import tags
from krakenbox.fix.dictionary import export_quickfix_xml, load
from krakenbox.fix.tags import MDReqRejReason, MsgType, OrdType, SessionRejectReason, Tag

ROOT = Path(__file__).resolve().parents[2]
QUICKFIX_FIX44 = Path("/tmp/qf/quickfix-1.16.0/spec/FIX44.xml")
KRAKEN_TAGS = [109, 1138, 2349, 2446, 5001, 5010, 5011, 5012, 5013, 5022, 5025, 5030, 5032, 5041, 5051, 5060, 5273, 7928, 8674]
KRAKEN_VALUES = {
    40: ["R", "T", "U", "V"],
    18: ["v", "f", "q", "s"],
    380: ["101", "104"],
    340: ["101", "102"],
    567: ["100", "101", "102", "103"],
    167: ["CASH", "TS"],
}


def tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_standard_counts() -> None:
    fix44 = load("fix44")
    assert len(fix44.messages) == 93
    assert len(fix44.fields) == 912
    assert {t for t in fix44.messages if fix44.is_admin(t)} == {"0", "1", "2", "3", "4", "5", "A", "n"}
    kraken = load("kraken")
    assert len(kraken.messages) == 93
    assert len(kraken.fields) == 912 + len(KRAKEN_TAGS)


def test_load_is_cached_and_checks_the_dialect() -> None:
    assert load("kraken") is load("kraken")
    with pytest.raises(ValueError):
        load("fix42")  # type: ignore[arg-type]


def test_kraken_fields_exist_only_in_the_kraken_dialect() -> None:
    fix44, kraken = load("fix44"), load("kraken")
    assert sorted(tag for tag, field in kraken.fields.items() if field.is_kraken) == KRAKEN_TAGS
    for tag in KRAKEN_TAGS:
        assert fix44.field(tag) is None
    assert kraken.fields[7928].values == {"0": "CANCEL_BOTH", "1": "CANCEL_NEWEST", "2": "CANCEL_OLDEST"}
    assert kraken.fields[5032].values["7"] == "REDUCE_ONLY"
    assert kraken.fields[5041].type == "STRING"  # CRC32 exceeds QuickFIX's 32-bit INT


@pytest.mark.parametrize(("tag", "values"), sorted(KRAKEN_VALUES.items()))
def test_kraken_enum_values_exist_only_in_the_kraken_dialect(tag: int, values: list[str]) -> None:
    for value in values:
        assert value in load("kraken").fields[tag].values
        assert value not in load("fix44").fields[tag].values


def test_repurposed_standard_values_keep_both_meanings() -> None:
    assert load("fix44").fields[281].values["B"] == "UNSUPPORTED_OPEN_CLOSE_SETTLE_FLAG"
    assert load("kraken").fields[281].values["B"] == "LEVEL3_NOT_AVAILABLE"
    assert load("kraken").fields[388].values["1"] == "INDEX_PRICE"
    assert MDReqRejReason.LEVEL3_NOT_AVAILABLE == MDReqRejReason.UNSUPPORTED_OPEN_CLOSE_SETTLE_FLAG == "B"


def test_kraken_memberships_from_interop_findings() -> None:
    fix44, kraken = load("fix44"), load("kraken")
    snapshot = Tag.NoMDEntries
    assert Tag.MDEntryID in kraken.message("W").groups[snapshot].member_set
    assert Tag.MDEntryID not in fix44.message("W").groups[snapshot].member_set
    assert kraken.message("X").members[0] == Tag.Symbol
    assert Tag.Symbol not in fix44.message("X").member_set
    incremental = kraken.message("X").groups[snapshot]
    assert {Tag.OrdType, Tag.AggressorSide, Tag.MDEntryTimestamp}.issubset(incremental.member_set)
    assert Tag.ChecksumOrderBook in kraken.message("X").member_set
    assert Tag.DisplayQty in kraken.message("8").member_set
    instruments = kraken.message("y").groups[Tag.NoRelatedSym]
    assert instruments.delimiter == Tag.Symbol
    assert {5010, 5011, 5012, 5013, 2349, 5022, 5032, 562}.issubset(instruments.member_set)
    logon = kraken.message("A")
    assert {5025, 5030, 5051, 8674, 553, 554, 109}.issubset(logon.member_set)
    assert {553, 554}.issubset(fix44.message("A").member_set)
    order = kraken.message("D")
    assert {5001, 7928, 1138, 62, 388}.issubset(order.member_set)
    assert order.groups[Tag.NoAllocs].delimiter == Tag.AllocAccount


def test_kraken_required_fields() -> None:
    assert {Tag.Symbol, Tag.OrderQty, Tag.TimeInForce}.issubset(load("kraken").message("D").required)
    assert Tag.TimeInForce not in load("fix44").message("D").required
    assert Tag.OrigClOrdID not in load("kraken").message("F").required
    assert Tag.OrigClOrdID in load("fix44").message("F").required
    assert Tag.Side not in load("kraken").message("H").required


def test_lookups() -> None:
    kraken = load("kraken")
    assert kraken.is_admin("A") and not kraken.is_admin("D") and not kraken.is_admin("ZZ")
    assert kraken.is_app("D") and not kraken.is_app("0")
    assert kraken.is_known_msg_type("y") and not kraken.is_known_msg_type("ZZ")
    assert kraken.message("D").name == "NewOrderSingle"
    with pytest.raises(KeyError):
        kraken.message("ZZ")
    assert kraken.field(Tag.MsgSeqNum) is not None and kraken.field(99_999) is None
    assert kraken.field_name(54) == "Side" and kraken.field_name(99_999) == "99999"
    assert kraken.is_header_field(Tag.SendingTime) and not kraken.is_header_field(Tag.Side)
    assert kraken.is_trailer_field(Tag.CheckSum)
    assert kraken.header.required == {8, 9, 35, 49, 56, 34, 52}
    assert kraken.data_fields == tags.DATA_FIELD_BY_LENGTH_FIELD
    assert kraken.data_fields[Tag.RawDataLength] == Tag.RawData


def test_nested_groups_are_defined() -> None:
    allocations = load("fix44").message("D").groups[Tag.NoAllocs]
    parties = allocations.groups[Tag.NoNestedPartyIDs]
    assert parties.delimiter == Tag.NestedPartyID
    assert Tag.NoNestedPartySubIDs in parties.groups


def test_generated_tags() -> None:
    assert Tag.MsgSeqNum == 34 and Tag.SessionRejectReason == 373 and Tag.Nonce == 5025
    assert MsgType.Logon == "A" and MsgType.ExecutionReport == "8" and MsgType.SecurityList == "y"
    assert SessionRejectReason.REQUIRED_TAG_MISSING == 1
    assert OrdType.TAKE_PROFIT == "R" and OrdType.STOP_LOSS == OrdType.STOP == "3"


def test_tags_py_is_freshly_generated() -> None:
    generated = tool("generate_fix_tags").generate()
    assert (ROOT / "src" / "krakenbox" / "fix" / "tags.py").read_text(encoding="utf-8") == generated


def test_dictionary_file_rebuilds_from_its_standard_part_and_the_overlay() -> None:
    builder = tool("build_fix_dictionary")
    assert builder.OUTPUT.read_text(encoding="utf-8") == builder.rebuild_from_output()


@pytest.mark.skipif(not QUICKFIX_FIX44.exists(), reason="QuickFIX's FIX44.xml is not on this machine")
def test_dictionary_file_is_quickfix_fix44_plus_the_overlay() -> None:
    builder = tool("build_fix_dictionary")
    assert builder.OUTPUT.read_text(encoding="utf-8") == builder.build(QUICKFIX_FIX44)


def quickfix_check(text: str) -> ET.Element:
    """What QuickFIX's loader relies on: every reference resolves, groups count, one name per tag."""
    root = ET.fromstring(text.split("?>", 1)[1])
    fields = {field.get("name"): field for field in root.iter("field") if field.get("number")}
    assert len({field.get("number") for field in fields.values()}) == len(fields)
    components = {component.get("name") for component in root.findall("components/component")}
    for section in ("header", "trailer", "messages", "components"):
        for element in root.find(section).iter():  # type: ignore[union-attr]
            if element.tag in ("field", "group"):
                assert element.get("name") in fields, element.get("name")
                assert element.get("required") in ("Y", "N")
            if element.tag == "group":
                assert fields[element.get("name")].get("type") == "NUMINGROUP"
            if element.tag == "component":
                assert element.get("name") in components
    return root


@pytest.mark.parametrize("dialect", ["fix44", "kraken"])
def test_quickfix_export_is_clean_and_loadable(dialect: str) -> None:
    text = export_quickfix_xml(dialect)  # type: ignore[arg-type]
    assert "dialect=" not in text and "kraken-description" not in text and "kraken-required" not in text
    assert "quickfixengine.org" in text
    root = quickfix_check(text)
    numbers = {int(field.get("number", "0")) for field in root.findall("fields/field")}
    assert len(root.findall("messages/message")) == 93
    if dialect == "kraken":
        assert set(KRAKEN_TAGS) <= numbers and len(numbers) == 931
    else:
        assert not set(KRAKEN_TAGS) & numbers and len(numbers) == 912
