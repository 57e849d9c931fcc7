"""The examples in docs/fix-engine.md run as written."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from krakenbox.fix.tags import MsgType, Tag

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_example_initiator_gets_an_execution_report_from_the_example_acceptor() -> None:
    acceptor_example, initiator_example = load("fix_acceptor"), load("fix_initiator")

    async def scenario() -> None:
        acceptor = acceptor_example.build_acceptor(0)
        await acceptor.start()
        try:
            report = await initiator_example.main(acceptor.listeners[0].bound_port)
        finally:
            await acceptor.stop()
        assert report.msg_type == MsgType.ExecutionReport
        assert report[Tag.ClOrdID] == "order-1" and report[Tag.OrdStatus] == "0"

    asyncio.run(scenario())
