"""The FIX wire codec: an incremental frame parser and the encoder.

Framing follows the FIX spec: ``8=`` first, ``9=`` (BodyLength, exact) second, ``10=`` (CheckSum,
three digits, byte sum mod 256) last. A frame that breaks one of those rules is *garbled*: the
parser hands back a :class:`GarbledFrame` with the discarded bytes (never raises) and resynchronises
at the next ``8=FIX``. Anything wrong *inside* a well-framed message (a non-numeric tag, an empty
value, fields out of order, ...) is not garbling: the :class:`Message` is delivered and
:mod:`krakenbox.fix.validation` names the SessionRejectReason.

This is the hot path, written for CPython: a straight-line fast path for well-formed frames (the
diagnostic path only runs when it fails), one latin-1 decode and a couple of ``str.split`` calls per
frame, a precomputed table from tag text to tag number, and ``zlib.adler32`` -- whose low half is
``1 + byte sum`` for up to 256 bytes -- to add up bytes in C. Length-prefixed data fields (95/96,
212/213, ...) may contain SOH; a frame carrying one takes a careful field-by-field path.
"""

from __future__ import annotations

from dataclasses import dataclass
from zlib import adler32

from krakenbox.fix.message import Message
from krakenbox.fix.tags import DATA_FIELD_BY_LENGTH_FIELD

SOH = "\x01"
DEFAULT_MAX_BODY_LENGTH = 1 << 20  # 1 MiB: anything larger is treated as garbled framing
_START = b"8=FIX"
_MAX_BEGIN_STRING = 32  # bytes from 8= to its SOH before the frame counts as garbled
_MAX_LENGTH_DIGITS = 10
_CHUNK = 256  # adler32's low half is exactly 1 + byte sum for at most 256 bytes
_TRAILERS = [b"10=%03d\x01" % value for value in range(256)]
_FRAMING_TAGS = (8, 9, 10)

# Tag text -> tag number for the fast path. Data fields and their length fields are left out on
# purpose: a frame with one of them misses the table and takes the careful path.
_SPECIAL_TAGS = set(DATA_FIELD_BY_LENGTH_FIELD) | set(DATA_FIELD_BY_LENGTH_FIELD.values())
_TAG_BY_TEXT = {str(tag): tag for tag in range(1, 10_000) if tag not in _SPECIAL_TAGS}
_LOOKUP_TAG = _TAG_BY_TEXT.__getitem__
# Tag number -> "tag=" for the encoder, as a list (indexing a list is cheaper than a dict lookup).
# None for 0, 8, 9, 10 and a second half of Nones, which negative tags index: None + str raises
# TypeError, and those tags (like tags past the end, IndexError) take the careful path.
_TAG_PREFIX: list[str | None] = [None if tag in _FRAMING_TAGS or tag == 0 else f"{tag}=" for tag in range(10_000)]
_TAG_PREFIX += [None] * len(_TAG_PREFIX)
_new_message = Message.__new__
# CheckSum digits -> (byte sum of the whole frame, trailer included) mod 256 when they are right.
_RAW_SUM_FOR_CHECKSUM = {b"%03d" % value: (value + sum(b"10=%03d\x01" % value)) & 0xFF for value in range(256)}


@dataclass(frozen=True, slots=True)
class GarbledFrame:
    """Input the parser discarded, and why. Per the FIX spec it is ignored, not rejected."""

    reason: str
    raw: bytes


def byte_sum(data: bytes | memoryview) -> int:
    """Sum of all bytes (the FIX checksum before ``% 256``), computed in C via adler32."""
    size = len(data)
    if size <= _CHUNK:
        return (adler32(data) & 0xFFFF) - 1
    view = memoryview(data)
    total = 0
    for start in range(0, size, _CHUNK):
        total += (adler32(view[start : start + _CHUNK]) & 0xFFFF) - 1
    return total


def checksum(data: bytes) -> str:
    """The CheckSum (10) value for everything before the ``10=`` field: three digits."""
    return f"{byte_sum(data) & 0xFF:03d}"


def decode_fields(text: str) -> tuple[list[tuple[int, str]], tuple[str, ...]]:
    """Split a frame's text (ending in SOH) into fields and bad (non-numeric-tag) fields."""
    flat = text.replace(SOH, "=").split("=")
    if len(flat) == 2 * text.count(SOH) + 1:  # exactly one '=' per field: tag, value, tag, ...
        flat.pop()
        try:
            return list(zip(map(_LOOKUP_TAG, flat[::2]), flat[1::2], strict=True)), ()
        except KeyError:
            return _decode_fields_carefully(text)
    parts = text.split(SOH)
    parts.pop()
    table = _TAG_BY_TEXT
    try:
        return [(table[tag], value) for tag, _, value in [part.partition("=") for part in parts]], ()
    except KeyError:
        return _decode_fields_carefully(text)


def _decode_fields_carefully(text: str) -> tuple[list[tuple[int, str]], tuple[str, ...]]:
    """Field-by-field decode: data fields sized by their length field, odd tags kept aside."""
    fields: list[tuple[int, str]] = []
    bad_fields: list[str] = []
    position, size = 0, len(text)
    while position < size:
        end = text.find(SOH, position)
        if end < 0:
            end = size
        equals = text.find("=", position, end)
        tag_text = text[position:end] if equals < 0 else text[position:equals]
        if not (tag_text.isdigit() and tag_text.isascii()):
            bad_fields.append(text[position:end])
            position = end + 1
            continue
        tag = int(tag_text)
        if equals >= 0 and fields:
            data_end = _data_field_end(text, fields[-1], tag, equals + 1)
            if data_end >= 0:
                fields.append((tag, text[equals + 1 : data_end]))
                position = data_end + 1
                continue
        fields.append((tag, "" if equals < 0 else text[equals + 1 : end]))
        position = end + 1
    return fields, tuple(bad_fields)


def _data_field_end(text: str, previous: tuple[int, str], tag: int, value_start: int) -> int:
    """End of a data field's value sized by the length field just before it, else -1."""
    length_tag, length_text = previous
    if DATA_FIELD_BY_LENGTH_FIELD.get(length_tag) != tag:
        return -1
    if not (length_text.isdigit() and length_text.isascii()):
        return -1
    value_end = value_start + int(length_text)
    if value_end < len(text) and text[value_end] == SOH:
        return value_end
    return -1


class Parser:
    """Incremental frame parser, one per connection: ``feed`` bytes, then call ``next`` until None.

    ``next`` returns a :class:`Message` for every well-framed message, a :class:`GarbledFrame` for
    every run of discarded input, and None when it needs more bytes. It never raises on input.
    """

    __slots__ = (
        "_buffer", "_max_body_length", "_position", "_scan_from", "_start_scan_from", "_sum", "_sum_end", "_sum_start",
    )

    def __init__(self, max_body_length: int = DEFAULT_MAX_BODY_LENGTH) -> None:
        if max_body_length < 1:
            raise ValueError("max_body_length must be positive")
        self._buffer = b""
        self._position = 0
        self._scan_from = 0
        self._start_scan_from = 0  # where to look next for a frame start inside an incomplete frame
        # Byte sum of buffer[_sum_start:_sum_end], kept while a frame is incomplete so that looking
        # for its real end stays linear however many "10=" lookalikes its bytes contain.
        self._sum = self._sum_end = 0
        self._sum_start = -1
        self._max_body_length = max_body_length

    @property
    def buffered(self) -> int:
        """Bytes received but not yet returned as a message or a garbled frame."""
        return len(self._buffer) - self._position

    def feed(self, data: bytes) -> None:
        """Append received bytes."""
        if not data:
            return
        if self._position >= len(self._buffer):
            self._buffer = bytes(data)
            self._scan_from = self._start_scan_from = 0
            self._sum_start = -1
        else:
            self._scan_from -= self._position
            self._start_scan_from -= self._position
            self._sum_start -= self._position
            self._sum_end -= self._position
            self._buffer = self._buffer[self._position :] + data
        self._position = 0

    def next(self) -> Message | GarbledFrame | None:
        """The next message or garbled run, or None if more bytes are needed."""
        buffer, position = self._buffer, self._position
        # The fast path: a complete, well-formed frame. Anything else goes to _diagnose.
        if buffer.startswith(b"8=FIX.4.4\x019=", position):
            length_start = position + 12
        elif buffer.startswith(b"8=FIX", position):
            begin_end = buffer.find(b"\x01", position + 5, position + _MAX_BEGIN_STRING)
            if begin_end < 0 or not buffer.startswith(b"9=", begin_end + 1):
                return self._diagnose()
            length_start = begin_end + 3
        else:
            return self._diagnose()
        length_end = buffer.find(b"\x01", length_start, length_start + _MAX_LENGTH_DIGITS + 1)
        length_text = buffer[length_start:length_end]
        if length_end < 0 or not length_text.isdigit() or int(length_text) > self._max_body_length:
            return self._diagnose()
        frame_end = length_end + int(length_text) + 8
        if frame_end > len(buffer) or not buffer.startswith(b"10=", frame_end - 7) or buffer[frame_end - 1] != 1:
            return self._diagnose()
        raw = buffer[position:frame_end]
        total = (adler32(raw) & 0xFFFF) - 1 if frame_end - position <= _CHUNK else byte_sum(raw)
        if _RAW_SUM_FOR_CHECKSUM.get(raw[-4:-1]) != total & 0xFF:
            return self._diagnose()
        if frame_end == len(buffer):
            self._buffer = b""
            self._position = 0
        else:
            self._position = frame_end
        fields, bad_fields = decode_fields(raw.decode("latin-1"))
        message = _new_message(Message)
        message.fields = fields
        message.raw = raw
        message.bad_fields = bad_fields
        return message

    def _diagnose(self) -> Message | GarbledFrame | None:
        """The slow path: say exactly what is wrong (or that more bytes are needed)."""
        buffer, position = self._buffer, self._position
        size = len(buffer)
        if position >= size:
            return None
        if not buffer.startswith(_START, position):
            return self._skip_to_start(position, "input does not start with 8=FIX")
        begin_end = buffer.find(b"\x01", position + 5, position + _MAX_BEGIN_STRING)
        if begin_end < 0:
            if size - position < _MAX_BEGIN_STRING:
                return None
            return self._skip_to_start(position + 1, "BeginString (8) is not terminated")
        if size < begin_end + 3:
            return None
        if buffer[begin_end + 1 : begin_end + 3] != b"9=":
            return self._skip_to_start(position + 1, "BodyLength (9) is not the second field")
        length_end = buffer.find(b"\x01", begin_end + 3, begin_end + 4 + _MAX_LENGTH_DIGITS)
        if length_end < 0:
            if size < begin_end + 4 + _MAX_LENGTH_DIGITS:
                return None
            return self._skip_to_start(position + 1, "BodyLength (9) is not a number")
        length_text = buffer[begin_end + 3 : length_end]
        if not length_text.isdigit():
            return self._skip_to_start(position + 1, "BodyLength (9) is not a number")
        body_length = int(length_text)
        if body_length > self._max_body_length:
            return self._skip_to_start(position + 1, f"BodyLength (9) {body_length} exceeds the limit")
        body_end = length_end + 1 + body_length
        frame_end = body_end + 7
        if size < frame_end:
            return self._check_short_length(position, length_end + 1)
        if buffer[body_end : body_end + 3] != b"10=" or buffer[frame_end - 1] != 1:
            return self._skip_to_start(position + 1, "BodyLength (9) does not end at CheckSum (10)")
        declared = buffer[body_end + 3 : frame_end - 1]
        if not declared.isdigit():
            return self._skip_to_start(position + 1, "CheckSum (10) is not three digits")
        if len(declared) != 3 or (byte_sum(buffer[position:body_end]) & 0xFF) != int(declared):
            return self._discard(frame_end, "CheckSum (10) is incorrect")
        raw = buffer[position:frame_end]  # only reached if the fast path's limits were too tight
        self._advance(frame_end)
        fields, bad_fields = decode_fields(raw.decode("latin-1"))
        return Message.from_wire(fields, raw, bad_fields)

    def _advance(self, position: int) -> None:
        if position >= len(self._buffer):
            self._buffer = b""
            position = 0
        self._position = position
        self._scan_from = self._start_scan_from = position

    def _discard(self, end: int, reason: str) -> GarbledFrame:
        raw = self._buffer[self._position : end]
        self._advance(end)
        return GarbledFrame(reason, raw)

    def _skip_to_start(self, search_from: int, reason: str) -> GarbledFrame | None:
        """Discard up to the next ``8=FIX`` (keeping a tail that may be the start of one)."""
        buffer = self._buffer
        start = buffer.find(_START, search_from)
        if start < 0:
            start = max(search_from, len(buffer) - len(_START) + 1)
            while start < len(buffer) and not _START.startswith(buffer[start:]):
                start += 1
            if start == self._position:
                return None
        return self._discard(start, reason)

    def _check_short_length(self, position: int, body_start: int) -> GarbledFrame | None:
        """While a frame is incomplete, spot a BodyLength that is too large.

        The declared length is wrong, and the frame garbled, when a ``10=nnn`` ends it earlier
        with a correct checksum, or when a complete, checksum-correct frame starts inside it (its
        own bytes were damaged too, but the next message is intact). Without
        this check a peer waiting for our answer would stall the connection, and the good
        messages behind the broken one would wait for bytes that never come.
        """
        buffer = self._buffer
        search = max(self._scan_from, body_start - 1)
        while True:
            mark = buffer.find(b"\x0110=", search)
            if mark < 0:
                self._scan_from = max(search, len(buffer) - 3)
                return self._next_frame_inside(body_start)
            if mark + 8 > len(buffer):
                self._scan_from = mark
                return self._next_frame_inside(body_start)
            declared = buffer[mark + 4 : mark + 7]
            if buffer[mark + 7] == 1 and declared.isdigit() and (self._sum_up_to(mark + 1) & 0xFF) == int(declared):
                return self._discard(mark + 8, "BodyLength (9) does not end at CheckSum (10)")
            search = mark + 1


    def _next_frame_inside(self, body_start: int) -> GarbledFrame | None:
        """Discard the pending frame if an intact frame starts inside it (None: nothing found yet)."""
        buffer = self._buffer
        search = max(self._start_scan_from, body_start)
        while (start := buffer.find(_START, search)) >= 0:
            intact = self._intact_frame_at(start)
            if intact is None:  # too few bytes yet to tell
                self._start_scan_from = start
                return None
            if intact:
                return self._discard(start, "BodyLength (9) runs past the next message")
            search = start + 1
        self._start_scan_from = max(search, len(buffer) - len(_START) + 1)
        return None

    def _intact_frame_at(self, start: int) -> bool | None:
        """Is a complete frame with a correct checksum at ``start``? None: not enough bytes yet."""
        buffer, size = self._buffer, len(self._buffer)
        begin_end = buffer.find(b"\x01", start + 5, start + _MAX_BEGIN_STRING)
        if begin_end < 0:
            return None if size - start < _MAX_BEGIN_STRING else False
        if size < begin_end + 3:
            return None
        if buffer[begin_end + 1 : begin_end + 3] != b"9=":
            return False
        length_end = buffer.find(b"\x01", begin_end + 3, begin_end + 4 + _MAX_LENGTH_DIGITS)
        if length_end < 0:
            return None if size < begin_end + 4 + _MAX_LENGTH_DIGITS else False
        length_text = buffer[begin_end + 3 : length_end]
        if not length_text.isdigit():
            return False
        body_end = length_end + 1 + int(length_text)
        if size < body_end + 7:
            return None
        declared = buffer[body_end + 3 : body_end + 6]
        if buffer[body_end : body_end + 3] != b"10=" or buffer[body_end + 6] != 1 or not declared.isdigit():
            return False
        return (byte_sum(buffer[start:body_end]) & 0xFF) == int(declared)

    def _sum_up_to(self, end: int) -> int:
        """Byte sum of buffer[position:end], extending the running sum (ends only grow)."""
        if self._sum_start != self._position or end < self._sum_end:
            self._sum_start = self._sum_end = self._position
            self._sum = 0
        self._sum += byte_sum(self._buffer[self._sum_end : end])
        self._sum_end = end
        return self._sum


def _render_carefully(fields: list[tuple[int, str]]) -> str:
    framing = _FRAMING_TAGS
    return "".join([f"{tag}={value}{SOH}" for tag, value in fields if tag not in framing])


def render_fields(fields: list[tuple[int, str]]) -> str:
    """``tag=value<SOH>`` for each field, skipping the framing fields 8, 9 and 10."""
    try:
        parts = [_TAG_PREFIX[tag] + value for tag, value in fields]  # type: ignore[operator]
    except (IndexError, TypeError):  # 8/9/10, a tag outside the table, or a value that is not a str
        return _render_carefully(fields)
    parts.append("")
    return SOH.join(parts)


def encode_body(body: str, begin_string: str = "FIX.4.4") -> bytes:
    """Frame an already rendered body (``35=...<SOH>...<SOH>``): prepend 8 and 9, append 10."""
    data = f"8={begin_string}{SOH}9={len(body)}{SOH}{body}".encode("latin-1")
    total = (adler32(data) & 0xFFFF) - 1 if len(data) <= _CHUNK else byte_sum(data)
    return data + _TRAILERS[total & 0xFF]


def encode(message: Message, begin_string: str = "FIX.4.4") -> bytes:
    """The wire bytes: 8, 9 (computed), ``message.fields`` minus any 8/9/10, then 10 (computed).

    The caller orders header fields (35 first, then the rest of the header, then the body).
    Values must be latin-1 text without SOH (except in data fields).
    """
    try:
        parts = [_TAG_PREFIX[tag] + value for tag, value in message.fields]  # type: ignore[operator]
    except (IndexError, TypeError):  # 8/9/10, a tag outside the table, or a value that is not a str
        return encode_body(_render_carefully(message.fields), begin_string)
    parts.append("")
    body = SOH.join(parts)
    data = f"8={begin_string}{SOH}9={len(body)}{SOH}{body}".encode("latin-1")
    total = (adler32(data) & 0xFFFF) - 1 if len(data) <= _CHUNK else byte_sum(data)
    return data + _TRAILERS[total & 0xFF]
