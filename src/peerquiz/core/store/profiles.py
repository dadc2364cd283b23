"""Profiles and their saved study settings: ``store.profiles``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError
from sqlalchemy import bindparam, delete, insert, select, update

from peerquiz.core.store.engine import Database, inserted_id
from peerquiz.core.store.errors import StoreError
from peerquiz.core.store.prepared import Prepared
from peerquiz.core.store.records import Profile
from peerquiz.core.store.tables import log, states, users
from peerquiz.core.terminal_text import refuse_unsafe_characters

# Read by every study queue and home's counts: built once, as building it cost SQLAlchemy more than running it.
_SETTINGS = Prepared(select(users.c.settings_json).where(users.c.id == bindparam("user_id")))
UI_KEY = "ui"  # settings_json's key for UI choices; every other key is a study setting


class ProfileName(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built when a name is first checked: a start only reads profiles

    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40), AfterValidator(refuse_unsafe_characters)
    ]


def clean_profile_name(name: str) -> str:
    """The name as stored, or StoreError saying what a name must be."""
    try:
        return ProfileName(name=name).name
    except ValidationError:
        raise StoreError(f"profile name {name!r} must be 1 to 40 printable characters") from None


class ProfileStore:
    def __init__(self, db: Database):
        self._db = db

    def all(self) -> list[Profile]:
        with self._db.read() as conn:
            rows = conn.execute(select(users.c.id, users.c.name, users.c.created_at).order_by(users.c.name))
            return [Profile(r.id, r.name, r.created_at) for r in rows]

    def named(self, name: str) -> Profile | None:
        with self._db.read() as conn:
            row = conn.execute(select(users).where(users.c.name == name.strip())).first()
            return Profile(row.id, row.name, row.created_at) if row else None

    def add(self, name: str, now: datetime | None = None) -> Profile:
        clean = clean_profile_name(name)
        if self.named(clean):
            raise StoreError(f"a profile named {clean!r} already exists")
        created = now or datetime.now(UTC)
        with self._db.write() as conn:
            new_id = inserted_id(conn.execute(insert(users).values(name=clean, created_at=created, settings_json="{}")))
        return Profile(new_id, clean, created)

    def remove(self, name: str) -> bool:
        """Delete a profile with all its progress and history."""
        with self._db.write() as conn:
            found = conn.execute(select(users.c.id).where(users.c.name == name.strip())).scalar()
            if found is None:
                return False
            conn.execute(delete(log).where(log.c.user_id == found))
            conn.execute(delete(states).where(states.c.user_id == found))
            conn.execute(delete(users).where(users.c.id == found))
            return True

    def study_settings(self, user_id: int) -> dict[str, Any]:
        """The saved study settings as stored; peerquiz.core.study.settings validates them."""
        with self._db.read() as conn:
            saved = _SETTINGS.rows(conn, {"user_id": user_id})
        return json.loads(saved[0][0] if saved else "{}")

    def ui_settings(self, user_id: int) -> dict[str, Any]:
        """The profile's UI choices (theme and the like), kept under "ui" beside the study settings."""
        ui = self.study_settings(user_id).get(UI_KEY)
        return ui if isinstance(ui, dict) else {}

    def save_ui_settings(self, user_id: int, changes: dict[str, Any]) -> None:
        """Merge ``changes`` into the "ui" choices; read and written in one transaction, so no other key is lost."""
        with self._db.write() as conn:
            saved = json.loads(conn.execute(select(users.c.settings_json).where(users.c.id == user_id)).scalar() or "{}")
            ui = saved.get(UI_KEY)
            saved[UI_KEY] = {**(ui if isinstance(ui, dict) else {}), **changes}
            conn.execute(update(users).where(users.c.id == user_id).values(settings_json=json.dumps(saved)))

    def save_study_settings(self, user_id: int, settings: dict[str, Any]) -> None:
        with self._db.write() as conn:
            conn.execute(update(users).where(users.c.id == user_id).values(settings_json=json.dumps(settings)))
