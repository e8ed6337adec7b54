"""One test per rule of haven/reviews/rules.py."""

import datetime
from types import SimpleNamespace

from haven.reviews import rules
from haven.reviews.models import Frequency

D = datetime.date


def sched(**kw):
    base = dict(
        frequency=Frequency.MONTHLY_NTH_WEEKDAY,
        weekday=1,
        nth=2,
        day_of_month=None,
        interval_weeks=1,
        starts_on=D(2025, 1, 1),
        ends_on=None,
    )
    return SimpleNamespace(**(base | kw))


def test_second_tuesday_monthly_gives_the_second_tuesdays():
    days = rules.occurrences(sched(), after=D(2025, 1, 1), count=4)
    assert days == [D(2025, 1, 14), D(2025, 2, 11), D(2025, 3, 11), D(2025, 4, 8)]


def test_next_occurrence_is_strictly_after_the_given_day():
    assert rules.occurrences(sched(), after=D(2025, 1, 14), count=1) == [D(2025, 2, 11)]
    assert rules.occurrences(sched(), after=D(2025, 1, 13), count=1) == [D(2025, 1, 14)]


def test_last_friday_of_the_month():
    days = rules.occurrences(sched(weekday=4, nth=-1), after=D(2025, 1, 31), count=2)
    assert days == [D(2025, 2, 28), D(2025, 3, 28)]


def test_schedule_crosses_the_year_end():
    days = rules.occurrences(sched(), after=D(2025, 12, 1), count=2)
    assert days == [D(2025, 12, 9), D(2026, 1, 13)]


def test_schedule_stops_at_its_end_date():
    days = rules.occurrences(sched(ends_on=D(2025, 3, 1)), after=D(2025, 1, 1), count=5)
    assert days == [D(2025, 1, 14), D(2025, 2, 11)]


def test_schedule_does_not_start_before_its_start_date():
    days = rules.occurrences(sched(starts_on=D(2025, 6, 1)), after=D(2025, 1, 1), count=1)
    assert days == [D(2025, 6, 10)]


def test_day_31_in_a_short_month_is_its_last_day():
    s = sched(frequency=Frequency.MONTHLY_DAY, day_of_month=31)
    assert rules.occurrences(s, after=D(2025, 1, 31), count=2) == [D(2025, 2, 28), D(2025, 3, 31)]


def test_every_two_weeks_keeps_the_rhythm_from_the_start():
    s = sched(frequency=Frequency.WEEKLY, weekday=2, interval_weeks=2, starts_on=D(2025, 1, 1))
    assert rules.occurrences(s, after=D(2025, 1, 2), count=3) == [
        D(2025, 1, 15),
        D(2025, 1, 29),
        D(2025, 2, 12),
    ]


def test_nth_weekday_is_none_when_the_month_has_no_fifth():
    assert rules.nth_weekday(2025, 2, 1, 5) is None


def test_schedule_refusal_names_what_is_missing():
    assert rules.schedule_refusal(
        frequency=Frequency.MONTHLY_NTH_WEEKDAY,
        weekday=1,
        nth=7,
        day_of_month=None,
        interval_weeks=1,
        starts_on=D(2025, 1, 1),
        ends_on=None,
    )
    assert (
        rules.schedule_refusal(
            frequency=Frequency.MONTHLY_NTH_WEEKDAY,
            weekday=1,
            nth=2,
            day_of_month=None,
            interval_weeks=1,
            starts_on=D(2025, 1, 1),
            ends_on=None,
        )
        is None
    )
    assert "end before" in rules.schedule_refusal(
        frequency=Frequency.MONTHLY_DAY,
        weekday=None,
        nth=None,
        day_of_month=3,
        interval_weeks=1,
        starts_on=D(2025, 2, 1),
        ends_on=D(2025, 1, 1),
    )


def _reasons(**kw):
    base = dict(
        received_on=D(2025, 1, 1),
        is_trafficking=False,
        last_reviewed=D(2025, 2, 1),
        has_overdue_actions=False,
        last_meeting_on=D(2025, 2, 1),
        cadence_days=90,
        on=D(2025, 3, 1),
    )
    return rules.due_reasons(**(base | kw))


def test_case_reviewed_recently_is_not_due():
    assert _reasons() == []


def test_new_case_since_last_meeting_is_due():
    assert _reasons(received_on=D(2025, 2, 10), last_reviewed=None) == [rules.REASON_NEW]


def test_case_not_reviewed_within_cadence_is_due():
    assert _reasons(last_reviewed=D(2024, 11, 1)) == [rules.REASON_CADENCE]


def test_cadence_counts_from_receipt_when_never_reviewed():
    assert rules.REASON_CADENCE in _reasons(
        received_on=D(2024, 11, 1), last_reviewed=None, last_meeting_on=D(2025, 2, 1)
    )


def test_trafficking_case_is_always_proposed():
    assert _reasons(is_trafficking=True) == [rules.REASON_TRAFFICKING]


def test_case_with_overdue_action_items_is_due():
    assert _reasons(has_overdue_actions=True) == [rules.REASON_OVERDUE_ACTIONS]


def test_reviewed_within_cadence_boundary():
    on = D(2025, 4, 1)
    assert rules.reviewed_within_cadence(
        last_reviewed=on - datetime.timedelta(90), cadence_days=90, on=on
    )
    assert not rules.reviewed_within_cadence(
        last_reviewed=on - datetime.timedelta(91), cadence_days=90, on=on
    )
    assert not rules.reviewed_within_cadence(last_reviewed=None, cadence_days=90, on=on)


def test_cadence_share():
    assert rules.cadence_share([True, False, True, True]) == 0.75
    assert rules.cadence_share([]) is None


def test_action_item_needs_an_owner():
    assert "owner" in rules.action_item_refusal(
        owner=None, due_on=D(2025, 5, 1), today=D(2025, 4, 1)
    )


def test_action_item_due_date_cannot_be_past_at_creation():
    refusal = rules.action_item_refusal(owner=object(), due_on=D(2025, 3, 31), today=D(2025, 4, 1))
    assert "passed" in refusal
    assert (
        rules.action_item_refusal(owner=object(), due_on=D(2025, 4, 1), today=D(2025, 4, 1)) is None
    )


def test_open_action_past_due_is_overdue():
    assert rules.is_overdue(status="open", due_on=D(2025, 3, 31), today=D(2025, 4, 1))
    assert not rules.is_overdue(status="done", due_on=D(2025, 3, 31), today=D(2025, 4, 1))
    assert not rules.is_overdue(status="open", due_on=D(2025, 4, 1), today=D(2025, 4, 1))


def test_reminder_goes_two_days_before_due():
    assert rules.reminder_due_on(D(2025, 4, 10)) == D(2025, 4, 8)


def test_closed_meeting_refuses_changes():
    assert "Reopen" in rules.closed_meeting_refusal(SimpleNamespace(status="closed"))
    assert rules.closed_meeting_refusal(SimpleNamespace(status="scheduled")) is None


def test_seats_present_and_missing():
    present, missing = rules.seats_present(
        [SimpleNamespace(seat="dcf"), SimpleNamespace(seat="dcf")], ["dcf", "medical"]
    )
    assert present == ["dcf"] and missing == ["medical"]
