"""The review log: every answer, recorded with the memory it changed: ``store.answers``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime

from pydantic_core import to_json
from sqlalchemy import bindparam, func, insert, select

from peerquiz.core.store.engine import Database, inserted_id
from peerquiz.core.store.memory import locked_memories, upsert_memory
from peerquiz.core.store.prepared import Prepared
from peerquiz.core.store.records import Memory, Phase, Rating, Review
from peerquiz.core.store.siblings import bury_siblings
from peerquiz.core.store.tables import log

_TIMES = ("due", "last_review", "buried_until")
# Each study queue and home's counts ask this first: built once, as a statement built per call cost SQLAlchemy
# ten times what SQLite takes to count.
_ANSWERED_SINCE = Prepared(
    select(func.count().filter(log.c.mode == "study", log.c.state_before == int(Phase.REVIEW)), func.count())
    .where(log.c.user_id == bindparam("user_id"), log.c.reviewed_at >= bindparam("since"))
)  # fmt: skip
_INSERT_LOG = Prepared(insert(log).values({column.name: bindparam(column.name) for column in log.c if column.name != "id"}))


_MEMORY_FIELDS = tuple(field.name for field in fields(Memory))


def _to_json(memory: Memory) -> str:
    """The memory as the review log keeps it (``prior_json``): every answer writes one, so its fields are listed once
    and pydantic's encoder writes it (12.6 us an answer with dataclasses.fields and json.dumps, 5.1 now)."""
    data = {name: getattr(memory, name) for name in _MEMORY_FIELDS}  # flat: asdict's deep copy costs more
    for key in _TIMES:
        data[key] = data[key].isoformat() if data[key] else None
    data["phase"] = int(memory.phase)
    return to_json(data).decode()


@dataclass(frozen=True, slots=True)
class Answered:
    """What ``AnswerStore.schedule`` did."""

    after: Memory | None  # the new memory; None when left unchanged
    review_id: int  # the review-log row
    priors: dict[int, Memory | None]  # memory rows from before (None: no row) of the card and any sibling buried
    ahead: Memory | None = None  # the card ``read_ahead`` as stored at the commit; None when this answer changed it


class AnswerStore:
    def __init__(self, db: Database):
        self._db = db

    def record(
        self,
        user_id: int,
        before: Memory,
        after: Memory | None,
        rating: Rating,
        reviewed_at: datetime,
        duration_ms: int | None,
        mode: str,
    ) -> int:
        """Log one answer and, unless ``after`` is None (cram), store the new memory.

        Both happen in one transaction, committed before this returns.
        """
        with self._db.write() as conn:
            if after is not None:
                upsert_memory(conn, user_id, after, reviewed_at)
            review_id = inserted_id(conn.execute(
                insert(log).values(
                    user_id=user_id,
                    card_id=before.card_id,
                    rating=int(rating),
                    reviewed_at=reviewed_at,
                    duration_ms=duration_ms,
                    mode=mode,
                    state_before=None if before.is_new else int(before.phase),
                    prior_json=_to_json(before) if after is not None else None,
                    stability_before=before.stability if after is not None else None,
                )
            ))
            return review_id

    def schedule(
        self,
        user_id: int,
        card_id: int,
        review: Callable[[Memory], tuple[Rating, Memory | None]],
        reviewed_at: datetime,
        duration_ms: int | None,
        mode: str,
        bury_siblings_until: datetime | None = None,
        read_ahead: int | None = None,
    ) -> Answered:
        """Answer a card from its memory as stored now, not as it was when the card was shown.

        ``review`` turns that memory into (the rating to log, the new memory, or None to leave
        the memory as it is); reading, scheduling and writing happen in one write transaction,
        so an answer given meanwhile in another window is built on, not lost. With
        ``bury_siblings_until``, the card's new and review siblings are buried in the same
        transaction. ``read_ahead`` names the card likely to be shown next: its memory is read in the same
        statement as the answered card's, which spares the next card a transaction of its own.
        """
        with self._db.write() as conn:
            rows = locked_memories(conn, user_id, card_id, read_ahead)
            stored = rows.get(card_id)
            before = stored or Memory(card_id=card_id)
            rating, after = review(before)
            if after is not None:
                upsert_memory(conn, user_id, after, reviewed_at, stored=stored is not None)
            review_id = _INSERT_LOG.inserted_id(conn, {
                "user_id": user_id, "card_id": card_id, "rating": int(rating), "reviewed_at": reviewed_at,
                "duration_ms": duration_ms, "mode": mode, "state_before": None if before.is_new else int(before.phase),
                "prior_json": _to_json(before) if after is not None else None,
                "stability_before": before.stability if after is not None else None,
            })  # fmt: skip
            priors = {card_id: stored}
            if bury_siblings_until is not None:
                priors.update(bury_siblings(conn, user_id, card_id, bury_siblings_until, reviewed_at))
        ahead = None
        if read_ahead is not None and read_ahead not in priors:
            ahead = rows.get(read_ahead) or Memory(card_id=read_ahead)
        return Answered(after, review_id, priors, ahead)

    def log(self, user_id: int, since: datetime | None = None, modes: tuple[str, ...] | None = None) -> list[Review]:
        """The user's answers, oldest first."""
        query = select(log).where(log.c.user_id == user_id).order_by(log.c.id)
        if since is not None:
            query = query.where(log.c.reviewed_at >= since)
        if modes is not None:
            query = query.where(log.c.mode.in_(modes))
        with self._db.read() as conn:
            return [
                Review(r.id, r.user_id, r.card_id, Rating(r.rating), r.reviewed_at, r.duration_ms, r.mode,
                       Phase(r.state_before) if r.state_before else None)
                for r in conn.execute(query)
            ]  # fmt: skip

    def answered_since(self, user_id: int, since: datetime) -> tuple[int, int]:
        """(review-phase cards answered in study mode, answers in any mode) since a time: counted from the time index."""
        with self._db.read() as conn:
            ((reviews, answers),) = _ANSWERED_SINCE.rows(conn, {"user_id": user_id, "since": since})
            return reviews, answers
