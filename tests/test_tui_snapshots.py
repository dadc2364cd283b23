"""Snapshots at 80x24: the review screen for every card kind, asking and answered; home and exam start.

Deterministic: fixed clock, seeded shuffle, in-memory store. Update with --snapshot-update
after looking at the report.
"""

from __future__ import annotations

import pytest

from .conftest import deck_of, make_app, settle
from peerquiz.core.workspace import Workspace

CASES = {
    "basic": ("basic", []),
    "basic-revealed": ("basic", ["space"]),
    "cloze": ("cloze", []),
    "cloze-revealed": ("cloze", ["space"]),
    "mcq": ("mcq", ["b"]),
    "mcq-wrong": ("mcq", ["b", "enter"]),
    "multi": ("multi", ["a", "c"]),
    "multi-checked": ("multi", ["a", "c", "enter"]),
    "typed": ("typed", list("self adv")),
    "typed-wrong": ("typed", [*"self advocay", "enter"]),
    "ordering": ("ordering", ["down", "left_square_bracket"]),
    "ordering-checked": ("ordering", ["enter"]),
    "truefalse": ("truefalse", []),
    "truefalse-answered": ("truefalse", ["f"]),
    "typed-wrong-light-theme": ("typed", [*"self advocay", "enter"]),
}


@pytest.mark.parametrize("case", CASES)
def test_review_screen(case, snap_compare, tmp_path, clock):
    kind, keys = CASES[case]
    workspace = Workspace.open("sqlite://", [deck_of(tmp_path, kind)])
    workspace.store.add_profile("Ana", clock())

    async def study_first_card(pilot):
        if "light" in case:
            pilot.app.theme = "textual-light"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    try:
        assert snap_compare(make_app(workspace, clock), terminal_size=(80, 24), run_before=study_first_card)
    finally:
        workspace.close()


@pytest.mark.parametrize("keys", [(), ("x",)], ids=["home", "exam-start"])
def test_home_and_exam_start_screens(keys, snap_compare, clock):
    from .conftest import FIXTURES

    workspace = Workspace.open("sqlite://", [FIXTURES])
    workspace.store.add_profile("Ana", clock())

    async def open_screen(pilot):
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    try:
        assert snap_compare(make_app(workspace, clock), terminal_size=(80, 24), run_before=open_screen)
    finally:
        workspace.close()
