"""Commands and events as compact bytes and back, exactly, without pickle.

A :class:`Codec` is built from a list of frozen dataclasses (the commands and events); it reads
each class's field types once and writes, per class, one encoding and one decoding function.
A record is a JSON array ``["Tag", field, field, ...]``: the tag is the class name, the fields
come in declaration order, and trailing fields still at their default are left out (most of a
``SubmitOrder`` is defaults). Inside a record, enums are their values, nested dataclasses are
records, tuples and lists are arrays, ``Decimal`` is its string, ``None`` is ``null``; ints
are exact whatever their size. Floats are refused when the codec is built: money is never a
float.

Why JSON (stdlib ``json``, C-accelerated): neither orjson nor msgspec is installed, the text is
readable with ``sqlite3`` and ``jq`` alone, it is safe to load (no code runs on decode), and it
stays readable across versions: :attr:`Codec.schema` (tag → field names) is stored beside the
data and :meth:`Codec.check_readable` accepts any stored schema whose field lists are prefixes
of today's — new fields may be added at the end of a class with a default, nothing else.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any, Final

from krakenbox.domain.commands import Command
from krakenbox.domain.events import Event

Encoder = Callable[[Any], Any]
"""A field's value → its JSON form."""
Decoder = Callable[[Any], Any]
"""A field's JSON form → its value."""

_MISSING: Final[Any] = dataclasses.MISSING
_FACTORY: Final = object()
"""Stands for a default made by a ``default_factory`` (never left out, made on decode)."""
_IDENTITY_TYPES: Final = (int, str, bool, type(None))
_NO_CONTEXT: Final[Any] = object()
_ENUM_VALUE: Final = attrgetter("_value_")
"""An enum's value (``_value_`` is a plain attribute; ``value`` a Python-level property, five
times slower). Generated code writes ``x._value_`` inline where it meets this encoder."""
REFERENCE_TAG: Final = "@"
"""The tag of a reference to the context record (see :meth:`Codec.encode_many_text`)."""


class CodecError(ValueError):
    """Bytes that do not decode to a registered record, or a value that cannot be encoded."""


class SchemaError(CodecError):
    """A stored schema this codec cannot read (a field was renamed, removed or reordered)."""


def _each(inner: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    return lambda values: [inner(value) for value in values]


def _each_into_tuple(inner: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    return lambda values: tuple([inner(value) for value in values])


def _positional(codes: list[Callable[[Any], Any] | None], into: str) -> Callable[[Any], Any]:
    """A converter of fixed-length tuples, item by item (straight-line code: a level of
    ``BookChanged`` is such a tuple, and there are many)."""
    namespace: dict[str, Any] = {"CodecError": CodecError}
    items = [
        _call(code, f"values[{index}]", f"code_{index}", namespace)
        for index, code in enumerate(codes)
    ]
    opening, closing = ("(", ",)") if into == "tuple" else ("[", "]")
    source = (
        "def convert(values):\n"
        f"    if len(values) != {len(codes)}: raise CodecError('expected {len(codes)} items')\n"
        f"    return {opening}{', '.join(items)}{closing}\n"
    )
    exec(source, namespace)  # code built from the tuple's own item types
    convert: Callable[[Any], Any] = namespace["convert"]
    return convert


def _or_none(inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else inner(value)


class _Entry:
    """One registered dataclass: its tag, fields, and generated encode/decode functions."""

    __slots__ = ("cls", "decode", "defaults", "encode", "names", "tag")

    def __init__(self, cls: type[Any]) -> None:
        self.cls = cls
        self.tag: str = cls.__name__
        fields = dataclasses.fields(cls)
        self.names: tuple[str, ...] = tuple(field.name for field in fields)
        self.defaults: tuple[Any, ...] = tuple(
            _FACTORY if field.default_factory is not _MISSING else field.default for field in fields
        )
        self.encode: Callable[[Any], list[Any]] = _unfinished
        self.decode: Callable[[list[Any]], Any] = _unfinished


def _unfinished(value: Any) -> Any:
    raise CodecError("the codec is still being built")


class Codec:
    """Encodes and decodes instances of the registered dataclasses (and those they contain)."""

    def __init__(self, classes: Iterable[type[Any]]) -> None:
        self._by_type: dict[type[Any], _Entry] = {}
        self._by_tag: dict[str, _Entry] = {}
        self._decoders: dict[str, Callable[[list[Any]], Any]] = {REFERENCE_TAG: self._referenced}
        self._encoding_context: Any = _NO_CONTEXT
        self._decoding_context: Any = _NO_CONTEXT
        for cls in classes:
            self._register(cls)
        self._dumps = _json_writer()

    # --- the registry ---------------------------------------------------------------------

    def _register(self, cls: type[Any]) -> None:
        if cls in self._by_type:
            return
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls!r} is not a dataclass")
        entry = _Entry(cls)
        if entry.tag in self._by_tag:
            raise TypeError(f"two registered classes are called {entry.tag}")
        self._by_type[cls] = entry
        self._by_tag[entry.tag] = entry
        hints = typing.get_type_hints(cls)
        pairs = [self._field_codec(hints[name], f"{entry.tag}.{name}") for name in entry.names]
        _generate(entry, pairs)
        self._decoders[entry.tag] = entry.decode

    def _field_codec(self, hint: Any, where: str) -> tuple[Encoder | None, Decoder | None]:
        """An encoder and a decoder for values of type ``hint``; None where the value is its
        own JSON form."""
        origin = typing.get_origin(hint)
        arguments = typing.get_args(hint)
        if hint in _IDENTITY_TYPES:
            return None, None
        if hint is Decimal:
            return str, Decimal
        if hint is float:
            raise TypeError(f"{where}: floats are not allowed")
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return _ENUM_VALUE, hint._value2member_map_.__getitem__
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            self._register(hint)
            return self.to_plain, self.from_plain
        if origin in (typing.Union, types.UnionType):
            return self._union_codec(arguments, where)
        if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
            encoder, decoder = self._field_codec(arguments[0], where)
            return (
                None if encoder is None else _each(encoder),
                tuple if decoder is None else _each_into_tuple(decoder),
            )
        if origin is tuple:
            pairs = [self._field_codec(argument, where) for argument in arguments]
            if all(encoder is None and decoder is None for encoder, decoder in pairs):
                return None, tuple
            return (
                _positional([encoder for encoder, _ in pairs], "list"),
                _positional([decoder for _, decoder in pairs], "tuple"),
            )
        if origin is list:
            encoder, decoder = self._field_codec(arguments[0], where)
            return (
                None if encoder is None else _each(encoder),
                None if decoder is None else _each(decoder),
            )
        raise TypeError(f"{where}: the codec cannot carry {hint!r}")

    def _union_codec(
        self, arguments: tuple[Any, ...], where: str
    ) -> tuple[Encoder | None, Decoder | None]:
        present = [argument for argument in arguments if argument is not type(None)]
        encoder: Encoder | None
        decoder: Decoder | None
        if all(isinstance(a, type) and dataclasses.is_dataclass(a) for a in present):
            for argument in present:  # records carry their tag: any mix of them decodes
                self._register(argument)
            encoder, decoder = self.to_plain, self.from_plain
        elif len(present) == 1:
            encoder, decoder = self._field_codec(present[0], where)
        elif all(argument in _IDENTITY_TYPES for argument in present):
            return None, None
        else:
            raise TypeError(f"{where}: ambiguous union {arguments!r}")
        if len(present) == len(arguments):
            return encoder, decoder
        return (
            None if encoder is None else _or_none(encoder),
            None if decoder is None else _or_none(decoder),
        )

    @property
    def schema(self) -> dict[str, list[str]]:
        """Tag → field names, for every registered class (stored with a journal)."""
        return {tag: list(entry.names) for tag, entry in sorted(self._by_tag.items())}

    def check_readable(self, stored: Mapping[str, Sequence[str]]) -> None:
        """Raise :class:`SchemaError` unless data written under ``stored`` decodes exactly:
        every stored class is known and its stored fields are the first fields of today's
        (the fields added since must have defaults)."""
        for tag, stored_names in stored.items():
            entry = self._by_tag.get(tag)
            if entry is None:
                raise SchemaError(f"stored class {tag} is unknown to this version")
            count = len(stored_names)
            if list(entry.names[:count]) != list(stored_names):
                raise SchemaError(
                    f"{tag}: stored fields {list(stored_names)} are not the first of "
                    f"{list(entry.names)}"
                )
            for name, default in zip(entry.names[count:], entry.defaults[count:], strict=True):
                if default is _MISSING:
                    raise SchemaError(f"{tag}.{name} was added without a default")

    # --- values ---------------------------------------------------------------------------

    def to_plain(self, record: Any) -> list[Any]:
        """A registered dataclass instance as JSON-ready lists and scalars."""
        if record is self._encoding_context:
            return [REFERENCE_TAG]
        entry = self._by_type.get(type(record))
        if entry is None:
            raise CodecError(f"{type(record).__name__} is not registered")
        return entry.encode(record)

    def from_plain(self, plain: Any) -> Any:
        """The dataclass instance :meth:`to_plain` made ``plain`` from."""
        try:
            decode = self._decoders[plain[0]]
        except (KeyError, IndexError, TypeError):
            raise CodecError(f"not a known record: {plain!r:.80}") from None
        try:
            return decode(plain)
        except CodecError:
            raise
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise CodecError(f"bad {plain[0]} record: {error!r:.120}") from None

    def _referenced(self, plain: list[Any]) -> Any:
        if len(plain) != 1 or self._decoding_context is _NO_CONTEXT:
            raise CodecError("a reference to the context, and no context given")
        return self._decoding_context

    def encode_text(self, record: Any) -> str:
        """One record as JSON text."""
        return self._dumps(self.to_plain(record))

    def encode(self, record: Any) -> bytes:
        """One record as bytes (UTF-8 JSON)."""
        return self._dumps(self.to_plain(record)).encode()

    def decode(self, data: bytes | str) -> Any:
        """The record :meth:`encode` or :meth:`encode_text` made ``data`` from."""
        return self.from_plain(_load(data))

    def encode_many_text(self, records: Iterable[Any], *, context: Any = _NO_CONTEXT) -> str:
        """Several records (one command's events, say) as one JSON array.

        A record nested anywhere in them that *is* ``context`` (the same object: an
        ``OrderAccepted`` carries the very ``SubmitOrder`` that caused it) is written as a
        reference, ``["@"]``; :meth:`decode_many` with an equal ``context`` puts it back.
        """
        to_plain = self.to_plain
        self._encoding_context = context
        try:
            return self._dumps([to_plain(record) for record in records])
        finally:
            self._encoding_context = _NO_CONTEXT

    def encode_many(self, records: Iterable[Any], *, context: Any = _NO_CONTEXT) -> bytes:
        """:meth:`encode_many_text` as bytes (UTF-8)."""
        return self.encode_many_text(records, context=context).encode()

    def decode_many(self, data: bytes | str, *, context: Any = _NO_CONTEXT) -> list[Any]:
        """The records :meth:`encode_many` made ``data`` from (with the same ``context``)."""
        plain = _load(data)
        if not isinstance(plain, list):
            raise CodecError("not a list of records")
        from_plain = self.from_plain
        self._decoding_context = context
        try:
            return [from_plain(item) for item in plain]
        finally:
            self._decoding_context = _NO_CONTEXT


def _json_writer() -> Callable[[Any], str]:
    """Compact JSON text of lists, strings, ints, bools and None: the C encoder called
    directly where CPython has it (a third faster than ``JSONEncoder.encode`` on small
    records), the documented API otherwise."""
    make_encoder = getattr(json.encoder, "c_make_encoder", None)
    if make_encoder is None:  # pragma: no cover - PyPy and friends
        return json.JSONEncoder(
            ensure_ascii=False, check_circular=False, allow_nan=False, separators=(",", ":")
        ).encode
    write = make_encoder(
        None, _refuse, json.encoder.encode_basestring, None, ":", ",", False, False, False
    )

    def dumps(value: Any) -> str:
        return "".join(write(value, 0))

    return dumps


def _refuse(value: Any) -> Any:
    raise CodecError(f"cannot write {type(value).__name__} as JSON")


_scan: Callable[[str, int], tuple[Any, int]] = getattr(json.JSONDecoder(), "scan_once")  # noqa: B009
"""The C JSON scanner behind ``json.loads``, without its per-call Python wrapping."""


def _load(data: bytes | str) -> Any:
    try:
        text = data.decode() if isinstance(data, bytes) else data
        value, end = _scan(text, 0)
    except (StopIteration, ValueError) as error:
        raise CodecError(f"not JSON: {error!r:.80}") from None
    if end != len(text):
        raise CodecError(f"not JSON: extra data at {end}")
    return value


def _call(
    code: Callable[[Any], Any] | None, expression: str, name: str, namespace: dict[str, Any]
) -> str:
    """Source for ``code(expression)``: inline for the identity, an enum's value and a lookup
    in an enum's value map (the commonest converters), a call otherwise."""
    if code is None:
        return expression
    if code is _ENUM_VALUE:
        return f"{expression}._value_"
    owner = getattr(code, "__self__", None)
    if isinstance(owner, dict) and getattr(code, "__name__", "") == "__getitem__":
        namespace[name] = owner
        return f"{name}[{expression}]"
    namespace[name] = code
    return f"{name}({expression})"


def _is_default(expression: str, default: Any, name: str, namespace: dict[str, Any]) -> str:
    """Source for "the plain value ``expression`` is the plain ``default``", exactly (a bool
    is not an int here)."""
    if default is None or default is True or default is False:
        return f"{expression} is {default!r}"
    if type(default) is str:
        return f"{expression} == {default!r}"
    if type(default) is int:
        return f"({expression}.__class__ is int and {expression} == {default!r})"
    namespace[name] = default
    return f"({expression}.__class__ is {name}.__class__ and {expression} == {name})"


def _generate(entry: _Entry, pairs: list[tuple[Encoder | None, Decoder | None]]) -> None:
    """Write ``entry``'s encode and decode functions: straight-line code per class (a field
    read or set, and its converter if it has one), about twice as fast as a generic loop."""
    cls, names, defaults = entry.cls, entry.names, entry.defaults
    namespace: dict[str, Any] = {
        "TAG": entry.tag,
        "CodecError": CodecError,
        "new": object.__new__,
        "cls": cls,
        "set_attribute": object.__setattr__,
    }
    values = [
        _call(encoder, f"record.{name}", f"encode_{index}", namespace)
        for index, (name, (encoder, _)) in enumerate(zip(names, pairs, strict=True))
    ]
    # Plain forms of the trailing defaults, compared with the encoded values to drop them.
    first_trimmable = len(names)
    while first_trimmable > 0 and defaults[first_trimmable - 1] not in (_MISSING, _FACTORY):
        first_trimmable -= 1
    plain_defaults = [
        default if encoder is None else encoder(default)
        for default, (encoder, _) in zip(
            defaults[first_trimmable:], pairs[first_trimmable:], strict=True
        )
    ]
    # Fields that may be missing on decode (records written before they were added).
    first_optional = first_trimmable
    while first_optional > 0 and defaults[first_optional - 1] is not _MISSING:
        first_optional -= 1
    pad = [
        _FACTORY if default is _FACTORY else (default if encoder is None else encoder(default))
        for default, (encoder, _) in zip(
            defaults[first_optional:first_trimmable],
            pairs[first_optional:first_trimmable],
            strict=True,
        )
    ]
    lines = ["def encode(record):", f"    plain = [TAG, {', '.join(values)}]"]
    if plain_defaults:
        # Unrolled, last field first: stop at the first field that is not at its default.
        lines += [f"    count = {len(names) + 1}", "    while True:"]
        for index in range(len(names) - 1, first_trimmable - 1, -1):
            default = plain_defaults[index - first_trimmable]
            test = _is_default(f"plain[{index + 1}]", default, f"DEFAULT_{index}", namespace)
            lines += [f"        if not {test}: break", f"        count = {index + 1}"]
        lines += ["        break", f"    if count != {len(names) + 1}: del plain[count:]"]
    lines.append("    return plain")

    # Decoding: pad a shortened record with the plain defaults, then set each field.
    namespace["PAD"] = pad + plain_defaults
    namespace["FACTORY"] = _FACTORY
    namespace["fields"] = dataclasses.fields(cls)
    slotted = "__slots__" in cls.__dict__ and not hasattr(cls, "__post_init__")
    full = len(names) + 1
    lines += [
        "def decode(plain):",
        f"    if len(plain) != {full}:",
        f"        if len(plain) > {full} or len(plain) < {first_optional + 1}:",
        f"            raise CodecError(f'{entry.tag}: {{len(plain) - 1}} fields')",
        f"        plain = plain + PAD[len(plain) - {first_optional + 1}:]",
        "    record = new(cls)",
    ]
    for index, (name, (_, decoder)) in enumerate(zip(names, pairs, strict=True)):
        value = _call(decoder, f"plain[{index + 1}]", f"decode_{index}", namespace)
        if defaults[index] is _FACTORY:
            value = (
                f"(fields[{index}].default_factory() if plain[{index + 1}] is FACTORY else {value})"
            )
        if slotted:
            namespace[f"set_{index}"] = getattr(cls, name).__set__
            lines.append(f"    set_{index}(record, {value})")
        else:
            lines.append(f"    set_attribute(record, {name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        lines.append("    record.__post_init__()")
    lines.append("    return record")
    exec("\n".join(lines), namespace)  # code built from the class's own field names
    entry.encode = namespace["encode"]
    entry.decode = namespace["decode"]


def spot_codec(extra: Iterable[type[Any]] = ()) -> Codec:
    """The codec for the Spot engine's commands and events (plus ``extra`` classes, such as
    commands and events a newer engine adds)."""
    return Codec([*typing.get_args(Command), *typing.get_args(Event), *extra])
