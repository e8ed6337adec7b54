"""Age and minority (Gen. Stat. § 17a-106a: a minor child is under 18)."""

import datetime

import pytest

from haven.people.models import Person
from haven.people.rules import CITATION_MINOR, age_on, is_minor

D = datetime.date
DAY = datetime.timedelta(days=1)


def born(dob=None, **fields) -> Person:
    return Person(first_name="Ana", last_name="Lopez", date_of_birth=dob, **fields)


def test_age_on_counts_whole_years_from_the_date_of_birth():
    ana = born(D(2010, 6, 15))
    assert age_on(ana, D(2026, 6, 14)) == 15
    assert age_on(ana, D(2026, 6, 15)) == 16
    assert ana.age_on(D(2026, 12, 31)) == 16


def test_age_on_the_day_of_birth_is_zero():
    assert age_on(born(D(2026, 1, 2)), D(2026, 1, 2)) == 0


def test_age_on_with_an_estimated_age_grows_with_the_years_since_the_estimate():
    ana = born(estimated_age=10, estimated_age_on=D(2024, 6, 1))
    assert age_on(ana, D(2024, 6, 1)) == 10
    assert age_on(ana, D(2025, 5, 31)) == 10
    assert age_on(ana, D(2025, 6, 1)) == 11
    assert age_on(ana, D(2026, 6, 1)) == 12


def test_age_on_before_the_estimate_was_made_is_the_estimate():
    ana = born(estimated_age=10, estimated_age_on=D(2024, 6, 1))
    assert age_on(ana, D(2020, 1, 1)) == 10


def test_age_on_with_an_undated_estimate_is_the_estimate():
    assert age_on(born(estimated_age=7), D(2030, 1, 1)) == 7


def test_the_date_of_birth_wins_over_an_estimate():
    ana = born(D(2010, 6, 15), estimated_age=3, estimated_age_on=D(2026, 1, 1))
    assert age_on(ana, D(2026, 6, 15)) == 16


def test_age_on_is_unknown_without_a_date_of_birth_or_an_estimate():
    assert age_on(born(), D(2026, 1, 1)) is None
    assert is_minor(born(), on=D(2026, 1, 1)) is None


def test_minor_cites_the_statute():
    assert CITATION_MINOR == "Gen. Stat. § 17a-106a"


@pytest.mark.parametrize(
    ("day", "minor"),
    [
        (D(2026, 3, 14), True),  # the day before the 18th birthday
        (D(2026, 3, 15), False),  # the 18th birthday
        (D(2026, 3, 16), False),
    ],
)
def test_is_minor_until_the_18th_birthday_gen_stat_17a_106a(day, minor):
    assert is_minor(born(D(2008, 3, 15)), on=day) is minor


def test_is_minor_with_an_estimated_age_of_17_becomes_adult_a_year_after_the_estimate():
    teen = born(estimated_age=17, estimated_age_on=D(2025, 9, 1))
    assert is_minor(teen, on=D(2026, 8, 31)) is True
    assert is_minor(teen, on=D(2026, 9, 1)) is False


def test_a_leap_day_birthday_turns_18_on_the_first_of_march_in_a_common_year():
    leapling = born(D(2008, 2, 29))
    assert is_minor(leapling, on=D(2026, 2, 28)) is True
    assert is_minor(leapling, on=D(2026, 3, 1)) is False


def test_age_on_is_never_off_by_one_across_a_year_of_days():
    dob = D(2012, 7, 20)
    day = D(2030, 1, 1)
    while day.year == 2030:
        expected = 17 if day < D(2030, 7, 20) else 18
        assert age_on(born(dob), day) == expected
        day += DAY
