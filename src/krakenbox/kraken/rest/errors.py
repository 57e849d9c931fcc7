"""The one exception REST code raises for a Kraken-level failure: it carries the ``error``
array the gateway answers with (HTTP 200, ``{"error": [...]}``)."""

from __future__ import annotations

from krakenbox.kraken.errors import AnyReason, rest_error
from krakenbox.kraken.errors.rejects import EdgeReason


class RestError(Exception):
    """A Kraken error reply: ``errors`` are the strings of the ``error`` array."""

    def __init__(self, *errors: str) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors

    @classmethod
    def of(cls, reason: AnyReason) -> RestError:
        """The error for a reason of the shared table (:mod:`krakenbox.kraken.errors`)."""
        return cls(rest_error(reason))


INVALID_ARGUMENTS = "EGeneral:Invalid arguments"


def invalid_arguments(detail: str | None = None) -> RestError:
    """``EGeneral:Invalid arguments`` (``:<detail>`` when a parameter is named)."""
    return RestError(INVALID_ARGUMENTS if detail is None else f"{INVALID_ARGUMENTS}:{detail}")


def bad_request() -> RestError:
    return RestError.of(EdgeReason.BAD_REQUEST)


def unknown_method() -> RestError:
    return RestError.of(EdgeReason.UNKNOWN_METHOD)
