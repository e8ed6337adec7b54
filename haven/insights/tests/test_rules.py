import datetime

import pytest

from haven.insights import rules

D = datetime.date


def test_half_years():
    assert rules.half_year(2026, 1) == rules.Period(D(2026, 1, 1), D(2026, 6, 30))
    assert rules.half_year(2026, 2) == rules.Period(D(2026, 7, 1), D(2026, 12, 31))
    with pytest.raises(ValueError):
        rules.half_year(2026, 3)


def test_last_complete_half():
    assert rules.last_complete_half(D(2026, 6, 30)) == rules.half_year(2025, 2)
    assert rules.last_complete_half(D(2026, 7, 1)) == rules.half_year(2026, 1)
    assert rules.last_complete_half(D(2026, 1, 1)) == rules.half_year(2025, 2)


def test_period_keys_round_trip():
    for period in (rules.half_year(2026, 1), rules.make_range(D(2026, 2, 1), D(2026, 2, 28))):
        assert rules.parse_period(period.key) == period
    assert rules.half_year(2026, 2).key == "2026H2"
    assert rules.half_year(2026, 2).label == "July to December 2026"
    # A range that happens to be a half is that half.
    assert rules.make_range(D(2026, 1, 1), D(2026, 6, 30)).key == "2026H1"


@pytest.mark.parametrize(
    "key, message",
    [
        ("2026H0", "Choose a half-year"),
        ("", "Choose a half-year"),
        ("2026-03-01_2026-02-01", "before its start"),
        ("2026-02-30_2026-03-01", "not real dates"),
        ("2020-01-01_2026-01-01", "five years"),
    ],
)
def test_bad_periods(key, message):
    with pytest.raises(ValueError, match=message):
        rules.parse_period(key)


def test_a_one_day_range_is_a_period():
    assert rules.make_range(D(2026, 1, 1), D(2026, 1, 1)).contains(D(2026, 1, 1))


@pytest.mark.parametrize(
    "age, group",
    [
        (0, "0-6"),
        (6, "0-6"),
        (7, "7-12"),
        (12, "7-12"),
        (13, "13-18"),
        (18, "13-18"),
        (None, "unknown"),
    ],
)
def test_age_groups(age, group):
    assert rules.age_group(age) == group


def test_over_18_is_not_an_nca_age():
    assert rules.counts_for_nca(18) and rules.counts_for_nca(None) and rules.counts_for_nca(0)
    assert not rules.counts_for_nca(19)
    with pytest.raises(ValueError):
        rules.age_group(19)


@pytest.mark.parametrize(
    "age, group",
    [
        (0, "under-13"),
        (12, "under-13"),
        (13, "13-17"),
        (17, "13-17"),
        (18, "18-plus"),
        (90, "18-plus"),
        (None, "unknown"),
    ],
)
def test_offender_age_groups(age, group):
    assert rules.offender_age_group(age) == group


@pytest.mark.parametrize("n, group", [(0, "0"), (1, "1"), (2, "2"), (3, "3-plus"), (9, "3-plus")])
def test_offender_count_groups(n, group):
    assert rules.offender_count_group(n) == group


def test_every_relationship_has_one_nca_group():
    from haven.cases.models import Relationship

    for value in [*Relationship.values, ""]:
        groups = [k for k, _l, members in rules.RELATIONSHIP_GROUPS if value in members]
        assert len(groups) == 1, value
    assert rules.relationship_group("parents_partner") == "step-parent"
    assert rules.relationship_group("") == "unknown"
    with pytest.raises(KeyError):
        rules.relationships_in("cousin")


@pytest.mark.parametrize("count, shown", [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (120, 120)])
def test_small_cells_are_suppressed(count, shown):
    assert rules.suppress(count) == shown


def test_twelve_months():
    assert rules.twelve_months_ending(D(2026, 6, 30)) == rules.Period(D(2025, 7, 1), D(2026, 6, 30))
    assert rules.twelve_months_ending(D(2028, 2, 29)) == rules.Period(D(2027, 3, 1), D(2028, 2, 29))


def test_trafficking_report_due_october_first():
    assert rules.trafficking_report_due(rules.twelve_months_ending(D(2026, 6, 30))) == D(
        2026, 10, 1
    )
    assert rules.trafficking_report_due(rules.twelve_months_ending(D(2026, 12, 31))) == D(
        2027, 10, 1
    )


def test_median_from_histogram_odd_count_is_the_middle_value():
    # 1, 3, 3, 8, 20: the third value.
    assert rules.median_from_histogram([(8, 1), (3, 2), (1, 1), (20, 1)]) == 3


def test_median_from_histogram_even_count_is_the_mean_of_the_two_middle_values():
    # 2, 4, 9, 30: (4 + 9) / 2.
    assert rules.median_from_histogram([(30, 1), (2, 1), (9, 1), (4, 1)]) == 6.5
    # 5, 5, 7, 7: the middle values sit in different rows of the histogram.
    assert rules.median_from_histogram([(5, 2), (7, 2)]) == 6
    # 5, 5, 5, 7: both middle values in one row.
    assert rules.median_from_histogram([(5, 3), (7, 1)]) == 5


def test_median_from_histogram_empty_and_one_value():
    assert rules.median_from_histogram([]) is None
    assert rules.median_from_histogram([(4, 0)]) is None  # a row counting nothing
    assert rules.median_from_histogram([(12, 1)]) == 12
    assert rules.median_from_histogram([(12, 340)]) == 12


def test_median_from_histogram_adds_repeated_values_and_refuses_negative_counts():
    assert rules.median_from_histogram([(1, 1), (9, 1), (9, 1)]) == 9
    with pytest.raises(ValueError):
        rules.median_from_histogram([(1, -1)])


def test_wait_figures_leave_out_negative_waits_from_bands_and_median():
    bands = [("a", "A", 0, 7), ("b", "B", 8, None)]
    # The two waits of -4 days are left out; 0, 7, 8 measured: median 7.
    figures = rules.wait_figures([(-4, 2), (0, 1), (7, 1), (8, 1)], bands)
    assert figures == rules.WaitFigures(bands=[2, 1], median=7, n=3, excluded=2)
    assert figures.summary == (
        "Median 7 days (n = 3); 2 dated before the case was received, left out"
    )
    assert rules.wait_figures([(None, 1), (3, 1)], bands).excluded == 1
    assert rules.wait_figures([(1, 1)], bands).median_text == "1 day"
    assert rules.wait_figures([], bands).summary == "No waits to measure"
