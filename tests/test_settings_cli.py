"""`peerquiz settings show|set`: a round trip, refusals in one line, and an effect at once."""

from __future__ import annotations

import json

import pytest

from .conftest import FIXTURES


@pytest.fixture
def ana(cli):
    assert cli("users", "add", "Ana").returncode == 0
    return ("--decks", str(FIXTURES), "--user", "Ana")


def test_show_lists_every_setting_with_its_default(cli, ana):
    result = cli("settings", "show", *ana)
    assert result.returncode == 0
    lines = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()}
    assert lines["new-per-day"] == "20" and lines["new-card-order"] == "interleaved"
    assert lines["learning-steps"] == "1m" and "10m" in result.stdout
    assert lines["leech-action"] == "suspend" and lines["desired-retention"] == "0.90"


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("new-per-day", "35", 35),
        ("reviews-per-day", "500", 500),
        ("desired-retention", "85%", 0.85),
        ("learning-steps", "1m 10m 1h", "1m 10m 1h"),
        ("relearning-steps", "5m", "5m"),
        ("day-start-hour", "0", 0),
        ("new-card-order", "random", "random"),
        ("leech-threshold", "5", 5),
        ("leech-action", "tag", "tag"),
        ("maximum-interval", "365", 365),
        ("exam-date", "2027-03-15", "2027-03-15"),
        ("plan-margin-days", "14", 14),
        ("new-per-day", "auto", "auto"),
    ],
)
def test_set_then_show_json_round_trips(cli, ana, key, value, shown):
    result = cli("settings", "set", key, value, *ana)
    assert result.returncode == 0, result.stderr
    assert json.loads(cli("settings", "show", "--json", *ana).stdout)[key] == shown
    assert cli("settings", "set", key, "default", *ana).returncode == 0
    defaults = json.loads(cli("settings", "show", "--json", *ana).stdout)
    assert defaults[key] != shown


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("new-per-day", "-1", "new-per-day: '-1' is not allowed: a whole number from 0 to 9999"),
        ("desired-retention", "0.5", "desired-retention: '0.5' is not allowed: a number from 0.70 to 0.97"),
        ("desired-retention", "0.98", "desired-retention: '0.98' is not allowed: a number from 0.70 to 0.97"),
        ("learning-steps", "1x", "learning-steps: '1x' is not allowed: steps such as '1m 10m'"),
        ("day-start-hour", "24", "day-start-hour: '24' is not allowed: a whole number from 0 to 23"),
        ("new-card-order", "alphabet", "new-card-order: 'alphabet' is not allowed: one of interleaved, deck, random"),
        ("leech-action", "delete", "leech-action: 'delete' is not allowed: one of suspend, tag"),
        ("deck-new-limit.nope", "5", "deck-new-limit.nope: no deck 'nope' in use (decks: mixed)"),
        ("colour", "red", "unknown setting 'colour'"),
        ("exam-date", "15/03/2027", "exam-date: '15/03/2027' is not allowed: a date written YYYY-MM-DD"),
        ("new-per-day", "lots", "new-per-day: 'lots' is not allowed: a whole number from 0 to 9999, or 'auto'"),
        # hostile values: huge, not a number, other scripts' digits, escapes and markup are echoed escaped
        ("reviews-per-day", "9" * 400, f"reviews-per-day: '{'9' * 400}' is not allowed: a whole number from 0 to 99999"),
        ("new-per-day", "\u0661\u0662", "new-per-day: '\u0661\u0662' is not allowed: a whole number from 0 to 9999"),
        ("learning-steps", "\u0661m", "learning-steps: '\u0661m' is not allowed: steps such as '1m 10m'"),
        ("desired-retention", "NaN", "desired-retention: 'NaN' is not allowed: a number from 0.70 to 0.97"),
        ("desired-retention", "inf%", "desired-retention: 'inf%' is not allowed: a number from 0.70 to 0.97"),
        ("leech-threshold", "5\x1b[2J", "leech-threshold: '5\\x1b[2J' is not allowed: a whole number from 1 to 99"),
        ("leech-action", "[@click=app.quit]x[/]", "leech-action: '[@click=app.quit]x[/]' is not allowed: one of suspend, tag"),
        ("exam-date", "0001-01-01", "exam-date: '0001-01-01' is not allowed: a date written YYYY-MM-DD from 2000-01-01 to 2999"),
        ("exam-date", "9999-12-31", "exam-date: '9999-12-31' is not allowed: a date written YYYY-MM-DD from 2000-01-01 to 2999"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_key_and_range_and_nothing_changes(cli, ana, key, value, message):
    before = cli("settings", "show", "--json", *ana).stdout
    result = cli("settings", "set", key, value, *ana)
    assert result.returncode == 2
    assert result.stderr.startswith(f"peerquiz: {message}") and result.stderr.count("\n") == 1
    assert cli("settings", "show", "--json", *ana).stdout == before


def test_a_deck_limit_shows_and_resets_and_changes_take_effect_at_once(cli, ana):
    assert cli("settings", "set", "deck-new-limit.mixed", "2", *ana).returncode == 0
    assert json.loads(cli("settings", "show", "--json", *ana).stdout)["deck-new-limit"] == {"mixed": 2}
    assert "deck-new-limit.mixed  2" in cli("settings", "show", *ana).stdout
    assert cli("decks", *ana).stdout.splitlines()[1].split() == ["mixed", "9", "2", "0", "0"]
    assert cli("settings", "set", "deck-new-limit.mixed", "default", *ana).returncode == 0
    assert json.loads(cli("settings", "show", "--json", *ana).stdout)["deck-new-limit"] == {}


def test_a_saved_value_now_out_of_range_falls_back_to_its_default(cli, ana, tmp_path):
    """An exam date in year 1, saved before dates were bounded, overflowed the plan in every verb."""
    from peerquiz.core.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'progress.db'}")
    profile = store.profiles.named("Ana")
    store.profiles.save_study_settings(profile.id, {"exam_date": "0001-01-01", "new_per_day_auto": True})
    store.close()
    assert cli("decks", *ana).returncode == 0
    assert json.loads(cli("settings", "show", "--json", *ana).stdout)["exam-date"] is None
    assert cli("settings", "set", "exam-date", "2027-03-15", *ana).returncode == 0
    assert json.loads(cli("settings", "show", "--json", *ana).stdout)["exam-date"] == "2027-03-15"
