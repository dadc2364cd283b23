"""Read-only queries behind the home screen: per-deck counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, or_, select

from peerquiz.core.store.engine import Database
from peerquiz.core.store.prepared import Prepared
from peerquiz.core.store.records import Phase
from peerquiz.core.store.tables import cards, deck_cards, states


@dataclass(frozen=True, slots=True)
class DeckCount:
    total: int
    new: int
    learning: int
    review: int


@dataclass(frozen=True, slots=True)
class DueCount:
    """A deck's cards, and those due today; DeckCount adds the new cards a study session would offer."""

    total: int
    learning: int
    review: int


def _due_statement() -> Select[Any]:
    """Per deck, the learning and the review cards due by ``until``, neither buried nor suspended (parameters
    ``user_id``, ``now``, ``until``)."""
    now = bindparam("now", type_=states.c.due.type)
    active = and_(states.c.suspended.is_(False), or_(states.c.buried_until.is_(None), states.c.buried_until <= now))
    learning = and_(states.c.reps > 0, states.c.state != int(Phase.REVIEW))
    return (
        select(states.c.deck_id, func.count().filter(learning), func.count().filter(states.c.state == int(Phase.REVIEW)))
        .where(states.c.user_id == bindparam("user_id"), states.c.due <= bindparam("until"), active)
        .group_by(states.c.deck_id)
    )


# Built once, as home asks on every refresh; the retired cards' part is rare and built when needed.
_DUE_STATEMENT = _due_statement()
_DUE = Prepared(_DUE_STATEMENT)
_DECK_TOTALS = Prepared(select(deck_cards.c.deck_id, deck_cards.c.live, deck_cards.c.retired))


class SummaryQueries:
    """Today's counts returning plain values."""

    def __init__(self, db: Database):
        self._db = db

    def due_counts(self, user_id: int, now: datetime, until: datetime) -> dict[str, DueCount]:
        """Per deck: live cards in all, and learning and review cards due by ``until`` (neither buried nor suspended).

        Read without reading a card's memory or row: the totals from each deck's card counts (deck_cards, which
        the sync keeps), the cards due from the memories by due time, which name their deck. A retired card's
        memory is taken back out, read only in the decks that have a retired card (at 200k cards, looking
        up each due card's row for its deck cost 40 ms, and counting every deck's cards 12 ms; the new cards
        a deck offers are the study queue's to say).
        """
        params = {"user_id": user_id, "now": now, "until": until}
        with self._db.read() as conn:
            live, with_retired = {}, []
            for deck_id, total, gone in _DECK_TOTALS.rows(conn, {}):
                if total:
                    live[deck_id] = total
                if gone:
                    with_retired.append(deck_id)
            due = {deck_id: (learning, review) for deck_id, learning, review in _DUE.rows(conn, params)}
            if with_retired:
                of_retired = _DUE_STATEMENT.join_from(states, cards, cards.c.id == states.c.card_id)
                retired = of_retired.where(states.c.deck_id.in_(with_retired), cards.c.retired_at.is_not(None))
                for deck_id, learning, review in conn.execute(retired, params).all():
                    due[deck_id] = (due[deck_id][0] - learning, due[deck_id][1] - review)
        return {deck_id: DueCount(n, *due.get(deck_id, (0, 0))) for deck_id, n in live.items()}
