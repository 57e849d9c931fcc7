"""credentials.json: the fixed shape scripts and CI read (issue #6)."""

from __future__ import annotations

import json
import random
import stat
from pathlib import Path

from krakenbox.cli.credentials import ENDPOINTS, credentials, write_credentials
from krakenbox.venue.directory import Directory, provision_demo


def test_shape_and_permissions(tmp_path: Path) -> None:
    with Directory(":memory:", rng=random.Random(1)) as directory:
        demo = provision_demo(directory, random.Random(1))
    content = credentials(demo, {"fix_spot_trading": "tls://127.0.0.1:4001"}, tmp_path / "ca.pem")
    path = write_credentials(tmp_path, content)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = json.loads(path.read_text())
    assert [account["name"] for account in loaded["accounts"]] == ["alice", "bob"]
    alice = loaded["accounts"][0]
    assert set(alice) == {"name", "spot", "fix", "derivatives"}
    assert set(alice["fix"]) == {"sender_comp_id", "api_key", "api_secret"}
    assert alice["fix"]["sender_comp_id"] == "ALICE"
    assert set(alice["spot"]) == set(alice["derivatives"]) == {"api_key", "api_secret"}
    assert list(loaded["endpoints"]) == list(ENDPOINTS)
    assert loaded["endpoints"]["fix_spot_trading"] == "tls://127.0.0.1:4001"
    assert loaded["endpoints"]["spot_rest"] is None
    assert loaded["tls"]["ca_file"] == str((tmp_path / "ca.pem").resolve())
