"""One undo history: every action on cards is recorded with the cards' stored state before it.

Undo puts that stored state back exactly (a card that had no memory row loses the one the
action wrote) and drops the answer's log row, so after an undo the store is as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from peerquiz.core.store import Store
from peerquiz.core.store.records import Memory, Rating


class Action(str, Enum):
    GRADE = "grade"
    BURY = "bury"
    UNBURY = "unbury"
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"
    FLAG = "flag"
    UNFLAG = "unflag"
    RESET = "reset to new"


@dataclass(frozen=True, slots=True)
class Done:
    """One action as the history keeps it."""

    action: Action
    card_ids: tuple[int, ...]
    priors: Mapping[int, Memory | None]  # stored memory before; None: no row. Empty when memory was not changed (cram)
    review_id: int | None = None
    rating: Rating | None = None

    def describe(self) -> str:
        """What was done, for "Undid …": "the Good answer", "the suspend of 3 cards"."""
        what = f"the {self.rating.name.title()} answer" if self.rating is not None else f"the {self.action.value}"
        return what if len(self.card_ids) == 1 else f"{what} of {len(self.card_ids)} cards"


class UndoHistory:
    """The actions of one session (or one browser), latest last."""

    def __init__(self, store: Store, user_id: int):
        self._store = store
        self._user_id = user_id
        self._done: list[Done] = []

    def __len__(self) -> int:
        return len(self._done)

    def stored(self, card_ids: Iterable[int]) -> dict[int, Memory | None]:
        """The cards' memory rows as stored now, to pass to ``add`` once the action is done."""
        wanted = list(card_ids)
        rows = self._store.memory.all(self._user_id, wanted)
        return {card_id: rows.get(card_id) for card_id in wanted}

    def add(self, done: Done) -> None:
        self._done.append(done)

    def undo(self) -> Done | None:
        """Take back the latest action; None when there is none."""
        if not self._done:
            return None
        done = self._done.pop()
        self._store.takeback.restore(self._user_id, done.priors, done.review_id)
        return done
