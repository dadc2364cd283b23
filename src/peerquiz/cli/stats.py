"""The `stats` and `optimize` verbs. Heavy modules are imported when a verb runs."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from peerquiz.cli.common import UsageError, chosen_profile, open_workspace
from peerquiz.config import Settings

if TYPE_CHECKING:
    from peerquiz.core.decks.library import Library
    from peerquiz.core.store import CardFilter, Store
    from peerquiz.core.store.records import Profile
    from peerquiz.core.workspace import Workspace


def _card_filter(library: Library, deck: str | None, domain: str | None) -> CardFilter:
    """The CardFilter for --deck/--domain, refusing names the decks in use do not have."""
    from peerquiz.core.store.card_filter import CardFilter

    if deck is not None and deck not in {h.id for h in library.headers}:
        known = ", ".join(h.id for h in library.headers) or "none loaded"
        raise UsageError(f"no deck {deck!r} (decks: {known})")
    if domain is not None and domain not in library.domains:
        raise UsageError(f"no domain {domain!r} (domains: {', '.join(library.domains) or 'none'})")
    return CardFilter(deck_ids=(deck,) if deck else (), domains=(domain,) if domain else ())


def _cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.stats.report import stats_json, stats_text
    from peerquiz.core.stats.statistics import compute_stats

    workspace = open_workspace(settings)
    try:
        profile = chosen_profile(workspace, settings)
        stats = compute_stats(workspace.store, profile, _card_filter(workspace.library, args.deck, args.domain))
        plan = _plan(workspace, profile, settings) if args.json else None
    finally:
        workspace.close()
    if args.json:
        print(json.dumps({**stats_json(stats, args.deck, args.domain), "plan": plan}, indent=2, ensure_ascii=False))
    else:
        print(stats_text(stats, args.deck, args.domain))
    return 0


def _plan(workspace: Workspace, profile: Profile, settings: Settings) -> dict[str, Any] | None:
    """The exam plan for JSON (docs/stats.md); its readiness is left out when the blueprint cannot be read."""
    from peerquiz.config import bundled_decks_dir
    from peerquiz.core.clock import utc_now
    from peerquiz.core.exams.blueprint import BlueprintError, find_blueprint, load_blueprint
    from peerquiz.core.exams.exam_day import exam_day_readiness, plan_json
    from peerquiz.core.study.plan import exam_plan
    from peerquiz.core.study.settings import scheduler_settings

    store, library, now = workspace.store, workspace.library, utc_now()
    plan = exam_plan(store, library, profile, scheduler_settings(store, profile), now)
    if plan is None:
        return None
    try:
        blueprint = load_blueprint(find_blueprint(settings.deck_paths, bundled_decks_dir()))
    except BlueprintError:
        return plan_json(plan, None)
    return plan_json(plan, exam_day_readiness(store, library, profile, blueprint, now))


def _retention(text: str) -> float:
    """A desired retention from 0.85 or 85%; checked here so a mistake is one line, as elsewhere."""
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise UsageError(f"--retention: not a number: {text!r}") from None
    if not 0.70 <= value <= 0.99:
        raise UsageError(f"--retention: desired retention must be between 0.70 and 0.99, not {text}")
    return value


def _fit(store: Store, profile: Profile, preview: bool) -> None:
    from peerquiz.core.stats.optimizer import (
        OptimizerError,
        fit_parameters,
        save_parameters,
    )

    try:
        result = fit_parameters(store, profile)
    except OptimizerError as exc:
        raise UsageError(str(exc)) from None
    print(f"fitted on {result.reviews} reviews")
    print(f"log loss with the current parameters: {result.old_log_loss:.4f}")
    print(f"log loss with the fitted parameters:  {result.new_log_loss:.4f}")
    if not result.accepted:
        print("kept the current parameters: the fitted ones do not predict your answers better")
    elif preview:
        print("preview: the fitted parameters predict your answers better; nothing saved")
    else:
        save_parameters(store, profile, result.parameters)
        print("saved the fitted parameters")


def _preview_retention(store: Store, profile: Profile, retention: float, preview: bool) -> None:
    from peerquiz.core.stats.report import percent, table
    from peerquiz.core.stats.workload import DAYS, simulate_workload
    from peerquiz.core.store.card_filter import CardFilter
    from peerquiz.core.study.settings import scheduler_settings

    settings = scheduler_settings(store, profile)
    size = store.history.state_counts(profile.id, CardFilter()).total
    now, new = (simulate_workload(store, profile, r, size) for r in (settings.desired_retention, retention))
    print(f"{size} cards studied from scratch for {DAYS} days with {settings.new_per_day} new cards "
          f"and at most {settings.reviews_per_day} reviews a day (simulated):")  # fmt: skip
    rows = [
        ("", "now", "new"),
        ("desired retention", percent(now.desired_retention), percent(new.desired_retention)),
        ("reviews a day, average", f"{now.average_reviews:.1f}", f"{new.average_reviews:.1f}"),
        ("reviews a day, busiest", now.peak_reviews, new.peak_reviews),
        ("minutes a day, average", f"{now.average_minutes:.1f}", f"{new.average_minutes:.1f}"),
        ("cards remembered at the end", f"{now.remembered:.0f}", f"{new.remembered:.0f}"),
    ]
    rows += [(f"month {n} reviews a day", f"{a:.1f}", f"{b:.1f}")
             for n, (a, b) in enumerate(zip(now.monthly_reviews(), new.monthly_reviews()), 1)]  # fmt: skip
    print("\n".join(table(rows)))
    if preview:
        print("preview: nothing saved")
    else:
        store.profiles.save_study_settings(
            profile.id, {**store.profiles.study_settings(profile.id), "desired_retention": retention}
        )
        print(f"saved desired retention {percent(retention)}")


def _cmd_optimize(args: argparse.Namespace, settings: Settings) -> int:
    retention = None if args.retention is None else _retention(args.retention)
    workspace = open_workspace(settings)
    try:
        profile = chosen_profile(workspace, settings)
        if retention is None:
            _fit(workspace.store, profile, args.preview)
        else:
            _preview_retention(workspace.store, profile, retention, args.preview)
    finally:
        workspace.close()
    return 0


def register(verbs: argparse._SubParsersAction, shared: argparse.ArgumentParser) -> None:
    stats = verbs.add_parser(
        "stats",
        parents=[shared],
        help="study statistics: reviews per day, forecast, retention, mastery, streak",
        description="Statistics for a profile, as text tables or JSON (schema in docs/stats.md). "
        "Days are study days, which start at the profile's reset hour (4 am by default).",
    )
    stats.add_argument("--json", action="store_true", help="print JSON for scripts instead of tables")
    stats.add_argument("--deck", metavar="ID", help="only this deck")
    stats.add_argument("--domain", metavar="NAME", help="only cards of this domain")
    stats.set_defaults(run=_cmd_stats)

    from peerquiz.core.stats.fitting_minimum import NEEDED_HISTORY

    optimize = verbs.add_parser(
        "optimize",
        parents=[shared],
        help="fit the FSRS parameters to your answers, or preview a new desired retention",
        description="Fit the profile's FSRS parameters to its study history and keep them only if "
        "they predict the answers better (lower log loss) than the current ones; both losses are "
        f"printed. {NEEDED_HISTORY} "
        "With --retention, simulate a year of study at the current and the new desired retention "
        "(reviews a day, minutes a day) and save the new one.",
    )
    optimize.add_argument("--retention", metavar="R", help="new desired retention, 0.70 to 0.99 (or 70%%-99%%)")
    optimize.add_argument("--preview", action="store_true", help="show the result without saving anything")
    optimize.set_defaults(run=_cmd_optimize)
