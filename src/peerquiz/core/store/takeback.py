"""Putting stored state back as it was before an action, for undo: ``store.takeback``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import delete

from peerquiz.core.store.engine import Database
from peerquiz.core.store.memory import upsert_memory
from peerquiz.core.store.records import Memory
from peerquiz.core.store.tables import log, states


class TakeBackStore:
    def __init__(self, db: Database):
        self._db = db

    def restore(self, user_id: int, priors: Mapping[int, Memory | None], review_id: int | None = None) -> None:
        """Put each card's memory row back as it was (None: there was no row) and drop the answer's log row.

        One transaction, so an undo is never half done.
        """
        with self._db.write() as conn:
            if review_id is not None:
                conn.execute(delete(log).where(log.c.id == review_id, log.c.user_id == user_id))
            for card_id, prior in priors.items():
                if prior is None:
                    conn.execute(delete(states).where(states.c.user_id == user_id, states.c.card_id == card_id))
                else:
                    # A stored row always has a due time; the fallback only satisfies the type.
                    upsert_memory(conn, user_id, prior, prior.due or datetime.now(UTC))
