"""`peerquiz cards`: the card browser's result on the command line, as a table or JSON."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from peerquiz.cli.common import UsageError, chosen_profile, open_workspace
from peerquiz.config import Settings

if TYPE_CHECKING:
    from peerquiz.core.study.card_search import FoundCard

STATES = ("new", "learning", "review", "due", "suspended", "buried", "leech", "flagged")
PROMPT_WIDTH = 60


def _as_json(found: FoundCard, now: datetime) -> dict[str, Any]:
    from peerquiz.core.study.grading import front

    memory = found.memory
    studied = memory is not None and not memory.is_new
    return {
        "deck": found.item.deck_id, "card": found.item.item_id, "kind": found.item.card.kind,
        "domain": found.item.card.domain, "tags": list(found.item.card.tags), "state": found.state,
        "due": memory.due.isoformat() if studied and memory and memory.due else None,
        "lapses": memory.lapses if memory else 0, "marks": found.marks(now),
        "prompt": front(found.item),
    }  # fmt: skip


def _as_row(found: FoundCard, now: datetime) -> tuple[str, ...]:
    from peerquiz.core.study.grading import front

    memory = found.memory
    due = memory.due.date().isoformat() if memory and not memory.is_new and memory.due else "-"
    prompt = " ".join(front(found.item).split())
    prompt = prompt if len(prompt) <= PROMPT_WIDTH else prompt[: PROMPT_WIDTH - 1] + "…"
    return (found.item.deck_id, found.item.item_id, found.state, due, str(memory.lapses if memory else 0),
            ",".join(found.marks(now)) or "-", prompt)  # fmt: skip


def _cmd_cards(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.store.card_filter import CardFilter
    from peerquiz.core.store.card_query import CardQuery, CardState
    from peerquiz.core.study.card_search import CardSearch

    workspace = open_workspace(settings)
    try:
        library = workspace.library
        known_decks = {h.id for h in library.headers}
        for deck_id in args.deck or ():
            if deck_id not in known_decks:
                raise UsageError(f"--deck: no deck with id {deck_id!r} (decks: {', '.join(sorted(known_decks))})")
        for domain in args.domain or ():
            if domain not in library.domains:
                raise UsageError(f"--domain: no domain named {domain!r} in the decks in use")
        if args.min_lapses < 0:
            raise UsageError("--lapses: give a number of lapses, 0 or more")
        profile = chosen_profile(workspace, settings)
        cards = CardFilter(deck_ids=tuple(args.deck or ()), domains=tuple(args.domain or ()), tag=args.tag)
        query = CardQuery(cards, state=CardState(args.state) if args.state else None, min_lapses=args.min_lapses)
        search = CardSearch(workspace.store, library, profile)
        found = search.rows(search.card_ids(query, args.search or ""))
        now = search.clock()
        if args.json:
            print(json.dumps([_as_json(f, now) for f in found], indent=2, ensure_ascii=False))
            return 0
        rows = [("deck", "card", "state", "due", "lapses", "marks", "prompt"), *(_as_row(f, now) for f in found)]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            print("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[-1]]))
        print(f"{len(found)} card{'s' if len(found) != 1 else ''}")
    finally:
        workspace.close()
    return 0


def register(verbs: argparse._SubParsersAction, shared: argparse.ArgumentParser) -> None:
    cards = verbs.add_parser("cards", parents=[shared], help="find cards by text, deck, domain and state (as the card browser)")
    cards.add_argument("--search", metavar="TEXT", help="words that must all appear in the prompt, answer, explanation, source or tags")
    cards.add_argument("--state", choices=STATES, help="only cards in this state")
    cards.add_argument("--deck", action="append", metavar="ID", help="only this deck (repeatable)")
    cards.add_argument("--domain", action="append", metavar="NAME", help="only this exam domain (repeatable)")
    cards.add_argument("--tag", metavar="TAG", help="only cards with this tag")
    cards.add_argument("--lapses", dest="min_lapses", type=int, default=0, metavar="N", help="only cards forgotten N times or more")
    cards.add_argument("--json", action="store_true", help="print JSON for scripts instead of a table")
    cards.set_defaults(run=_cmd_cards)
