"""Study days worked out a run at a time agree with each date's own reset hour, across years of clock changes."""

from datetime import date, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from peerquiz.core.clock import study_day_start
from peerquiz.core.store.study_days import FIRST_DAY, study_day_seconds
from peerquiz.core.study.settings import SchedulerSettings

# Zones with summer time (one with a 30-minute change), one that drops it for Ramadan each year, one whose
# clocks change at midnight.
ZONES = ["America/New_York", "Australia/Lord_Howe", "Europe/London", "Africa/Casablanca", "America/Santiago"]


@pytest.mark.parametrize("zone_name", ZONES)
@pytest.mark.parametrize("hour", [4, 23])
def test_each_study_day_runs_from_its_dates_reset_hour_to_the_next_in_the_offset_of_each(zone_name: str, hour: int):
    zone, settings = ZoneInfo(zone_name), SchedulerSettings(day_starts_at_hour=hour)
    first, last = date(2019, 3, 1), date(2026, 11, 30)
    dates = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    starts = [int(study_day_start(day, settings, zone).timestamp()) for day in dates]
    spans = study_day_seconds(study_day_start(first, settings, zone), study_day_start(last, settings, zone), settings, zone)
    assert spans == [((day - FIRST_DAY).days, start, end) for day, (start, end) in zip(dates, pairwise(starts))]
    assert {end - start for _, start, end in spans} > {86400}  # some days of 23 or 25 hours (or 23.5) were met
