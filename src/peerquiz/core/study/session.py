"""A study session: the queue of today's cards and what answering does.

Order: learning cards due now, then reviews due today (oldest first, within
the daily review limit), then new cards (within the daily new limit). Cards
still in learning come back when their step is due; when nothing else is left
they are shown up to LEARN_AHEAD early, as Anki does.

Cram mode studies any chosen cards ahead of schedule and only logs answers:
FSRS state is left as it was.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum

from peerquiz.core.clock import Clock, day_end, study_day, utc_now
from peerquiz.core.decks.library import Library
from peerquiz.core.decks.model import Item
from peerquiz.core.store import Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import DueReview, Memory, Phase, Profile, Rating
from peerquiz.core.study.card_actions import apply
from peerquiz.core.study.day_limits import DayLimits, read_day_limits
from peerquiz.core.study.new_order import NewCardOrder, day_seed, ordered, seed_number, within_limits
from peerquiz.core.study.scheduling import Scheduler
from peerquiz.core.study.settings import scheduler_settings
from peerquiz.core.study.undo import Action, Done, UndoHistory

LEARN_AHEAD = timedelta(minutes=20)


class Mode(str, Enum):
    STUDY = "study"
    CRAM = "cram"


class CramOrder(str, Enum):
    DECK = "deck"
    HARDEST = "hardest"  # lowest retrievability first


@dataclass(frozen=True, slots=True)
class Shown:
    """The card in front of the learner."""

    card_id: int
    item: Item
    memory: Memory


@dataclass
class Summary:
    reviewed: int = 0
    recalled: int = 0  # answers other than Again
    seconds: float = 0.0

    @property
    def accuracy(self) -> float | None:
        return self.recalled / self.reviewed if self.reviewed else None


@dataclass
class _Queue:
    learning: list[Memory] = field(default_factory=list)  # kept sorted by due
    reviews: list[Memory | DueReview] = field(default_factory=list)  # cram queues whole memories, study what it checks
    new: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.learning) + len(self.reviews) + len(self.new)

    def add_learning(self, memory: Memory, now: datetime) -> None:
        """Into the learning cards at its place by due: sorting them for every card took 40 us with a hundred."""
        insort(self.learning, memory, key=lambda m: m.due or now)


def in_use(card_filter: CardFilter, library: Library) -> CardFilter:
    """The filter, limited to the decks in use when it names no deck.

    The database may hold progress on decks loaded another time (another --decks), whose
    content is not at hand.
    """
    return card_filter if card_filter.deck_ids else replace(card_filter, deck_ids=tuple(h.id for h in library.headers))


def tags_in_use(store: Store, library: Library) -> list[str]:
    """Every tag of the cards in use, sorted: from the store, without loading a deck."""
    return sorted(store.cards.tags(in_use(CardFilter(), library)))


class StudySession:
    def __init__(
        self,
        store: Store,
        library: Library,
        profile: Profile,
        card_filter: CardFilter = CardFilter(),
        mode: Mode = Mode.STUDY,
        cram_order: CramOrder = CramOrder.DECK,
        clock: Clock = utc_now,
        chosen: Sequence[int] | None = None,
    ):
        """``chosen`` crams exactly these cards, in this order, suspended ones too (the browser's result)."""
        self.chosen = chosen
        self.store = store
        self.library = library
        self.profile = profile
        self.card_filter = in_use(card_filter, library)
        self.mode = mode
        self.clock = clock
        self.summary = Summary()
        self.current: Shown | None = None
        self.history = UndoHistory(store, profile.id)
        self._shown_at: datetime | None = None
        self._ahead: Memory | None = None  # the next card's memory, read by the answer just given
        with store.snapshot():  # a dozen reads: one transaction, and a queue that agrees with its settings and limits
            self.scheduler = Scheduler(scheduler_settings(store, profile))
            self._queue = self._build_cram(cram_order) if mode is Mode.CRAM else self._read_study_queue(self.clock())
        # Only the queued cards' items are kept as their decks load, not every item of those decks.
        queued = self._queue
        library.items.want([*(m.card_id for m in queued.learning), *(m.card_id for m in queued.reviews), *queued.new])

    # -- building -------------------------------------------------------

    def _read_study_queue(self, now: datetime) -> _Queue:
        settings, uid, flt = self.scheduler.settings, self.profile.id, self.card_filter
        limits = read_day_limits(self.store, self.library, self.profile, settings, now)
        if not flt.deck_ids:
            return _Queue()  # no decks in use
        return _Queue(
            learning=self.store.memory.learning_due(uid, flt, now + LEARN_AHEAD, now),
            reviews=list(self.store.memory.reviews_due(uid, flt, day_end(now, settings), now, limits.reviews_left)),
            new=self._new_today(now, limits),
        )

    def _new_today(self, now: datetime, limits: DayLimits) -> list[int]:
        """Today's new cards in the profile's order, within the shared and per-deck daily limits."""
        settings, uid = self.scheduler.settings, self.profile.id
        # No deck can give more than its limit allows today: read no more than that.
        caps = limits.new_caps(self.card_filter.deck_ids)
        seed = day_seed(uid, study_day(now, settings))
        ranked = settings.new_card_order is not NewCardOrder.DECK
        candidates = self.store.siblings.new_cards(uid, caps, now, day_end(now, settings), seed_number(seed) if ranked else None,
                                                   replace(self.card_filter, deck_ids=()))  # fmt: skip
        in_order = ordered(candidates, settings.new_card_order, seed, self.card_filter.deck_ids)
        return within_limits(in_order, limits.shared_new_left, limits.own_caps(caps))

    def _build_cram(self, order: CramOrder) -> _Queue:
        now = self.clock()
        if self.chosen is not None:
            self.library.items.want(self.chosen)
            ids = [i for i in self.chosen if i in self.library.items]
            memories = self.store.memory.all(self.profile.id, ids)
            chosen = [memories.get(i) or Memory(card_id=i) for i in ids]
        else:
            # The store's live cards of the decks in use, without loading every deck to check each id
            # (2 s at 50k cards): one whose deck file broke since the start is skipped when its turn comes.
            chosen = [m for m in self.store.memory.of_cards(self.profile.id, self.card_filter) if not m.suspended]
        if order is CramOrder.HARDEST:
            # Studied cards by lowest recall chance; cards never studied after them.
            chosen.sort(key=lambda m: (m.is_new, self.scheduler.retrievability(m, now)))
        return _Queue(reviews=list(chosen))

    # -- moving through the queue --------------------------------------

    @property
    def remaining(self) -> int:
        return len(self._queue) + (1 if self.current else 0)

    def next(self) -> Shown | None:
        """Show the next card, or None when the session is done."""
        now = self.clock()
        while (queued := self._take(now)) is not None:
            if queued.card_id not in self.library.items:  # removed from its deck file since the queue was built
                continue
            memory = self._unless_answered_elsewhere(queued)
            if memory is not None:
                self.current = self._show(memory, now)
                return self.current
        self.current = None
        return None

    def refresh(self) -> Shown | None:
        """The current card again, as its deck reads now (after an edit); None if the card is gone from it."""
        shown = self._require_current()
        if shown.card_id not in self.library.items:
            self.current = None
            return None
        self.current = Shown(shown.card_id, self.library.items[shown.card_id], shown.memory)
        return self.current

    def _line(self, now: datetime) -> list[Memory] | list[Memory | DueReview] | list[int] | None:
        """The part of the queue whose first card comes next; None when nothing is left for now."""
        queue = self._queue
        next_step = (queue.learning[0].due or now) if queue.learning else None
        if next_step is not None and next_step <= now:
            return queue.learning
        if queue.reviews:
            return queue.reviews
        if queue.new:
            return queue.new
        if next_step is not None and next_step <= now + LEARN_AHEAD:
            return queue.learning
        return None

    def _take(self, now: datetime) -> Memory | DueReview | None:
        line = self._line(now)
        if line is None:
            return None
        first = line.pop(0)
        return Memory(card_id=first) if isinstance(first, int) else first

    def _coming(self, now: datetime) -> int | None:
        """The card the queue would give next, left in it."""
        line = self._line(now)
        if not line:
            return None
        first = line[0]
        return first if isinstance(first, int) else first.card_id

    def _unless_answered_elsewhere(self, queued: Memory | DueReview) -> Memory | None:
        """The card's memory as stored now; None if another window on this profile answered it since it was queued.

        Right after an answer, the memory read with it serves for the card it named.
        """
        if self.mode is Mode.CRAM and isinstance(queued, Memory):  # cram shows each card as it queued it
            return queued
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead.card_id == queued.card_id:
            stored = ahead
        else:
            stored = self.store.memory.get(self.profile.id, queued.card_id)
        return stored if stored.reps == queued.reps else None

    def _show(self, memory: Memory, now: datetime) -> Shown:
        self._shown_at = now
        return Shown(memory.card_id, self.library.items[memory.card_id], memory)

    def intervals(self) -> dict[Rating, timedelta]:
        """How long until the current card is due again for each grade, as of when it was shown (none in cram).

        Worked out when asked, as the answer is revealed, rather than as the card is shown: four
        FSRS reviews the next card's question need not wait for.
        """
        shown = self._require_current()
        if self.mode is Mode.CRAM:
            return {}
        return self.scheduler.preview(shown.memory, self._shown_at or self.clock())

    # -- acting on the current card ---------------------------------------

    def answer(self, rating: Rating) -> None:
        """Record the answer (committed before returning) and move on."""
        shown = self._require_current()
        now = self.clock()
        duration_ms = int((now - self._shown_at).total_seconds() * 1000) if self._shown_at else None
        if self.mode is Mode.CRAM:
            priors: dict[int, Memory | None] = {}  # cram leaves the memory alone: undo drops the log row only
            review_id = self.store.answers.record(self.profile.id, shown.memory, None, rating, now, duration_ms, self.mode.value)
            if rating == Rating.AGAIN:
                self._queue.reviews.append(shown.memory)  # see it once more before the end
        else:
            end = day_end(now, self.scheduler.settings)
            bury_until = end if shown.item.has_siblings else None  # a lone card spares the answer the siblings' query
            answered = self.store.answers.schedule(
                self.profile.id, shown.card_id, lambda fresh: (rating, self.scheduler.review(fresh, rating, now)),
                now, duration_ms, self.mode.value, bury_siblings_until=bury_until,
                read_ahead=self._coming(now),
            )  # fmt: skip
            after, review_id, priors, self._ahead = answered.after, answered.review_id, answered.priors, answered.ahead
            assert after is not None  # a study answer always reschedules
            self._drop_buried(priors.keys() - {shown.card_id})
            if after.phase != Phase.REVIEW and not after.suspended and (after.due or now) < end:
                self._queue.add_learning(after, now)
        self.summary.reviewed += 1
        self.summary.recalled += rating != Rating.AGAIN
        self.summary.seconds += (duration_ms or 0) / 1000
        self.history.add(Done(Action.GRADE, (shown.card_id,), priors, review_id, rating))
        self.current = None

    def _drop_buried(self, buried: set[int]) -> None:
        """Siblings buried by an answer wait for another day: out of this session's queue too."""
        if buried:
            self._queue.reviews = [m for m in self._queue.reviews if m.card_id not in buried]
            self._queue.new = [i for i in self._queue.new if i not in buried]

    def undo(self) -> Done | None:
        """Take back the latest action of this session (answer, bury, suspend, flag) and show its card again.

        None when there is nothing to undo.
        """
        self._ahead = None  # read before this undo changed memory
        done = self.history.undo()
        if done is None:
            return None
        if done.rating is not None:
            self.summary.reviewed -= 1
            self.summary.recalled -= done.rating != Rating.AGAIN
        (card_id,) = done.card_ids  # a session acts on the card in front of the learner
        memory = self.store.memory.get(self.profile.id, card_id)
        if self.current is not None and self.current.card_id == card_id:  # a flag: the card never left the screen
            self.current = Shown(card_id, self.current.item, memory)
            return done
        if card_id not in self.library.items:  # removed from its deck file since
            return done
        queue = self._queue
        queue.learning = [m for m in queue.learning if m.card_id != card_id]
        queue.reviews = [m for m in queue.reviews if m.card_id != card_id]
        if self.current is not None:
            self._put_back(self.current.memory)
        self.current = self._show(memory, self.clock())
        return done

    def next_due(self) -> datetime | None:
        """When the next card of this session's selection falls due."""
        return self.store.memory.next_due(self.profile.id, self.card_filter, self.clock())

    def ready_now(self) -> int:
        """Cards a new study session of this selection would show now (after a cram, or a session left early)."""
        return StudySession(self.store, self.library, self.profile, self.card_filter, clock=self.clock).remaining

    def _put_back(self, memory: Memory) -> None:
        if memory.is_new:
            self._queue.new.insert(0, memory.card_id)
        elif memory.phase == Phase.REVIEW or self.mode is Mode.CRAM:
            self._queue.reviews.insert(0, memory)
        else:
            self._queue.add_learning(memory, self.clock())

    def bury(self) -> None:
        """Hide the current card until the next study day."""
        self._act(Action.BURY)
        self.current = None

    def suspend(self) -> None:
        """Hide the current card until it is unsuspended."""
        self._act(Action.SUSPEND)
        self.current = None

    def unsuspend(self) -> None:
        """Bring a suspended card (crammed from the card browser, say) back into study; it stays on screen."""
        shown = self._require_current()
        self.current = Shown(shown.card_id, shown.item, self._act(Action.UNSUSPEND))

    def toggle_flag(self) -> int:
        """Flag or unflag the current card; it stays on screen."""
        shown = self._require_current()
        memory = self._act(Action.UNFLAG if shown.memory.flag else Action.FLAG)
        self.current = Shown(shown.card_id, shown.item, memory)
        return memory.flag

    def _act(self, action: Action) -> Memory:
        shown = self._require_current()
        self._ahead = None  # read before this action changed memory
        now = self.clock()
        after = apply(self.store, self.profile.id, self.history, [shown.card_id], action, now,
                      day_end(now, self.scheduler.settings))  # fmt: skip
        return after[shown.card_id]

    def _require_current(self) -> Shown:
        if self.current is None:
            raise RuntimeError("no card is being shown")
        return self.current
