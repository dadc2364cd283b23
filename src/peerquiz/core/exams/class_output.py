"""The class report and the item analysis as text tables, JSON values and CSV rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from peerquiz.core.exams.class_report import ClassReport, StudentRow
from peerquiz.core.exams.item_analysis import ItemStats


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _student_cells(student: StudentRow, domains: Sequence[str]) -> list[Any]:
    scores = " ".join(f"{s:.0f}" for s in student.exam_scores)
    return [student.name, _when(student.last_active), student.reviews_7d, student.streak,
            *(_share(student.readiness.get(d)) for d in domains), scores]  # fmt: skip


def _exam_day_cells(student: StudentRow, domains: Sequence[str]) -> list[str]:
    if student.exam_date is None:
        return ["", *("" for _ in domains)]
    return [student.exam_date.isoformat(), *(_share(student.exam_day.get(d)) for d in domains)]


def _domains(report: ClassReport) -> list[str]:
    return list(dict.fromkeys(d for s in report.students for d in s.readiness))


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(header)]
    return ["  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in [header, *cells]]


def report_text(report: ClassReport) -> str:
    domains = _domains(report)
    lines = _table(["student", "last active", "reviews 7d", "streak", *domains, "mock exams %"],
                   [_student_cells(s, domains) for s in report.students])  # fmt: skip
    planned = [s for s in report.students if s.exam_date is not None]
    if planned:
        lines += ["", "predicted on the exam date if the plan is followed:"]
        lines += _table(["student", "exam date", *domains], [[s.name, *_exam_day_cells(s, domains)] for s in planned])
    lines += ["", f"hardest cards (of {len(report.cards)} studied), lowest class-wide retention first:"]
    lines += [f"  {_share(c.retention):>4}  {c.reviews:>4} reviews  {c.lapses:>3} lapses  {c.where}  {c.deck_id}/{c.item_id}"
              for c in report.hardest]  # fmt: skip
    if not report.hardest:
        lines.append("  none yet: no card has a review-phase answer")
    return "\n".join(lines)


def report_json(report: ClassReport) -> dict[str, Any]:
    def student(s: StudentRow) -> dict[str, Any]:
        return {**asdict(s), "last_active": s.last_active.isoformat() if s.last_active else None,
                "exam_date": s.exam_date.isoformat() if s.exam_date else None}  # fmt: skip

    return {
        "generated_at": report.generated_at.isoformat(),
        "students": [student(s) for s in report.students],
        "cards": [asdict(c) for c in report.cards],
        "hardest": [asdict(c) for c in report.hardest],
    }


def report_csv(report: ClassReport) -> str:
    domains = _domains(report)
    header = ["student", "last_active", "reviews_7d", "streak", *domains, "mock_exam_percents", "exam_date",
              *(f"exam_day {d}" for d in domains)]  # fmt: skip
    return _csv(header, (_student_cells(s, domains) + _exam_day_cells(s, domains) for s in report.students))


def items_text(items: Sequence[ItemStats]) -> str:
    if not items:
        return "no submitted mock exams yet"
    lines = [f"{len(items)} questions from submitted mock exams; p = share right, r = point-biserial with the rest score"]
    for item in items:
        r = "-" if item.discrimination is None else f"{item.discrimination:+.2f}"
        picks = ", ".join(f"{'*' if o == item.answer else ''}{o!r}: {n}" for o, n in item.choices.items())
        lines.append(f"{item.where}  n {item.answered}  p {item.p_value:.2f}  r {r}  omitted {item.omitted}")
        lines.append(f"    chosen: {picks}")
        lines += [f"    FLAG {flag}" for flag in item.flags]
    return "\n".join(lines)


def items_json(items: Sequence[ItemStats]) -> list[dict[str, Any]]:
    return [{**asdict(item), "choices": [{"option": o, "chosen": n, "right": o == item.answer} for o, n in item.choices.items()]}
            for item in items]  # fmt: skip


def items_csv(items: Sequence[ItemStats]) -> str:
    header = ["where", "card_id", "answered", "p_value", "discrimination", "omitted", "choices", "flags"]
    return _csv(header, (
        [i.where, i.card_id, i.answered, f"{i.p_value:.4f}", "" if i.discrimination is None else f"{i.discrimination:.4f}",
         i.omitted, "; ".join(f"{o}={n}" for o, n in i.choices.items()), "; ".join(i.flags)]
        for i in items
    ))  # fmt: skip
