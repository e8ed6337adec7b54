"""Rules of intake: the referral delay (34 U.S.C. § 20304(c)) and case numbers."""

import datetime

import pytest

from haven.access.models import Section
from haven.cases.models import AssignmentSection
from haven.cases.rules import (
    ASSIGNMENT_SECTION,
    CITATION_REFERRAL_TIMING,
    cac_code,
    case_number,
    referral_delay_hours,
    referral_timeliness,
)

KNOWN = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


def after(hours: float) -> datetime.datetime:
    return KNOWN + datetime.timedelta(hours=hours)


def test_referral_delay_hours_is_the_time_from_known_to_received():
    assert referral_delay_hours(KNOWN, after(30)) == 30
    assert referral_delay_hours(KNOWN, after(0.5)) == 0.5


def test_referral_delay_hours_is_unknown_without_the_time_it_became_known():
    assert referral_delay_hours(None, after(3)) is None


def test_referral_delay_counts_across_a_daylight_saving_change():
    ny = datetime.timezone(datetime.timedelta(hours=-5))
    edt = datetime.timezone(datetime.timedelta(hours=-4))
    known = datetime.datetime(2026, 3, 7, 12, 0, tzinfo=ny)
    received = datetime.datetime(2026, 3, 8, 12, 0, tzinfo=edt)
    assert referral_delay_hours(known, received) == 23


def test_referral_timing_cites_34_usc_20304c():
    assert CITATION_REFERRAL_TIMING == "34 U.S.C. § 20304(c)"


@pytest.mark.parametrize(
    ("hours", "timeliness"),
    [
        (0, "on time"),
        (23.99, "on time"),
        (24, "on time"),
        (24.01, "late"),
        (72, "late"),
        (72.01, "overdue"),
        (240, "overdue"),
    ],
)
def test_referral_within_24_hours_is_on_time_within_72_late_then_overdue_34_usc_20304c(
    hours, timeliness
):
    assert referral_timeliness(KNOWN, after(hours)) == timeliness


def test_referral_timeliness_is_unknown_without_known_at_34_usc_20304c():
    assert referral_timeliness(None, after(500)) == "unknown"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("South Central Child Advocacy Center", "SCCAC"),
        ("New Haven CAC", "NHC"),
        ("Childrens Advocacy Center of the Town of Greenwich", "CACTG"),
        ("Demo Office for the Children and Families Advocacy Center", "CFAC"),
        ("A B C D E F G H", "ABCDEF"),
        ("123 !!!", "CAC"),
    ],
)
def test_cac_code_is_the_initials_of_the_name_without_small_words(name, code):
    assert cac_code(name) == code


def test_cac_code_does_not_count_a_possessive_s_as_a_word():
    assert cac_code("Children's Advocacy Center") == "CAC"


def test_case_number_is_code_year_and_a_five_digit_sequence():
    assert case_number("NHC", 2026, 1) == "NHC-2026-00001"
    assert case_number("NHC", 2026, 123456) == "NHC-2026-123456"


def test_every_assignment_section_belongs_to_a_role_matrix_section():
    assert set(ASSIGNMENT_SECTION) == set(AssignmentSection)
    assert ASSIGNMENT_SECTION[AssignmentSection.LAW_ENFORCEMENT] == Section.LAW_ENFORCEMENT
    assert ASSIGNMENT_SECTION[AssignmentSection.CHILD_PROTECTION] == Section.CHILD_PROTECTION
