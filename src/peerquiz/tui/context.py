"""What the screens work with, handed to each one that needs it: who studies, with which data, at what time.

The types are imported for checking only: the app builds a context once the store is open, and the
app module must load without the store's heavy imports (its first frame paints before they load).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peerquiz.core.clock import Clock
    from peerquiz.core.decks.library import Library
    from peerquiz.core.store import Store
    from peerquiz.core.store.records import Profile


@dataclass(frozen=True)
class StudyContext:
    store: Store
    library: Library
    profile: Profile
    clock: Clock
    rng: random.Random  # shuffles choices and orderings; seeded in tests so screens look the same each run
