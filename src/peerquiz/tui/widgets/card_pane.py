"""The card browser's pane: the card's text, its memory now and every answer it was given."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from peerquiz.core.study.card_search import CardDetails
from peerquiz.core.study.grading import expected_answer, front
from peerquiz.core.study.scheduling import format_interval
from peerquiz.tui.widgets.cards import kind_name


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def pane_text(details: CardDetails, now: datetime) -> Content:
    """Plain deck text in Content (never markup), with the figures a learner checks on a card."""
    found, memory = details.found, details.found.memory
    marks = found.marks(now)
    head = f"{found.item.deck_id} · {found.item.item_id} · {kind_name(found.item)} · {found.state}"
    lines: list[Content] = [
        Content.assemble((head, "bold"), (f" · {', '.join(marks)}" if marks else "")),
        Content(" ".join(front(found.item).split())),
        Content.assemble(("Answer: ", "bold"), " ".join(expected_answer(found.item).split())),
    ]
    if memory is None or memory.is_new:
        lines.append(Content("Never studied."))
    else:
        figures = [f"due {_when(memory.due)}" if memory.due else "no due date",
                   f"stability {memory.stability:.1f} d" if memory.stability is not None else "",
                   f"difficulty {memory.difficulty:.1f}" if memory.difficulty is not None else "",
                   f"recall now {details.retrievability:.0%}" if details.retrievability is not None else "",
                   f"{memory.lapses} lapse{'s' if memory.lapses != 1 else ''}"]  # fmt: skip
        lines.append(Content(" · ".join(f for f in figures if f)))
    if details.answers:
        lines.append(Content.styled(f"Answers ({len(details.answers)}):", "bold"))
    for answer in reversed(details.answers):  # latest first: what the learner looks for
        interval = f"next in {format_interval(answer.due_after - answer.reviewed_at)}" if answer.due_after else "schedule kept"
        lines.append(Content(f"  {_when(answer.reviewed_at)}  {answer.rating.name.title():<5}  {answer.mode:<5}  {interval}"))
    return Content("\n").join(lines)
