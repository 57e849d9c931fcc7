"""Seeded random command streams for one Spot book, covering every command kind, and the engine
they run on (real Kraken-style ids from a seed, so a fresh engine built the same way replays
them)."""

from __future__ import annotations

import random

from krakenbox.core.ids import IdGenerator, IdKind
from krakenbox.domain.commands import (
    AdvanceTime,
    AmendOrder,
    CancelAll,
    CancelAllAfter,
    CancelOrder,
    ChangeMarketStatus,
    Command,
    EditOrder,
    MassCancel,
    SubmitOrder,
    UpdateIndexPrice,
)
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import (
    Interface,
    OffsetUnit,
    OrderType,
    Origin,
    PriceOffset,
    SelfTradePrevention,
    Side,
    TimeInForce,
    TriggerReference,
)
from krakenbox.matching.engine import SpotBook
from krakenbox.matching.rules import BookRules

ACCOUNTS = ("alice", "bob", "carol")
SESSIONS = ("FIX-1", "FIX-2", None)
MID = 1_000
RULES = BookRules(tick=1, minimum_quantity=1, has_index=True, market_protection=50_000)


def new_book(seed: int = 7) -> SpotBook:
    """A fresh book; the same seed gives the same ids, so the same commands give the same
    events."""
    return SpotBook(
        RULES,
        order_ids=IdGenerator(seed, IdKind.ORDER),
        execution_ids=IdGenerator(seed, IdKind.TRADE),
    )


def command_stream(count: int, seed: int = 1, id_seed: int = 7) -> list[Command]:
    """``count`` commands of every kind; cancels, amends and edits aim at open orders of a book
    run alongside (one in twenty at an unknown id, rejected, which is part of the stream too)."""
    rng = random.Random(seed)
    book = new_book(id_seed)  # run alongside, to aim cancels and amends at open orders
    now = 1_000_000_000
    stream: list[Command] = []

    def target() -> tuple[str, str]:
        """An open order and its owner, now and then an unknown id."""
        open_orders = book.open_orders()
        if not open_orders or rng.random() < 0.05:
            return "OUNKNO-WNORD-ERID00", account
        order = rng.choice(open_orders)
        return order.order_id, order.account

    while len(stream) < count:
        now += rng.randrange(1, 50_000_000)
        account = rng.choice(ACCOUNTS)
        side = rng.choice((Side.BUY, Side.SELL))
        price = MID + rng.randrange(-12, 13)
        quantity = rng.randrange(1, 13)
        draw = rng.random()
        session = rng.choice(SESSIONS)
        origin = Origin(
            Interface.FIX if session else Interface.REST,
            session,
            f"c{len(stream)}" if rng.random() < 0.3 else None,
            rng.randrange(5) if rng.random() < 0.2 else None,
        )
        command: Command
        if draw < 0.40:
            tif = rng.choice(
                [TimeInForce.GTC] * 4 + [TimeInForce.IOC, TimeInForce.FOK, TimeInForce.GTD]
            )
            command = SubmitOrder(
                account=account,
                side=side,
                order_type=OrderType.LIMIT,
                quantity=quantity,
                price=price,
                timestamp=now,
                time_in_force=tif,
                expire_time=now + rng.randrange(1, 400_000_000) if tif is TimeInForce.GTD else None,
                post_only=rng.random() < 0.1,
                display_quantity=1 if rng.random() < 0.1 and quantity > 1 else None,
                self_trade_prevention=rng.choice(list(SelfTradePrevention)),
                origin=origin,
            )
        elif draw < 0.48:
            command = SubmitOrder(
                account=account,
                side=side,
                order_type=OrderType.MARKET,
                quantity=quantity,
                timestamp=now,
                market_price_protection=rng.random() < 0.7,
                origin=origin,
            )
        elif draw < 0.55:
            order_type = rng.choice([kind for kind in OrderType if kind.is_conditional])
            offset = PriceOffset(
                rng.randrange(1, 9) * (10_000 if rng.random() < 0.3 else 1),
                OffsetUnit.PERCENT if rng.random() < 0.3 else OffsetUnit.ABSOLUTE,
            )
            command = SubmitOrder(
                account=account,
                side=side,
                order_type=order_type,
                quantity=quantity,
                timestamp=now,
                price=price if order_type.has_limit_price and not order_type.is_trailing else None,
                trigger_price=None if order_type.is_trailing else price,
                trailing_offset=offset if order_type.is_trailing else None,
                limit_offset=PriceOffset(rng.randrange(-3, 4))
                if order_type is OrderType.TRAILING_STOP_LIMIT
                else None,
                trigger_reference=TriggerReference.INDEX
                if rng.random() < 0.3
                else TriggerReference.LAST,
                origin=origin,
            )
        elif draw < 0.75:
            order_id, owner = target()
            command = CancelOrder(
                account=owner,
                order_id=order_id,
                timestamp=now,
                session_id=session if rng.random() < 0.2 else None,
            )
        elif draw < 0.83:
            order_id, owner = target()
            command = AmendOrder(
                account=owner,
                order_id=order_id,
                timestamp=now,
                quantity=rng.choice([None, rng.randrange(1, 20)]),
                price=rng.choice([None, price]),
                post_only=rng.random() < 0.2,
            )
        elif draw < 0.87:
            order_id, owner = target()
            command = EditOrder(
                account=owner, order_id=order_id, timestamp=now, quantity=quantity, price=price
            )
        elif draw < 0.90:
            command = UpdateIndexPrice(price=price, timestamp=now)
        elif draw < 0.95:
            command = AdvanceTime(timestamp=now)
        elif draw < 0.97:
            command = CancelAllAfter(
                account=account, timeout=rng.randrange(0, 300_000_000), timestamp=now
            )
        elif draw < 0.98:
            command = MassCancel(account=account, timestamp=now, session_id=session)
        elif draw < 0.99:
            command = CancelAll(account=account, timestamp=now)
        else:
            status = rng.choice(
                [MarketStatus.ONLINE] * 3
                + [MarketStatus.POST_ONLY, MarketStatus.CANCEL_ONLY, MarketStatus.LIMIT_ONLY]
            )
            command = ChangeMarketStatus(status=status, timestamp=now)
        book.handle(command)
        stream.append(command)
    return stream
