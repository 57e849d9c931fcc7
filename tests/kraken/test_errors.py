"""kraken.errors: every reason maps to Kraken's exact strings on every protocol."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from krakenbox.core.units import InvalidNumber, NumberProblem, parse_units
from krakenbox.domain.account_commands import MoneyRejectReason
from krakenbox.domain.events import RejectReason
from krakenbox.domain.order_terms import CancelReason
from krakenbox.kraken.errors import (
    FIX_EXPIRY,
    WEBSOCKET_EXPIRY,
    EdgeReason,
    FixBusinessReject,
    FixCancelReport,
    FixSessionReject,
    UnknownOrderText,
    WebsocketCancel,
    cancel_reasons,
    edge_reasons,
    engine_reasons,
    fix_business_reject,
    fix_cancel_report,
    fix_number_reject,
    fix_session_reasons,
    money_reasons,
    number_error,
    number_error_for,
    refusal,
    rest_cancel_reason,
    rest_error,
    websocket_cancel,
    websocket_error,
)

# The strings as spec/spot-rest.md §4 (and §6, §9), spec/spot-ws-v2.md §6/§7 spell them.
ENGINE_STRINGS = {
    RejectReason.UNKNOWN_PAIR: "EQuery:Unknown asset pair",
    RejectReason.INVALID_ARGUMENTS: "EGeneral:Invalid arguments",
    RejectReason.INVALID_PRICE: "EOrder:Invalid price",
    RejectReason.TICK_SIZE: "EOrder:Tick size check failed",
    RejectReason.INVALID_QUANTITY: "EGeneral:Invalid arguments:volume",
    RejectReason.INVALID_DISPLAY_QUANTITY: "EGeneral:Invalid arguments:displayvol",
    RejectReason.INVALID_EXPIRE_TIME: "EGeneral:Invalid arguments:expiretm",
    RejectReason.ORDER_MINIMUM: "EOrder:Order minimum not met",
    RejectReason.COST_MINIMUM: "EOrder:Cost minimum not met",
    RejectReason.INSUFFICIENT_FUNDS: "EOrder:Insufficient funds",
    RejectReason.MARKET_CANCEL_ONLY: "EService:Market in cancel_only mode",
    RejectReason.MARKET_POST_ONLY: "EService:Market in post_only mode",
    RejectReason.MARKET_LIMIT_ONLY: "EService:Market in limit_only mode",
    RejectReason.MARKET_REDUCE_ONLY: "EService:Market in reduce_only mode",
    RejectReason.MARKET_UNAVAILABLE: "EService:Unavailable",
    RejectReason.TOO_MANY_OPEN_ORDERS: "EOrder:Orders limit exceeded",
    RejectReason.INDEX_UNAVAILABLE: "EGeneral:Invalid arguments:Index unavailable",
    RejectReason.DUPLICATE_CLIENT_ORDER_ID: "EOrder:Invalid order",
    RejectReason.UNKNOWN_ORDER: "EOrder:Unknown order",
    RejectReason.NO_AMENDABLE_PARAMETERS: "EOrder:No amendable parameters",
    RejectReason.NOT_AMENDABLE: "EOrder:Invalid order",
    RejectReason.POST_ONLY_WOULD_TAKE: "EOrder:Post only order",
}

EDGE_STRINGS = {
    EdgeReason.TRADING_RATE_LIMIT: "EOrder:Rate limit exceeded",
    EdgeReason.DOMAIN_RATE_LIMIT: "EOrder:Domain rate limit exceeded",
    EdgeReason.API_RATE_LIMIT: "EAPI:Rate limit exceeded",
    EdgeReason.SCHEDULED_ORDERS_LIMIT: "EOrder:Scheduled orders limit exceeded",
    EdgeReason.PERMISSION_DENIED: "EGeneral:Permission denied",
    EdgeReason.INVALID_KEY: "EAPI:Invalid key",
    EdgeReason.INVALID_SIGNATURE: "EAPI:Invalid signature",
    EdgeReason.INVALID_NONCE: "EAPI:Invalid nonce",
    EdgeReason.TEMPORARY_LOCKOUT: "EGeneral:Temporary lockout",
    EdgeReason.INVALID_TOKEN: "EAPI:Invalid token",
    EdgeReason.UNKNOWN_METHOD: "EGeneral:Unknown method",
    EdgeReason.BAD_REQUEST: "EAPI:Bad request",
    EdgeReason.INVALID_ORDER: "EOrder:Invalid order",
    EdgeReason.UNKNOWN_ASSET: "EQuery:Unknown asset",
    EdgeReason.DEADLINE_ELAPSED: "EService:Deadline elapsed",
    EdgeReason.SERVICE_UNAVAILABLE: "EService:Unavailable",
    EdgeReason.SERVICE_BUSY: "EService:Busy",
    EdgeReason.INTERNAL_ERROR: "EGeneral:Internal error",
}

MONEY_STRINGS = {
    MoneyRejectReason.UNKNOWN_ASSET: "EQuery:Unknown asset",
    MoneyRejectReason.INVALID_AMOUNT: "EFunding:Invalid amount",
    MoneyRejectReason.INSUFFICIENT_FUNDS: "EFunding:Insufficient funds",
    MoneyRejectReason.UNKNOWN_ACCOUNT: "EGeneral:Permission denied",
    MoneyRejectReason.ACCOUNT_EXISTS: "EGeneral:Invalid arguments",
    MoneyRejectReason.NOT_RELATED: "EGeneral:Permission denied",
}

# Reasons that share one Kraken string on purpose: Kraken does not tell them apart.
SHARED_ON_PURPOSE = {
    "EOrder:Invalid order": {
        RejectReason.DUPLICATE_CLIENT_ORDER_ID,
        RejectReason.NOT_AMENDABLE,
        EdgeReason.INVALID_ORDER,
    },
    "EService:Unavailable": {RejectReason.MARKET_UNAVAILABLE, EdgeReason.SERVICE_UNAVAILABLE},
}


# Exhaustiveness: a new reason without a row fails here.


@pytest.mark.parametrize("reason", list(RejectReason))
def test_every_engine_reject_reason_has_a_row(reason: RejectReason) -> None:
    assert reason in engine_reasons()
    assert rest_error(reason) == ENGINE_STRINGS[reason]


@pytest.mark.parametrize("reason", list(EdgeReason))
def test_every_edge_reason_has_a_row(reason: EdgeReason) -> None:
    assert reason in edge_reasons()
    assert rest_error(reason) == EDGE_STRINGS[reason]


@pytest.mark.parametrize("reason", list(MoneyRejectReason))
def test_every_money_reason_has_a_row(reason: MoneyRejectReason) -> None:
    assert reason in money_reasons()
    assert rest_error(reason) == MONEY_STRINGS[reason]


@pytest.mark.parametrize("reason", list(CancelReason))
def test_every_cancel_reason_has_a_row_on_every_protocol(reason: CancelReason) -> None:
    assert reason in cancel_reasons()
    text = rest_cancel_reason(reason)
    assert text and text[0].isupper()
    assert websocket_cancel(reason) == WebsocketCancel("canceled", "canceled", text)
    report = fix_cancel_report(reason)
    assert (report.exec_type, report.order_status, report.text) == ("4", "4", text)


@pytest.mark.parametrize("problem", list(NumberProblem))
@pytest.mark.parametrize("field", ["price", "price2", "volume", "displayvol"])
def test_every_number_problem_has_a_string_for_every_field(
    problem: NumberProblem, field: str
) -> None:
    text = number_error(problem, field, "XBT/USD", 1)  # type: ignore[arg-type]
    assert text.startswith(("EOrder:Invalid price", "EGeneral:Invalid arguments:"))
    assert fix_number_reject(problem, field, 44, "Price", "XBT/USD", 1)  # type: ignore[arg-type]


def test_every_malformed_number_problem_has_a_fix_session_reason() -> None:
    assert set(fix_session_reasons()) | {NumberProblem.TOO_MANY_DECIMALS} == set(NumberProblem)


# Literal strings from the spec.


def test_insufficient_funds_is_the_documented_string_on_every_protocol() -> None:
    # spot-rest §4; spot-ws-v2 §6.1 example ack; fix.md §4.7 NEW example 58=EOrder:Insufficient funds, 380=0
    assert rest_error(RejectReason.INSUFFICIENT_FUNDS) == "EOrder:Insufficient funds"
    assert websocket_error(RejectReason.INSUFFICIENT_FUNDS) == "EOrder:Insufficient funds"
    assert fix_business_reject(RejectReason.INSUFFICIENT_FUNDS) == (0, "EOrder:Insufficient funds")


def test_websocket_reuses_the_rest_strings() -> None:
    for reason in [*RejectReason, *EdgeReason]:
        assert websocket_error(reason) == rest_error(reason)


def test_fix_business_reject_reasons() -> None:
    assert fix_business_reject(RejectReason.UNKNOWN_PAIR) == FixBusinessReject(
        2, "EQuery:Unknown asset pair"
    )
    assert fix_business_reject(RejectReason.UNKNOWN_ORDER) == FixBusinessReject(
        101, "EOrder:Unknown order"
    )
    assert fix_business_reject(EdgeReason.TRADING_RATE_LIMIT) == (0, "EOrder:Rate limit exceeded")
    assert fix_business_reject(RejectReason.TOO_MANY_OPEN_ORDERS) == (
        0,
        "EOrder:Orders limit exceeded",
    )
    assert fix_business_reject(EdgeReason.PERMISSION_DENIED) == (6, "EGeneral:Permission denied")
    assert fix_business_reject(EdgeReason.DEADLINE_ELAPSED) == (104, "EService:Deadline elapsed")
    assert fix_business_reject(RejectReason.MARKET_UNAVAILABLE).reason == 4
    assert fix_business_reject(EdgeReason.UNKNOWN_METHOD).reason == 3


def test_unknown_order_text_is_configurable() -> None:
    observed = UnknownOrderText.INVALID_ORDER
    assert rest_error(RejectReason.UNKNOWN_ORDER, unknown_order=observed) == "EOrder:Invalid order"
    assert websocket_error(RejectReason.UNKNOWN_ORDER, unknown_order=observed) == (
        "EOrder:Invalid order"
    )
    assert fix_business_reject(RejectReason.UNKNOWN_ORDER, unknown_order=observed) == (
        101,
        "EOrder:Invalid order",
    )
    assert rest_error(RejectReason.INSUFFICIENT_FUNDS, unknown_order=observed) == (
        "EOrder:Insufficient funds"
    )


def test_fix_reasons_are_from_kraken_list() -> None:
    kraken_380 = {0, 1, 2, 3, 4, 5, 6, 101, 104}
    for reason in [*RejectReason, *EdgeReason]:
        row = refusal(reason)
        if row.fix_reason is not None:
            assert row.fix_reason in kraken_380


@pytest.mark.parametrize(
    "reason",
    [
        EdgeReason.INVALID_KEY,
        EdgeReason.INVALID_SIGNATURE,
        EdgeReason.INVALID_NONCE,
        EdgeReason.API_RATE_LIMIT,
        EdgeReason.INVALID_TOKEN,
    ],
)
def test_rest_and_websocket_only_reasons_have_no_fix_business_reject(reason: EdgeReason) -> None:
    with pytest.raises(ValueError, match="no FIX business reject"):
        fix_business_reject(reason)


def test_strings_have_kraken_shape() -> None:
    prefixes = ("EGeneral:", "EAPI:", "EQuery:", "EOrder:", "EService:", "EFunding:")
    for text in [*ENGINE_STRINGS.values(), *EDGE_STRINGS.values(), *MONEY_STRINGS.values()]:
        assert text.startswith(prefixes)
        assert text == text.strip() and "  " not in text


def test_no_two_reasons_share_a_string_unless_kraken_does() -> None:
    by_text: dict[str, set[object]] = defaultdict(set)
    for table in (engine_reasons(), edge_reasons()):
        for reason, row in table.items():
            by_text[row.text].add(reason)
    shared = {text: reasons for text, reasons in by_text.items() if len(reasons) > 1}
    assert shared == SHARED_ON_PURPOSE


def test_market_status_strings_are_eservice_not_eorder() -> None:
    # spot-rest §4, python-kraken-sdk's exception table: EService:Market in ..._only mode.
    for reason in (
        RejectReason.MARKET_CANCEL_ONLY,
        RejectReason.MARKET_POST_ONLY,
        RejectReason.MARKET_LIMIT_ONLY,
    ):
        assert rest_error(reason).startswith("EService:Market in ")


# Cancels.


def test_cancel_texts() -> None:
    assert rest_cancel_reason(CancelReason.USER_REQUESTED) == "User requested"
    assert rest_cancel_reason(CancelReason.MASS_CANCEL) == "User requested"
    assert rest_cancel_reason(CancelReason.SELF_TRADE) == "Cannot trade with self"
    assert rest_cancel_reason(CancelReason.POST_ONLY) == "Post only order"
    assert rest_cancel_reason(CancelReason.REPLACED) == "Order replaced"


def test_unsolicited_cancels_are_marked() -> None:
    assert fix_cancel_report(CancelReason.USER_REQUESTED) == FixCancelReport(
        "4", "4", "User requested", False
    )
    for reason in (
        CancelReason.SELF_TRADE,
        CancelReason.POST_ONLY,
        CancelReason.IMMEDIATE_OR_CANCEL,
        CancelReason.DISCONNECT,
    ):
        assert fix_cancel_report(reason).unsolicited


def test_expiry_is_expired_not_canceled() -> None:
    assert (FIX_EXPIRY.exec_type, FIX_EXPIRY.order_status) == ("C", "C")
    assert (WEBSOCKET_EXPIRY.exec_type, WEBSOCKET_EXPIRY.order_status) == ("expired", "expired")


# Numbers.


def test_price_with_too_many_decimals_uses_krakens_sentence() -> None:
    with pytest.raises(InvalidNumber) as refused:
        parse_units("30000.12", 1)
    problem = refused.value
    assert (
        number_error(problem.problem, "price", "XBT/USD", problem.allowed_decimals)
        == "EOrder:Invalid price:XBT/USD price can only be specified up to 1 decimals."
    )
    assert number_error_for(problem, "price", "XBT/USD") == (
        "EOrder:Invalid price:XBT/USD price can only be specified up to 1 decimals."
    )


def test_other_number_problems() -> None:
    assert number_error(NumberProblem.EXPONENT, "price", "XBT/USD") == (
        "EGeneral:Invalid arguments:price"
    )
    assert number_error(NumberProblem.MALFORMED, "price2", "XBT/USD") == (
        "EGeneral:Invalid arguments:price"
    )
    assert number_error(NumberProblem.TOO_MANY_DECIMALS, "volume", "XBT/USD", 8) == (
        "EGeneral:Invalid arguments:volume"
    )
    assert number_error(NumberProblem.SIGN, "displayvol", "XBT/USD") == (
        "EGeneral:Invalid arguments:volume"
    )


def test_price_decimals_are_required_for_the_sentence() -> None:
    with pytest.raises(ValueError, match="allowed decimals"):
        number_error(NumberProblem.TOO_MANY_DECIMALS, "price", "XBT/USD")


def test_fix_number_rejects() -> None:
    assert fix_number_reject(NumberProblem.MALFORMED, "price", 44, "Price", "XBT/USD") == (
        FixSessionReject(6, "Invalid value for tag 44: Price")
    )
    assert fix_number_reject(NumberProblem.EMPTY, "volume", 38, "OrderQty", "XBT/USD").reason == 4
    assert fix_number_reject(NumberProblem.SIGN, "volume", 38, "OrderQty", "XBT/USD").reason == 5
    assert fix_number_reject(
        NumberProblem.TOO_MANY_DECIMALS, "price", 44, "Price", "XBT/USD", 1
    ) == FixBusinessReject(
        0, "EOrder:Invalid price:XBT/USD price can only be specified up to 1 decimals."
    )


# The document stays in step with the table.

DOCS = Path(__file__).resolve().parents[2] / "docs" / "errors.md"


def test_docs_list_every_row() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for table in (engine_reasons(), edge_reasons(), money_reasons()):
        for reason, row in table.items():
            assert f"| `{type(reason).__name__}.{reason.name}` | `{row.text}` |" in text
    for cancel, entry in cancel_reasons().items():
        assert f"| `CancelReason.{cancel.name}` | `{entry.text}` |" in text
