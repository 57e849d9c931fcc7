"""The venue service: the sequencer that orders every gateway's commands, the journal that makes
their outcome durable before anyone is told, and (later) the bus, session registry and market
data fan-out. Single-threaded and deterministic; no sockets, no asyncio, no wall clock."""
