"""Request parameters as the clients send them (spec/spot-rest.md §1.2), read strictly.

Two body encodings reach a private method, and a query string reaches a public one:

* form-urlencoded (python-kraken-sdk: nonce last; ccxt: nonce first, nested dicts as
  ``close[ordertype]=limit`` with literal brackets, lists as ``key[0]=...``);
* JSON (both clients for ``AddOrderBatch``/``CancelOrderBatch``; ccxt when ``price`` ends in
  ``%``): numbers are read as :class:`~decimal.Decimal` or ``int``, never ``float``.

:func:`parse_body` picks the encoding from ``Content-Type`` and sniffs a body starting with
``{`` when the type is missing or unknown. :class:`Parameters` reads typed values: booleans
spelled ``true``/``True``/``1``…, integers as JSON numbers or digit strings, lists as JSON
arrays or comma-joined text. Anything else is ``EGeneral:Invalid arguments[:<name>]``; a body
that cannot be read at all is ``EAPI:Bad request``. Unknown parameters are ignored (ccxt and
python-kraken-sdk send a few Kraken no longer reads).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Final
from urllib.parse import unquote

from krakenbox.kraken.rest.errors import bad_request, invalid_arguments

Value = str | int | Decimal | bool | None | list["Value"] | dict[str, "Value"]
"""A parameter value: text from a form or query, or anything JSON carries."""

MAXIMUM_FIELDS: Final = 1000
"""More form fields than this is a bad request (no Kraken call takes so many)."""
MAXIMUM_DEPTH: Final = 8
"""Nested brackets or JSON deeper than this is a bad request."""

_TRUE: Final = frozenset({"true", "1", "yes"})
_FALSE: Final = frozenset({"false", "0", "no", ""})
_BRACKETS: Final = re.compile(r"\[([^\[\]]*)\]")


def parse_body(content_type: str | None, body: bytes) -> dict[str, Value]:
    """The parameters of a request body (raises ``RestError``)."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    stripped = body.lstrip()
    if kind == "application/json" or (
        kind != "application/x-www-form-urlencoded" and stripped.startswith(b"{")
    ):
        return parse_json(body)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request() from None
    return parse_form(text)


def parse_json(body: bytes) -> dict[str, Value]:
    if not body.strip():
        return {}
    try:
        document = json.loads(body, parse_float=Decimal, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise bad_request() from None
    if not isinstance(document, dict) or _depth(document) > MAXIMUM_DEPTH:
        raise bad_request()
    return document


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    return 0


def parse_form(text: str) -> dict[str, Value]:
    """A query string or form body. ``a[b]=1`` nests, ``a[0]=1`` makes a list, a repeated
    key makes a list."""
    if text.count("&") >= MAXIMUM_FIELDS:
        raise bad_request()
    result: dict[str, Value] = {}
    nested = False
    for key, value in _fields(text):
        name, _, rest = key.partition("[")
        if not rest:
            _add(result, key, value)
            continue
        path = _BRACKETS.findall("[" + rest)
        if not name or len(path) > MAXIMUM_DEPTH:
            raise bad_request()
        _insert(result, [name, *path], value)
        nested = True
    if not nested:  # only texts and lists of texts: nothing to turn into lists
        return result
    return {key: _listify(value) for key, value in result.items()}


def _fields(text: str) -> list[tuple[str, str]]:
    """``parse_qsl(text, keep_blank_values=True)``: ``&``-separated, empty fields skipped, a
    field without ``=`` has the value ``""``, ``+`` is a space, ``%XX`` is UTF-8 (errors
    replaced); a field with neither ``%`` nor ``+`` (most of them) is taken as it is."""
    fields = []
    for field in text.split("&"):
        if not field:
            continue
        name, _, value = field.partition("=")
        if "%" in field or "+" in field:
            name = unquote(name.replace("+", " "))
            value = unquote(value.replace("+", " "))
        fields.append((name, value))
    return fields


def _add(target: dict[str, Value], key: str, value: str) -> None:
    existing = target.get(key)
    if key not in target:
        target[key] = value
    elif isinstance(existing, list):
        existing.append(value)
    else:
        target[key] = [existing, value]


def _insert(target: dict[str, Value], path: list[str], value: str) -> None:
    node = target
    for segment in path[:-1]:
        child = node.get(segment)
        if not isinstance(child, dict):
            child = {}
            node[segment] = child
        node = child
    _add(node, path[-1], value)


def _listify(value: Value) -> Value:
    """Dicts keyed ``0``, ``1``, ... (``key[0]=``) become lists."""
    if isinstance(value, dict):
        converted = {key: _listify(item) for key, item in value.items()}
        if converted and all(key.isdigit() for key in converted):
            return [converted[key] for key in sorted(converted, key=int)]
        return converted
    return value


class Parameters:
    """Typed, strict reads of one request's parameters."""

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, Value]) -> None:
        self.values = values

    def __contains__(self, name: str) -> bool:
        return self.present(name)

    def present(self, name: str) -> bool:
        value = self.values.get(name)
        return value is not None and value != ""

    def text(self, name: str, default: str | None = None) -> str | None:
        """A scalar as text (``None``/absent/empty: ``default``)."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        return scalar_text(value, name)

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise invalid_arguments(name)
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None:
            return default
        return to_boolean(value, name)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        return to_integer(value, name)

    def text_list(self, name: str) -> list[str] | None:
        """A JSON array of scalars or a comma-joined text; None when absent."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, list):
            return [scalar_text(item, name) for item in value]
        return [part.strip() for part in scalar_text(value, name).split(",") if part.strip()]

    def mapping(self, name: str) -> Parameters | None:
        value = self.values.get(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise invalid_arguments(name)
        return Parameters(value)

    def items(self, name: str) -> list[Value] | None:
        value = self.values.get(name)
        if value is None:
            return None
        if not isinstance(value, list):
            raise invalid_arguments(name)
        return value


def scalar_text(value: Value, name: str) -> str:
    """A string, integer or decimal as text; a boolean as ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    raise invalid_arguments(name)


def to_boolean(value: Value, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    raise invalid_arguments(name)


def to_integer(value: Value, name: str) -> int:
    if isinstance(value, bool):
        raise invalid_arguments(name)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        body = text[1:] if text[:1] in "+-" else text
        if body.isascii() and body.isdigit() and len(body) <= 30:
            return int(text)
    raise invalid_arguments(name)
