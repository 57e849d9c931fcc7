"""Message: ordered fields with first-occurrence lookups."""

from __future__ import annotations

import pytest

from krakenbox.fix.message import Message


def order() -> Message:
    return Message.of("D", (11, "id-1"), (54, 1), (38, "0.1"), (58, "a"), (58, "b"))


def test_of_puts_msg_type_first_and_renders_ints() -> None:
    assert order().fields == [(35, "D"), (11, "id-1"), (54, "1"), (38, "0.1"), (58, "a"), (58, "b")]
    assert order().msg_type == "D"
    assert order().raw is None


def test_lookups() -> None:
    message = order()
    assert message.get(58) == "a"
    assert message.get(99) is None
    assert message.get(99, "x") == "x"
    assert message[11] == "id-1"
    assert 54 in message and 99 not in message
    assert message.get_all(58) == ["a", "b"]
    assert message.get_int(54) == 1
    with pytest.raises(KeyError):
        message[99]
    with pytest.raises(ValueError):
        message.get_int(38)
    with pytest.raises(KeyError):
        message.get_int(99)


def test_get_int_accepts_a_sign_but_not_python_extras() -> None:
    message = Message([(1, "-5"), (2, "1_0"), (3, " 7"), (4, "+3")])
    assert message.get_int(1) == -5
    for tag in (2, 3, 4):
        with pytest.raises(ValueError):
            message.get_int(tag)


def test_msg_type_is_empty_when_absent() -> None:
    assert Message().msg_type == ""


def test_set_replaces_the_first_occurrence_or_appends() -> None:
    message = order()
    message.set(58, "c")
    message.set(34, 9)
    assert message.get_all(58) == ["c", "b"]
    assert message.fields[-1] == (34, "9")


def test_append_and_remove() -> None:
    message = order()
    message.append(58, 3)
    assert message.get_all(58) == ["a", "b", "3"]
    message.remove(58)
    assert 58 not in message
    message.remove(12345)


def test_copy_is_independent() -> None:
    message = order()
    copy = message.copy()
    copy.set(11, "other")
    assert message[11] == "id-1"
    assert copy == Message.of("D", (11, "other"), (54, 1), (38, "0.1"), (58, "a"), (58, "b"))


def test_equality_iteration_and_repr() -> None:
    assert order() == order()
    assert order() != Message.of("D")
    assert list(order())[:2] == [(35, "D"), (11, "id-1")]
    assert len(order()) == 6
    assert repr(Message.of("0", (34, 1))) == "Message('35=0|34=1')"
