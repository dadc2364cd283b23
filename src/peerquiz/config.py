"""Settings in one typed place: where the data lives and which decks to load."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

APP_NAME = "peerquiz"
DB_ENV = "PEERQUIZ_DB"
DECKS_ENV = "PEERQUIZ_DECKS"


class SettingsError(ValueError):
    """A database or deck path that cannot even be resolved; the message names it."""


def _expanded(value: str, what: str) -> Path:
    """``value`` with ``~`` expanded, or SettingsError naming it."""
    if not value.strip():
        raise SettingsError(f"{what}: an empty path names no file")
    try:
        return Path(value).expanduser()
    except RuntimeError:  # ~user for a user that does not exist
        raise SettingsError(f"{what} {value!r}: cannot expand {value.split('/')[0]!r}, no such user") from None


def bundled_decks_dir() -> Path:
    """The decks shipped with the app: inside the wheel, or the checkout's decks/."""
    packaged = Path(str(resources.files("peerquiz"))) / "decks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "decks"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def own_decks_dir() -> Path:
    """The learner's own decks, loaded with the bundled ones; a bundled deck copied here to edit replaces it."""
    return data_dir() / "decks"


def default_deck_paths(bundled: Path, own: Path) -> tuple[Path, ...]:
    """The bundled decks, less those with a copy of the same file name in ``own``, then ``own``.

    The copy keeps the deck id, so progress made on the bundled deck carries over to it.
    """
    if not own.is_dir():
        return (bundled,)
    copied = {p.name for p in own.iterdir()}
    # The suffixes of deck files (core.decks.loader.DECK_SUFFIXES), spelled out: the core stays unloaded here.
    kept = tuple(p for p in sorted(bundled.iterdir()) if p.suffix in (".yaml", ".yml") and p.name not in copied)
    return (*kept, own)


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'progress.db'}"


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str
    deck_paths: tuple[Path, ...]
    user: str | None = None
    cache_dir: Path | None = None  # parsed-deck cache; None turns it off

    @property
    def state_file(self) -> Path | None:
        """Small UI state (the last profile) kept beside the SQLite file it belongs to."""
        prefix = "sqlite:///"
        if not self.db_url.startswith(prefix) or self.db_url == prefix + ":memory:":
            return None
        database = Path(self.db_url.removeprefix(prefix))
        return database.with_name(database.stem + ".state.json")

    @classmethod
    def resolve(cls, db: str | None = None, decks: list[str] | None = None, user: str | None = None) -> Settings:
        """Command-line values win over the environment, which wins over defaults.

        An empty ``--db`` is an error, not the default database; SettingsError says what is wrong.
        """
        db_url = db if db is not None else os.environ.get(DB_ENV) or default_db_url()
        if "://" not in db_url:
            db_url = f"sqlite:///{_expanded(db_url, 'database path').resolve()}"
        extra = decks if decks else [p for p in os.environ.get(DECKS_ENV, "").split(os.pathsep) if p]
        deck_paths = tuple(_expanded(p, "deck path") for p in extra) if extra else default_deck_paths(bundled_decks_dir(), own_decks_dir())
        return cls(db_url=db_url, deck_paths=deck_paths, user=user, cache_dir=cache_dir())


def last_profile(state_file: Path | None) -> str | None:
    """The profile used last time, if the state file names one."""
    import json

    if state_file is None:
        return None
    try:
        name = json.loads(state_file.read_text(encoding="utf-8")).get("last_profile")
    except (OSError, ValueError, AttributeError):
        return None
    return name if isinstance(name, str) else None


def remember_profile(state_file: Path | None, name: str) -> None:
    import json

    if state_file is None:
        return
    state_file.parent.mkdir(parents=True, exist_ok=True)
    temporary = state_file.with_suffix(".tmp")
    temporary.write_text(json.dumps({"last_profile": name}), encoding="utf-8")
    temporary.replace(state_file)  # atomic: never a half-written file
