"""SQLModel tables. Only the store package touches these.

Datetimes are timezone-aware UTC: SQLModel's UTCDateTime refuses naive
values on the way in and restores UTC on the way out.

Every start waits for these classes to be made: 26 ms, the most of any of peerquiz's modules on the way to the
first card. So their annotations are the types themselves, not postponed: as text, each was evaluated by both
pydantic and SQLAlchemy (1.6 ms). And pydantic builds no validator for them (``_Table``).
"""

from datetime import datetime
from functools import cache

from pydantic import ConfigDict
from sqlalchemy import Index, MetaData, Table, UniqueConstraint, literal_column, text
from sqlmodel import Field, SQLModel


class _Table(SQLModel):
    """What every table is made from. A table's rows are read and written through SQLAlchemy Core (the tables at the
    end of this module), never as these models: building their validators took a start 2.7 ms for nothing."""

    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]  # SQLModel's own ConfigDict adds keys, not needed here
    # Nor does SQLAlchemy map them to their tables for its ORM: declared this way, it sets up each table and leaves
    # the mapping for a prepare() that never comes. Mapping them took every start 7 ms.
    _sa_decl_prepare = True


class User(_Table, table=True):
    __tablename__ = "user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    created_at: datetime
    # Scheduling settings as JSON (see scheduling.SchedulerSettings): one
    # column keeps new settings from needing a migration each.
    settings_json: str = "{}"


class CardRow(_Table, table=True):
    """A study item known to the store: deck id + item id, never deleted."""

    __tablename__ = "card"
    # A deck's live cards are found from ix_card_deck_live_shuffle alone (migration_metadata), without reading a row.
    __table_args__ = (UniqueConstraint("deck_id", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    deck_id: str
    item_id: str
    kind: str
    domain: str | None = None
    tags: str = ""  # space separated
    content_hash: str
    retired_at: datetime | None = None


# Spelt as SQLAlchemy writes the queries' ``leech.is_(True)``: a database uses a partial index
# only when it sees that the query's condition is the index's.
LEECH_ON_SQLITE, LEECH_ON_POSTGRESQL = text("leech IS 1"), text("leech IS true")
# A memory row of a card never answered (one buried or suspended while new): the few rows the partial index
# ix_card_state_user_unstudied holds. Plain text, so that a query's condition reads as the index's.
UNSTUDIED = text("reps = 0")
# A live card: the only cards ix_card_deck_live_shuffle holds, as the only ones a study day or a count looks for.
LIVE = text("retired_at IS NULL")


class CardState(_Table, table=True):
    """One user's FSRS memory state for one card; no row means the card is new."""

    __tablename__ = "card_state"
    __table_args__ = (
        # By due time, with all today's counts read of a card due, its deck included: counting them reads no row.
        Index("ix_card_state_user_due_counts", "user_id", "due", "state", "reps", "suspended", "buried_until", "deck_id", "card_id"),
        # By phase too: the learning cards due are a seek, not a walk over every card due today.
        Index("ix_card_state_user_state_due", "user_id", "state", "due"),
        # and ix_card_state_user_leech: see migration_metadata.
    )

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    card_id: int = Field(foreign_key="card.id", primary_key=True)
    state: int  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: datetime | None = None
    flag: int = 0
    leech: bool = False
    # The card's deck, copied when the row is written (a card never changes deck): the due counts group by it.
    deck_id: str


REVIEW_TOTALS_COLUMNS = ("user_id", "reviewed_at", "mode", "state_before", "rating", "duration_ms", "stability_before")


class ReviewLog(_Table, table=True):
    """Append-only record of every answer, with ``prior_json``: the memory it changed, as it was before."""

    __tablename__ = "review_log"
    # The statistics count answers by time from this index alone, without reading the rows.
    __table_args__ = (Index("ix_review_log_user_time_totals", *REVIEW_TOTALS_COLUMNS),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    card_id: int = Field(foreign_key="card.id", index=True)
    rating: int  # 1 again .. 4 easy
    reviewed_at: datetime
    duration_ms: int | None = None
    mode: str = "study"  # study | cram | exam | practice
    state_before: int | None = None  # fsrs state before the answer; None for a new card
    prior_json: str | None = None  # the whole card_state row before, for undo
    stability_before: float | None = None  # prior_json's stability, a column so the statistics read no JSON


class ExamAttempt(_Table, table=True):
    """One mock exam (or a retake of its misses), open until submitted."""

    __tablename__ = "exam_attempt"
    __table_args__ = (Index("ix_exam_attempt_user_started", "user_id", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    retake_of: int | None = Field(default=None, foreign_key="exam_attempt.id", ondelete="SET NULL")
    blueprint: str  # the blueprint's name, as shown in the history
    pass_percent: float
    duration_seconds: int
    started_at: datetime
    submitted_at: datetime | None = None
    timed_out: bool = False
    note: str = ""  # what the decks lacked when the exam was drawn


class ExamAnswer(_Table, table=True):
    """One question of an attempt, saved again each time the learner answers or marks it."""

    __tablename__ = "exam_answer"

    attempt_id: int = Field(foreign_key="exam_attempt.id", primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True)
    domain: str
    options_json: str  # the options in the order shown
    answer: str  # the right option when the exam was drawn
    chosen: str | None = None
    marked: bool = False
    answered_at: datetime | None = None
    # The review-log row written when the attempt was graded; set once, so
    # grading again after a crash does not count an answer twice.
    review_id: int | None = Field(default=None, foreign_key="review_log.id", ondelete="SET NULL")


class DeckSync(_Table, table=True):
    """What each deck looked like when it was last synced, so an unchanged deck is not synced again."""

    __tablename__ = "deck_sync"

    deck_id: str = Field(primary_key=True)
    fingerprint: str
    synced_at: datetime



class DeckCards(_Table, table=True):
    """Each deck's cards as the last sync left them: home's counts and the study queue read a deck's size here
    rather than counting its cards (at 200k cards, two walks over every card of every deck).

    CardStore.sync, the one writer of card rows, rewrites a deck's row in the transaction that changes its cards.
    """

    __tablename__ = "deck_cards"

    deck_id: str = Field(primary_key=True)
    live: int  # cards not retired
    retired: int
    # The live cards' lowest and highest id: they are consecutive (as an import numbers them) when
    # highest - lowest + 1 == live.
    lowest: int | None = None
    highest: int | None = None
    # Live cards whose item id names a note they share ("note/reverse"): only a deck with some can hold a
    # new card back because a sibling is due.
    note_cards: int = 0


class StudyStreak(_Table, table=True):
    """A learner's streak up to a study day, so home need not walk back over every day of it on each refresh.

    Triggers on review_log (migration 0011) delete the row when an answer older than ``through`` is added,
    changed or removed: the days it counted are then no longer known to be as they were.
    """

    __tablename__ = "study_streak"

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    day_rule: str  # the reset hour and zone the days were counted in (clock.day_rule)
    through: datetime  # the start of the study day after the last one counted
    days: int  # consecutive study days with an answer, ending with the one before ``through``


def _core(model: type[SQLModel]) -> Table:
    return SQLModel.metadata.tables[str(model.__tablename__)]


# The tables as SQLAlchemy Core sees them: the hot paths build statements on these.
users = _core(User)
cards = _core(CardRow)
states = _core(CardState)
log = _core(ReviewLog)
attempts = _core(ExamAttempt)
answers = _core(ExamAnswer)
deck_sync = _core(DeckSync)
deck_cards = _core(DeckCards)
study_streak = _core(StudyStreak)

# A card's place in its deck's shuffled order: a multiplicative hash of its id, different for every id below the
# prime modulus. A day's order is this one rotated by the day's seed, which ix_card_deck_live_shuffle reads as two
# ranges (siblings.py). The numbers are written into the SQL, not bound: a database uses an expression's index
# only for that expression. Both are beyond a 32-bit integer, so PostgreSQL works out the product in 64 bits.
SHUFFLE_MODULUS = 4294967311
SHUFFLE_PLACE = (cards.c.id * literal_column("2654435761")) % literal_column(str(SHUFFLE_MODULUS))


@cache
def migration_metadata() -> MetaData:
    """The whole schema, as the migrations compare it: the tables above, the partial indexes and the shuffle's.

    Leeches are few: only they are indexed, so listing them reads no other card. So are the memory
    rows of cards never answered: a study queue sees that a deck has none without reading its rows.
    A deck's live cards are indexed in their shuffled order: a day's first new cards are read from it, and any
    query of a deck's live cards finds their ids in it (by deck and retirement, then place).
    The indexes are declared here, not on the table, because a PostgreSQL condition loads that
    dialect (a tenth of a start on SQLite); the statements never need them, the database has them.
    """
    Index("ix_card_state_user_leech", states.c.user_id, sqlite_where=LEECH_ON_SQLITE, postgresql_where=LEECH_ON_POSTGRESQL)
    Index("ix_card_state_user_unstudied", states.c.user_id, states.c.card_id, sqlite_where=UNSTUDIED, postgresql_where=UNSTUDIED)
    Index("ix_card_deck_live_shuffle", cards.c.deck_id, cards.c.retired_at, SHUFFLE_PLACE, sqlite_where=LIVE, postgresql_where=LIVE)
    return SQLModel.metadata
