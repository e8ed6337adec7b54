"""Rules of case review, as plain functions. No database writes.

The CAC provides "regular case review for the purpose of aiding in decision-making,
problem solving, systems coordination, and information sharing" (CITATION); the MDT
reviews "particular cases or particular types of cases", trafficking of children among
them (Gen. Stat. § 17a-106f). What "regular" means is a team's setting: its cadence.
"""

import calendar
import datetime

from haven.reviews.models import Frequency

CITATION = "Gen. Stat. §§ 17a-106a(e); 17a-106f(a)"
CITATION_MDT = "Gen. Stat. § 17a-106f"
DEFAULT_CADENCE_DAYS = 90

# --- recurring schedules ----------------------------------------------------------------


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date | None:
    """The nth (1..5, or -1 for last) `weekday` (0 = Monday) of a month; None if the month
    has no fifth one."""
    days = [
        d
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if datetime.date(year, month, d).weekday() == weekday
    ]
    if nth == -1:
        return datetime.date(year, month, days[-1])
    if 1 <= nth <= len(days):
        return datetime.date(year, month, days[nth - 1])
    return None


def _month_day(year: int, month: int, day: int) -> datetime.date:
    # The 31st in a 30-day month is its last day: a team meeting "on the 31st" still meets.
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _months_from(day: datetime.date):
    year, month = day.year, day.month
    while True:
        yield year, month
        month += 1
        if month > 12:
            year, month = year + 1, 1


def occurrences(schedule, *, after: datetime.date, count: int = 1) -> list[datetime.date]:
    """The next `count` meeting days of a schedule strictly after `after`, within its
    starts_on..ends_on. `schedule` needs frequency, weekday, nth, day_of_month,
    interval_weeks, starts_on and ends_on."""
    found: list[datetime.date] = []
    start = max(after + datetime.timedelta(days=1), schedule.starts_on)

    def keep(day) -> bool:
        return day is not None and day >= start

    def finished(day) -> bool:
        return schedule.ends_on is not None and day > schedule.ends_on

    if schedule.frequency == Frequency.WEEKLY:
        step = datetime.timedelta(weeks=max(1, schedule.interval_weeks))
        first = schedule.starts_on + datetime.timedelta(
            days=(schedule.weekday - schedule.starts_on.weekday()) % 7
        )
        if first < start:
            periods = -(-(start - first).days // step.days)
            first += step * periods
        day = first
        while len(found) < count and not finished(day):
            found.append(day)
            day += step
        return found
    for year, month in _months_from(start.replace(day=1)):
        if schedule.frequency == Frequency.MONTHLY_NTH_WEEKDAY:
            day = nth_weekday(year, month, schedule.weekday, schedule.nth)
        else:
            day = _month_day(year, month, schedule.day_of_month)
        if day is not None and finished(day):
            break
        if keep(day):
            found.append(day)
            if len(found) == count:
                break
    return found


def schedule_refusal(
    *, frequency: str, weekday, nth, day_of_month, interval_weeks, starts_on, ends_on
) -> str | None:
    """Why these recurrence settings do not make a schedule, or None."""
    if frequency == Frequency.MONTHLY_NTH_WEEKDAY:
        if weekday is None or nth not in (1, 2, 3, 4, -1):
            return "Choose the weekday and which one of the month (first to fourth, or last)."
    elif frequency == Frequency.MONTHLY_DAY:
        if not day_of_month or not 1 <= day_of_month <= 31:
            return "Choose a day of the month from 1 to 31."
    elif frequency == Frequency.WEEKLY:
        if weekday is None or not interval_weeks or interval_weeks > 8:
            return "Choose the weekday and a repeat of 1 to 8 weeks."
    else:
        return "Choose how often the meeting repeats."
    if ends_on is not None and ends_on < starts_on:
        return "The schedule cannot end before it starts."
    return None


# --- what makes a case due for review ---------------------------------------------------

REASON_NEW = "new"
REASON_CADENCE = "cadence"
REASON_TRAFFICKING = "trafficking"
REASON_OVERDUE_ACTIONS = "overdue_actions"
REASON_LABELS = {
    REASON_NEW: "New since the last meeting",
    REASON_CADENCE: "Not reviewed within the team's cadence",
    REASON_TRAFFICKING: "Trafficking case",
    REASON_OVERDUE_ACTIONS: "Overdue action items",
}


def next_review_due(
    *, received_on: datetime.date, last_reviewed: datetime.date | None, cadence_days: int
) -> datetime.date:
    """An open case is due `cadence_days` after its last review, or after it was received."""
    return (last_reviewed or received_on) + datetime.timedelta(days=cadence_days)


def due_reasons(
    *,
    received_on: datetime.date,
    is_trafficking: bool,
    last_reviewed: datetime.date | None,
    has_overdue_actions: bool,
    last_meeting_on: datetime.date | None,
    cadence_days: int,
    on: datetime.date,
) -> list[str]:
    """Why Haven proposes an open case for a meeting held `on` (CITATION): new since the
    team's last meeting and never reviewed, not reviewed within the cadence, a trafficking
    case (Gen. Stat. § 17a-106f names trafficking cases for review), or overdue actions."""
    reasons = []
    if last_reviewed is None and (last_meeting_on is None or received_on > last_meeting_on):
        reasons.append(REASON_NEW)
    due = next_review_due(
        received_on=received_on, last_reviewed=last_reviewed, cadence_days=cadence_days
    )
    if due <= on:
        reasons.append(REASON_CADENCE)
    if is_trafficking:
        reasons.append(REASON_TRAFFICKING)
    if has_overdue_actions:
        reasons.append(REASON_OVERDUE_ACTIONS)
    return reasons


def reviewed_within_cadence(
    *, last_reviewed: datetime.date | None, cadence_days: int, on: datetime.date
) -> bool:
    return last_reviewed is not None and (on - last_reviewed).days <= cadence_days


def cadence_share(flags: list[bool]) -> float | None:
    """The share of open cases reviewed within the cadence; None when there are none."""
    return sum(flags) / len(flags) if flags else None


# --- action items -----------------------------------------------------------------------

REMINDER_DAYS_BEFORE = 2


def action_item_refusal(*, owner, due_on, today: datetime.date) -> str | None:
    """An action item needs someone to do it and a date that has not passed."""
    if owner is None:
        return "An action item needs an owner: choose who will do it."
    if due_on is None:
        return "An action item needs a due date."
    if due_on < today:
        return "The due date has passed: choose today or a later date."
    return None


def is_overdue(*, status: str, due_on: datetime.date, today: datetime.date) -> bool:
    return status == "open" and due_on < today


def reminder_due_on(due_on: datetime.date) -> datetime.date:
    """The day the owner is reminded of an open action item."""
    return due_on - datetime.timedelta(days=REMINDER_DAYS_BEFORE)


# --- meetings ---------------------------------------------------------------------------


def closed_meeting_refusal(meeting) -> str | None:
    """A closed meeting is the team's record of what was said: reopen it to change it."""
    if meeting.status == "closed":
        return "This meeting is closed. Reopen it to make changes; nothing was changed."
    if meeting.status == "cancelled":
        return "This meeting was cancelled; nothing was changed."
    return None


def seats_present(attendance, required_seats) -> tuple[list[str], list[str]]:
    """(seats with someone present, required seats with no one), for the meeting page."""
    present = sorted({a.seat for a in attendance})
    missing = [s for s in required_seats if s not in present]
    return present, missing
