"""`krakenbox` console script: one sub-command per tool."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from krakenbox import __version__
from krakenbox.cli.logs import configure
from krakenbox.cli.options import range_problem


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    configure(arguments.log_level, arguments.log_format)
    if arguments.command == "serve":
        from krakenbox.cli.serve import serve

        return serve(arguments)
    if arguments.command == "fix-echo":
        from krakenbox.cli.fix_echo import fix_echo

        return fix_echo(arguments)
    if arguments.command == "fix-shell":
        from krakenbox.cli.fix_shell import fix_shell

        return fix_shell(arguments)
    if arguments.command == "fix-dictionary":
        from krakenbox.fix.dictionary import export_quickfix_xml

        text = export_quickfix_xml(arguments.dialect)
        if arguments.output is None:
            sys.stdout.write(text)
        else:
            arguments.output.write_text(text)
        return 0
    parser.print_help()
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="krakenbox", description="A local Kraken-compatible trading venue."
    )
    parser.add_argument("--version", action="version", version=f"krakenbox {__version__}")
    parser.add_argument(
        "--log-level", default="info", choices=["debug", "info", "warning", "error"]
    )
    parser.add_argument(
        "--log-format",
        default="text",
        choices=["text", "json"],
        help="json: one JSON object per line (for log pipelines)",
    )
    commands = parser.add_subparsers(dest="command")

    serve = commands.add_parser(
        "serve",
        help="run the venue",
        argument_default=argparse.SUPPRESS,  # not given: the config file's value or the default
    )
    serve.add_argument("--config", type=Path, metavar="FILE", help="a TOML file of these options")
    serve.add_argument("--data-dir", type=Path, help="where state lives (default ./.krakenbox)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument(
        "--no-tls", action="store_true", help="plain TCP instead of TLS on the FIX ports"
    )
    serve.add_argument(
        "--tls-min-version", choices=["1.2", "1.3"], help="oldest TLS version offered (1.2)"
    )
    serve.add_argument(
        "--rate-limits",
        choices=["kraken", "off"],
        help="Kraken's rate limits per account tier (default), or none (load tests)",
    )
    serve.add_argument(
        "--lockout-failures",
        type=_bounded("lockout_failures"),
        metavar="N",
        help="failed REST authentications of a key within the window that lock it out (20;"
        " 0: never)",
    )
    serve.add_argument(
        "--lockout-window",
        type=_bounded("lockout_window"),
        metavar="SECONDS",
        help="the window those failures are counted in (60)",
    )
    serve.add_argument(
        "--lockout-seconds",
        type=_bounded("lockout_seconds"),
        metavar="SECONDS",
        help="how long a locked-out key is refused (900)",
    )
    serve.add_argument(
        "--fix-symbols",
        choices=["legacy", "modern"],
        help="FIX Symbol (55) written as XBT/USD (legacy, default) or BTC/USD (modern)",
    )
    serve.add_argument("--rest-port", type=int, metavar="PORT", help="8080")
    serve.add_argument("--ws-public-port", type=int, metavar="PORT", help="8081")
    serve.add_argument("--ws-auth-port", type=int, metavar="PORT", help="8082")
    serve.add_argument("--admin-port", type=int, metavar="PORT", help="8084")
    serve.add_argument(
        "--manual-clock",
        action="store_true",
        help="the venue's time moves only through the admin API (POST /clock/advance)",
    )
    serve.add_argument(
        "--sim",
        action=argparse.BooleanOptionalAction,
        help="a live simulated market, a maker and a taker per pair (on; --no-sim: off)",
    )
    serve.add_argument("--sim-seed", type=int, metavar="N", help="the simulation's seed (1)")
    serve.add_argument(
        "--sim-volatility-ppm",
        type=_bounded("sim_volatility_ppm"),
        metavar="PPM",
        help="how far the reference price may move each second, up or down (400)",
    )
    serve.add_argument(
        "--sim-taker-percent",
        type=_bounded("sim_taker_percent"),
        metavar="N",
        help="chance per second and pair of a simulated market order (25)",
    )
    serve.add_argument(
        "--http-tls",
        action="store_true",
        help="https/wss for REST and WebSocket, from the same local CA as FIX",
    )
    serve.add_argument("--fix-spot-trading-port", type=int, metavar="PORT", help="4001")
    serve.add_argument("--fix-spot-md-l2-port", type=int, metavar="PORT", help="4000")
    serve.add_argument("--fix-spot-md-l3-port", type=int, metavar="PORT", help="4005")

    echo = commands.add_parser(
        "fix-echo", help="a generic FIX 4.4 acceptor that echoes NewOrderSingle"
    )
    echo.add_argument(
        "--port", type=int, required=True, help="TCP port on 127.0.0.1 (0 picks a free one)"
    )
    echo.add_argument(
        "--comp-id", required=True, help="the acceptor's CompID (the peer's TargetCompID)"
    )
    echo.add_argument(
        "--counterparty",
        metavar="COMP_ID",
        help="accept only this SenderCompID (others are rejected by the session); default: anyone",
    )
    echo.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)
    from krakenbox.cli.fix_shell import add_arguments as add_fix_shell_arguments

    add_fix_shell_arguments(commands.add_parser("fix-shell", help="trade from a FIX prompt"))
    dictionary = commands.add_parser(
        "fix-dictionary",
        help="write the FIX 4.4 data dictionary in QuickFIX's XML format",
        description="Kraken publishes no data dictionary; load this one in QuickFIX (DataDictionary=...).",
    )
    dictionary.add_argument(
        "dialect",
        nargs="?",
        default="kraken",
        choices=["kraken", "fix44"],
        help="kraken: FIX 4.4 plus Kraken's tags and values (default); fix44: the standard only",
    )
    dictionary.add_argument(
        "--output", "-o", type=Path, help="file to write (default: standard output)"
    )
    return parser


def _bounded(name: str) -> Callable[[str], int]:
    """An argparse ``type`` for a bounded whole-number option: an integer in its range."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        problem = range_problem(name, value)
        if problem is not None:
            raise argparse.ArgumentTypeError(f"{value} {problem}")
        return value

    return parse


if __name__ == "__main__":
    sys.exit(main())
