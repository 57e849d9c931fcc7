"""A faster ``__init__`` for the frozen, slotted dataclasses an engine makes by the thousand
(events, ledger entries, trade records): :func:`krakenbox.core.records.fast_init`, which lives
in ``core`` so that the FIX client can use it too (the client does not import the domain)."""

from __future__ import annotations

from krakenbox.core.records import fast_init as fast_init
