"""The README's client example (examples/kraken_clients.py, shown there in full) runs as written
against `krakenbox serve` started as the README says, with its default data dir."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli.processes import running, serve_arguments

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kraken_clients.py"


def test_the_readme_shows_the_example_in_full() -> None:
    readme = (ROOT / "README.md").read_text()
    assert f"```python\n{EXAMPLE.read_text()}```" in readme


def test_the_client_example_runs_against_serve(tmp_path: Path) -> None:
    with running(*serve_arguments(tmp_path / ".krakenbox", "--no-tls"), cwd=tmp_path):
        done = subprocess.run(
            [sys.executable, str(EXAMPLE)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [
        "ticker",
        "USD",
        "placed",
        "balance",
        "open",
        "book",
    ]
    assert "[]" not in lines[-1]  # the simulated market quotes both sides
