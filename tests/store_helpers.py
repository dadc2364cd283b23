"""Databases as an older peerquiz left them, for the tests of upgrades."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from peerquiz.core.store.engine import make_engine
from peerquiz.core.store.migrate import MIGRATIONS


def engine_at(url: str, revision: str) -> Engine:
    """An engine on ``url`` with the schema migrated up to ``revision`` and no further."""
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    return engine
