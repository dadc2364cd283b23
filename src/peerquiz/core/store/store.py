"""The store: the only place that knows SQL. One façade, built once, with a typed part per concern.

Hot paths (answers, queue building) use SQLAlchemy Core statements on the
SQLModel tables: the ORM's unit of work costs more than the answer itself.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from peerquiz.core.store.answers import AnswerStore
from peerquiz.core.store.cards import CardStore
from peerquiz.core.store.engine import Database, is_memory_url
from peerquiz.core.store.memory import MemoryStore
from peerquiz.core.store.migrate import open_engine
from peerquiz.core.store.profiles import ProfileStore
from peerquiz.core.store.siblings import SiblingStore

if TYPE_CHECKING:
    from peerquiz.core.store.browse import BrowseQueries
    from peerquiz.core.store.class_queries import ClassQueries
    from peerquiz.core.store.classroom import ClassStore
    from peerquiz.core.store.exams import ExamStore
    from peerquiz.core.store.history import HistoryQueries
    from peerquiz.core.store.streaks import StreakStore
    from peerquiz.core.store.summaries import SummaryQueries
    from peerquiz.core.store.takeback import TakeBackStore


class Store:
    """``store.profiles``, ``.cards``, ``.memory``, ``.answers``, ``.history``, ``.summaries``, ``.streaks``, ``.siblings``, ``.exams``,
    ``.takeback``, ``.browse``, ``.classroom``, ``.classwide``.

    The parts a first card needs are built with the store; the others (and their modules) when first
    asked for, so a start does not import the exam, class, browser and statistics queries.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self._db = Database(engine)
        self.profiles = ProfileStore(self._db)
        self.cards = CardStore(self._db)
        self.memory = MemoryStore(self._db)
        self.answers = AnswerStore(self._db)
        self.siblings = SiblingStore(self._db)

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads within share one read transaction (Database.snapshot): for a few reads that make one picture."""
        return self._db.snapshot()

    @cached_property
    def history(self) -> HistoryQueries:
        from peerquiz.core.store.history import HistoryQueries

        return HistoryQueries(self._db)

    @cached_property
    def summaries(self) -> SummaryQueries:
        from peerquiz.core.store.summaries import SummaryQueries

        return SummaryQueries(self._db)

    @cached_property
    def streaks(self) -> StreakStore:
        from peerquiz.core.store.streaks import StreakStore

        return StreakStore(self._db)

    @cached_property
    def exams(self) -> ExamStore:
        from peerquiz.core.store.exams import ExamStore

        return ExamStore(self._db)

    @cached_property
    def classroom(self) -> ClassStore:
        from peerquiz.core.store.classroom import ClassStore

        return ClassStore(self._db)

    @cached_property
    def classwide(self) -> ClassQueries:
        from peerquiz.core.store.class_queries import ClassQueries

        return ClassQueries(self._db)

    @cached_property
    def takeback(self) -> TakeBackStore:
        from peerquiz.core.store.takeback import TakeBackStore

        return TakeBackStore(self._db)

    @cached_property
    def browse(self) -> BrowseQueries:
        from peerquiz.core.store.browse import BrowseQueries

        return BrowseQueries(self._db)

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (creating or upgrading) the database at ``url``; StoreError says why it cannot be."""
        return cls(open_engine(url))

    @property
    def readable_from_any_thread(self) -> bool:
        """False for an in-memory SQLite database: its one shared connection must not serve two threads at once."""
        return not is_memory_url(self.engine.url.render_as_string())

    def close(self) -> None:
        self._db.close()
        self.engine.dispose()
