"""A minimal app for `peerquiz exam`: the exam screens on their own.

The main study app can push the same screens; this exists so the exam verb
works before (and without) it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from peerquiz.core.clock import Clock, utc_now
from peerquiz.core.decks.library import Library
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.exams.practice import PracticeSession
from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile
from peerquiz.tui.base import PeerquizBase
from peerquiz.tui.context import StudyContext
from peerquiz.tui.screens.exam_start import ExamStartScreen
from peerquiz.tui.screens.practice import PracticeScreen


class ExamApp(PeerquizBase):
    TITLE = "peerquiz exam"

    def __init__(self, store: Store, library: Library, profile: Profile, blueprint: Blueprint,
                 practice: bool = False, domains: Sequence[str] = (), clock: Clock = utc_now,
                 form: int | None = None):  # fmt: skip
        super().__init__()
        context = StudyContext(store, library, profile, clock, random.Random())
        self.start = ExamStartScreen(context, blueprint, domains, form=form)
        self.practice = PracticeSession(store, library, profile, blueprint, list(domains), clock) if practice else None

    def on_mount(self) -> None:
        self.push_screen(self.start, callback=lambda _: self.exit())  # leaving the start page ends the app
        if self.practice is not None:
            self.push_screen(PracticeScreen(self.practice))
