"""Command-line entry points: `krakenbox serve`, `krakenbox fix-echo`."""
