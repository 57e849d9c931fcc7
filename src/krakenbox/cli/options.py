"""How `krakenbox serve` is configured: one frozen record, from built-in defaults, a TOML file
(``--config``) and the command line, in that order of precedence (the pytest plugin builds one
in code, every port ephemeral).

The file uses the option names, with ``_`` or ``-``::

    data_dir = "/var/lib/krakenbox"
    no_tls = true
    rest_port = 18080

An unknown key, a value of the wrong type or a choice outside the allowed ones is refused with
a :class:`ConfigError` that names the file, the key and what was expected.
"""

from __future__ import annotations

import argparse
import tomllib
import typing
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Final, Literal


class ConfigError(ValueError):
    """A configuration file that cannot be used as written."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    data_dir: Path = Path(".krakenbox")
    host: str = "127.0.0.1"
    no_tls: bool = False
    """Plain TCP on the FIX ports."""
    tls_min_version: Literal["1.2", "1.3"] = "1.2"
    http_tls: bool = False
    """https/wss for REST and WebSocket."""
    rate_limits: Literal["kraken", "off"] = "kraken"
    lockout_failures: int = 20
    """Failed REST authentications (invalid signature or nonce) of one API key within
    ``lockout_window`` seconds that lock the key out (``EGeneral:Temporary lockout``) for
    ``lockout_seconds``; 0: never lock a key out."""
    lockout_window: int = 60
    lockout_seconds: int = 15 * 60
    fix_symbols: Literal["legacy", "modern"] = "legacy"
    """How FIX writes Symbol (55) and currencies: XBT/USD (legacy, the default) or BTC/USD.
    Either spelling is accepted on the way in."""
    rest_port: int = 8080
    ws_public_port: int = 8081
    ws_auth_port: int = 8082
    admin_port: int = 8084
    manual_clock: bool = False
    """The venue's time moves only when the admin API moves it (FIX sessions keep real time)."""
    sim: bool = True
    """Run the simulated market (a maker and a taker per instrument); ``--no-sim`` turns it
    off."""
    sim_seed: int = 1
    sim_volatility_ppm: int = 400
    """How far the simulated reference price may move at each one-second step, up or down, in
    parts per million."""
    sim_taker_percent: int = 25
    """The chance, per step and pair, that the simulated taker sends a market order."""
    fix_spot_trading_port: int = 4001
    fix_spot_md_l2_port: int = 4000
    fix_spot_md_l3_port: int = 4005

    @classmethod
    def from_arguments(cls, arguments: argparse.Namespace) -> ServeOptions:
        """The options of a parsed ``serve`` command line: the file named by ``--config`` (if
        any) over the defaults, then every option given on the command line (the parser leaves
        out the ones not given)."""
        options = cls()
        config = getattr(arguments, "config", None)
        if config is not None:
            options = options.with_file(Path(config))
        given = {field.name: getattr(arguments, field.name) for field in fields(cls)
                 if hasattr(arguments, field.name)}  # fmt: skip
        return replace(options, **given)

    def with_file(self, path: Path) -> ServeOptions:
        """These options with those of the TOML file ``path`` over them."""
        try:
            content = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None
        return replace(self, **_checked(path, content))

    @classmethod
    def ephemeral(cls, data_dir: Path, **changes: object) -> ServeOptions:
        """Every port picked by the system, plain TCP and HTTP, no simulated market (unless
        ``sim=True``): for tests."""
        ports = {field.name: 0 for field in fields(cls) if field.name.endswith("_port")}
        defaults = {"no_tls": True, "sim": False, **ports}
        return cls(data_dir=data_dir, **{**defaults, **changes})  # type: ignore[arg-type]


_RANGES: Final[dict[str, tuple[int, int | None, str]]] = {
    "lockout_failures": (0, None, "must be 0 or more (0: never lock out)"),
    "lockout_window": (1, None, "must be a positive number of seconds"),
    "lockout_seconds": (1, None, "must be a positive number of seconds"),
    "sim_volatility_ppm": (0, 100_000, "must be between 0 and 100000 (10%)"),
    "sim_taker_percent": (0, 100, "must be between 0 and 100"),
}
"""Whole-number options with bounds: (lowest, highest or None, what the refusal says)."""


def range_problem(name: str, value: object) -> str | None:
    """What is wrong with a bounded option's value (None: nothing, or not a bounded one)."""
    bounds = _RANGES.get(name)
    if bounds is None or not isinstance(value, int):
        return None
    lowest, highest, problem = bounds
    if value < lowest or (highest is not None and value > highest):
        return problem
    return None


def _checked(path: Path, content: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(ServeOptions)
    known = {field.name for field in fields(ServeOptions)}
    values: dict[str, Any] = {}
    for key, value in content.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(sorted(known))})")
        values[name] = _value(path, key, value, hints[name])
    return values


def _value(path: Path, key: str, value: Any, hint: Any) -> Any:
    choices = typing.get_args(hint) if typing.get_origin(hint) is Literal else ()
    if choices:
        if value not in choices:
            allowed = ", ".join(repr(choice) for choice in choices)
            raise ConfigError(f"{path}: {key} = {value!r}: must be one of {allowed}")
        return value
    expected = Path if hint is Path else hint
    readable = {Path: str, int: int, bool: bool, str: str}[expected]
    if type(value) is not readable:  # bool is an int to isinstance: compare types exactly
        raise ConfigError(
            f"{path}: {key} = {value!r}: expected {readable.__name__}, not {type(value).__name__}"
        )
    if isinstance(value, int) and key.endswith("port") and not 0 <= value <= 65535:
        raise ConfigError(f"{path}: {key} = {value}: a port is between 0 and 65535")
    problem = range_problem(key.replace("-", "_"), value)
    if problem is not None:
        raise ConfigError(f"{path}: {key} = {value}: {problem}")
    return Path(value) if isinstance(value, str) and expected is Path else value
