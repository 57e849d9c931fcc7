"""A FIX message: an ordered list of ``(tag, value)`` fields.

Values are ``str``; the codec decodes wire bytes as latin-1, so every byte round-trips unchanged.
A parsed message keeps its exact frame in :attr:`Message.raw` and includes the framing fields
8 (BeginString), 9 (BodyLength) and 10 (CheckSum); a message built in code needs none of them,
because :func:`krakenbox.fix.codec.encode` writes them.

Lookups scan the field list: FIX messages are short, a scan beats building an index that every
mutation (including direct edits of the public ``fields`` list) would have to keep correct.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

MSG_TYPE = 35


class Message:
    """Ordered FIX fields plus, for parsed messages, the raw frame they came from.

    ``bad_fields`` holds, in wire order, the raw text of fields whose tag was not a number
    (``abc=1``, ``=1``, an empty field between two SOH); the codec keeps them out of ``fields``
    so that ``fields`` stays ``list[tuple[int, str]]``, and validation reports them as
    SessionRejectReason 0 (invalid tag number).
    """

    __slots__ = ("bad_fields", "fields", "raw")

    fields: list[tuple[int, str]]
    raw: bytes | None
    bad_fields: tuple[str, ...]

    def __init__(self, fields: Iterable[tuple[int, str]] = ()) -> None:
        self.fields = list(fields)  # values must be str; set() and append() convert ints
        self.raw = None
        self.bad_fields = ()

    @classmethod
    def of(cls, msg_type: str, *fields: tuple[int, str | int]) -> Message:
        """Build a message with MsgType (35) first, then ``fields`` in the given order."""
        message = cls()
        message.fields = [(MSG_TYPE, msg_type), *((tag, str(value)) for tag, value in fields)]
        return message

    @classmethod
    def from_wire(cls, fields: list[tuple[int, str]], raw: bytes, bad_fields: tuple[str, ...] = ()) -> Message:
        """The codec's constructor: takes ownership of ``fields`` without copying."""
        message = cls.__new__(cls)
        message.fields = fields
        message.raw = raw
        message.bad_fields = bad_fields
        return message

    @property
    def msg_type(self) -> str:
        """MsgType (35), or ``''`` when absent."""
        for tag, value in self.fields:
            if tag == MSG_TYPE:
                return value
        return ""

    def get(self, tag: int, default: str | None = None) -> str | None:
        """The value of the first occurrence of ``tag``, else ``default``."""
        for field_tag, value in self.fields:
            if field_tag == tag:
                return value
        return default

    def __getitem__(self, tag: int) -> str:
        for field_tag, value in self.fields:
            if field_tag == tag:
                return value
        raise KeyError(tag)

    def __contains__(self, tag: object) -> bool:
        return any(field_tag == tag for field_tag, _ in self.fields)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def get_all(self, tag: int) -> list[str]:
        """Values of every occurrence of ``tag``, in wire order."""
        return [value for field_tag, value in self.fields if field_tag == tag]

    def get_int(self, tag: int) -> int:
        """The first occurrence of ``tag`` as an int: KeyError if absent, ValueError if not digits."""
        value = self[tag]
        digits = value[1:] if value[:1] == "-" else value
        if not (digits.isdigit() and digits.isascii()):
            raise ValueError(f"tag {tag} is not an integer: {value!r}")
        return int(value)

    def set(self, tag: int, value: str | int) -> None:
        """Replace the first occurrence of ``tag``, or append the field if absent."""
        text = value if isinstance(value, str) else str(value)
        fields = self.fields
        for index, (field_tag, _) in enumerate(fields):
            if field_tag == tag:
                fields[index] = (tag, text)
                return
        fields.append((tag, text))

    def append(self, tag: int, value: str | int) -> None:
        """Add a field at the end (repeating-group entries are built this way)."""
        self.fields.append((tag, value if isinstance(value, str) else str(value)))

    def remove(self, tag: int) -> None:
        """Remove every occurrence of ``tag`` (no error if absent)."""
        self.fields = [field for field in self.fields if field[0] != tag]

    def copy(self) -> Message:
        """An independent copy (same fields, same raw frame, same bad fields)."""
        message = Message.__new__(Message)
        message.fields = list(self.fields)
        message.raw = self.raw
        message.bad_fields = self.bad_fields
        return message

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.fields == other.fields and self.bad_fields == other.bad_fields

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        text = "|".join(f"{tag}={value}" for tag, value in self.fields)
        return f"Message({text!r})"
