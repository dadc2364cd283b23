"""Shared fixtures: an in-memory workspace over the test decks and a clock we control."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from peerquiz.core.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures"

# Study days start at a local hour; pin the zone so day boundaries are the same everywhere.
os.environ["TZ"] = "UTC"
time.tzset()


@dataclass
class FakeClock:
    now: datetime = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def workspace():
    opened = Workspace.open("sqlite://", [FIXTURES])
    yield opened
    opened.close()


@pytest.fixture
def profile(workspace, clock):
    return workspace.store.add_profile("Ana", clock())
