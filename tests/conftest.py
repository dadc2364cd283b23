"""Shared fixtures: an in-memory workspace over the test decks and a clock we control."""

from __future__ import annotations

import os
import stat
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import textual._wait as _textual_wait
from hypothesis import settings as hypothesis_settings

from peerquiz.core.store import CardSpec, Store
from peerquiz.core.store.classroom import class_name
from peerquiz.core.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures"

# Study days start at a local hour; pin the zone so day boundaries are the same everywhere.
os.environ["TZ"] = "UTC"
time.tzset()

# Textual's pilot decides the app is idle (a key handled, a screen drawn) by sleeping in steps and
# seeing that no CPU time was used meanwhile; it does this several times per key press. Steps of
# 5 ms instead of 20 ms see the same idle state sooner: the UI tests take a third less time.
_textual_wait.SLEEP_GRANULARITY = 0.005

# Property tests draw the same examples on every run, so a CI result never rests on which inputs
# happened to be drawn. `HYPOTHESIS_PROFILE=explore pytest ...` draws fresh ones to look for bugs.
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@dataclass
class FakeClock:
    now: datetime = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# The store's tests run on each backend: SQLite always, PostgreSQL when a server is named here.
PG_URL_ENV = "PEERQUIZ_TEST_PG_URL"
BACKENDS = ["sqlite", "postgresql"] if os.environ.get(PG_URL_ENV) else ["sqlite"]


@contextmanager
def fresh_pg_schema() -> Iterator[str]:
    """A URL on the PostgreSQL test server whose connections work in a new, empty schema, dropped after."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(os.environ[PG_URL_ENV]).set(drivername="postgresql+psycopg")
    schema = f"pq_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield server.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            # Roles belong to the whole server: drop the ones a class in this schema made.
            prefix = class_name(server.database or "", schema)
            made = conn.execute(text("SELECT rolname FROM pg_roles WHERE starts_with(rolname, :p)"), {"p": prefix}).scalars()
            for role in list(made):
                conn.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path: Path) -> Iterator[str]:
    """A new, empty database on each backend in turn: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'progress.db'}"
        return
    with fresh_pg_schema() as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def workspace():
    opened = Workspace.open("sqlite://", [FIXTURES])
    yield opened
    opened.close()


@pytest.fixture
def profile(workspace, clock):
    """Ana, studying new cards in file order so that tests know which card comes next."""
    made = workspace.store.profiles.add("Ana", clock())
    workspace.store.profiles.save_study_settings(made.id, {"new_card_order": "deck"})
    return made


def synced_ids(store: Store, specs: list[CardSpec]) -> dict[tuple[str, str], int]:
    """Sync these cards into the store: (deck id, item id) -> card id of the live cards of their decks."""
    store.cards.sync(specs)
    return store.cards.ids({spec.deck_id for spec in specs})


def deck_of(tmp_path: Path, *kinds: str, edit=None) -> Path:
    """A copy of the mixed deck keeping only cards of these kinds (and changed by ``edit``), in its own folder."""
    import yaml

    deck = yaml.safe_load((FIXTURES / "mixed.yaml").read_text(encoding="utf-8"))
    deck["cards"] = [card for card in deck["cards"] if card["kind"] in kinds]
    if edit:
        edit(deck)
    folder = tmp_path / "decks"
    folder.mkdir(exist_ok=True)
    (folder / "mixed.yaml").write_text(yaml.safe_dump(deck, sort_keys=False), encoding="utf-8")
    return folder


def many_decks(folder: Path, count: int) -> list[str]:
    """``count`` copies of the mixed deck in ``folder``, with ids deck000, deck001... (and titles "Deck deck000"...)."""
    text = (FIXTURES / "mixed.yaml").read_text()
    decks = [f"deck{n:03}" for n in range(count)]
    for deck in decks:
        (folder / f"{deck}.yaml").write_text(text.replace("id: mixed\ntitle: Mixed kinds", f"id: {deck}\ntitle: Deck {deck}"))
    return decks


def make_app(workspace, clock, user: str | None = "Ana", db_url: str = "sqlite://", study_now: str | None = None):
    """The app with a fixed clock and a seeded shuffle.

    ``workspace`` is an open Workspace, or None to open ``db_url`` over the test decks
    as the real command does (the app closes what it opened, so a file survives a run).
    """
    from peerquiz.config import Settings
    from peerquiz.tui.app import PeerquizApp

    settings = Settings(db_url=db_url, deck_paths=(FIXTURES,), user=user)

    def open_workspace():
        return workspace or Workspace.open(db_url, settings.deck_paths)

    return PeerquizApp(settings, open_workspace=open_workspace, clock=clock, shuffle_seed=7, study_now=study_now)


async def settle(pilot) -> None:
    """Wait until workers (loading the workspace, showing a card) are done and the screen is drawn."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot, condition, timeout: float = 10.0) -> None:
    """Let the app run in short steps until ``condition()`` holds; fail if it has not after ``timeout`` seconds.

    For what a timer brings about (a poll, a countdown): the test waits for the outcome, not for a set time.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still not so after {timeout} s"
        await pilot.pause(0.01)


def text_of(screen, selector: str) -> str:
    """What the widget at ``selector`` shows, as plain text: a Static's content (Content or a Rich
    renderable such as a table) or any other widget's rendering."""
    from rich.console import Console
    from textual.content import Content
    from textual.widgets import Static

    widget = screen.query_one(selector)
    shown = widget.content if isinstance(widget, Static) else widget.render()
    if isinstance(shown, Content):
        return shown.plain
    console = Console(width=200, record=True, color_system=None)
    console.print(shown, end="")
    return console.export_text()


def shown_text(screen) -> str:
    """The text of every displayed Static and Button on a screen, as the learner reads it."""
    from textual.widget import Widget
    from textual.widgets import Button

    parts = []
    for widget in screen.query("Static, Button"):
        if all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget)):
            parts.append(str(widget.label) if isinstance(widget, Button) else str(widget.visual))
    return "\n".join(parts)


def fake_editor(tmp_path: Path, monkeypatch, then: str = "") -> Path:
    """$VISUAL set to a script that records its arguments (returned file), then runs ``then`` on the file ($2)."""
    record = tmp_path / "args.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\necho "$@" > {record}\n{then}\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("VISUAL", str(editor))
    return record


@dataclass
class CommandResult:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(tmp_path: Path, monkeypatch, capsys):
    """Run `peerquiz ARGS` in this process, as from a shell in ``tmp_path`` with a fresh database and cache.

    The exit status is what ``main`` returns, or argparse's SystemExit code for --help and bad options.
    """
    from peerquiz.cli import main

    monkeypatch.chdir(tmp_path)  # default paths such as decks/NAME.yaml land in the scratch folder
    monkeypatch.setenv("PEERQUIZ_DB", str(tmp_path / "progress.db"))
    monkeypatch.delenv("PEERQUIZ_DECKS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no parse cache shared with the user's

    def run(*args: str | Path) -> CommandResult:
        capsys.readouterr()  # only this command's output
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return CommandResult(code, out, err)

    return run
