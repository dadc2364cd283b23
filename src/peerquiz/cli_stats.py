"""The `stats` and `optimize` verbs. Heavy modules are imported when a verb runs."""

from __future__ import annotations

import argparse
import json

from peerquiz.cli import UsageError, _open, _profile
from peerquiz.config import Settings


def card_filter(library, deck: str | None, domain: str | None):
    """The CardFilter for --deck/--domain, refusing names the decks in use do not have."""
    from peerquiz.core.store import CardFilter

    if deck is not None and library.deck(deck) is None:
        known = ", ".join(d.id for d in library.decks) or "none loaded"
        raise UsageError(f"no deck {deck!r} (decks: {known})")
    if domain is not None and domain not in library.domains:
        raise UsageError(f"no domain {domain!r} (domains: {', '.join(library.domains) or 'none'})")
    return CardFilter(deck_ids=(deck,) if deck else (), domains=(domain,) if domain else ())


def _cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.stats import compute_stats
    from peerquiz.core.stats_report import stats_json, stats_text

    workspace = _open(settings)
    try:
        profile = _profile(workspace, settings)
        stats = compute_stats(workspace.store, profile, card_filter(workspace.library, args.deck, args.domain))
    finally:
        workspace.close()
    if args.json:
        print(json.dumps(stats_json(stats, args.deck, args.domain), indent=2, ensure_ascii=False))
    else:
        print(stats_text(stats, args.deck, args.domain))
    return 0


def _user_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a --user given before the verb when none is given after it.
    parser.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS, help="profile to use")


def register(verbs) -> None:
    stats = verbs.add_parser(
        "stats",
        help="study statistics: reviews per day, forecast, retention, mastery, streak",
        description="Statistics for a profile, as text tables or JSON (schema in docs/stats.md). "
        "Days are study days, which start at the profile's reset hour (4 am by default).",
    )
    _user_option(stats)
    stats.add_argument("--json", action="store_true", help="print JSON for scripts instead of tables")
    stats.add_argument("--deck", metavar="ID", help="only this deck")
    stats.add_argument("--domain", metavar="NAME", help="only cards of this domain")
    stats.set_defaults(run=_cmd_stats)
