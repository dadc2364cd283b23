"""The two rules every writer follows: one clear error type, and no half-written files."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FORCE_HINT = " (use --force to replace it)"


class FormatError(Exception):
    """An input file we cannot read or an output we refuse to write; one line for the user."""


def ensure_free(path: Path, overwrite: bool = False, hint: str = FORCE_HINT) -> None:
    """Refuse early, before any slow work, when ``path`` exists and may not be replaced."""
    if path.exists() and not overwrite:
        raise FormatError(f"{path} already exists{hint}")


@contextmanager
def publish(path: Path, overwrite: bool = False, hint: str = FORCE_HINT) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it becomes ``path`` only if the block succeeds.

    Without ``overwrite`` an existing file is never replaced, even one that
    appears while we work: the finished file is hard-linked into place, which
    fails if the name is taken, instead of renamed over it.
    """
    ensure_free(path, overwrite, hint)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created here, not by mkstemp, so the file gets the usual permissions (umask), not 0600.
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
        temporary.touch(exist_ok=False)
    except OSError as exc:
        raise FormatError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        yield temporary
        try:
            if overwrite:
                os.replace(temporary, path)
            else:
                os.link(temporary, path)
        except FileExistsError:
            raise FormatError(f"{path} already exists{hint}") from None
        except OSError as exc:
            raise FormatError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)
