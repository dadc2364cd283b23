"""What every verb shares: the usage error, the workspace and the profile to run on.

Light on purpose: the core is imported inside the functions, so building the
parser (and `--help`) never loads the store or the app.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from peerquiz.config import Settings

if TYPE_CHECKING:
    from peerquiz.core.store import Store
    from peerquiz.core.store.records import Profile
    from peerquiz.core.workspace import Workspace


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def require_existing(paths: Iterable[Path]) -> None:
    """Every deck path can be read: a missing, unreadable or looping one is a usage error naming it."""
    from peerquiz.core.terminal_text import shown

    missing = []
    for path in paths:
        try:
            mode = path.stat().st_mode  # follows links, so a symlink loop is reported as one
        except FileNotFoundError:
            missing.append(shown(path))
            continue
        except OSError as exc:
            raise UsageError(f"{(exc.strerror or str(exc)).lower()}: {shown(path)}") from None
        if not mode & 0o444 or not os.access(path, os.R_OK):
            raise UsageError(f"permission denied: {shown(path)} cannot be read")
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")


def require_regular_target(path: Path) -> None:
    """An output path must be a regular file or not exist: never replace a device (/dev/full), a folder or a pipe."""
    from peerquiz.core.terminal_text import shown

    if (path.exists() or path.is_symlink()) and not path.is_file():
        raise UsageError(f"{shown(path)} is not a regular file; name a file to write")


def open_store(settings: Settings) -> Store:
    """The progress store alone, for verbs that need no decks; a database we cannot open is a usage error."""
    from peerquiz.core.store import Store, StoreError

    try:
        return Store.open(settings.db_url)
    except StoreError as exc:
        raise UsageError(str(exc)) from None


def open_workspace(settings: Settings) -> Workspace:
    """The store with the decks in use synced into it."""
    from peerquiz.core.store import StoreError
    from peerquiz.core.workspace import Workspace

    require_existing(settings.deck_paths)
    try:
        return Workspace.open(settings.db_url, settings.deck_paths, settings.cache_dir)
    except StoreError as exc:
        raise UsageError(str(exc)) from None


def chosen_profile(workspace: Workspace, settings: Settings) -> Profile:
    """The profile named by --user, else the one used last; none at all is a usage error."""
    from peerquiz.config import last_profile

    name = settings.user or last_profile(settings.state_file)
    if not name:
        raise UsageError("no profile chosen: pass --user NAME (see `peerquiz users`)")
    profile = workspace.store.profiles.named(name)
    if profile is None:
        raise UsageError(f"no profile named {name!r} (create it with `peerquiz users add {name}`)")
    return profile
