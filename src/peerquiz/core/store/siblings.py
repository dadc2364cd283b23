"""Siblings (a card and its reverse, the gaps of one cloze) and the new cards a day may introduce: ``store.siblings``.

Siblings never share a study day: answering one buries its new and review siblings until the
day ends, and a note that already has a card on today's plan offers no new card.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, and_, insert, or_, select, update

from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.cards import card_clause
from peerquiz.core.store.engine import Database
from peerquiz.core.store.memory import state_values
from peerquiz.core.store.records import Memory, NewCard, Phase, note_of
from peerquiz.core.store.tables import cards, log, states


def _unheld(now: datetime) -> ColumnElement[bool]:
    return and_(states.c.suspended.is_(False), or_(states.c.buried_until.is_(None), states.c.buried_until <= now))


class SiblingStore:
    def __init__(self, db: Database):
        self._db = db

    def new_cards(self, user_id: int, card_filter: CardFilter, now: datetime, day_end: datetime) -> list[NewCard]:
        """For each note with no card studied and due today, its first new card that is not buried or suspended."""
        joined = cards.outerjoin(states, and_(states.c.card_id == cards.c.id, states.c.user_id == user_id))
        new = or_(states.c.card_id.is_(None), and_(states.c.reps == 0, _unheld(now)))
        query = (
            select(cards.c.id, cards.c.deck_id, cards.c.item_id, cards.c.domain)
            .select_from(joined).where(card_clause(card_filter), new).order_by(cards.c.id)
        )  # fmt: skip
        with self._db.read() as conn:
            busy = self._notes_due(conn, user_id, card_filter, day_end)
            first: dict[tuple[str, str], NewCard] = {}
            for row in conn.execute(query):
                card = NewCard(row.id, row.deck_id, row.item_id, row.domain)
                if card.note not in busy:
                    first.setdefault(card.note, card)
        return list(first.values())

    @staticmethod
    def _notes_due(conn: Connection, user_id: int, card_filter: CardFilter, day_end: datetime) -> set[tuple[str, str]]:
        """Notes with a studied card due before the day ends: they have today's turn already."""
        query = (
            select(cards.c.deck_id, cards.c.item_id)
            .join(states, states.c.card_id == cards.c.id)
            .where(states.c.user_id == user_id, card_clause(card_filter), states.c.reps > 0,
                   states.c.suspended.is_(False), states.c.due < day_end)
        )  # fmt: skip
        return {(deck_id, note_of(item_id)) for deck_id, item_id in conn.execute(query)}

    def introduced_since(self, user_id: int, since: datetime) -> Counter[str]:
        """New cards first answered in study mode since a time, per deck."""
        query = (
            select(cards.c.deck_id).join(log, log.c.card_id == cards.c.id)
            .where(log.c.user_id == user_id, log.c.mode == "study", log.c.state_before.is_(None),
                   log.c.reviewed_at >= since)
        )  # fmt: skip
        with self._db.read() as conn:
            return Counter(conn.execute(query).scalars())

    def bury_siblings(self, user_id: int, card_id: int, until: datetime, now: datetime) -> list[int]:
        """Bury the new and review siblings of a card until ``until``; their ids.

        Siblings in (re)learning stay: their next step is already set for today.
        """
        with self._db.write() as conn:
            found = conn.execute(select(cards.c.deck_id, cards.c.item_id).where(cards.c.id == card_id)).first()
            if found is None:
                return []
            note = note_of(found.item_id)
            same_note = or_(cards.c.item_id == note, cards.c.item_id.startswith(f"{note}/", autoescape=True))
            sibling_ids = list(conn.execute(
                select(cards.c.id).where(cards.c.deck_id == found.deck_id, same_note, cards.c.id != card_id,
                                         cards.c.retired_at.is_(None))
            ).scalars())  # fmt: skip
            if not sibling_ids:
                return []
            stored = {
                row.card_id: row
                for row in conn.execute(
                    select(states.c.card_id, states.c.reps, states.c.state)
                    .where(states.c.user_id == user_id, states.c.card_id.in_(sibling_ids))
                )
            }
            buried = [i for i in sibling_ids if i not in stored or stored[i].reps == 0 or stored[i].state == int(Phase.REVIEW)]
            known = [i for i in buried if i in stored]
            if known:
                conn.execute(
                    update(states).where(states.c.user_id == user_id, states.c.card_id.in_(known)).values(buried_until=until)
                )
            unknown = [i for i in buried if i not in stored]
            if unknown:
                conn.execute(insert(states), [
                    {"user_id": user_id, "card_id": i, **state_values(Memory(i, buried_until=until), now)} for i in unknown
                ])  # fmt: skip
            return buried

    def unbury(self, user_id: int, card_ids: list[int]) -> None:
        """Take back a burial (an answer undone): these cards may come today again."""
        if card_ids:
            with self._db.write() as conn:
                conn.execute(
                    update(states).where(states.c.user_id == user_id, states.c.card_id.in_(card_ids)).values(buried_until=None)
                )
