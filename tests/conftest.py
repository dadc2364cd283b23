from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from peerquiz.core.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def store() -> Store:
    opened = Store.open("sqlite://")
    yield opened
    opened.close()


@pytest.fixture
def clock() -> FakeClock:
    # Noon UTC, well away from the 4 am day boundary in the UTC test zone.
    return FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


@pytest.fixture(autouse=True)
def utc_local_zone(monkeypatch):
    """Study days follow the local zone; pin it so day boundaries are predictable."""
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
