"""Which conversation a session is: BeginString and the two CompIDs, seen from our side."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SessionID:
    """A FIX session's identity. ``sender_comp_id`` is OUR CompID (49 on what we send).

    ``qualifier`` tells apart sessions with the same CompIDs on different ports (QuickFIX's
    SessionQualifier): Kraken's L2 and L3 market-data ports both answer as ``KRAKEN-MD``.
    It never goes on the wire.
    """

    begin_string: str
    sender_comp_id: str
    target_comp_id: str
    qualifier: str = ""

    def __post_init__(self) -> None:
        for name in ("begin_string", "sender_comp_id", "target_comp_id"):
            value = getattr(self, name)
            if not value or "\x01" in value:
                raise ValueError(f"SessionID.{name} must be a non-empty string without SOH")

    def __str__(self) -> str:
        text = f"{self.begin_string}:{self.sender_comp_id}->{self.target_comp_id}"
        return f"{text}:{self.qualifier}" if self.qualifier else text
