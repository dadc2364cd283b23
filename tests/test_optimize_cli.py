"""`peerquiz optimize`, run as a user would run it, on a simulated learner's history."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from peerquiz.core.store import Store

from .conftest import FIXTURES
from .synthetic import simulate_learner


@pytest.fixture(scope="module")
def learner_db(tmp_path_factory) -> Path:
    """Months of simulated study, built once: fitting needs hundreds of answers and they take a while to make."""
    path = tmp_path_factory.mktemp("learner") / "progress.db"
    store = Store.open(f"sqlite:///{path}")
    ana = store.profiles.add("Ana")
    store.profiles.save_study_settings(ana.id, {"fuzz": False, "new_per_day": 15})
    simulate_learner(store, ana)
    store.profiles.add("Bo")
    store.close()
    return path


@pytest.fixture
def db(learner_db: Path, tmp_path: Path) -> Path:
    """A copy of the learner's database where the command looks for it, so a test may change it."""
    return Path(shutil.copy(learner_db, tmp_path / "progress.db"))


@pytest.fixture
def run(db: Path, cli):
    return lambda *args: cli("--decks", FIXTURES, *args)


def saved_settings(db: Path, name: str) -> dict:
    store = Store.open(f"sqlite:///{db}")
    try:
        return store.profiles.study_settings(store.profiles.named(name).id)
    finally:
        store.close()


def test_help_says_how_much_history_is_needed(run):
    out = run("optimize", "--help").stdout
    assert "at least 400 study-mode reviews" in " ".join(out.split())


def test_fitting_reports_both_losses_and_saves_only_without_preview(db, run):
    preview = run("--user", "Ana", "optimize", "--preview")
    assert preview.returncode == 0, preview.stderr
    lines = preview.stdout.splitlines()
    old, new = (float(line.rsplit(" ", 1)[1]) for line in lines[1:3])
    assert lines[1].startswith("log loss with the current parameters") and new < old
    assert "nothing saved" in lines[3] and "parameters" not in saved_settings(db, "Ana")

    saved = run("optimize", "--user", "Ana")
    assert saved.returncode == 0 and saved.stdout.splitlines()[-1] == "saved the fitted parameters"
    settings = saved_settings(db, "Ana")
    assert len(settings["parameters"]) == 21 and settings["new_per_day"] == 15


def test_too_little_history_is_a_one_line_error(run):
    result = run("--user", "Bo", "optimize")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "too little history: 0 of 400 reviews needed" in result.stderr


def test_retention_preview_shows_the_simulated_workload_before_saving(db, run):
    preview = run("--user", "Ana", "optimize", "--retention", "0.80", "--preview")
    assert preview.returncode == 0, preview.stderr
    rows = {line.rsplit(None, 2)[0]: line.split()[-2:] for line in preview.stdout.splitlines()[1:] if "  " in line}
    assert rows["desired retention"] == ["90%", "80%"]
    now, new = (float(v) for v in rows["reviews a day, average"])
    assert new < now
    assert sum(1 for key in rows if key.startswith("month ")) == 12
    assert "desired_retention" not in saved_settings(db, "Ana")

    assert run("--user", "Ana", "optimize", "--retention", "85%").stdout.splitlines()[-1] == "saved desired retention 85%"
    assert saved_settings(db, "Ana")["desired_retention"] == 0.85


@pytest.mark.parametrize("value", ["0.5", "lots"])
def test_a_bad_retention_is_a_one_line_error(run, value):
    result = run("--user", "Ana", "optimize", "--retention", value)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--retention" in result.stderr
