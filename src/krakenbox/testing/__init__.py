"""krakenbox inside your own test suite, the way moto is used for AWS.

:class:`RunningVenue` starts the whole venue — Spot FIX, REST and WebSocket v2 — in a
background thread of the test process, on ephemeral ports of 127.0.0.1, in a fresh data dir,
and stops it on exit::

    with RunningVenue(tmp_path, manual_clock=True) as venue:
        Market(url=venue.urls["spot_rest"]).get_system_status()
        venue.advance(3600)             # GTD expiries and dead man's switches act

With pytest, the ``krakenbox_venue`` and ``krakenbox_manual_venue`` fixtures of
:mod:`krakenbox.testing.plugin` (registered automatically when krakenbox is installed) yield one
per test.
"""

from krakenbox.testing.venue import RunningVenue

__all__ = ["RunningVenue"]
