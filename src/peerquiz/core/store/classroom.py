"""A class on one PostgreSQL database: login roles, and row-level security that keeps each student's rows their own.

``class init`` (run by the database's owner) creates two group roles named after the database
(and schema, when not public): ``<class>_student`` and ``<class>_instructor``, a ``class_member``
table mapping each student login role to its profile, and policies: a student reads and writes
only the rows of its own profile, reads the shared cards, and cannot add or remove profiles; an
instructor (a login ``class add-instructor`` makes in the instructor group) reads everything and
writes nothing. The policies are objects of the class, not of the schema: they are made here,
so a SQLite file never sees them; a migration that adds a table of one profile's rows calls
``open_to_class`` to give an existing class its policies on it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from peerquiz.core.store.engine import Database, inserted_id
from peerquiz.core.store.errors import StoreError
from peerquiz.core.store.profiles import clean_profile_name
from peerquiz.core.store.records import Profile
from peerquiz.core.store.tables import users

MEMBERS = "class_member"
# Tables holding one profile's rows, and the condition that picks the current login's rows.
_ME = f"(SELECT user_id FROM {MEMBERS} WHERE role_name = current_user)"
OWN_ROWS = {
    '"user"': f"id IN {_ME}",
    "card_state": f"user_id IN {_ME}",
    "review_log": f"user_id IN {_ME}",
    "exam_attempt": f"user_id IN {_ME}",
    "exam_answer": "attempt_id IN (SELECT id FROM exam_attempt)",  # exam_attempt's own policy narrows this
    "study_streak": f"user_id IN {_ME}",
    MEMBERS: "role_name = current_user",
}
SHARED = ("card", "deck_cards", "deck_sync", "alembic_version")
# What a student may do with its own rows; it never adds or removes a profile, or changes its membership.
STUDENT_RIGHTS = {'"user"': "SELECT, UPDATE", MEMBERS: "SELECT"}
ROLE_LIMIT = 63  # PostgreSQL's longest identifier
NOT_SET_UP = "this database is not set up for a class yet: run `peerquiz class init` first"


@dataclass(frozen=True, slots=True)
class ClassRoles:
    student: str
    instructor: str


@dataclass(frozen=True, slots=True)
class ClassLogin:
    role: str
    password: str
    url: str  # the database URL to open peerquiz with, password included


@dataclass(frozen=True, slots=True)
class StudentLogin(ClassLogin):
    profile: Profile


def _slug(text_: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text_.lower()).strip("_") or "x"


def class_name(database: str, schema: str) -> str:
    """A role-name prefix unique to this database (and schema): roles are shared by the whole server."""
    name = _slug(database if schema == "public" else f"{database}_{schema}")
    if len(name) > 36:  # leaves room for "_instructor" and a student's suffix
        name = f"{name[:27]}_{hashlib.sha1(name.encode()).hexdigest()[:8]}"
    return name


def _class_roles(conn: Connection) -> ClassRoles:
    database, schema = conn.execute(text("SELECT current_database(), current_schema()")).one()
    name = class_name(database, schema)
    return ClassRoles(f"{name}_student", f"{name}_instructor")


class ClassStore:
    def __init__(self, db: Database):
        self._db = db

    def _require_postgresql(self) -> None:
        if self._db.engine.dialect.name != "postgresql":
            raise StoreError("a class needs a PostgreSQL database: pass --db postgresql+psycopg://USER@HOST/DATABASE")

    def roles(self) -> ClassRoles:
        self._require_postgresql()
        with self._db.read() as conn:
            return _class_roles(conn)

    def init(self) -> ClassRoles:
        """Create (or bring up to date) the class's roles and policies; safe to run again."""
        self._require_postgresql()
        with self._db.write() as conn:
            roles = _class_roles(conn)
            for role in (roles.student, roles.instructor):
                exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
                if not exists:
                    conn.execute(text(f'CREATE ROLE "{role}" NOLOGIN'))
            conn.execute(text(
                f"CREATE TABLE IF NOT EXISTS {MEMBERS} (role_name text PRIMARY KEY, "
                'user_id integer NOT NULL UNIQUE REFERENCES "user"(id) ON DELETE CASCADE)'
            ))  # fmt: skip
            schema = conn.execute(text("SELECT current_schema()")).scalar()
            conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{roles.student}", "{roles.instructor}"'))
            conn.execute(text(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{roles.student}"'))
            for table in SHARED:
                conn.execute(text(f'GRANT SELECT ON {table} TO "{roles.student}", "{roles.instructor}"'))
            for table in OWN_ROWS:
                _open_own_rows(conn, roles, table)
            return roles

    def add_student(self, name: str, now: datetime | None = None) -> StudentLogin:
        """A profile and its login role, with a new password (only its hash is kept by the server)."""
        self._require_postgresql()
        clean = clean_profile_name(name)
        created = now or datetime.now(UTC)
        password = _password()
        with self._db.write() as conn:
            roles = _class_roles(conn)
            if conn.execute(text("SELECT to_regclass(:t)"), {"t": MEMBERS}).scalar() is None:
                raise StoreError(NOT_SET_UP)
            if conn.execute(users.select().where(users.c.name == clean)).first():
                raise StoreError(f"a profile named {clean!r} already exists")
            user_id = inserted_id(conn.execute(users.insert().values(name=clean, created_at=created, settings_json="{}")))
            role = f"{roles.student.removesuffix('_student')}_{_slug(clean)[:12]}_{user_id}"[:ROLE_LIMIT]
            _create_login(conn, role, password, roles.student)
            conn.execute(text(f"INSERT INTO {MEMBERS} (role_name, user_id) VALUES (:r, :u)"), {"r": role, "u": user_id})
        return StudentLogin(role, password, self._login_url(role, password), Profile(user_id, clean, created))

    def add_instructor(self, name: str) -> ClassLogin:
        """A login role in the instructor group (reads every student's rows, changes none), with a new password."""
        self._require_postgresql()
        password = _password()
        with self._db.write() as conn:
            roles = _class_roles(conn)
            if conn.execute(text("SELECT to_regclass(:t)"), {"t": MEMBERS}).scalar() is None:
                raise StoreError(NOT_SET_UP)
            # Within ROLE_LIMIT; no trailing digits, unlike a student's role (…_<profile id>): the two never share a name.
            role = f"{roles.instructor}_{_slug(clean_profile_name(name))[:15].rstrip('_0123456789') or 'x'}"
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                raise StoreError(f"an instructor login {role!r} already exists")
            _create_login(conn, role, password, roles.instructor)
        return ClassLogin(role, password, self._login_url(role, password))

    def _login_url(self, role: str, password: str) -> str:
        return self._db.engine.url.set(username=role, password=password).render_as_string(hide_password=False)


def open_to_class(conn: Connection, table: str) -> None:
    """Give a class's roles their rights and policies on a new table of one profile's rows (OWN_ROWS), when the
    database holds a class: a migration that adds such a table calls this, so no student is refused it until
    ``class init`` is run again."""
    if conn.dialect.name == "postgresql" and conn.execute(text("SELECT to_regclass(:t)"), {"t": MEMBERS}).scalar() is not None:
        _open_own_rows(conn, _class_roles(conn), table)


def _open_own_rows(conn: Connection, roles: ClassRoles, table: str) -> None:
    rights = STUDENT_RIGHTS.get(table, "SELECT, INSERT, UPDATE, DELETE")
    conn.execute(text(f'GRANT {rights} ON {table} TO "{roles.student}"'))
    conn.execute(text(f'GRANT SELECT ON {table} TO "{roles.instructor}"'))
    conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
    for policy, role, condition in (("own_rows", roles.student, OWN_ROWS[table]), ("instructor_reads", roles.instructor, "true")):
        conn.execute(text(f"DROP POLICY IF EXISTS {policy} ON {table}"))
        command = "ALL" if policy == "own_rows" else "SELECT"
        check = f" WITH CHECK ({condition})" if command == "ALL" else ""
        conn.execute(text(f'CREATE POLICY {policy} ON {table} FOR {command} TO "{role}" USING ({condition}){check}'))


def _password() -> str:
    return secrets.token_urlsafe(18)  # letters, digits, - and _: safe inside a quoted literal


def _create_login(conn: Connection, role: str, password: str, group: str) -> None:
    conn.execute(text(f'CREATE ROLE "{role}" LOGIN PASSWORD \'{password}\' IN ROLE "{group}"'))
