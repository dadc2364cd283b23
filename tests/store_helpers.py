"""Databases as an older peerquiz left them, for the tests of upgrades."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, insert, select, update

from peerquiz.core.store.engine import make_engine
from peerquiz.core.store.memory import state_values
from peerquiz.core.store.migrate import MIGRATIONS
from peerquiz.core.store.records import CardSpec, Memory
from peerquiz.core.store.tables import cards, states


def engine_at(url: str, revision: str) -> Engine:
    """An engine on ``url`` with the schema migrated up to ``revision`` and no further."""
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    return engine


def save_memories_before_0008(engine: Engine, user_id: int, memories: Sequence[Memory], now: datetime) -> None:
    """Memory rows as a schema before 0008 holds them: without the card's deck, which today's store writes."""
    with engine.begin() as conn:
        conn.execute(insert(states), [{"user_id": user_id, "card_id": m.card_id, **state_values(m, now)} for m in memories])


def sync_cards_before_0009(engine: Engine, specs: Sequence[CardSpec]) -> dict[tuple[str, str], int]:
    """Card rows as a schema before 0009 holds them (today's sync also writes each deck's card counts): the specs'
    cards added, the other live cards of their decks retired. (deck id, item id) -> id of each live card."""
    decks = {spec.deck_id for spec in specs}
    wanted = {(spec.deck_id, spec.item_id) for spec in specs}
    with engine.begin() as conn:
        known = {(deck, item) for deck, item in conn.execute(select(cards.c.deck_id, cards.c.item_id).where(cards.c.deck_id.in_(decks)))}
        added = [{"deck_id": s.deck_id, "item_id": s.item_id, "kind": s.kind, "domain": s.domain, "tags": " ".join(s.tags),
                  "content_hash": s.content_hash} for s in specs if (s.deck_id, s.item_id) not in known]  # fmt: skip
        if added:
            conn.execute(insert(cards), added)
        for deck, item in known - wanted:
            conn.execute(update(cards).where(cards.c.deck_id == deck, cards.c.item_id == item).values(retired_at=datetime.now(UTC)))
        live = select(cards.c.deck_id, cards.c.item_id, cards.c.id).where(cards.c.deck_id.in_(decks), cards.c.retired_at.is_(None))
        return {(deck, item): card_id for deck, item, card_id in conn.execute(live)}
