"""The cards the store knows, synced from the deck files: ``store.cards``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    and_,
    bindparam,
    select,
    text,
    true,
    update,
)

from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.engine import Database, serialize
from peerquiz.core.store.prepared import Prepared
from peerquiz.core.store.records import CardSpec, StoredCard, SyncReport
from peerquiz.core.store.tables import cards, deck_sync

_NEW_CARD_COLUMNS = ("deck_id", "item_id", "kind", "domain", "tags", "content_hash")
# A first import adds every card: SQLAlchemy's executemany took as long again as SQLite's inserts. As SQL text
# (see _EXISTING below): SQLAlchemy's insert() took a process's first import 0.5 ms to compile.
_INSERT_CARDS = Prepared(
    text(f"INSERT INTO card ({', '.join(_NEW_CARD_COLUMNS)}) VALUES ({', '.join(':' + name for name in _NEW_CARD_COLUMNS)})")
)


def card_clause(card_filter: CardFilter, include_retired: bool = False) -> ColumnElement[bool]:
    """The filter as a condition on the card table; history queries include retired cards."""
    tag = f" {card_filter.tag} " if card_filter.tag else None
    return _restricted(card_filter, include_retired, card_filter.deck_ids, card_filter.domains, tag)


def bound_card_clause(card_filter: CardFilter) -> ColumnElement[bool]:
    """card_clause with the filter's values as bound parameters (filter_params gives them): the same statement
    serves every filter of one shape, so it can be built once (building one cost SQLAlchemy 0.3 ms or more).
    """
    return _restricted(card_filter, False, bindparam("filter_deck_ids", expanding=True),
                       bindparam("filter_domains", expanding=True), bindparam("filter_tag", type_=cards.c.tags.type))  # fmt: skip


def _restricted(card_filter: CardFilter, include_retired: bool, deck_ids: Any, domains: Any, tag: Any) -> ColumnElement[bool]:
    """The condition for the fields ``card_filter`` restricts, comparing with the values (or parameters) given."""
    parts: list[ColumnElement[bool]] = [] if include_retired else [cards.c.retired_at.is_(None)]
    if card_filter.deck_ids:
        parts.append(cards.c.deck_id.in_(deck_ids))
    if card_filter.domains:
        parts.append(cards.c.domain.in_(domains))
    if card_filter.tag:
        parts.append((" " + cards.c.tags + " ").contains(tag))
    return and_(true(), *parts)


def filter_shape(card_filter: CardFilter) -> CardFilter:
    """A filter of the same shape as this one (which fields restrict), to key statements built once per shape."""
    return CardFilter(("*",) if card_filter.deck_ids else (), ("*",) if card_filter.domains else (), "*" if card_filter.tag else None)


def filter_params(card_filter: CardFilter) -> dict[str, object]:
    """The values bound_card_clause's parameters take for this filter."""
    params: dict[str, object] = {}
    if card_filter.deck_ids:
        params["filter_deck_ids"] = list(card_filter.deck_ids)
    if card_filter.domains:
        params["filter_domains"] = list(card_filter.domains)
    if card_filter.tag:
        params["filter_tag"] = f" {card_filter.tag} "
    return params


# The statements every sync that changes a deck runs, written as SQL text: a process compiled each SQLAlchemy
# statement once, 3.5 ms for these on every first import, of 1,000 cards or 200,000; text compiles in a tenth of that.
# Prepared: SQLAlchemy's first execution of these in a process still took a first import of 1,000 cards 1.1 ms more.
_DECK_IDS: BindParameter[list[str]] = bindparam("deck_ids", expanding=True)
_EXISTING = Prepared(
    text("SELECT deck_id, item_id, id, retired_at, kind, domain, tags, content_hash FROM card WHERE deck_id IN :deck_ids")
    .bindparams(_DECK_IDS)
)  # fmt: skip


class _Stored(NamedTuple):
    """A card the store has of a deck being synced, as _EXISTING reads it."""

    deck_id: str
    item_id: str
    id: int
    retired_at: object  # None while the card is live (as text on SQLite, whose driver reads it so)
    kind: str
    domain: str | None
    tags: str
    content_hash: str

# Each deck's row of deck_cards, from its cards: how many live and retired, the live ones' lowest and highest id,
# and how many live ones share a note. Rewritten in the transaction that changed the deck's cards.
_FORGET_DECK_CARDS = Prepared(text("DELETE FROM deck_cards WHERE deck_id IN :deck_ids").bindparams(_DECK_IDS))
_COUNT_DECK_CARDS = Prepared(
    text(
        "INSERT INTO deck_cards (deck_id, live, retired, lowest, highest, note_cards)"
        " SELECT deck_id, count(*) FILTER (WHERE retired_at IS NULL), count(*) FILTER (WHERE retired_at IS NOT NULL),"
        " min(id) FILTER (WHERE retired_at IS NULL), max(id) FILTER (WHERE retired_at IS NULL),"
        " count(*) FILTER (WHERE retired_at IS NULL AND item_id LIKE '%/%')"
        " FROM card WHERE deck_id IN :deck_ids GROUP BY deck_id"
    ).bindparams(_DECK_IDS)
)
_FORGET_SYNCS = Prepared(text("DELETE FROM deck_sync WHERE deck_id IN :deck_ids").bindparams(_DECK_IDS))
_RECORD_SYNC = Prepared(
    text("INSERT INTO deck_sync (deck_id, fingerprint, synced_at) VALUES (:deck_id, :fingerprint, :synced_at)")
    .bindparams(bindparam("synced_at", type_=deck_sync.c.synced_at.type))
)  # fmt: skip
_FINGERPRINTS = Prepared(text("SELECT deck_id, fingerprint FROM deck_sync"))


class CardStore:
    def __init__(self, db: Database):
        self._db = db

    def sync(
        self, specs: Sequence[CardSpec], fingerprints: dict[str, str] | None = None, now: datetime | None = None
    ) -> SyncReport:
        """Make the store know exactly these items for their decks.

        Items keep their row (and so their progress) while their id is the
        same; changed text only updates the hash. Items gone from a synced
        deck are retired, never deleted, so their history stays. With
        ``fingerprints`` (deck id -> fingerprint) the decks are recorded as
        synced in the same transaction; see ``fingerprints``.
        """
        now = now or datetime.now(UTC)
        deck_ids = sorted({s.deck_id for s in specs} | set(fingerprints or ()))
        with self._db.write(refused="this login may not change the class's cards: the instructor opens peerquiz on these decks first") as conn:
            serialize(conn, "peerquiz card sync")
            existing = {(r.deck_id, r.item_id): r for r in map(_Stored._make, _EXISTING.rows(conn, {"deck_ids": deck_ids}))}
            new_rows, changed_rows = [], []
            for spec in specs:  # one dict a card: a first import makes 200,000 of them
                tags = " ".join(spec.tags)
                row = existing.get((spec.deck_id, spec.item_id))
                if row is None:
                    new_rows.append({"deck_id": spec.deck_id, "item_id": spec.item_id, "kind": spec.kind, "domain": spec.domain,
                                     "tags": tags, "content_hash": spec.content_hash})  # fmt: skip
                elif row.retired_at is not None or (row.kind, row.domain, row.tags, row.content_hash) != (
                    spec.kind, spec.domain, tags, spec.content_hash
                ):  # fmt: skip
                    changed_rows.append({"row_id": row.id, "retired_at": None, "kind": spec.kind, "domain": spec.domain,
                                         "tags": tags, "content_hash": spec.content_hash})  # fmt: skip
            if new_rows:
                _INSERT_CARDS.many(conn, new_rows)
            if changed_rows:
                conn.execute(update(cards).where(cards.c.id == bindparam("row_id")), changed_rows)
            wanted = {(s.deck_id, s.item_id) for s in specs} if existing else set()  # a first import: nothing to retire
            gone = [r.id for key, r in existing.items() if key not in wanted and r.retired_at is None]
            if gone:
                conn.execute(update(cards).where(cards.c.id.in_(gone)).values(retired_at=now))
            if new_rows or changed_rows or gone:
                _FORGET_DECK_CARDS.rowcount(conn, {"deck_ids": deck_ids})
                _COUNT_DECK_CARDS.rowcount(conn, {"deck_ids": deck_ids})
            if fingerprints:
                _FORGET_SYNCS.rowcount(conn, {"deck_ids": list(fingerprints)})
                _RECORD_SYNC.many(conn, [{"deck_id": d, "fingerprint": f, "synced_at": now} for d, f in fingerprints.items()])
        unchanged = len(specs) - len(new_rows) - len(changed_rows)
        return SyncReport(len(new_rows), len(changed_rows), len(gone), unchanged)

    def fingerprints(self) -> dict[str, str]:
        """Each deck's fingerprint as of its last sync."""
        with self._db.read() as conn:
            return {deck_id: fingerprint for deck_id, fingerprint in _FINGERPRINTS.rows(conn, {})}

    def ids(self, deck_ids: Iterable[str]) -> dict[tuple[str, str], int]:
        """(deck id, item id) -> card id of the live cards of these decks."""
        wanted = list(deck_ids)
        query = select(cards.c.deck_id, cards.c.item_id, cards.c.id).where(
            cards.c.deck_id.in_(wanted), cards.c.retired_at.is_(None)
        )
        with self._db.read() as conn:
            # .all(): one fetch, not one per row; a deck's first card waits for this in the middle of a session.
            return {(deck, item): card_id for deck, item, card_id in conn.execute(query).all()}

    def key(self, card_id: int) -> tuple[str, str] | None:
        """(deck id, item id) of a live card; None for a retired or unknown id."""
        query = select(cards.c.deck_id, cards.c.item_id).where(cards.c.id == card_id, cards.c.retired_at.is_(None))
        with self._db.read() as conn:
            row = conn.execute(query).first()
        return (row.deck_id, row.item_id) if row else None

    def tags(self, card_filter: CardFilter = CardFilter()) -> set[str]:
        """Every tag of the live cards the filter selects.

        The database lists each distinct set of tags once: building every card to read its tags took
        1.7 s of the interpreter at 200,000 cards, while the cram screen and the card browser opened.
        """
        query = select(cards.c.tags).where(card_clause(card_filter)).distinct()
        with self._db.read() as conn:
            return {tag for (tags,) in conn.execute(query) for tag in tags.split()}

    def stored(self, card_filter: CardFilter = CardFilter()) -> list[StoredCard]:
        with self._db.read() as conn:
            rows = conn.execute(select(cards).where(card_clause(card_filter)).order_by(cards.c.id))
            return [
                StoredCard(CardSpec(r.deck_id, r.item_id, r.kind, r.domain, tuple(r.tags.split()), r.content_hash), r.id)
                for r in rows
            ]
