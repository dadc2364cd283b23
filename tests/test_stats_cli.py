"""`peerquiz stats`, run as a script or an instructor would run it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from peerquiz.core.store import Store

from .history import OTHER_DOMAIN, build, deck_paths


@pytest.fixture
def run(tmp_path: Path, cli):
    """`peerquiz --decks ... ARGS` over the hand-built history, in the database the command uses."""
    store = Store.open(f"sqlite:///{tmp_path / 'progress.db'}")
    build(store, tmp_path)
    store.close()
    decks = [arg for path in deck_paths(tmp_path) for arg in ("--decks", str(path))]
    return lambda *args: cli(*decks, *args)


def check_days(entries: list[dict], length: int, fields: dict[str, type]) -> None:
    assert len(entries) == length
    days = [date.fromisoformat(e["day"]) for e in entries]
    assert all(b - a == timedelta(days=1) for a, b in pairwise(days)), "one entry per day, oldest first"
    for entry in entries:
        assert set(entry) == {"day", *fields} and all(isinstance(entry[k], t) for k, t in fields.items())


def test_json_follows_the_documented_schema(run):
    result = run("stats", "--user", "Ana", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"schema", "profile", "generated_at", "today", "filter", "desired_retention", "cards",
                         "reviews_per_day", "heatmap", "forecast", "retention", "mastery", "leeches", "streak",
                         "minutes_studied", "plan"}  # fmt: skip
    assert data["plan"] is None  # no exam date set
    assert (data["schema"], data["profile"], data["filter"]) == (1, "Ana", {"deck": None, "domain": None})
    assert data["cards"] == {"new": 3, "learning": 1, "review": 5, "relearning": 1, "suspended": 1, "total": 11}
    check_days(data["reviews_per_day"], 90, {"answers": int, "minutes": float})
    check_days(data["heatmap"], 365, {"answers": int, "level": int})
    check_days(data["forecast"], 30, {"due": int})
    assert data["forecast"][0]["day"] == data["today"] == data["reviews_per_day"][-1]["day"]
    assert set(data["retention"]) == {"last_7_days", "last_30_days", "last_365_days"}
    for window in data["retention"].values():
        for group in ("young", "mature", "all"):
            assert set(window[group]) == {"answered", "recalled", "rate"}
    assert [(m["domain"], m["cards"]) for m in data["mastery"]] == [
        ("Advocacy", 1), ("Ethical Responsibility", 4), ("Mentoring and Education", 2),
        ("Recovery/Wellness Support", 2), (OTHER_DOMAIN, 2),
    ]  # fmt: skip
    assert all(set(m) == {"domain", "cards", "mastered", "share"} for m in data["mastery"])
    assert data["leeches"] == [
        {"deck": "mixed", "card": "order-1", "domain": "Mentoring and Education", "lapses": 9, "suspended": False},
        {"deck": "other", "card": "o2", "domain": OTHER_DOMAIN, "lapses": 8, "suspended": True},
    ]
    assert set(data["streak"]) == {"current", "longest", "studied_today"} and data["streak"]["longest"] == 4
    # 380 s in March, 4 x 60 s in February, 1 s in 2025; the 600 s answer counts as 300 s
    assert data["minutes_studied"]["total"] == pytest.approx(621 / 60, abs=0.01)


def test_json_gives_the_exam_plan_once_an_exam_date_is_set(run):
    exam = date.today() + timedelta(days=40)
    assert run("settings", "set", "exam-date", exam.isoformat(), "--user", "Ana").returncode == 0
    data = json.loads(run("stats", "--user", "Ana", "--json").stdout)
    plan = data["plan"]
    assert plan["exam_date"] == exam.isoformat() and plan["margin_days"] == 7
    assert plan["days_left"] == (exam - date.fromisoformat(data["today"])).days
    assert plan["not_learned"] == data["cards"]["new"]
    assert plan["new_per_day_needed"] == -(-plan["not_learned"] // (plan["days_left"] - 7))
    readiness = plan["exam_day_readiness"]
    assert 0 < readiness["overall"] <= 1 and {d["domain"] for d in readiness["domains"]} >= {"Advocacy"}


def test_json_with_a_deck_and_domain_filter(run):
    data = json.loads(run("--user", "Ana", "stats", "--json", "--deck", "other", "--domain", OTHER_DOMAIN).stdout)
    assert data["filter"] == {"deck": "other", "domain": OTHER_DOMAIN}
    assert data["cards"]["total"] == 2 and [l["card"] for l in data["leeches"]] == ["o2"]


def test_text_tables_name_the_figures(run):
    result = run("stats", "--user", "Ana")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Ana · all decks" in out
    assert out.splitlines()[3].split() == ["3", "1", "5", "1", "1", "11"]
    for heading in ("true retention", "last 365 days", "due in the next 30 days", "leech", "minutes studied"):
        assert heading in out
    assert "order-1  mixed       9         no" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("stats", "--user", "Ana", "--deck", "nope"), "no deck 'nope' (decks: mixed, other)"),
        (("stats", "--user", "Ana", "--domain", "Cooking"), "no domain 'Cooking'"),
        (("stats", "--user", "Zed"), "no profile named 'Zed'"),
    ],
)
def test_mistakes_are_one_line_with_status_2(run, args, message):
    result = run(*args)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr
