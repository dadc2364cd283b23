"""Bury, suspend, flag, reset and their opposites on one or many cards, each recorded for undo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from peerquiz.core.store import Store
from peerquiz.core.store.records import Memory
from peerquiz.core.study.undo import Action, Done, UndoHistory


def changed(memory: Memory, action: Action, buried_until: datetime) -> Memory:
    """The memory once the action is done; grading is the scheduler's, not this."""
    match action:
        case Action.BURY:
            return memory.but(buried_until=buried_until)
        case Action.UNBURY:
            return memory.but(buried_until=None)
        case Action.SUSPEND:
            return memory.but(suspended=True)
        case Action.UNSUSPEND:
            return memory.but(suspended=False)
        case Action.FLAG:
            return memory.but(flag=1)
        case Action.UNFLAG:
            return memory.but(flag=0)
        case Action.RESET:
            # Forget the schedule; what the learner marked (flag, suspended, buried) stays.
            return Memory(card_id=memory.card_id, suspended=memory.suspended, buried_until=memory.buried_until,
                          flag=memory.flag)  # fmt: skip
    raise ValueError(f"{action.value} is not a change of marks")


def apply(
    store: Store, user_id: int, history: UndoHistory, card_ids: Sequence[int], action: Action,
    now: datetime, buried_until: datetime,
) -> dict[int, Memory]:  # fmt: skip
    """Do the action on the cards (committed together) and record it; the cards' memories after it."""
    priors = history.stored(card_ids)
    after = {cid: changed(prior or Memory(card_id=cid), action, buried_until) for cid, prior in priors.items()}
    store.memory.save_many(user_id, list(after.values()), now)
    history.add(Done(action, tuple(card_ids), priors))
    return after
