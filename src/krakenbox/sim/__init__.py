"""A live simulated market: per instrument a market maker quoting a ladder around a reference
price that follows a seeded random walk, and a taker trading against it now and then. The
participants are ordinary accounts trading through the same engine and rules as users, so user
orders meet them as they would meet anyone: partial fills, queue position, slippage."""
