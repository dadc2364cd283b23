"""The mock-exam blueprint: which domains, how they weigh, how long, what passes.

A blueprint is a TOML data file an instructor can edit. The bundled one
(decks/exam-blueprint.toml) is a practice default: the IC&RC Peer Recovery
exam's real weights, length and time limit are unverified.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from peerquiz.core.decks.model import normalize_typed
from peerquiz.core.terminal_text import refuse_unsafe_characters, shown

BLUEPRINT_FILE = "exam-blueprint.toml"
# Shown wherever a pass mark is: a percentage is this app's practice threshold, not the exam's rule.
SCORING_NOTE = (
    "The pass mark is a practice threshold: IC&RC exams report a scaled score from 200 to 800 "
    "and pass at 500, not at a percentage of questions right."
)
MAX_BLUEPRINT_BYTES = 64 * 1024

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(refuse_unsafe_characters)
]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000), AfterValidator(refuse_unsafe_characters)]


class BlueprintError(Exception):
    """A blueprint file that cannot be used; every line names the file."""


class DomainWeight(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    weight: float = Field(gt=0, le=1000, allow_inf_nan=False)


class Blueprint(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    note: Note = ""
    questions: int = Field(ge=1, le=500)
    minutes: int = Field(ge=1, le=600)
    pass_percent: float = Field(gt=0, le=100, allow_inf_nan=False)
    domains: tuple[DomainWeight, ...] = Field(min_length=1)

    @field_validator("domains")
    @classmethod
    def _distinct(cls, domains: tuple[DomainWeight, ...]) -> tuple[DomainWeight, ...]:
        keys = [domain_key(d.name) for d in domains]
        if len(set(keys)) != len(keys):
            raise ValueError("domain names must be different from each other")
        return domains

    @property
    def scoring_note(self) -> str:
        """SCORING_NOTE, unless the blueprint's own note already says how the real exam is scored."""
        return "" if "scaled score" in self.note.casefold() else SCORING_NOTE

    @property
    def weights(self) -> dict[str, float]:
        return {d.name: d.weight for d in self.domains}

    def only(self, names: list[str]) -> Blueprint:
        """The same blueprint limited to some domains (practice on chosen domains)."""
        wanted = {domain_key(n) for n in names}
        kept = tuple(d for d in self.domains if domain_key(d.name) in wanted)
        return self.model_copy(update={"domains": kept}) if kept else self

    def find_domain(self, name: str) -> str | None:
        """The blueprint's spelling of a domain name, matched ignoring case and spacing."""
        key = domain_key(name)
        return next((d.name for d in self.domains if domain_key(d.name) == key), None)


def domain_key(name: str) -> str:
    """Deck files and blueprints may differ in case and spacing of a domain's name."""
    return normalize_typed(name)


def _first_problem(path: Path, text: str, exc: ValidationError) -> str:
    """One line for the first problem: a fix often clears the ones after it."""
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    field = ".".join(str(part) for part in loc) or "(file)"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        message = "is required"
    elif err["type"] == "extra_forbidden":
        message = "is not a known field"
    line = _line_of(text, loc)
    where = f"{shown(path)}:{line}" if line else shown(path)
    return f"{where}: {field}: {message}"


def _line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The line of a top-level key or of a key in the n-th ``[[table]]``, as the blueprint is usually written."""
    table: str | None = None
    index = -1
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("[["):
            name = stripped.strip("[]").strip()
            index = index + 1 if name == table else 0
            table = name
            continue
        key = stripped.partition("=")[0].strip()
        if not key or key.startswith("#"):
            continue
        if (table is None and loc == (key,)) or loc == (table, index, key):
            return number
    return None


def parse_blueprint(text: str, path: Path) -> Blueprint:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BlueprintError(f"{shown(path)}: not valid TOML: {exc}") from None
    try:
        return Blueprint.model_validate(data)
    except ValidationError as exc:
        raise BlueprintError(_first_problem(path, text, exc)) from None


def load_blueprint(path: Path) -> Blueprint:
    try:
        if path.stat().st_size > MAX_BLUEPRINT_BYTES:
            raise BlueprintError(f"{shown(path)}: file is larger than {MAX_BLUEPRINT_BYTES // 1024} KB")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BlueprintError(f"{shown(path)}: file is not UTF-8 text") from None
    except OSError as exc:
        raise BlueprintError(f"{shown(path)}: cannot read file: {exc.strerror or exc}") from None
    return parse_blueprint(text, path)


def find_blueprint(deck_paths: Iterable[Path], bundled: Path) -> Path:
    """The blueprint beside the decks in use (the first deck folder that has one), else the bundled one."""
    for folder in deck_paths:
        if folder.is_dir() and (folder / BLUEPRINT_FILE).is_file():
            return folder / BLUEPRINT_FILE
    return bundled / BLUEPRINT_FILE
