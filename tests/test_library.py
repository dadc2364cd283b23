"""The library reads deck headers first and a deck's cards only when they are needed."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from peerquiz.core.decks import cache as cache_module
from peerquiz.core.decks import loader
from peerquiz.core.decks.library import Library
from peerquiz.core.decks.model import CARD_TYPES
from peerquiz.core.store import Store
from peerquiz.core.store.cards import CardStore
from peerquiz.core.store.records import Rating, SyncReport
from peerquiz.core.study.session import StudySession

from .conftest import FIXTURES


@pytest.fixture
def deck_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    shutil.copy(FIXTURES / "mixed.yaml", folder / "mixed.yaml")
    text = (FIXTURES / "mixed.yaml").read_text().replace("id: mixed", "id: second", 1)
    (folder / "second.yaml").write_text(text.replace("title: Mixed kinds", "title: Second deck", 1))
    return folder


def test_a_warm_start_parses_nothing_and_loads_only_the_decks_asked_for(deck_folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    store = Store.open("sqlite://")
    Library.load([deck_folder], cache).sync(store.cards)

    def no_parsing(*args):
        raise AssertionError("a deck was parsed again")

    monkeypatch.setattr(loader, "parse_deck", no_parsing)
    loads = loads_recorded(monkeypatch)
    library = Library.load([deck_folder], cache)
    assert [h.title for h in library.headers] == ["Mixed kinds", "Second deck"]
    assert library.sync(store.cards) == SyncReport(0, 0, 0, 0)  # nothing changed, so nothing synced
    ids = library.card_ids()
    card_id = ids[("second", "tf-1")]
    assert library.items[card_id].card.prompt.startswith("Boundaries are")
    assert loads == ["second"]  # the other deck's cards were never read
    assert len(library.items) == len(ids) and loads == ["second", "mixed"]


def loads_recorded(monkeypatch) -> list[str]:
    """The decks the library reads cards from, by id, in order."""
    loads: list[str] = []
    original = Library.deck
    monkeypatch.setattr(Library, "deck", lambda self, deck_id, *rest: loads.append(deck_id) or original(self, deck_id, *rest))
    return loads


def test_a_study_session_holds_the_cards_it_queued_not_every_card_of_their_decks(deck_folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    store = Store.open("sqlite://")
    library = later_start(deck_folder, cache, store)
    profile = store.profiles.add("Ana")
    store.profiles.save_study_settings(profile.id, {"new_per_day": 4, "new_card_order": "deck"})
    loads = loads_recorded(monkeypatch)
    before = live_cards()
    session = StudySession(store, library, profile)
    shown = []
    while (current := session.next()) is not None:
        shown.append(current.item.key)
        session.answer(Rating.GOOD)
    assert len(set(shown)) == 4
    assert live_cards() - before <= 4  # not all seven cards of the deck they came from
    assert sorted(set(loads)) == sorted(loads)  # no deck read twice for its queued cards
    # The cards the session did not queue are still there, their deck read once more (the browser's search).
    ids = library.card_ids()
    assert all(library.items[card_id].key == key for key, card_id in ids.items())
    assert 99999 not in library.items
    assert len(loads) <= 2 * len(library.headers)


def test_a_lazy_load_for_a_few_items_rebuilds_only_their_cards_and_gives_the_same_items(deck_folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    store = Store.open("sqlite://")
    whole = later_start(deck_folder, cache, store)
    ids = whole.card_ids()
    wanted = [ids[("mixed", "basic-1/reverse")], ids[("mixed", "cloze-1/c2")], ids[("mixed", "tf-1")]]
    expected = [whole.items[i] for i in wanted]
    library = later_start(deck_folder, cache, store)
    library.items.want(wanted)
    rebuilt: list[str] = []
    original = cache_module._restored
    monkeypatch.setattr(cache_module, "_restored", lambda model, fields: rebuilt.append(fields.get("id")) or original(model, fields))
    decoded: list[object] = []
    loads = cache_module.json.loads
    monkeypatch.setattr(cache_module.json, "loads", lambda text: decoded.append(loads(text)) or decoded[-1])
    assert [library.items[i] for i in wanted] == expected
    assert sorted(rebuilt) == ["basic-1", "cloze-1", "mixed", "tf-1"]  # the deck itself and three of its seven cards
    cards_decoded = [card["id"] for value in decoded if isinstance(value, list) for card in value if isinstance(card, dict)]
    assert sorted(cards_decoded) == ["basic-1", "cloze-1", "tf-1"]  # the other cards' lines were not even decoded
    assert library.items[ids[("mixed", "mcq-1")]] == whole.items[ids[("mixed", "mcq-1")]]  # one not wanted: its deck again


@pytest.mark.parametrize("held", ["no cache", "read back from the cache", "cache not writable"])
def test_the_decks_a_session_holds_keep_each_repeated_text_once(deck_folder, tmp_path, monkeypatch, held: str):
    if held == "cache not writable":
        monkeypatch.setattr(cache_module, "write_atomically", lambda path, payload: None)
    library = Library.load([deck_folder], None if held == "no cache" else tmp_path / "cache")
    first, second = library.deck("mixed"), library.deck("second")  # the same cards, in two files
    assert first is not None and second is not None
    cards = {card.id: card for card in first.cards}
    basic, mcq, truefalse = cards["basic-1"], cards["mcq-1"], cards["tf-1"]
    assert basic.source == mcq.source == truefalse.source  # written three times in the file
    assert basic.source is mcq.source is truefalse.source
    assert basic.domain is mcq.domain  # the deck's domain, which neither card sets
    for one, other in zip(first.cards, second.cards, strict=True):
        assert one.model_fields_set is other.model_fields_set  # one set of field names for cards that set the same


def later_start(deck_folder: Path, cache: Path, store: Store) -> Library:
    """The library as a start after the first opens it: every deck's parse in the cache, every card synced."""
    Library.load([deck_folder], cache).sync(store.cards)  # the first start fills the cache
    library = Library.load([deck_folder], cache)
    library.sync(store.cards)
    return library


def live_cards() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, tuple(CARD_TYPES.values())))


def test_a_warm_start_finds_a_card_by_reading_only_its_own_decks_ids(deck_folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    store = Store.open("sqlite://")
    first = Library.load([deck_folder], cache)
    first.sync(store.cards)
    card_id = first.card_ids()[("second", "tf-1")]
    asked: list[list[str]] = []
    original = CardStore.ids
    monkeypatch.setattr(CardStore, "ids", lambda self, deck_ids: asked.append(list(deck_ids)) or original(self, deck_ids))
    library = Library.load([deck_folder], cache)
    library.sync(store.cards)
    assert library.items[card_id].card.prompt.startswith("Boundaries are")
    assert asked == [["second"]]  # not the id index of every deck


def test_a_card_removed_from_its_file_or_unknown_is_not_an_item(deck_folder, tmp_path):
    store = Store.open("sqlite://")
    Library.load([deck_folder]).sync(store.cards)
    removed = store.cards.ids(["second"])[("second", "tf-1")]
    path = deck_folder / "second.yaml"
    path.write_text(path.read_text().replace("id: tf-1", "id: tf-renamed", 1))
    library = Library.load([deck_folder])
    library.sync(store.cards)
    assert removed not in library.items
    assert 10_000 not in library.items and "not an id" not in library.items
    assert len(library.items) == len(library.card_ids())


def test_an_edited_file_is_parsed_and_synced_again(deck_folder, tmp_path):
    cache = tmp_path / "cache"
    store = Store.open("sqlite://")
    Library.load([deck_folder], cache).sync(store.cards)
    path = deck_folder / "mixed.yaml"
    path.write_text(path.read_text().replace("Keeping boundaries is", "Holding boundaries is"))
    library = Library.load([deck_folder], cache)
    report = library.sync(store.cards)
    assert report.changed == 1
    assert "Holding" in library.items[library.card_ids()[("mixed", "tf-1")]].card.explanation


def test_reloading_an_edited_deck_shows_its_new_text_under_the_same_card_ids(deck_folder, tmp_path):
    store = Store.open("sqlite://")
    library = Library.load([deck_folder], tmp_path / "cache")
    library.sync(store.cards)
    before = dict(library.card_ids())
    exam_cards_before = library.exam_cards()  # kept until the decks change
    path = deck_folder / "mixed.yaml"
    text = path.read_text()
    path.write_text(text.replace("What is a dual relationship?", "What is a double role?").replace(
        "  - id: cloze-1", "  - id: added-1\n    kind: truefalse\n    prompt: Added while studying.\n    answer: true\n"
        "    explanation: It was added.\n    source: The test\n  - id: cloze-1"))
    assert library.reload("mixed", store.cards) == []
    assert library.items[before[("mixed", "basic-1")]].card.prompt == "What is a double role?"
    assert library.items[before[("second", "basic-1")]].card.prompt == "What is a dual relationship?"
    added = store.cards.ids(["mixed"])[("mixed", "added-1")]
    assert library.items[added].card.prompt == "Added while studying."
    assert added in library.exam_cards() and added not in exam_cards_before


def test_exam_style_cards_are_the_same_from_the_parse_cache_as_from_the_decks_even_when_its_copy_is_damaged(
    deck_folder, tmp_path
):
    store = Store.open("sqlite://")
    loads = {"parsed": Library.load([deck_folder]), "cache filled": Library.load([deck_folder], tmp_path / "cache"),
             "cache read": Library.load([deck_folder], tmp_path / "cache")}  # fmt: skip
    for library in loads.values():
        library.sync(store.cards)
    expected = loads["parsed"].exam_cards()
    assert {card.options for card in expected.values()} == {2, 4}  # true/false and four-option cards
    assert {name: library.exam_cards() for name, library in loads.items()} == dict.fromkeys(loads, expected)
    exam_copies = list((tmp_path / "cache").glob("*.exam.json"))
    assert exam_copies
    for copy in exam_copies:
        copy.write_text('[["only two", 4]]')
    damaged = Library.load([deck_folder], tmp_path / "cache")
    damaged.sync(store.cards)
    assert damaged.exam_cards() == expected


def test_reloading_a_deck_that_no_longer_parses_keeps_it_as_it_was(deck_folder, tmp_path):
    store = Store.open("sqlite://")
    library = Library.load([deck_folder], tmp_path / "cache")
    library.sync(store.cards)
    ids = library.card_ids()
    path = deck_folder / "mixed.yaml"
    path.write_text(path.read_text().replace("kind: truefalse", "kind: yesno"))
    errors = library.reload("mixed", store.cards)
    assert [e.field for e in errors] == ["kind"] and "unknown kind 'yesno'" in str(errors[0])
    assert library.items[ids[("mixed", "tf-1")]].card.prompt.startswith("Boundaries are")


def test_reloading_a_deck_saved_in_another_encoding_reports_it_and_keeps_the_deck(deck_folder, tmp_path):
    store = Store.open("sqlite://")
    library = Library.load([deck_folder], tmp_path / "cache")
    library.sync(store.cards)
    ids = library.card_ids()
    path = deck_folder / "mixed.yaml"
    path.write_bytes(path.read_text().replace("Boundaries are", "Límites are").encode("latin-1"))
    (error,) = library.reload("mixed", store.cards)
    assert str(error) == f"{path}:1: file is not UTF-8 text"
    assert library.items[ids[("mixed", "tf-1")]].card.prompt.startswith("Boundaries are")


def test_a_broken_file_is_reported_on_every_start(deck_folder, tmp_path):
    cache = tmp_path / "cache"
    path = deck_folder / "mixed.yaml"
    path.write_text(path.read_text().replace("kind: truefalse", "kind: yesno"))
    for _ in range(2):
        library = Library.load([deck_folder], cache)
        assert [h.id for h in library.headers] == ["second"]
        assert any("unknown kind 'yesno'" in str(e) for e in library.errors)


def test_an_unknown_card_id_is_a_key_error(deck_folder):
    library = Library.load([deck_folder])
    library.sync(Store.open("sqlite://").cards)
    assert 99999 not in library.items
    with pytest.raises(KeyError):
        library.items[99999]


def test_a_start_with_unchanged_decks_opens_while_another_process_is_writing(deck_folder, tmp_path):
    import sqlite3

    from peerquiz.core.workspace import Workspace

    db = tmp_path / "progress.db"
    Workspace.open(f"sqlite:///{db}", [deck_folder]).close()
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another window in the middle of recording an answer
    try:
        # A sync that wrote would queue behind it and fail with "database is locked" after the busy timeout.
        workspace = Workspace.open(f"sqlite:///{db}", [deck_folder])
        assert workspace.library.deck("mixed") is not None
        workspace.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_the_cycle_collector_is_back_on_after_opening_a_workspace_or_failing_to(deck_folder, tmp_path):
    import gc

    from peerquiz.core.store import StoreError
    from peerquiz.core.workspace import Workspace

    Workspace.open(f"sqlite:///{tmp_path / 'progress.db'}", [deck_folder]).close()
    assert gc.isenabled()
    (tmp_path / "not-a-db").write_text("plain text")
    with pytest.raises(StoreError):
        Workspace.open(f"sqlite:///{tmp_path / 'not-a-db'}", [deck_folder])
    assert gc.isenabled()


def test_a_first_start_holds_no_parsed_deck_until_the_sync_and_syncs_every_card(deck_folder, tmp_path):
    store = Store.open("sqlite://")
    before = live_cards()
    library = Library.load([deck_folder], tmp_path / "cache")  # an empty cache: every deck file is parsed
    assert live_cards() - before == 0  # each parse went to the cache; the sync has its cards as the store takes them
    report = library.sync(store.cards)
    assert report.added == len(library.card_ids()) == 18  # every card of both decks, reverses and cloze gaps included
    assert library.items[library.card_ids()[("mixed", "tf-1")]].card.prompt


def test_a_start_with_an_empty_cache_syncs_only_the_decks_that_changed(deck_folder, tmp_path):
    store = Store.open("sqlite://")
    first = Library.load([deck_folder])
    first.sync(store.cards)
    ids = first.card_ids()
    mixed = deck_folder / "mixed.yaml"
    mixed.write_text(mixed.read_text().replace("Keeping boundaries is", "Holding boundaries is"))
    # As after an upgrade: a new cache, empty, and a store that has the decks already, but one since edited.
    library = Library.load([deck_folder], tmp_path / "new-cache", store.cards.fingerprints())
    assert library.sync(store.cards).changed == 1
    assert "Holding" in library.items[ids[("mixed", "tf-1")]].card.explanation
    assert library.items[ids[("second", "tf-1")]].card.prompt.startswith("Boundaries are")


def deck_reads(monkeypatch) -> list[Path]:
    """The deck files a Library.load reads from now on."""
    from peerquiz.core.decks import library as library_module

    seen: list[Path] = []
    read = library_module.read_deck_file
    monkeypatch.setattr(library_module, "read_deck_file", lambda path: seen.append(path) or read(path))
    return seen


def test_a_start_from_the_cache_reads_no_deck_file_whose_status_is_as_recorded(deck_folder, tmp_path, monkeypatch):
    import os

    from peerquiz.core.decks import file_index

    monkeypatch.setattr(file_index, "SETTLED_NS", 0)  # the files were written a moment ago: trust them at once
    cache, path = tmp_path / "cache", deck_folder / "mixed.yaml"
    first = Library.load([deck_folder], cache)
    reads = deck_reads(monkeypatch)
    assert Library.load([deck_folder], cache).headers == first.headers and reads == []
    # Saved by an editor as a new file over the old one: same size, same modification time, another inode.
    before = path.stat()
    replacement = deck_folder / "mixed.new"
    replacement.write_text(path.read_text().replace("Boundaries are", "BOUNDARIES are"))
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, path)
    edited = Library.load([deck_folder], cache)
    assert reads == [path]
    assert next(card.prompt for card in edited.deck("mixed").cards if card.id == "tf-1").startswith("BOUNDARIES")
    monkeypatch.setattr(file_index, "__version__", "another version")  # its cache entries are not this one's
    Library.load([deck_folder], cache)
    assert len(reads) == 3


def test_a_deck_file_changed_too_recently_to_trust_its_status_is_read_on_every_start(deck_folder, tmp_path, monkeypatch):
    from peerquiz.core.decks import file_index

    monkeypatch.setattr(file_index, "SETTLED_NS", 10**18)  # a second write within the same clock tick could go unseen
    cache = tmp_path / "cache"
    Library.load([deck_folder], cache)
    reads = deck_reads(monkeypatch)
    Library.load([deck_folder], cache)
    assert sorted(reads) == sorted(deck_folder.iterdir())


def copies_of_one_deck(tmp_path: Path, count: int) -> Path:
    """A deck folder of ``count`` copies of the mixed deck, with ids deck0, deck1, ...: enough files for parse workers."""
    folder = tmp_path / "decks"
    folder.mkdir()
    text = (FIXTURES / "mixed.yaml").read_text()
    for n in range(count):
        (folder / f"deck{n}.yaml").write_text(text.replace("id: mixed", f"id: deck{n}", 1))
    return folder


@pytest.mark.parametrize(("other_thread", "method"), [(False, "fork"), (True, "forkserver")])
def test_decks_parsed_on_other_cores_load_as_one_by_one(tmp_path, other_thread, method):
    """A start with many files to parse parses them in worker processes: the same decks, errors and cards to sync.

    A process with one thread forks its workers; one with another thread (the app opens its decks on one) takes
    them from a fork server, since a forked child could inherit a lock that thread holds. In a fresh process:
    the test runner's own threads would decide the way here.
    """
    import json
    import subprocess
    import sys

    folder = copies_of_one_deck(tmp_path, 4)
    text = (FIXTURES / "mixed.yaml").read_text()
    (folder / "broken.yaml").write_text(text.replace("id: mixed", "id: broken", 1).replace("kind: truefalse", "kind: yesno"))
    (folder / "twin.yaml").write_text(text.replace("id: mixed", "id: deck0", 1))  # a deck id already used
    script = f"""
import json
import threading
from concurrent import futures
from pathlib import Path
from peerquiz.core.decks import parse_pool
from peerquiz.core.decks.library import Library

def loaded(cache):
    library = Library.load([Path({str(folder)!r})], Path({str(tmp_path)!r}) / cache)
    return library.headers, [str(e) for e in library.errors], library._to_sync

one_by_one = loaded("one-by-one")
parse_pool.WORTH_BYTES, parse_pool._cores = dict.fromkeys(parse_pool.WORTH_BYTES, 0), lambda: 2
started, pool_class = [], futures.ProcessPoolExecutor
futures.ProcessPoolExecutor = lambda *a, **k: started.append([*a, k["mp_context"].get_start_method()]) or pool_class(*a, **k)
if {other_thread}:
    threading.Thread(target=threading.Event().wait, daemon=True).start()
headers, errors, to_sync = one_by_one
print(json.dumps([loaded("on-other-cores") == one_by_one, started, [h.id for h in headers], errors, len(to_sync)]))
"""
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)
    same, started, deck_ids, errors, to_sync = json.loads(done.stdout or "null") or (None,) * 5
    assert same and started == [[1, method]], done.stderr  # one worker, and this process
    assert deck_ids == ["deck0", "deck1", "deck2", "deck3"] and to_sync == 4
    assert any("unknown kind 'yesno'" in e for e in errors) and any("already used" in e for e in errors)


def test_while_workers_parse_on_the_other_cores_each_process_parses_its_yaml_in_its_reading(tmp_path):
    """libyaml parses on a thread of its own beside the reading, except while worker processes parse too: every core
    is busy then. This process and its worker read each file so; a start after the pool parses aside again."""
    import json
    import subprocess
    import sys

    folder = copies_of_one_deck(tmp_path, 4)
    seen = tmp_path / "seen"
    seen.mkdir()
    script = f"""
import json
import os
from pathlib import Path
from peerquiz.core.decks import parse_pool, yaml_reading
from peerquiz.core.decks.library import Library

here, parse = os.getpid(), parse_pool.parse_into_cache

def noted(path, cache_dir):
    where = "here" if os.getpid() == here else "worker"
    (Path({str(seen)!r}) / f"{{path.stem}}-{{where}}").write_text(json.dumps(yaml_reading.parse_aside))
    return parse(path, cache_dir)

parse_pool.parse_into_cache = noted
parse_pool.WORTH_BYTES, parse_pool._cores = dict.fromkeys(parse_pool.WORTH_BYTES, 0), lambda: 2
library = Library.load([Path({str(folder)!r})], Path({str(tmp_path)!r}) / "cache")
print(json.dumps([len(library.headers), yaml_reading.parse_aside]))
"""
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)
    loaded, aside_after = json.loads(done.stdout or "null") or (None, None)
    parses = {note.name: json.loads(note.read_text()) for note in seen.iterdir()}
    assert loaded == 4 and aside_after is True, done.stderr
    assert {"here", "worker"} == {name.rsplit("-", 1)[1] for name in parses}  # both parsed
    assert len(parses) == 4 and not any(parses.values()), parses


def _loads_as_one_by_one_when_workers_break(tmp_path: Path, breaking: str) -> None:
    """Load six copies of one deck through a parse pool broken by the ``breaking`` code, in a fresh process (which
    forks its worker: the test runner's threads would take one from a fork server), and check that every file loads
    as it does one by one."""
    import json
    import subprocess
    import sys

    folder = copies_of_one_deck(tmp_path, 6)
    script = f"""
import json
import os
from pathlib import Path
from peerquiz.core.decks import parse_pool
from peerquiz.core.decks.library import Library

def loaded(cache):
    library = Library.load([Path({str(folder)!r})], Path({str(tmp_path)!r}) / cache)
    return [h.id for h in library.headers], [str(e) for e in library.errors], sorted(library._to_sync)

one_by_one = loaded("one-by-one")
parse_pool.WORTH_BYTES, parse_pool._cores = dict.fromkeys(parse_pool.WORTH_BYTES, 0), lambda: 2
{breaking}
print(json.dumps([loaded("broken") == one_by_one, one_by_one]))
"""
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)
    same, (deck_ids, errors, to_sync) = json.loads(done.stdout or "null") or (None, (None,) * 3)
    assert same, done.stderr
    assert deck_ids == [f"deck{n}" for n in range(6)] and errors == [] and len(to_sync) == 6


def test_files_a_dead_worker_held_are_parsed_here(tmp_path):
    """A worker that dies (out of memory, killed) takes its files with it: this process parses them, and each
    file's deck loads as it would one by one. Here the worker dies on the first file it takes."""
    _loads_as_one_by_one_when_workers_break(tmp_path, """
here, parse = os.getpid(), parse_pool.parse_into_cache
parse_pool.parse_into_cache = lambda path, cache_dir: parse(path, cache_dir) if os.getpid() == here else os._exit(9)
""")


def test_files_load_here_when_a_worker_dies_as_the_tasks_are_handed_out(tmp_path):
    """Once a worker has died, the pool refuses the tasks not yet handed out: the start goes on, and every file
    loads as it would one by one (the worker that took a task may be the one that died)."""
    _loads_as_one_by_one_when_workers_break(tmp_path, """
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

handed, tasks = ProcessPoolExecutor.submit, iter(range(100))

def submit(pool, task):
    if next(tasks):  # as a pool does once a worker has died
        raise BrokenProcessPool("A child process terminated abruptly, the process pool is not usable anymore")
    return handed(pool, task)

ProcessPoolExecutor.submit = submit
""")


def test_decks_load_where_no_worker_can_start(tmp_path):
    """Where Python has no working semaphores (sem_open: some containers, Termux), multiprocessing's synchronize
    module refuses to import and no worker can start: every file is parsed in this process instead."""
    import json
    import subprocess
    import sys

    folder = copies_of_one_deck(tmp_path, 4)
    script = f"""
import json
import sys
from pathlib import Path
from peerquiz.core.decks import parse_pool
from peerquiz.core.decks.library import Library

parse_pool.WORTH_BYTES, parse_pool._cores = dict.fromkeys(parse_pool.WORTH_BYTES, 0), lambda: 2
sys.modules["multiprocessing.synchronize"] = None  # as CPython does without sem_open: importing it raises
library = Library.load([Path({str(folder)!r})], Path({str(tmp_path / "cache")!r}))
print(json.dumps([[h.id for h in library.headers], [str(e) for e in library.errors], len(library._to_sync)]))
"""
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout or "null") == [[f"deck{n}" for n in range(4)], [], 4], done.stderr


def test_the_workers_start_while_textual_holds_stderr(tmp_path):
    """Textual puts a capture whose fileno is -1 in sys.stderr while the app runs (the app opens its decks then);
    starting the workers passed that -1 on and failed. A fresh process: multiprocessing starts its helpers once."""
    import subprocess
    import sys

    folder = copies_of_one_deck(tmp_path, 3)
    script = f"""
import sys
import threading
from pathlib import Path
from peerquiz.core.decks import parse_pool
from peerquiz.core.decks.library import Library

class Capture:  # as Textual's print capture
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

parse_pool.WORTH_BYTES, parse_pool._cores = dict.fromkeys(parse_pool.WORTH_BYTES, 0), lambda: 2
threading.Thread(target=threading.Event().wait, daemon=True).start()  # as the app's: workers from the fork server
sys.stderr = Capture()
library = Library.load([Path({str(folder)!r})], Path({str(tmp_path / "cache")!r}))
print(sorted(h.id for h in library.headers), library.errors)
"""
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "['deck0', 'deck1', 'deck2'] []", done.stderr
