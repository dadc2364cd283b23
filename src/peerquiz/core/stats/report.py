"""The statistics as JSON (for scripts and instructors) and as plain text tables.

The JSON layout is documented in docs/stats.md; bump SCHEMA_VERSION when a
field changes meaning or goes away (adding fields keeps the version).
"""

from __future__ import annotations

from collections.abc import Sequence

from peerquiz.core.stats.statistics import DayCount, Retention, Stats

SCHEMA_VERSION = 1
HEAT_CHARS = " ░▒▓█"  # level 0..4
WEEKDAYS = "MTWTFSS"


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _retention_json(retention: Retention) -> dict:
    return {"answered": retention.answered, "recalled": retention.recalled, "rate": _rate(retention.rate)}


def stats_json(stats: Stats, deck: str | None = None, domain: str | None = None) -> dict:
    return {
        "schema": SCHEMA_VERSION,
        "profile": stats.profile,
        "generated_at": stats.generated_at.isoformat(),
        "today": stats.today.isoformat(),
        "filter": {"deck": deck, "domain": domain},
        "desired_retention": stats.desired_retention,
        "cards": {
            "new": stats.counts.new,
            "learning": stats.counts.learning,
            "review": stats.counts.review,
            "relearning": stats.counts.relearning,
            "suspended": stats.counts.suspended,
            "total": stats.counts.total,
        },
        "reviews_per_day": [
            {"day": d.day.isoformat(), "answers": d.count, "minutes": round(d.minutes, 2)} for d in stats.reviews_per_day
        ],
        "heatmap": [
            {"day": d.day.isoformat(), "answers": d.count, "level": stats.heat_level(d.count)} for d in stats.heatmap
        ],
        "forecast": [{"day": d.day.isoformat(), "due": d.count} for d in stats.forecast],
        "retention": {
            f"last_{w.days}_days": {
                "young": _retention_json(w.young),
                "mature": _retention_json(w.mature),
                "all": _retention_json(w.all),
            }
            for w in stats.retention
        },
        "mastery": [
            {"domain": m.domain, "cards": m.cards, "mastered": m.mastered, "share": _rate(m.share)}
            for m in stats.mastery
        ],
        "leeches": [
            {"deck": l.deck_id, "card": l.item_id, "domain": l.domain, "lapses": l.lapses, "suspended": l.suspended}
            for l in stats.leeches
        ],
        "streak": {
            "current": stats.streak.current,
            "longest": stats.streak.longest,
            "studied_today": stats.streak.studied_today,
        },
        "minutes_studied": {
            "today": round(stats.time.today, 2),
            "last_7_days": round(stats.time.last_7_days, 2),
            "last_30_days": round(stats.time.last_30_days, 2),
            "total": round(stats.time.total, 2),
        },
    }


def table(rows: Sequence[Sequence[object]], left: int = 1) -> list[str]:
    """Rows aligned in columns: the first ``left`` columns to the left, numbers to the right."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return [
        "  ".join(c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()
        for row in cells
    ]


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _retention_cell(r: Retention) -> str:
    return f"{percent(r.rate)} ({r.recalled}/{r.answered})"


def heatmap_rows(stats: Stats) -> list[str]:
    """Seven lines, Monday first; one column per week, oldest on the left."""
    days: list[DayCount | None] = [None] * stats.heatmap[0].day.weekday() + list(stats.heatmap)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]

    def cell(week: list[DayCount | None], weekday: int) -> str:
        day = week[weekday] if weekday < len(week) else None
        return HEAT_CHARS[stats.heat_level(day.count)] if day else " "

    return [
        WEEKDAYS[weekday] + " " + "".join(cell(week, weekday) for week in weeks).rstrip()
        for weekday in range(7)
    ]  # fmt: skip


def title_line(stats: Stats, deck: str | None = None, domain: str | None = None) -> str:
    chosen = ", ".join(f"{k} {v}" for k, v in (("deck", deck), ("domain", domain)) if v) or "all decks"
    return f"{stats.profile} · {chosen} · study day {stats.today} · desired retention {percent(stats.desired_retention)}"


def summary_lines(stats: Stats) -> list[str]:
    """Card counts, streak and time studied."""
    c, streak, time = stats.counts, stats.streak, stats.time
    counts = [
        ("cards", "new", "learning", "review", "relearning", "suspended", "total"),
        ("", c.new, c.learning, c.review, c.relearning, c.suspended, c.total),
    ]
    return [
        *table(counts),
        "",
        f"streak: {streak.current} day(s), longest {streak.longest}"
        + ("" if streak.studied_today else " (not studied yet today)"),
        (
            f"minutes studied: today {time.today:.0f}, last 7 days {time.last_7_days:.0f}, "
            f"last 30 days {time.last_30_days:.0f}, total {time.total:.0f}"
        ),
    ]


def retention_lines(stats: Stats) -> list[str]:
    return table([("true retention", "young", "mature", "all")]
                 + [(f"last {w.days} days", _retention_cell(w.young), _retention_cell(w.mature), _retention_cell(w.all))
                    for w in stats.retention])  # fmt: skip


def activity_caption(stats: Stats) -> str:
    days = stats.reviews_per_day
    busiest = max(days, key=lambda d: d.count)
    return f"answers in the last {len(days)} days: {sum(d.count for d in days)}" + (
        f", busiest {busiest.day} with {busiest.count}" if busiest.count else ""
    )


def forecast_caption(stats: Stats) -> str:
    return f"due in the next {len(stats.forecast)} days: {sum(d.count for d in stats.forecast)}"


def mastery_lines(stats: Stats) -> list[str]:
    return table([("domain", "cards", "mastered", "share")]
                 + [(m.domain or "(no domain)", m.cards, m.mastered, percent(m.share)) for m in stats.mastery])  # fmt: skip


def leech_lines(stats: Stats) -> list[str]:
    if not stats.leeches:
        return ["no leeches"]
    return table([("leech", "deck", "lapses", "suspended")]
                 + [(l.item_id, l.deck_id, l.lapses, "yes" if l.suspended else "no") for l in stats.leeches],
                 left=2)  # fmt: skip


def stats_text(stats: Stats, deck: str | None = None, domain: str | None = None) -> str:
    return "\n".join([
        title_line(stats, deck, domain), "",
        *summary_lines(stats), "",
        *retention_lines(stats), "",
        activity_caption(stats),
        *table([("day", "answers", "minutes")]
               + [(d.day, d.count, f"{d.minutes:.1f}") for d in stats.reviews_per_day[-14:]]),
        "",
        f"activity, last {len(stats.heatmap)} days (more answers = darker):",
        *heatmap_rows(stats), "",
        forecast_caption(stats),
        *table([("day", "due")] + [(d.day, d.count) for d in stats.forecast if d.count]), "",
        *mastery_lines(stats), "",
        *leech_lines(stats),
    ])  # fmt: skip
