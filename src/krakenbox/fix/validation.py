"""Dictionary-driven validation of one message: the first defect as a SessionRejectReason (373).

:func:`validate` walks the fields once, in wire order, through header, body (with repeating
groups, nested ones included) and trailer, and returns a :class:`RejectInfo` naming the standard
FIX 4.4 reason, the tag at fault (RefTagID, 371) and a human-readable text, or None if the message
is valid. CompID, SendingTime and sequence checks belong to the session, not here.

Tables are built once and cached: per dictionary, each tag's value checks; per message type, where
each tag belongs (header, body or trailer, and whether it opens a repeating group).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from krakenbox.fix.dictionary import Dictionary, Group, MessageDef, Structure
from krakenbox.fix.message import Message
from krakenbox.fix.tags import SessionRejectReason as Reason
from krakenbox.fix.tags import Tag
from krakenbox.fix.timestamps import is_date, is_month_year, is_utc_time_only, is_utc_timestamp

FRAMING_TAGS = frozenset((Tag.BeginString, Tag.BodyLength, Tag.CheckSum))


@dataclass(frozen=True, slots=True)
class RejectInfo:
    """Why a message is rejected: a SessionRejectReason (373), the RefTagID (371) and a text (58)."""

    reason: int
    ref_tag: int | None
    text: str


@dataclass(frozen=True, slots=True)
class ValidationOptions:
    """What validation tolerates. By default everything the dictionary does not define is rejected."""

    allow_user_defined_fields: bool = False  # accept undefined tags in the user-defined range anywhere
    user_defined_range: tuple[int, int] = (5000, 9999)

    def __post_init__(self) -> None:
        low, high = self.user_defined_range
        if not 0 < low <= high:
            raise ValueError(f"user_defined_range must be (low, high) with 0 < low <= high, not {self.user_defined_range}")


DEFAULT_OPTIONS = ValidationOptions()


def _is_int(value: str) -> bool:
    digits = value[1:] if value[:1] == "-" else value
    return digits.isdigit() and digits.isascii()


def _is_unsigned(value: str) -> bool:
    return value.isdigit() and value.isascii()


def _is_decimal(value: str) -> bool:
    """FIX float: digits with an optional sign and decimal point (no exponent, no '+')."""
    digits = (value[1:] if value[:1] == "-" else value).replace(".", "", 1)
    return digits.isdigit() and digits.isascii()


def _is_char(value: str) -> bool:
    return len(value) == 1


def _is_boolean(value: str) -> bool:
    return value in ("Y", "N")


def _is_multiple_value_string(value: str) -> bool:
    return "" not in value.split(" ")


FORMAT_CHECKS: dict[str, Callable[[str], bool]] = {
    "INT": _is_int,
    "LENGTH": _is_unsigned,
    "NUMINGROUP": _is_unsigned,
    "SEQNUM": _is_unsigned,
    "FLOAT": _is_decimal,
    "PRICE": _is_decimal,
    "QTY": _is_decimal,
    "AMT": _is_decimal,
    "PRICEOFFSET": _is_decimal,
    "PERCENTAGE": _is_decimal,
    "CHAR": _is_char,
    "BOOLEAN": _is_boolean,
    "MULTIPLEVALUESTRING": _is_multiple_value_string,
    "UTCTIMESTAMP": is_utc_timestamp,
    "UTCTIMEONLY": is_utc_time_only,
    "UTCDATEONLY": is_date,
    "LOCALMKTDATE": is_date,
    "MONTHYEAR": is_month_year,
}


# Per tag: (format check or None, allowed values or None, values are space-separated).
_FieldCheck = tuple[Callable[[str], bool] | None, frozenset[str] | None, bool]
# Per tag of one message type: (0 header / 1 body / 2 trailer, owning structure, group if a count tag).
_Placement = tuple[int, Structure, Group | None]


def _value_reason(check: _FieldCheck, value: str) -> int | None:
    """SessionRejectReason 6 or 5 for a non-empty value, or None if it is fine."""
    is_valid_format, allowed, multiple = check
    if is_valid_format is not None and not is_valid_format(value):
        return Reason.INCORRECT_DATA_FORMAT_FOR_VALUE
    if allowed is None:
        return None
    if multiple:
        return None if all(item in allowed for item in value.split(" ")) else Reason.VALUE_IS_INCORRECT
    return None if value in allowed else Reason.VALUE_IS_INCORRECT


@functools.cache
def _field_checks(dictionary: Dictionary) -> dict[int, _FieldCheck]:
    return {
        tag: (
            FORMAT_CHECKS.get(definition.type),
            frozenset(definition.values) if definition.values else None,
            definition.type == "MULTIPLEVALUESTRING",
        )
        for tag, definition in dictionary.fields.items()
    }


@functools.cache
def _placements(dictionary: Dictionary, msg_type: str) -> dict[int, _Placement]:
    body = dictionary.messages[msg_type]
    placements: dict[int, _Placement] = {}
    for order, structure in ((2, dictionary.trailer), (1, body), (0, dictionary.header)):
        for tag in structure.members:
            placements[tag] = (order, structure, structure.groups.get(tag))
    return placements


MAX_KNOWN_SHAPES = 4096
"""Valid message shapes remembered per dictionary and options (a venue sees a few dozen)."""


def validate(message: Message, dictionary: Dictionary, options: ValidationOptions = DEFAULT_OPTIONS) -> RejectInfo | None:
    """The first defect of ``message`` against ``dictionary``, or None if it is valid.

    Whether a message's structure is valid (placement, order, repeats, groups, required tags)
    depends only on its shape: its tags in order, plus the values of NumInGroup fields. Shapes
    found valid are remembered; a message of a known shape needs only its values checked, and
    if one is wrong the full walk runs, so the reply is the same as without the shortcut.
    """
    if message.bad_fields:
        return RejectInfo(Reason.INVALID_TAG_NUMBER, None, f"Invalid tag number: {message.bad_fields[0]!r}")
    fields = message.fields
    known = _known_shapes(dictionary, options)
    shape = _shape(fields, _count_tags(dictionary))
    if shape in known and _values_valid(fields, _value_predicates(dictionary)):
        return None
    defect = _Walk(fields, dictionary, options).run()
    if defect is None:
        if len(known) >= MAX_KNOWN_SHAPES:
            known.clear()
        known.add(shape)
    return defect


@functools.cache
def _known_shapes(dictionary: Dictionary, options: ValidationOptions) -> set[tuple[object, ...]]:
    return set()


@functools.cache
def _count_tags(dictionary: Dictionary) -> frozenset[int]:
    return frozenset(tag for tag, definition in dictionary.fields.items() if definition.type == "NUMINGROUP")


def _shape(fields: list[tuple[int, str]], count_tags: frozenset[int]) -> tuple[object, ...]:
    return tuple([(tag, value) if tag in count_tags else tag for tag, value in fields])


@functools.cache
def _value_predicates(dictionary: Dictionary) -> dict[int, Callable[[str], bool]]:
    """Per tag with a value check: one call that says whether a non-empty value passes it (what
    :func:`_value_reason` says with None), the cheapest call for the check's kind."""
    predicates: dict[int, Callable[[str], bool]] = {}
    for tag, check in _field_checks(dictionary).items():
        is_valid_format, allowed, multiple = check
        if allowed is None:
            if is_valid_format is not None:
                predicates[tag] = is_valid_format
        elif not multiple and (
            is_valid_format is None or all(is_valid_format(value) for value in allowed)
        ):
            predicates[tag] = allowed.__contains__  # an allowed value has the right format
        else:
            predicates[tag] = functools.partial(_passes, check)
    return predicates


def _passes(check: _FieldCheck, value: str) -> bool:
    return _value_reason(check, value) is None


def _values_valid(fields: list[tuple[int, str]], predicates: dict[int, Callable[[str], bool]]) -> bool:
    get = predicates.get
    for tag, value in fields:
        if value == "":
            return False
        passes = get(tag)
        if passes is not None and not passes(value):
            return False
    return True


class _Walk:
    """One pass over a message's fields; ``run`` returns the first defect found."""

    __slots__ = ("checks", "dictionary", "fields", "options")

    def __init__(self, fields: list[tuple[int, str]], dictionary: Dictionary, options: ValidationOptions) -> None:
        self.fields = fields
        self.dictionary = dictionary
        self.options = options
        self.checks = _field_checks(dictionary)

    def reject(self, reason: int, tag: int | None, text: str) -> RejectInfo:
        return RejectInfo(reason, tag, text)

    def label(self, tag: int) -> str:
        definition = self.dictionary.fields.get(tag)
        return f"{definition.name} ({tag})" if definition is not None else str(tag)

    def run(self) -> RejectInfo | None:
        fields = self.fields
        start = 0
        if fields and fields[0][0] == Tag.BeginString:
            if len(fields) < 2 or fields[1][0] != Tag.BodyLength:
                return self._order_or_missing(Tag.BodyLength)
            start = 2
        if start >= len(fields) or fields[start][0] != Tag.MsgType:
            return self._order_or_missing(Tag.MsgType)
        msg_type = fields[start][1]
        if msg_type == "":
            return self.reject(Reason.TAG_SPECIFIED_WITHOUT_A_VALUE, Tag.MsgType, "Tag specified without a value: MsgType (35)")
        definition = self.dictionary.messages.get(msg_type)
        if definition is None:
            return self.reject(Reason.INVALID_MSG_TYPE, Tag.MsgType, f"Invalid MsgType: {msg_type!r}")
        for index, (tag, _) in enumerate(fields):
            if tag == Tag.CheckSum and index != len(fields) - 1:
                return self.reject(Reason.TAG_SPECIFIED_OUT_OF_REQUIRED_ORDER, tag, "Tag specified out of required order: CheckSum (10) must be last")
        return self._sections(start + 1, definition)

    def _order_or_missing(self, tag: int) -> RejectInfo:
        if any(field_tag == tag for field_tag, _ in self.fields):
            return self.reject(Reason.TAG_SPECIFIED_OUT_OF_REQUIRED_ORDER, tag, f"Tag specified out of required order: {self.label(tag)}")
        return self.reject(Reason.REQUIRED_TAG_MISSING, tag, f"Required tag missing: {self.label(tag)}")

    def _value_defect(self, tag: int, value: str) -> RejectInfo | None:
        """Tag number, presence of a value, and the value's format and range."""
        if tag <= 0:
            return self.reject(Reason.INVALID_TAG_NUMBER, tag, f"Invalid tag number: {tag}")
        if value == "":
            return self.reject(Reason.TAG_SPECIFIED_WITHOUT_A_VALUE, tag, f"Tag specified without a value: {self.label(tag)}")
        check = self.checks.get(tag)
        reason = None if check is None else _value_reason(check, value)
        if reason is None:
            return None
        if reason == Reason.VALUE_IS_INCORRECT:
            return self.reject(reason, tag, f"Value is incorrect (out of range) for this tag: {self.label(tag)} = {value!r}")
        return self.reject(reason, tag, f"Incorrect data format for value: {self.label(tag)} = {value!r}")

    def _is_tolerated(self, tag: int) -> bool:
        low, high = self.options.user_defined_range
        return self.options.allow_user_defined_fields and low <= tag <= high

    def _sections(self, index: int, body: MessageDef) -> RejectInfo | None:
        """Header, then body, then trailer; each field belongs to exactly one of them."""
        fields, checks = self.fields, self.checks
        placements = _placements(self.dictionary, body.msg_type)
        seen: set[int] = {tag for tag, _ in fields[:index]}
        section = 0  # 0 header, 1 body, 2 trailer
        while index < len(fields):
            tag, value = fields[index]
            check = checks.get(tag)
            if check is None or value == "" or _value_reason(check, value) is not None:
                if check is None and tag > 0 and value != "":
                    if self._is_tolerated(tag):
                        index += 1
                        continue
                    return self.reject(Reason.UNDEFINED_TAG, tag, f"Undefined tag: {tag}")
                return self._value_defect(tag, value)
            placement = placements.get(tag)
            if placement is None:
                return self.reject(Reason.TAG_NOT_DEFINED_FOR_THIS_MESSAGE_TYPE, tag, f"Tag not defined for this message type: {self.label(tag)}")
            order, structure, group = placement
            if order < section:
                return self.reject(Reason.TAG_SPECIFIED_OUT_OF_REQUIRED_ORDER, tag, f"Tag specified out of required order: {self.label(tag)}")
            section = order
            if tag in seen:
                return self.reject(Reason.TAG_APPEARS_MORE_THAN_ONCE, tag, f"Tag appears more than once: {self.label(tag)}")
            seen.add(tag)
            if group is None:
                index += 1
                continue
            result = self._group(index, group, structure, seen)
            if isinstance(result, RejectInfo):
                return result
            index = result
        for structure in (self.dictionary.header, body, self.dictionary.trailer):
            defect = self._missing(structure.required, seen, structure, exempt=FRAMING_TAGS)
            if defect is not None:
                return defect
        return None

    def _missing(self, required: frozenset[int], present: set[int], structure: Structure, exempt: frozenset[int] = frozenset()) -> RejectInfo | None:
        if required <= present:
            return None
        for tag in structure.members:
            if tag in required and tag not in present and tag not in exempt:
                return self.reject(Reason.REQUIRED_TAG_MISSING, tag, f"Required tag missing: {self.label(tag)}")
        return None

    def _group(self, index: int, group: Group, outer: Structure, outer_seen: set[int]) -> int | RejectInfo:
        """Check the entries after the count field at ``index``; the index after the group."""
        count_tag, declared_text = self.fields[index]
        declared = int(declared_text)  # NUMINGROUP format was checked: unsigned digits
        fields = self.fields
        index += 1
        entries = 0
        while index < len(fields):
            tag = fields[index][0]
            if tag != group.delimiter:
                if entries == 0 and declared > 0 and tag in group.member_set:
                    return self.reject(
                        Reason.REPEATING_GROUP_FIELDS_OUT_OF_ORDER, tag,
                        f"Repeating group fields out of order: entries of {self.label(count_tag)} must start with {self.label(group.delimiter)}",
                    )
                break
            entries += 1
            if entries > declared:
                break
            result = self._entry(index, group, outer, outer_seen)
            if isinstance(result, RejectInfo):
                return result
            index = result
        if entries != declared:
            return self.reject(
                Reason.INCORRECT_NUM_IN_GROUP_COUNT_FOR_REPEATING_GROUP, count_tag,
                f"Incorrect NumInGroup count for repeating group: {self.label(count_tag)} = {declared}, entries found: {entries}",
            )
        return index

    def _entry(self, index: int, group: Group, outer: Structure, outer_seen: set[int]) -> int | RejectInfo:
        """One group entry starting at its delimiter; the index after the entry."""
        fields = self.fields
        seen: set[int] = set()
        while index < len(fields):
            tag, value = fields[index]
            if tag not in group.member_set or (seen and tag == group.delimiter):
                break
            if tag in seen:
                if tag in outer.member_set and tag not in outer_seen:
                    break  # a field of the enclosing structure too: the group ended before it
                return self.reject(
                    Reason.REPEATING_GROUP_FIELDS_OUT_OF_ORDER, tag,
                    f"Repeating group fields out of order: {self.label(tag)} repeated in an entry of {self.label(group.count_tag)}",
                )
            defect = self._value_defect(tag, value)
            if defect is not None:
                return defect
            seen.add(tag)
            nested = group.groups.get(tag)
            if nested is None:
                index += 1
                continue
            result = self._group(index, nested, group, seen)
            if isinstance(result, RejectInfo):
                return result
            index = result
        return self._missing(group.required, seen, group) or index
