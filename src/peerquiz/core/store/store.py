"""The store: the only place that knows SQL. It hands out plain values.

Hot paths (answers, queue building) use SQLAlchemy Core statements on the
SQLModel tables: the ORM's unit of work costs more than the answer itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from pydantic import BaseModel, StringConstraints, ValidationError
from typing import Annotated

from sqlalchemy import Engine, and_, bindparam, delete, func, insert, or_, select, true, update

from peerquiz.core.progress import Memory, Phase, Profile, Rating, Review, StoredCard
from peerquiz.core.store.engine import WRITE_OPTION
from peerquiz.core.store.history import HistoryQueries
from peerquiz.core.store.summaries import SummaryQueries
from peerquiz.core.store.migrate import StoreError, open_engine
from peerquiz.core.store.tables import CardRow, CardState, DeckSync, ReviewLog, User

users = User.__table__
cards = CardRow.__table__
states = CardState.__table__
log = ReviewLog.__table__
deck_sync = DeckSync.__table__

_MEMORY_COLUMNS = (
    "card_id", "state", "step", "stability", "difficulty", "due", "last_review",
    "reps", "lapses", "suspended", "buried_until", "flag", "leech",
)  # fmt: skip


class ProfileName(BaseModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[^\x00-\x1f\x7f]+$")]


@dataclass(frozen=True, slots=True)
class CardSpec:
    """What the deck files say about one study item, for syncing."""

    deck_id: str
    item_id: str
    kind: str
    domain: str | None
    tags: tuple[str, ...]
    content_hash: str


@dataclass(frozen=True, slots=True)
class SyncReport:
    ids: dict[tuple[str, str], int]
    added: int
    changed: int
    retired: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class CardFilter:
    """Which cards a query covers; empty fields mean no restriction."""

    deck_ids: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    tag: str | None = None

    @property
    def is_everything(self) -> bool:
        return not (self.deck_ids or self.domains or self.tag)

    def clause(self, include_retired: bool = False):
        """The condition on the card table; history queries include retired cards."""
        parts = [] if include_retired else [cards.c.retired_at.is_(None)]
        if self.deck_ids:
            parts.append(cards.c.deck_id.in_(self.deck_ids))
        if self.domains:
            parts.append(cards.c.domain.in_(self.domains))
        if self.tag:
            parts.append((" " + cards.c.tags + " ").contains(f" {self.tag} "))
        return and_(true(), *parts)


_PHASES = {int(phase): phase for phase in Phase}
_MEMORY_SELECT = [states.c[name] for name in _MEMORY_COLUMNS]  # rows come back in Memory's field order


def _memory(row) -> Memory:
    """A Memory from a row of ``_MEMORY_SELECT``, unpacked by position: named access costs more on 50k rows."""
    card_id, state, *rest = row
    return Memory(card_id, _PHASES[state], *rest)


def _state_values(memory: Memory, now: datetime) -> dict:
    values = {name: getattr(memory, name) for name in _MEMORY_COLUMNS if name not in ("state", "card_id")}
    values["state"] = int(memory.phase)
    values["due"] = memory.due or now
    return values


def _to_json(memory: Memory) -> str:
    data = asdict(memory)
    for key in ("due", "last_review", "buried_until"):
        data[key] = data[key].isoformat() if data[key] else None
    data["phase"] = int(memory.phase)
    return json.dumps(data)


def _from_json(text: str) -> Memory:
    data = json.loads(text)
    for key in ("due", "last_review", "buried_until"):
        data[key] = datetime.fromisoformat(data[key]) if data[key] else None
    data["phase"] = Phase(data["phase"])
    return Memory(**data)


class Store(HistoryQueries, SummaryQueries):
    def __init__(self, engine: Engine):
        self.engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})

    def write(self):
        """A write transaction. Every write goes through here: BEGIN IMMEDIATE, so concurrent writers queue up."""
        return self._writer.begin()

    @classmethod
    def open(cls, url: str) -> Store:
        return cls(open_engine(url))

    def close(self) -> None:
        self.engine.dispose()

    # -- profiles -------------------------------------------------------

    def profiles(self) -> list[Profile]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(users.c.id, users.c.name, users.c.created_at).order_by(users.c.name))
            return [Profile(r.id, r.name, r.created_at) for r in rows]

    def profile(self, name: str) -> Profile | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name.strip())).first()
            return Profile(row.id, row.name, row.created_at) if row else None

    def add_profile(self, name: str, now: datetime | None = None) -> Profile:
        try:
            clean = ProfileName(name=name).name
        except ValidationError:
            raise StoreError(f"profile name {name!r} must be 1 to 40 printable characters") from None
        if self.profile(clean):
            raise StoreError(f"a profile named {clean!r} already exists")
        created = now or datetime.now(UTC)
        with self.write() as conn:
            new_id = conn.execute(insert(users).values(name=clean, created_at=created, settings_json="{}")).inserted_primary_key[0]
        return Profile(new_id, clean, created)

    def remove_profile(self, name: str) -> bool:
        """Delete a profile with all its progress and history."""
        with self.write() as conn:
            found = conn.execute(select(users.c.id).where(users.c.name == name.strip())).scalar()
            if found is None:
                return False
            conn.execute(delete(log).where(log.c.user_id == found))
            conn.execute(delete(states).where(states.c.user_id == found))
            conn.execute(delete(users).where(users.c.id == found))
            return True

    def settings(self, user_id: int) -> dict:
        with self.engine.connect() as conn:
            return json.loads(conn.execute(select(users.c.settings_json).where(users.c.id == user_id)).scalar() or "{}")

    def save_settings(self, user_id: int, settings: dict) -> None:
        with self.write() as conn:
            conn.execute(update(users).where(users.c.id == user_id).values(settings_json=json.dumps(settings)))

    # -- cards ----------------------------------------------------------

    def sync_cards(
        self, specs: Sequence[CardSpec], fingerprints: dict[str, str] | None = None, now: datetime | None = None
    ) -> SyncReport:
        """Make the store know exactly these items for their decks.

        Items keep their row (and so their progress) while their id is the
        same; changed text only updates the hash. Items gone from a synced
        deck are retired, never deleted, so their history stays. With
        ``fingerprints`` (deck id -> fingerprint) the decks are recorded as
        synced in the same transaction; see ``deck_fingerprints``.
        """
        now = now or datetime.now(UTC)
        deck_ids = sorted({s.deck_id for s in specs} | set(fingerprints or ()))
        with self.write() as conn:
            existing = {
                (r.deck_id, r.item_id): r
                for r in conn.execute(
                    select(cards.c.id, cards.c.deck_id, cards.c.item_id, cards.c.content_hash, cards.c.retired_at,
                           cards.c.kind, cards.c.domain, cards.c.tags).where(cards.c.deck_id.in_(deck_ids))
                )
            }  # fmt: skip
            new_rows, changed_rows = [], []
            for spec in specs:
                values = {"kind": spec.kind, "domain": spec.domain, "tags": " ".join(spec.tags), "content_hash": spec.content_hash}
                row = existing.get((spec.deck_id, spec.item_id))
                if row is None:
                    new_rows.append({"deck_id": spec.deck_id, "item_id": spec.item_id, "retired_at": None, **values})
                elif row.retired_at is not None or any(getattr(row, k) != v for k, v in values.items()):
                    changed_rows.append({"row_id": row.id, "retired_at": None, **values})
            if new_rows:
                conn.execute(insert(cards), new_rows)
            if changed_rows:
                conn.execute(update(cards).where(cards.c.id == bindparam("row_id")), changed_rows)
            wanted = {(s.deck_id, s.item_id) for s in specs}
            gone = [r.id for key, r in existing.items() if key not in wanted and r.retired_at is None]
            if gone:
                conn.execute(update(cards).where(cards.c.id.in_(gone)).values(retired_at=now))
            if fingerprints:
                conn.execute(delete(deck_sync).where(deck_sync.c.deck_id.in_(list(fingerprints))))
                conn.execute(insert(deck_sync), [
                    {"deck_id": d, "fingerprint": f, "synced_at": now} for d, f in fingerprints.items()
                ])  # fmt: skip
        unchanged = len(specs) - len(new_rows) - len(changed_rows)
        return SyncReport(self.card_ids(deck_ids), len(new_rows), len(changed_rows), len(gone), unchanged)

    def deck_fingerprints(self) -> dict[str, str]:
        """Each deck's fingerprint as of its last sync."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(deck_sync.c.deck_id, deck_sync.c.fingerprint)).all())

    def card_ids(self, deck_ids: Iterable[str]) -> dict[tuple[str, str], int]:
        """(deck id, item id) -> card id of the live cards of these decks."""
        wanted = list(deck_ids)
        query = select(cards.c.deck_id, cards.c.item_id, cards.c.id).where(
            cards.c.deck_id.in_(wanted), cards.c.retired_at.is_(None)
        )
        with self.engine.connect() as conn:
            return {(deck, item): card_id for deck, item, card_id in conn.execute(query)}

    def card_key(self, card_id: int) -> tuple[str, str] | None:
        """(deck id, item id) of a live card; None for a retired or unknown id."""
        query = select(cards.c.deck_id, cards.c.item_id).where(cards.c.id == card_id, cards.c.retired_at.is_(None))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return (row.deck_id, row.item_id) if row else None

    def stored_cards(self, card_filter: CardFilter = CardFilter()) -> list[StoredCard]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(cards).where(card_filter.clause()).order_by(cards.c.id))
            return [
                StoredCard(r.id, r.deck_id, r.item_id, r.kind, r.domain, tuple(r.tags.split()), r.content_hash)
                for r in rows
            ]

    # -- memory ---------------------------------------------------------

    def memories(self, user_id: int, card_ids: Iterable[int] | None = None) -> dict[int, Memory]:
        """Memory rows of a user, for the given cards or all of them."""
        query = select(*_MEMORY_SELECT).where(states.c.user_id == user_id)
        if card_ids is not None:
            query = query.where(states.c.card_id.in_(list(card_ids)))
        with self.engine.connect() as conn:
            return {r.card_id: _memory(r) for r in conn.execute(query)}

    def memory(self, user_id: int, card_id: int) -> Memory:
        return self.memories(user_id, [card_id]).get(card_id) or Memory(card_id=card_id)

    def _active(self, user_id: int, now: datetime):
        return and_(
            states.c.user_id == user_id,
            states.c.suspended.is_(False),
            or_(states.c.buried_until.is_(None), states.c.buried_until <= now),
        )

    def learning_due(self, user_id: int, card_filter: CardFilter, until: datetime, now: datetime) -> list[Memory]:
        query = (
            select(*_MEMORY_SELECT)
            .join(cards, cards.c.id == states.c.card_id)
            .where(self._active(user_id, now), card_filter.clause(), states.c.reps > 0,
                   states.c.state != int(Phase.REVIEW), states.c.due <= until)
            .order_by(states.c.due)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [_memory(r) for r in conn.execute(query)]

    def reviews_due(self, user_id: int, card_filter: CardFilter, until: datetime, now: datetime, limit: int) -> list[Memory]:
        query = (
            select(*_MEMORY_SELECT)
            .join(cards, cards.c.id == states.c.card_id)
            .where(self._active(user_id, now), card_filter.clause(), states.c.state == int(Phase.REVIEW),
                   states.c.due <= until)
            .order_by(states.c.due)
            .limit(max(limit, 0))
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [_memory(r) for r in conn.execute(query)]

    def new_card_ids(self, user_id: int, card_filter: CardFilter, now: datetime, limit: int) -> list[int]:
        """Cards this user never studied, in deck order; buried or suspended ones left out."""
        joined = cards.outerjoin(states, and_(states.c.card_id == cards.c.id, states.c.user_id == user_id))
        untouched = states.c.card_id.is_(None)
        only_marked = and_(states.c.reps == 0, states.c.suspended.is_(False),
                           or_(states.c.buried_until.is_(None), states.c.buried_until <= now))  # fmt: skip
        query = (
            select(cards.c.id).select_from(joined)
            .where(card_filter.clause(), or_(untouched, only_marked))
            .order_by(cards.c.id).limit(max(limit, 0))
        )  # fmt: skip
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def next_due(self, user_id: int, card_filter: CardFilter, now: datetime) -> datetime | None:
        query = (
            select(func.min(states.c.due))
            .join(cards, cards.c.id == states.c.card_id)
            .where(self._active(user_id, now), card_filter.clause(), states.c.reps > 0, states.c.due > now)
        )
        with self.engine.connect() as conn:
            due = conn.execute(query).scalar()
        # func.min loses the column type, so the value comes back naive UTC text.
        return datetime.fromisoformat(str(due)).replace(tzinfo=UTC) if due else None

    def save_memory(self, user_id: int, memory: Memory, now: datetime) -> None:
        """Set a card's flags or state without logging an answer (bury, suspend, flag)."""
        with self.write() as conn:
            self._upsert(conn, user_id, memory, now)

    def restore(self, user_id: int, card_filter: CardFilter) -> int:
        """Unsuspend and unbury the user's cards in the filter; how many came back."""
        chosen = select(cards.c.id).where(card_filter.clause())
        held = or_(states.c.suspended.is_(True), states.c.buried_until.is_not(None))
        with self.write() as conn:
            done = conn.execute(
                update(states)
                .where(states.c.user_id == user_id, states.c.card_id.in_(chosen), held)
                .values(suspended=False, buried_until=None)
            )
            return done.rowcount

    def _upsert(self, conn, user_id: int, memory: Memory, now: datetime) -> None:
        values = _state_values(memory, now)
        done = conn.execute(
            update(states).where(states.c.user_id == user_id, states.c.card_id == memory.card_id).values(**values)
        )
        if done.rowcount == 0:
            conn.execute(insert(states).values(user_id=user_id, card_id=memory.card_id, **values))

    # -- answers --------------------------------------------------------

    def record_answer(
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
        with self.write() as conn:
            if after is not None:
                self._upsert(conn, user_id, after, reviewed_at)
            return conn.execute(
                insert(log).values(
                    user_id=user_id,
                    card_id=before.card_id,
                    rating=int(rating),
                    reviewed_at=reviewed_at,
                    duration_ms=duration_ms,
                    mode=mode,
                    state_before=None if before.is_new else int(before.phase),
                    prior_json=_to_json(before) if after is not None else None,
                )
            ).inserted_primary_key[0]

    def undo_last(self, user_id: int, modes: tuple[str, ...] = ("study", "cram")) -> int | None:
        """Take back the user's last answer: restore the memory, drop the log row.

        Returns the card id, or None when there is nothing to undo.
        """
        with self.write() as conn:
            row = conn.execute(
                select(log.c.id, log.c.card_id, log.c.prior_json)
                .where(log.c.user_id == user_id, log.c.mode.in_(modes))
                .order_by(log.c.id.desc())
                .limit(1)
            ).first()
            if row is None:
                return None
            if row.prior_json is not None:
                prior = _from_json(row.prior_json)
                if prior.reps == 0 and not (prior.suspended or prior.buried_until or prior.flag):
                    conn.execute(delete(states).where(states.c.user_id == user_id, states.c.card_id == row.card_id))
                else:
                    self._upsert(conn, user_id, prior, prior.due or datetime.now(UTC))
            conn.execute(delete(log).where(log.c.id == row.id))
            return row.card_id

    def reviews(self, user_id: int, since: datetime | None = None, modes: tuple[str, ...] | None = None) -> list[Review]:
        query = select(log).where(log.c.user_id == user_id).order_by(log.c.id)
        if since is not None:
            query = query.where(log.c.reviewed_at >= since)
        if modes is not None:
            query = query.where(log.c.mode.in_(modes))
        with self.engine.connect() as conn:
            return [
                Review(r.id, r.user_id, r.card_id, Rating(r.rating), r.reviewed_at, r.duration_ms, r.mode,
                       Phase(r.state_before) if r.state_before else None)
                for r in conn.execute(query)
            ]  # fmt: skip

    def answered_since(self, user_id: int, since: datetime) -> tuple[int, int]:
        """(new cards introduced, review-phase cards answered) in study mode since a time."""
        query = (
            select(
                func.count().filter(log.c.state_before.is_(None)),
                func.count().filter(log.c.state_before == int(Phase.REVIEW)),
            )
            .where(log.c.user_id == user_id, log.c.mode == "study", log.c.reviewed_at >= since)
        )  # fmt: skip
        with self.engine.connect() as conn:
            new, reviews = conn.execute(query).one()
            return new, reviews
