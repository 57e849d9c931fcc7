"""serve's configuration: defaults, a TOML file, the command line over both, clear refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from krakenbox.cli.main import _parser
from krakenbox.cli.options import ConfigError, ServeOptions


def options(*argv: str) -> ServeOptions:
    return ServeOptions.from_arguments(_parser().parse_args(["serve", *argv]))


def test_defaults_then_file_then_command_line(tmp_path: Path) -> None:
    assert options() == ServeOptions()
    config = tmp_path / "krakenbox.toml"
    config.write_text(
        'data_dir = "/srv/kb"\nno-tls = true\nrest_port = 18080\nrate_limits = "off"\n'
    )
    from_file = options("--config", str(config))
    assert (from_file.data_dir, from_file.no_tls, from_file.rest_port) == (
        Path("/srv/kb"),
        True,
        18080,
    )
    assert from_file.rate_limits == "off" and from_file.ws_public_port == 8081
    overridden = options("--config", str(config), "--rest-port", "9000", "--data-dir", "here")
    assert (overridden.rest_port, overridden.data_dir, overridden.no_tls) == (
        9000,
        Path("here"),
        True,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rest_prot = 1\n", "unknown key 'rest_prot' (known: admin_port, data_dir"),
        ("rest_port = '8080'\n", "rest_port = '8080': expected int, not str"),
        ("no_tls = 1\n", "no_tls = 1: expected bool, not int"),
        ("rest_port = 70000\n", "a port is between 0 and 65535"),
        ("rate_limits = 'none'\n", "must be one of 'kraken', 'off'"),
        ("lockout_failures = -1\n", "must be 0 or more"),
        ("lockout-seconds = 0\n", "must be a positive number of seconds"),
        ("lockout_window = 1.5\n", "expected int, not float"),
        ("sim_taker_percent = 101\n", "must be between 0 and 100"),
        ("sim-volatility-ppm = -1\n", "must be between 0 and 100000"),
        ("rest_port = \n", "not valid TOML"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("'", "'")) as error:
        options("--config", str(config))
    assert str(error.value).startswith(str(config))


def test_lockout_numbers_from_the_file_and_the_command_line(tmp_path: Path) -> None:
    assert (ServeOptions().lockout_failures, ServeOptions().lockout_window) == (20, 60)
    assert ServeOptions().lockout_seconds == 900
    config = tmp_path / "krakenbox.toml"
    config.write_text("lockout_failures = 0\nlockout-window = 10\n")
    chosen = options("--config", str(config), "--lockout-seconds", "60")
    assert (chosen.lockout_failures, chosen.lockout_window, chosen.lockout_seconds) == (0, 10, 60)
    assert options("--lockout-failures", "5").lockout_failures == 5


def test_the_simulation_is_on_by_default_and_tuned_from_the_file_or_the_command_line(
    tmp_path: Path,
) -> None:
    assert ServeOptions().sim and not options("--no-sim").sim
    assert (ServeOptions().sim_volatility_ppm, ServeOptions().sim_taker_percent) == (400, 25)
    config = tmp_path / "krakenbox.toml"
    config.write_text("sim = false\nsim_volatility_ppm = 1000\n")
    chosen = options("--config", str(config), "--sim", "--sim-taker-percent", "80")
    assert (chosen.sim, chosen.sim_volatility_ppm, chosen.sim_taker_percent) == (True, 1000, 80)


@pytest.mark.parametrize(
    "argv",
    [
        ["--lockout-failures", "-2"],
        ["--lockout-window", "0"],
        ["--lockout-seconds", "soon"],
        ["--sim-taker-percent", "150"],
        ["--sim-volatility-ppm", "-5"],
    ],
)
def test_bad_numbers_on_the_command_line_are_refused(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        options(*argv)


def test_serve_with_a_bad_config_exits_non_zero_without_a_traceback(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("colour = 'blue'\n")
    done = subprocess.run(
        [sys.executable, "-m", "krakenbox.cli.main", "serve", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "unknown key 'colour'" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / ".krakenbox").exists()  # nothing was started or written
