"""One test per training rule (ct.json training_cadence; Gen. Stat. §§ 17a-106f(b), -106g,
-106h)."""

import datetime

from django.utils import timezone

from haven.training import rules
from haven.training.models import Audience

D = datetime.date


def test_refresher_is_due_three_years_after_completion():
    assert rules.refresher_due(D(2023, 5, 17)) == D(2026, 5, 17)


def test_refresher_from_a_leap_day_falls_on_28_february():
    assert rules.refresher_due(D(2024, 2, 29)) == D(2027, 2, 28)


def test_refresher_from_a_leap_day_into_a_leap_year_keeps_29_february():
    assert rules.refresher_due(D(2024, 2, 29), years=4) == D(2028, 2, 29)


def test_refresher_from_28_february_before_a_leap_year_stays_28_february():
    assert rules.refresher_due(D(2025, 2, 28)) == D(2028, 2, 28)


def test_school_staff_train_within_six_months_of_hire():
    assert rules.school_first_training_due(D(2025, 9, 2)) == D(2026, 3, 2)


def test_six_month_rule_from_31_august_ends_on_the_last_day_of_february():
    assert rules.school_first_training_due(D(2025, 8, 31)) == D(2026, 2, 28)
    assert rules.school_first_training_due(D(2027, 8, 31)) == D(2028, 2, 29)


def test_six_month_rule_crosses_the_year():
    assert rules.school_first_training_due(D(2025, 12, 15)) == D(2026, 6, 15)


def test_six_month_rule_applies_only_to_school_staff():
    assert rules.initial_due(Audience.SCHOOL_STAFF, hired_on=D(2025, 1, 10)) == D(2025, 7, 10)
    assert rules.initial_due(Audience.LODGING, hired_on=D(2025, 1, 10)) is None
    assert rules.initial_due(Audience.SCHOOL_STAFF, hired_on=None) is None


def test_standing_overdue_due_soon_trained_untrained():
    today = D(2026, 3, 1)
    assert rules.standing(D(2026, 2, 28), on=today, trained=True) == rules.Standing.OVERDUE
    assert rules.standing(D(2026, 5, 30), on=today, trained=True) == rules.Standing.DUE_SOON
    assert rules.standing(D(2026, 6, 1), on=today, trained=True) == rules.Standing.TRAINED
    assert rules.standing(None, on=today, trained=False) == rules.Standing.UNTRAINED
    assert rules.standing(D(2026, 2, 1), on=today, trained=False) == rules.Standing.OVERDUE


def test_completion_needs_every_required_module():
    S = rules.ModuleState
    assert rules.program_complete([S(True, True), S(True, True), S(False, False)])
    assert not rules.program_complete([S(True, True), S(True, False)])
    assert not rules.program_complete([])


def test_video_watched_needs_coverage_of_the_whole_duration():
    start = timezone.now()
    later = start + datetime.timedelta(seconds=60)
    full = [[0, 30], [29.8, 60]]
    assert rules.video_watched(full, duration=60, first_reported_at=start, now=later)
    gap = [[0, 20], [40, 60]]
    assert not rules.video_watched(gap, duration=60, first_reported_at=start, now=later)


def test_video_watched_refuses_a_whole_video_claimed_at_once():
    start = timezone.now()
    assert not rules.video_watched([[0, 600]], duration=600, first_reported_at=start, now=start)


def test_webvtt_is_checked_by_content():
    good = b"WEBVTT\n\n00:00.000 --> 00:04.000\nHello\n"
    assert rules.webvtt_problem(good) is None
    assert rules.webvtt_problem(b"\xef\xbb\xbf" + good) is None
    srt = b"1\n00:00:00,000 --> 00:00:04,000\nHello\n"
    assert "first line must be WEBVTT" in rules.webvtt_problem(srt)
    assert "no cues" in rules.webvtt_problem(b"WEBVTT\n\nno cues here\n")
    assert "UTF-8" in rules.webvtt_problem(b"\xff\xfe\x00W")


def test_video_is_sniffed_by_content():
    assert rules.sniff_video(b"\x00\x00\x00\x18ftypisom\x00\x00") == "video/mp4"
    assert rules.sniff_video(b"\x1a\x45\xdf\xa3webm") == "video/webm"
    assert rules.sniff_video(b"%PDF-1.4 pretending") is None
