"""``DATA_DIR/credentials.json``: the demo credentials and every endpoint, for scripts, CI and
``krakenbox fix-shell``. The shape is fixed (issue #6); endpoints that do not exist yet are
null, secrets are base64 as Kraken issues them."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from krakenbox.venue.directory import DemoAccount

ENDPOINTS: Final = (
    "spot_rest",
    "spot_ws_public",
    "spot_ws_auth",
    "derivatives_rest",
    "derivatives_ws",
    "admin",
    "fix_spot_trading",
    "fix_spot_md_l2",
    "fix_spot_md_l3",
    "fix_derivatives_trading",
    "fix_derivatives_md_l2",
    "fix_derivatives_md_l3",
)
FILE_NAME: Final = "credentials.json"


def credentials(
    demo: dict[str, DemoAccount],
    endpoints: dict[str, str],
    ca_file: Path | None,
    admin_token: str | None = None,
) -> dict[str, Any]:
    """The file's content. ``admin`` (the admin API's bearer token) comes after the three keys
    the issue fixes, so readers of those see exactly that shape."""
    unknown = set(endpoints) - set(ENDPOINTS)
    if unknown:
        raise ValueError(f"unknown endpoints: {sorted(unknown)}")
    return {
        "accounts": [_account(name, account) for name, account in demo.items()],
        "endpoints": {name: endpoints.get(name) for name in ENDPOINTS},
        "tls": {"ca_file": str(ca_file.resolve()) if ca_file is not None else None},
        "admin": {"token": admin_token},
    }


def _account(name: str, account: DemoAccount) -> dict[str, Any]:
    return {
        "name": name,
        "spot": {"api_key": account.spot_key.key, "api_secret": account.spot_key.secret},
        "fix": {
            "sender_comp_id": account.spot_comp_id.sender_comp_id,
            "api_key": account.fix_key.key,
            "api_secret": account.fix_key.secret,
        },
        "derivatives": {
            "api_key": account.derivatives_key.key,
            "api_secret": account.derivatives_key.secret,
        },
    }


def admin_token(data_dir: Path) -> str:
    """The admin API's bearer token: made on first start, kept in ``DATA_DIR/admin-token``."""
    path = data_dir / "admin-token"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    token = secrets.token_urlsafe(32)
    path.write_text(token + "\n", encoding="utf-8")
    os.chmod(path, 0o600)
    return token


def write_credentials(data_dir: Path, content: dict[str, Any]) -> Path:
    """Write the file readable by its owner only (it holds secrets), atomically."""
    path = data_dir / FILE_NAME
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    os.chmod(temporary, 0o600)
    temporary.replace(path)
    return path
