"""The Spot REST API over HTTP (aiohttp): :func:`rest_application` and :func:`start_rest`."""

from krakenbox.gateways.http.server import rest_application, start_rest

__all__ = ["rest_application", "start_rest"]
