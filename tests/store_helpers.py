"""Databases as an older peerquiz left them, for the tests of upgrades."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, insert

from peerquiz.core.store.engine import make_engine
from peerquiz.core.store.memory import state_values
from peerquiz.core.store.migrate import MIGRATIONS
from peerquiz.core.store.records import Memory
from peerquiz.core.store.tables import states


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
