"""The Anki half of bench/versus_anki.py: the same work on the same collection, in Anki's backend.

Runs under a Python that has Anki's package (never a peerquiz dependency):
    python3 -m venv /tmp/anki-venv && /tmp/anki-venv/bin/pip install anki
It imports nothing of peerquiz: cards and history come from bench/collection.py's pure
functions, so both apps hold the same cards, memory states and review log.

Commands (each prints one JSON object):
    build DIR CARDS     make DIR/collection.anki2; reports the add-notes rate
    add DIR CARDS       the add-notes rate into a new collection at DIR, removed after
    answer DIR COUNT    answer COUNT cards (answer, then fetch the next); times and peak RSS
    queue DIR RUNS      build today's queue on a freshly opened collection
    tree DIR RUNS       the deck list's counts (deck_due_tree)
    graphs DIR RUNS     the statistics screen's data for a year (graphs)
    first DIR           open the collection and fetch the first card (timed by the caller)
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from collection import CARDS_PER_DECK, card_text, peak_rss_kb, synthetic_history

# isort: off
from anki.collection import AddNoteRequest, Collection  # first: anki.cards needs it loaded
from anki.cards import Card, FSRSMemoryState
from anki.scheduler_pb2 import CardAnswer

# isort: on


def _collection(folder: Path) -> Collection:
    return Collection(str(folder / "collection.anki2"))


def _add_notes(col: Collection, cards: int) -> float:
    """Add the bench's cards as Basic notes, one deck per CARDS_PER_DECK; the add-notes rate in cards/s."""
    basic = col.models.by_name("Basic")
    requests = []
    for index in range(cards):
        deck_id = col.decks.id(f"bench::bench-{index // CARDS_PER_DECK:02d}")
        note = col.new_note(basic)
        note["Front"], note["Back"] = card_text(index)
        requests.append(AddNoteRequest(note=note, deck_id=deck_id))
    start = time.perf_counter()
    col.add_notes(requests)
    return cards / (time.perf_counter() - start)


def add(folder: Path, cards: int) -> dict[str, float]:
    """The add-notes rate into a new, empty collection at ``folder`` (removed after), for timing in turns."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    col = _collection(folder)
    rate = _add_notes(col, cards)
    col.close()
    shutil.rmtree(folder)
    return {"add_notes_cards_per_s": rate}


def build(folder: Path, cards: int) -> dict[str, float]:
    folder.mkdir(parents=True, exist_ok=True)
    col = _collection(folder)
    col.set_config("fsrs", True)
    rate = _add_notes(col, cards)
    col.decks.select(col.decks.id("bench"))  # study every deck, as peerquiz's "All decks"

    now = datetime.now(UTC)
    studied, history = synthetic_history(cards, now)
    card_ids = col.db.list("select id from cards order by id")
    today = col.sched.today
    updated = []
    for state in studied:
        card = col.get_card(card_ids[state.index])
        card.type = card.queue = 2
        card.ivl = max(1, round(state.stability))
        card.due = today + (state.due.date() - now.date()).days
        card.reps, card.lapses = state.reps, state.lapses
        card.memory_state = FSRSMemoryState(stability=state.stability, difficulty=state.difficulty)
        updated.append(card)
    col.update_cards(updated, skip_undo_entry=True)
    col.db.executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?,?,?,?,?,?,?,?,?)",
        [(int(r.at.timestamp() * 1000), card_ids[studied[r.index].index], 0, r.rating, 10, 5, 2500,
          r.duration_ms, 1) for r in history],
    )  # fmt: skip
    col.close()
    return {"add_notes_cards_per_s": rate}


def answer(folder: Path, count: int) -> dict[str, object]:
    col = _collection(folder)
    config = col.decks.config_dict_for_deck_id(col.decks.selected())
    config["new"]["perDay"] = config["rev"]["perDay"] = count  # as peerquiz's side: no limit cuts the run short
    col.decks.save(config)
    times = []
    queued = col.sched.get_queued_cards()
    for i in range(count):
        if not queued.cards:
            break
        start = time.perf_counter()
        top = queued.cards[0]
        card = Card(col, backend_card=top.card)  # as Anki's reviewer builds it
        card.start_timer()
        rating = CardAnswer.GOOD if i % 5 else CardAnswer.AGAIN
        col.sched.answer_card(col.sched.build_answer(card=card, states=top.states, rating=rating))
        queued = col.sched.get_queued_cards()
        times.append(time.perf_counter() - start)
    col.close()
    return {"times": times, "max_rss_kb": peak_rss_kb()}


def _timed_on_fresh_collection(folder: Path, runs: int, work: str) -> dict[str, object]:
    times = []
    for _ in range(runs):
        col = _collection(folder)
        start = time.perf_counter()
        if work == "queue":
            col.sched.get_queued_cards()
        elif work == "tree":
            col.sched.deck_due_tree()
        else:
            col._backend.graphs(search="", days=365)
        times.append(time.perf_counter() - start)
        col.close()
    return {"times": times}


def first(folder: Path) -> dict[str, object]:
    col = _collection(folder)
    queued = col.sched.get_queued_cards()
    return {"card": queued.cards[0].card.id if queued.cards else None}


def main() -> None:
    command, folder, number = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0
    if command == "build":
        result: dict[str, object] = dict(build(folder, number))
    elif command == "add":
        result = dict(add(folder, number))
    elif command == "answer":
        result = answer(folder, number)
    elif command in ("queue", "tree", "graphs"):
        result = _timed_on_fresh_collection(folder, number, command)
    else:
        result = first(folder)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
