"""`krakenbox fix-shell`: log on to a Kraken FIX venue and trade from a prompt.

::

    krakenbox fix-shell                      # the first account of ./.krakenbox/credentials.json
    krakenbox fix-shell --data-dir DIR --account alice
    krakenbox fix-shell --host 127.0.0.1 --port 4001 --sender alice --api-key K --secret S

    fix> buy 0.01 XBT/USD limit 50000
    fix> orders
    fix> amend #1 0.02 49500
    fix> cancel #1
    fix> book XBT/USD

The prompt keeps a history (``DATA_DIR/fix-shell-history``) and completes commands, symbols,
order types and order ids with Tab (stdlib readline). The client runs on an asyncio loop in a
background thread; each command waits for its answer. Execution reports that arrive on their
own (fills, cancels) are printed as they come.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from krakenbox.client import ExecutionReport, KrakenFixClient, MarketDataClient
    from krakenbox.client.shell import FixShell

T = TypeVar("T")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(".krakenbox"),
        help="the venue's data dir (credentials.json)",
    )
    parser.add_argument(
        "--account", help="account name in credentials.json (default: the first with FIX)"
    )
    parser.add_argument("--host", help="trading host (instead of credentials.json)")
    parser.add_argument("--port", type=int, help="trading port")
    parser.add_argument("--md-port", type=int, help="market-data (L2) port on the same host")
    parser.add_argument("--sender", help="SenderCompID")
    parser.add_argument("--api-key", help="FIX API key (553)")
    parser.add_argument("--secret", help="API secret, base64")
    parser.add_argument("--no-tls", action="store_true", help="plain TCP (with --host)")
    parser.add_argument("--ca-file", type=Path, help="CA to trust for TLS (with --host)")
    parser.add_argument(
        "--store",
        type=Path,
        help="SQLite file for sequence numbers (default: none, 141=Y at logon)",
    )


@dataclass(frozen=True, slots=True)
class ShellTarget:
    """Where and as whom the shell logs on."""

    host: str
    port: int
    md_port: int | None
    sender: str
    api_key: str
    secret: str
    tls: bool
    ca_file: Path | None


def resolve_target(arguments: argparse.Namespace) -> ShellTarget:
    """Explicit options win; the rest comes from DATA_DIR/credentials.json."""
    from krakenbox.client import CredentialsFile

    explicit = (
        arguments.host,
        arguments.port,
        arguments.sender,
        arguments.api_key,
        arguments.secret,
    )
    if all(value is not None for value in explicit):
        return ShellTarget(
            arguments.host,
            arguments.port,
            arguments.md_port,
            arguments.sender,
            arguments.api_key,
            arguments.secret,
            not arguments.no_tls,
            arguments.ca_file,
        )
    path = arguments.data_dir / "credentials.json"
    if not path.exists():
        raise SystemExit(
            f"{path} not found: start `krakenbox serve --data-dir {arguments.data_dir}` or give"
            " --host --port --sender --api-key --secret"
        )
    credentials = CredentialsFile.load(path)
    account = credentials.account(arguments.account)
    assert account.fix is not None
    trading = credentials.endpoint(CredentialsFile.TRADING)
    try:
        market = credentials.endpoint(CredentialsFile.MARKET_DATA_L2)
    except KeyError:
        market = None
    return ShellTarget(
        arguments.host or trading.host,
        arguments.port or trading.port,
        arguments.md_port or (market.port if market else None),
        arguments.sender or account.fix.sender_comp_id,
        arguments.api_key or account.fix.api_key,
        arguments.secret or account.fix.api_secret,
        trading.tls,
        arguments.ca_file or credentials.ca_file,
    )


class LoopThread:
    """An asyncio loop in a daemon thread; ``run`` waits for a coroutine's result."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="fix-shell-loop", daemon=True
        )
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout_s: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout_s)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def fix_shell(arguments: argparse.Namespace) -> int:
    from krakenbox.client import KrakenFixClient, LogonRefused, MarketDataClient
    from krakenbox.client.config import client_ssl_context

    if getattr(arguments, "log_level", "info") == "info":
        logging.getLogger("krakenbox").setLevel(logging.WARNING)  # keep the prompt readable
    target = resolve_target(arguments)
    context = client_ssl_context(target.ca_file) if target.tls else None
    runner = LoopThread()

    def build_client() -> KrakenFixClient:
        return KrakenFixClient(
            target.host,
            target.port,
            target.sender,
            target.api_key,
            target.secret,
            ssl_context=context,
            store_path=arguments.store,
            reset_on_logon=arguments.store is None,
        )

    async def make_client() -> KrakenFixClient:
        return build_client()  # built on the loop: its futures and timers belong there

    client = runner.run(make_client())

    def market_data() -> MarketDataClient | None:
        if target.md_port is None:
            return None

        async def make() -> MarketDataClient:
            return MarketDataClient(
                target.host, target.md_port or 0, target.sender, ssl_context=context
            )

        return runner.run(make())

    scheme = "tls" if target.tls else "tcp"
    print(f"connecting to {scheme}://{target.host}:{target.port} as {target.sender} ...")
    try:
        runner.run(client.connect())
    except (LogonRefused, TimeoutError, OSError) as error:
        print(f"logon failed: {error}", file=sys.stderr)
        runner.run(client.close())
        runner.stop()
        return 1
    print("logged on")
    from krakenbox.client.shell import FixShell

    shell = FixShell(client, runner.run, market_data=market_data)
    client.application.listeners.append(lambda report: unsolicited(shell, report))
    history = arguments.data_dir / "fix-shell-history"
    readline = load_readline(history)
    try:
        shell.cmdloop()
    except KeyboardInterrupt:
        print()
    finally:
        if readline is not None:
            with contextlib.suppress(OSError):
                readline.write_history_file(str(history))
        if shell.market_data is not None:
            with contextlib.suppress(Exception):
                runner.run(shell.market_data.close())
        runner.run(client.close())
        runner.stop()
    return 0


def unsolicited(shell: FixShell, report: ExecutionReport) -> None:
    """Fills and cancels that nobody is waiting for are printed as they arrive."""
    from krakenbox.client.commands import describe

    if not shell.busy or report.execution_type.value == "trade":
        shell.say(f"\n* {describe(report)}")


def load_readline(history: Path) -> Any:
    try:
        import readline
    except ImportError:  # Windows without pyreadline: no history, no completion
        return None
    readline.set_completer_delims(" \t")
    with contextlib.suppress(OSError):
        history.parent.mkdir(parents=True, exist_ok=True)
        readline.read_history_file(str(history))
    readline.set_history_length(1000)
    return readline
