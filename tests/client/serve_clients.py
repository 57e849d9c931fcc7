"""FIX clients for a running `krakenbox serve`, from the credentials.json it wrote."""

from __future__ import annotations

from krakenbox.client import CredentialsFile, KrakenFixClient, MarketDataClient


def clients(credentials: CredentialsFile, name: str) -> KrakenFixClient:
    account = credentials.account(name)
    assert account.fix is not None
    endpoint = credentials.endpoint(CredentialsFile.TRADING)
    return KrakenFixClient(
        endpoint.host,
        endpoint.port,
        account.fix.sender_comp_id,
        account.fix.api_key,
        account.fix.api_secret,
        ssl_context=credentials.ssl_context(endpoint),
        reset_on_logon=True,
    )


def market(credentials: CredentialsFile, endpoint_name: str) -> MarketDataClient:
    account = credentials.account("alice")
    assert account.fix is not None
    endpoint = credentials.endpoint(endpoint_name)
    return MarketDataClient(
        endpoint.host,
        endpoint.port,
        account.fix.sender_comp_id,
        ssl_context=credentials.ssl_context(endpoint),
    )
