"""A bundled deck copied into the learner's own decks folder, so that edits survive an upgrade."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_for_editing(deck_file: Path, own_dir: Path) -> Path:
    """The deck's copy in ``own_dir`` under the same file name (so it replaces the bundled one at start-up).

    A copy already there is kept as it is: it may hold edits. The copy is written whole or not at all.
    """
    own_dir.mkdir(parents=True, exist_ok=True)
    target = own_dir / deck_file.name
    if not target.exists():
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(deck_file, partial)
        partial.replace(target)
    return target
