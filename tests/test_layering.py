"""The core never imports the UI, and the app paints before the store's heavy imports load."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import peerquiz.core

CORE_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(peerquiz.core.__path__, "peerquiz.core.") if ".migrations" not in m.name
)


def modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sys.modules))"
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def test_core_modules_exist():
    assert {"peerquiz.core.decks.loader", "peerquiz.core.study.session", "peerquiz.core.store.store"} <= set(CORE_MODULES)


def test_no_core_module_imports_textual_or_rich():
    # A fresh interpreter, checked after each import, so the message names the culprit.
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert not {'textual', 'rich'} & set(sys.modules), name\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_importing_the_package_and_cli_stays_light():
    loaded = modules_after("import peerquiz, peerquiz.cli")
    assert {"textual", "sqlmodel", "sqlalchemy", "alembic", "fsrs"}.isdisjoint(loaded)
    # --help, `new` and `check`'s parser must not pay for pydantic and the deck model.
    assert {"pydantic", "peerquiz.core.decks.model", "peerquiz.core.exams.forms"}.isdisjoint(loaded)


def test_the_app_module_loads_without_the_store_so_the_first_frame_comes_first():
    loaded = modules_after("import peerquiz.tui.app")
    assert {"sqlalchemy", "sqlmodel", "fsrs"}.isdisjoint(loaded)


def test_the_preview_needs_no_store_so_it_cannot_write_progress():
    loaded = modules_after("import peerquiz.tui.preview_app")
    assert {"sqlalchemy", "sqlmodel", "fsrs", "alembic"}.isdisjoint(loaded)


def test_decks_read_from_the_parse_cache_leave_the_yaml_reader_unloaded(tmp_path):
    from .conftest import FIXTURES

    load = (
        "from pathlib import Path; from peerquiz.core.decks.library import Library\n"
        f"Library.load([Path({str(FIXTURES)!r})], Path({str(tmp_path)!r}))"
    )
    reader = "peerquiz.core.decks.yaml_reading"
    assert reader in modules_after(load)  # the first start parses the files
    assert {reader, "yaml"}.isdisjoint(modules_after(load))  # the next one finds every deck in the cache


def test_opening_the_decks_and_the_store_loads_no_exam_study_or_stats_code(tmp_path):
    # A start that only lists decks must not pay for features it does not show.
    from .conftest import FIXTURES

    opened = (
        "from pathlib import Path; from peerquiz.core.workspace import Workspace\n"
        f"Workspace.open('sqlite://', [Path({str(FIXTURES)!r})], Path({str(tmp_path)!r}))"
    )
    loaded = modules_after(opened)
    assert "peerquiz.core.decks.library" in loaded
    assert not {m for m in loaded if m.startswith(("peerquiz.core.exams", "peerquiz.core.study", "peerquiz.core.stats"))}


def test_a_first_card_on_sqlite_loads_no_postgresql_and_no_exam_class_or_browser_queries(tmp_path):
    from peerquiz.core.store import Store

    from .conftest import FIXTURES

    url = f"sqlite:///{tmp_path / 'progress.db'}"
    store = Store.open(url)  # created before the start that is checked
    store.profiles.add("sam")
    store.close()
    first_card = (
        "from pathlib import Path; from peerquiz.core.workspace import Workspace\n"
        "from peerquiz.core.study.session import StudySession\n"
        f"workspace = Workspace.open({url!r}, [Path({str(FIXTURES)!r})], Path({str(tmp_path)!r}))\n"
        "StudySession(workspace.store, workspace.library, workspace.store.profiles.named('sam')).next()"
    )
    loaded = modules_after(first_card)
    assert "sqlalchemy.dialects.postgresql" not in loaded and "alembic" not in loaded
    assert {"peerquiz.core.store.exams", "peerquiz.core.store.classroom", "peerquiz.core.store.browse"}.isdisjoint(loaded)
