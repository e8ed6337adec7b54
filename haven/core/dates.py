"""Calendar arithmetic shared by the apps."""

import datetime


def next_working_day(day: datetime.date) -> datetime.date:
    """The first Monday-to-Friday after `day`. Public holidays are not known to Haven, so a
    Monday holiday is still offered; the person scheduling sees the day named in full."""
    following = day + datetime.timedelta(days=1)
    while following.weekday() >= 5:  # Saturday, Sunday
        following += datetime.timedelta(days=1)
    return following
