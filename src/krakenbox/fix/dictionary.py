"""The FIX data dictionary: fields, messages, components flattened, repeating groups.

One XML file, ``spec/FIX44-krakenbox.xml`` in QuickFIX's schema, holds standard FIX 4.4 plus
Kraken's dialect (items marked ``dialect="kraken"``). :func:`load` gives either view, cached:
``"fix44"`` (standard only) or ``"kraken"`` (standard + dialect). :func:`export_quickfix_xml` writes
a clean QuickFIX-loadable dictionary for either, for QuickFIX-based clients of the venue.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

Dialect = Literal["fix44", "kraken"]
DIALECTS: tuple[Dialect, ...] = ("fix44", "kraken")
DIALECT_ATTRIBUTE = "dialect"
KRAKEN_DESCRIPTION_ATTRIBUTE = "kraken-description"
KRAKEN_REQUIRED_ATTRIBUTE = "kraken-required"
KRAKEN_OPTIONAL_ATTRIBUTE = "kraken-optional"
KRAKEN_ATTRIBUTES = (
    DIALECT_ATTRIBUTE, KRAKEN_DESCRIPTION_ATTRIBUTE, KRAKEN_REQUIRED_ATTRIBUTE, KRAKEN_OPTIONAL_ATTRIBUTE
)
SPEC_FILE = "FIX44-krakenbox.xml"
ADMIN = "admin"

EXPORT_NOTE = """<!--
  {title}, in QuickFIX's data-dictionary XML schema, exported by krakenbox
  (krakenbox.fix.dictionary.export_quickfix_xml("{dialect}")).
  The standard part is FIX 4.4 as encoded by QuickFIX's FIX44.xml (quickfixengine.org, QuickFIX
  Software License, BSD-style).{kraken_note}
-->
"""
KRAKEN_NOTE = """
  Includes Kraken's Unified FIX dialect: Kraken-only fields, enum values and message memberships."""


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One field: tag, name, FIX type and (for enumerated fields) its values -> descriptions."""

    tag: int
    name: str
    type: str
    values: Mapping[str, str]
    is_kraken: bool = False


@dataclass(frozen=True, slots=True)
class Structure:
    """An ordered set of fields: a message body, the header, the trailer, or a group entry.

    ``members`` is the flattened definition order (components expanded); a group's count tag is a
    member, its entries' fields are not (they are in ``groups[count_tag]``).
    """

    name: str
    members: tuple[int, ...]
    required: frozenset[int]
    groups: Mapping[int, Group]
    member_set: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "member_set", frozenset(self.members))


@dataclass(frozen=True, slots=True)
class Group(Structure):
    """A repeating group: ``count_tag`` (NoXXX) and ``delimiter``, the field every entry starts with."""

    count_tag: int = 0
    delimiter: int = 0


@dataclass(frozen=True, slots=True)
class MessageDef(Structure):
    """A message type: its MsgType (35) value and category (``admin`` or ``app``)."""

    msg_type: str = ""
    category: str = ""


class Dictionary:
    """Lookups over one dialect of the dictionary. Build it with :func:`load`."""

    def __init__(
        self,
        dialect: Dialect,
        fields: Mapping[int, FieldDef],
        header: Structure,
        trailer: Structure,
        messages: Mapping[str, MessageDef],
    ) -> None:
        self.dialect = dialect
        self.begin_string = "FIX.4.4"
        self.fields = fields
        self.header = header
        self.trailer = trailer
        self.messages = messages
        self.field_by_name = {definition.name: definition for definition in fields.values()}
        self.data_fields = _data_fields(fields)

    def is_known_msg_type(self, msg_type: str) -> bool:
        return msg_type in self.messages

    def is_admin(self, msg_type: str) -> bool:
        """True for session-level messages (Heartbeat, Logon, Reject, ...)."""
        definition = self.messages.get(msg_type)
        return definition is not None and definition.category == ADMIN

    def is_app(self, msg_type: str) -> bool:
        definition = self.messages.get(msg_type)
        return definition is not None and definition.category != ADMIN

    def message(self, msg_type: str) -> MessageDef:
        """The definition of ``msg_type``; KeyError if the dictionary does not know it."""
        return self.messages[msg_type]

    def field(self, tag: int) -> FieldDef | None:
        """The definition of ``tag``, or None if the dictionary does not define it."""
        return self.fields.get(tag)

    def field_name(self, tag: int) -> str:
        """The field's name, or the tag number as text when undefined (for reject texts)."""
        definition = self.fields.get(tag)
        return definition.name if definition is not None else str(tag)

    def is_header_field(self, tag: int) -> bool:
        return tag in self.header.member_set

    def is_trailer_field(self, tag: int) -> bool:
        return tag in self.trailer.member_set

    def __repr__(self) -> str:
        return f"Dictionary({self.dialect!r}, {len(self.messages)} messages, {len(self.fields)} fields)"


def _data_fields(fields: Mapping[int, FieldDef]) -> dict[int, int]:
    """Length field -> the data field it sizes, paired by name (RawDataLength -> RawData)."""
    by_name = {definition.name: definition for definition in fields.values()}
    pairs = {}
    for definition in fields.values():
        if definition.type != "LENGTH":
            continue
        for suffix in ("Length", "Len"):
            if definition.name.endswith(suffix):
                data = by_name.get(definition.name.removesuffix(suffix))
                if data is not None and data.type == "DATA":
                    pairs[definition.tag] = data.tag
                    break
    return pairs


def spec_text() -> str:
    """The dictionary XML shipped with the package."""
    return resources.files("krakenbox.fix").joinpath("spec", SPEC_FILE).read_text(encoding="utf-8")


@functools.cache
def load(dialect: Dialect = "kraken") -> Dictionary:
    """The dictionary for ``dialect``: ``"fix44"`` (standard FIX 4.4) or ``"kraken"`` (plus Kraken's)."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown FIX dialect {dialect!r}; expected one of {DIALECTS}")
    return _Loader(ET.fromstring(spec_text()), dialect).dictionary()


def export_quickfix_xml(dialect: Dialect = "kraken") -> str:
    """A clean QuickFIX data dictionary (no krakenbox attributes) for ``dialect``."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown FIX dialect {dialect!r}; expected one of {DIALECTS}")
    root = ET.fromstring(spec_text())
    for parent in list(root.iter()):
        for child in list(parent):
            if dialect == "fix44" and child.get(DIALECT_ATTRIBUTE) is not None:
                parent.remove(child)
        for attribute in KRAKEN_ATTRIBUTES:
            parent.attrib.pop(attribute, None)
    ET.indent(root, space=" ")
    title = "Kraken Unified FIX 4.4 dictionary" if dialect == "kraken" else "Standard FIX 4.4 dictionary"
    note = EXPORT_NOTE.format(title=title, dialect=dialect, kraken_note=KRAKEN_NOTE if dialect == "kraken" else "")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + note + ET.tostring(root, encoding="unicode") + "\n"


class _Loader:
    """Turns the XML into a :class:`Dictionary` for one dialect (components flattened)."""

    def __init__(self, root: ET.Element, dialect: Dialect) -> None:
        self.root = root
        self.dialect = dialect
        self.fields = self._fields()
        self.tag_by_name = {definition.name: tag for tag, definition in self.fields.items()}
        self.components = {c.get("name", ""): c for c in self._children(root.find("components"))}

    def _children(self, element: ET.Element | None) -> list[ET.Element]:
        if element is None:
            return []
        if self.dialect == "kraken":
            return list(element)
        return [child for child in element if child.get(DIALECT_ATTRIBUTE) is None]

    def _fields(self) -> dict[int, FieldDef]:
        fields = {}
        for element in self._children(self.root.find("fields")):
            values = {}
            for value in self._children(element):
                description = value.get("description", "")
                if self.dialect == "kraken":
                    description = value.get(KRAKEN_DESCRIPTION_ATTRIBUTE, description)
                values[value.get("enum", "")] = description
            tag = int(element.get("number", "0"))
            is_kraken = element.get(DIALECT_ATTRIBUTE) is not None
            fields[tag] = FieldDef(tag, element.get("name", ""), element.get("type", ""), values, is_kraken)
        return fields

    def dictionary(self) -> Dictionary:
        header = self._structure(self.root.find("header"), "Header")
        trailer = self._structure(self.root.find("trailer"), "Trailer")
        messages = {}
        for element in self._children(self.root.find("messages")):
            members, required, groups = self._collect(element, True)
            if self.dialect == "kraken":
                required |= self._names(element.get(KRAKEN_REQUIRED_ATTRIBUTE))
                required -= self._names(element.get(KRAKEN_OPTIONAL_ATTRIBUTE))
            msg_type = element.get("msgtype", "")
            messages[msg_type] = MessageDef(
                element.get("name", ""), tuple(members), frozenset(required), groups,
                msg_type=msg_type, category=element.get("msgcat", ""),
            )
        return Dictionary(self.dialect, self.fields, header, trailer, messages)

    def _names(self, names: str | None) -> set[int]:
        return {self.tag_by_name[name] for name in (names or "").split()}

    def _structure(self, element: ET.Element | None, name: str) -> Structure:
        if element is None:
            return Structure(name, (), frozenset(), {})
        members, required, groups = self._collect(element, True)
        return Structure(name, tuple(members), frozenset(required), groups)

    def _collect(
        self, element: ET.Element, enforced: bool
    ) -> tuple[list[int], set[int], dict[int, Group]]:
        """Members, required tags and groups of ``element``; components are expanded in place.

        A field inside a component is required only if the component is required too (QuickFIX's rule).
        """
        members: list[int] = []
        required: set[int] = set()
        groups: dict[int, Group] = {}
        for child in self._children(element):
            is_required = enforced and child.get("required") == "Y"
            if child.tag == "component":
                component = self.components[child.get("name", "")]
                inner_members, inner_required, inner_groups = self._collect(component, is_required)
                members += inner_members
                required |= inner_required
                groups.update(inner_groups)
                continue
            tag = self.tag_by_name[child.get("name", "")]
            members.append(tag)
            if is_required:
                required.add(tag)
            if child.tag == "group":
                groups[tag] = self._group(child, tag)
        return members, required, groups

    def _group(self, element: ET.Element, count_tag: int) -> Group:
        members, required, groups = self._collect(element, True)
        return Group(
            element.get("name", ""), tuple(members), frozenset(required), groups,
            count_tag=count_tag, delimiter=members[0],
        )
