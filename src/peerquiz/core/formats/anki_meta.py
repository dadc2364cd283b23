"""What peerquiz writes into an Anki package beyond the visible fields, read back by its import.

Field names of peerquiz's note types (the import knows them by their fields,
so a renamed note type still reads), the deck's id and domain kept in an
HTML comment of the deck description (invisible in Anki), and lint-ignore
codes kept as tags.
"""

from __future__ import annotations

import html
import json
import re

from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError

# Lower-case, as the import compares field names casefolded.
TRUEFALSE_FIELD = "true or false"
ACCEPT_FIELD = "also accepted"
ITEMS_FIELD = "items in order"
SHUFFLED_FIELD = "items shuffled"
ANSWERS_FIELD = "answers"  # Multiple answers; Multiple choice has "answer"
LINT_IGNORE_TAG = "peerquiz::lint-ignore::"
_DECK_MARKER = re.compile(r"<!-- peerquiz-deck (\{.*?\}) -->", re.DOTALL)


class DeckMeta(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: StrictStr
    domain: StrictStr | None = None


def deck_description(description: str | None, meta: DeckMeta) -> str:
    """The deck description as Anki shows it (HTML), with peerquiz's id and domain hidden in a comment."""
    # "<" and ">" escaped inside the JSON, so no text can close the comment early.
    data = json.dumps(meta.model_dump(), ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")
    shown = html.escape(description, quote=False).replace("\n", "<br>") if description else ""
    return f"{shown}<!-- peerquiz-deck {data} -->"


def split_description(description: str) -> tuple[str, DeckMeta | None]:
    """The description's HTML without peerquiz's comment, and what the comment held (None if absent or bad)."""
    found = _DECK_MARKER.search(description)
    if found is None:
        return description, None
    shown = description[: found.start()] + description[found.end() :]
    try:
        return shown, DeckMeta.model_validate_json(found.group(1))
    except ValidationError:
        return shown, None
