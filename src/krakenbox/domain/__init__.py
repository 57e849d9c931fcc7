"""The venue's vocabulary, free of any wire format: assets, instruments, orders, commands, events."""
