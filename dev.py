#!/usr/bin/env python3
"""Bootstrap and run krakenbox with nothing but Python 3.11+.

    python3 dev.py serve [ARGS...]   create .venv, install krakenbox, run `krakenbox serve`
    python3 dev.py test [ARGS...]    create .venv, install with test extras, run the test suite

The virtual environment is reused; it is reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_installed(extras: str) -> None:
    """Create the venv and (re)install the project when pyproject.toml or the extras changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit(f"krakenbox needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + extras.encode()
    ).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    target = f"{ROOT}[{extras}]" if extras else str(ROOT)
    print(f"installing krakenbox{f'[{extras}]' if extras else ''} into {VENV}", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", target], check=True)
    stamp.write_text(fingerprint)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("serve", "test"):
        print(__doc__.strip())
        return 2
    command, rest = argv[0], argv[1:]
    if command == "serve":
        ensure_installed("")
        run([str(BIN / "krakenbox"), "serve", *rest])
    ensure_installed("test,bench")
    os.chdir(ROOT)
    run([str(PYTHON), "-m", "pytest", *rest])
    return 0  # not reached


def run(command: list[str]) -> None:
    """Become ``command``, so Ctrl-C and exit codes are the command's own."""
    sys.stdout.flush()
    if os.name == "nt":
        sys.exit(subprocess.call(command))
    os.execv(command[0], command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
