import datetime

import pytest

from haven.core.dates import next_working_day


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-12-03", "2026-12-04"),  # Thursday -> Friday
        ("2026-12-04", "2026-12-07"),  # Friday -> Monday
        ("2026-12-05", "2026-12-07"),  # Saturday -> Monday
        ("2026-12-06", "2026-12-07"),  # Sunday -> Monday
    ],
)
def test_the_next_working_day_skips_the_weekend(today, expected):
    day = datetime.date.fromisoformat(today)
    assert next_working_day(day) == datetime.date.fromisoformat(expected)
