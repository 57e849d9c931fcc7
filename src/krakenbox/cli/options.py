"""How `krakenbox serve` is configured: one frozen record, from the command line or from code
(the pytest plugin builds one with every port ephemeral)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Literal


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
    rest_port: int = 8080
    ws_public_port: int = 8081
    ws_auth_port: int = 8082
    fix_spot_trading_port: int = 4001
    fix_spot_md_l2_port: int = 4000
    fix_spot_md_l3_port: int = 4005

    @classmethod
    def from_arguments(cls, arguments: argparse.Namespace) -> ServeOptions:
        """The options of a parsed ``serve`` command line (same names)."""
        return cls(**{field.name: getattr(arguments, field.name) for field in fields(cls)})

    @classmethod
    def ephemeral(cls, data_dir: Path, **changes: object) -> ServeOptions:
        """Every port picked by the system, plain TCP and HTTP: for tests."""
        ports = {field.name: 0 for field in fields(cls) if field.name.endswith("_port")}
        return cls(data_dir=data_dir, no_tls=True, **{**ports, **changes})  # type: ignore[arg-type]
