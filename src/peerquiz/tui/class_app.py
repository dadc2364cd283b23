"""A minimal app for `peerquiz class show`: the class screen on its own."""

from __future__ import annotations

from peerquiz.core.clock import Clock, utc_now
from peerquiz.core.decks.library import Library
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.store import Store
from peerquiz.tui.base import PeerquizBase
from peerquiz.tui.screens.class_view import ClassScreen


class ClassApp(PeerquizBase):
    TITLE = "peerquiz class"

    def __init__(self, store: Store, library: Library, blueprint: Blueprint, clock: Clock = utc_now):
        super().__init__()
        self.class_screen = ClassScreen(store, library, blueprint, clock)

    def on_mount(self) -> None:
        self.push_screen(self.class_screen, callback=lambda _: self.exit())
