"""The NCA figures against the hand-built world of world.py, answers worked out by hand."""

import pytest

from haven.insights import rules, selectors
from haven.insights.tests import world as w

H1 = rules.half_year(2026, 1)


def figure(report, key) -> dict:
    fig = next(f for f in report.figures if f.key == key)
    return {row.value: row.count for row in fig.rows}


@pytest.fixture
def world(cast):
    return w.build(cast)


def test_counted_cases(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    # C1, C2, C3, C4, C5, C6; not X1 (December), X2 (July), X3 (trafficking concern),
    # X4 (19), X5 (another centre).
    assert report.total == 6
    assert report.whole_centre


def test_gender(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    # female C1 C3; male C2 C5 C6; unknown C4
    assert figure(report, "gender") == {"female": 2, "male": 3, "intersex": 0, "unknown": 1}


def test_age_at_first_contact(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    # 0-6: C2 (5, birthday the day after); 7-12: C1 (9), C4 (estimate 10 a year ago: 11);
    # 13-18: C3 (18 that very day), C6 (13); unknown: C5
    assert figure(report, "age") == {"0-6": 1, "7-12": 2, "13-18": 2, "unknown": 1}


def test_number_of_offenders(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    # none: C3; one: C1, C6 (shared referral), C4, C5; two: C2
    assert figure(report, "offender_count") == {"0": 1, "1": 4, "2": 1, "3-plus": 0}


def test_offender_relationship_counts_each_offender_of_each_case(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    # parent: R1's for C1 and for C6, C5's; step-parent: C2's; known (peer): C2's;
    # unknown: C4's blank relationship
    assert figure(report, "relationship") == {
        "parent": 3,
        "step-parent": 1,
        "relative": 0,
        "known": 1,
        "online": 0,
        "stranger": 0,
        "unknown": 1,
    }


def test_offender_age(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    # 18+: R1's parent (35) twice, C2's step-parent (born 1990: 35), C5's parent (40);
    # 13-17: C2's peer (15); unknown: C4's
    assert figure(report, "offender_age") == {"under-13": 0, "13-17": 1, "18-plus": 4, "unknown": 1}


def test_abuse_types_count_cases_per_type(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    kinds = figure(report, "abuse_type")
    # sexual: C1, C6, C5; physical: C1, C2; neglect: C3; emotional: C4
    assert {k: v for k, v in kinds.items() if v} == {
        "sexual_abuse": 3,
        "physical_abuse": 2,
        "neglect": 1,
        "emotional_abuse": 1,
    }


def test_race_and_ethnicity(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    race = {k: v for k, v in figure(report, "race").items() if v}
    assert race == {"white": 3, "black": 1, "asian": 1, "unknown": 1}  # C1 C5 C6; C2; C4; C3
    ethnicity = figure(report, "ethnicity")
    assert ethnicity == {"hispanic": 1, "not_hispanic": 3, "unknown": 2}  # C2; C1 C5 C6; C3 C4


def test_services_in_the_period(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    services = {row.value: row.count for row in report.services.rows}
    assert services == {
        "forensic_interview": 2,  # C1, X1 (received before the half, interviewed in it)
        "medical_exam": 1,  # C2
        "counselling": 1,  # C1 (C4's session was a no-show)
        "counselling_referral": 2,  # C1, C4
    }


def test_missing_data_names_each_case_and_field(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    c = world.cases
    assert report.missing_count == 3
    by_number = {m.number: m.fields for m in report.missing}
    assert by_number == {
        c["C5"].number: ["child's date of birth or age"],
        c["C4"].number: [
            "child's sex",
            "child's ethnicity",
            "an offender's relationship to the child",
            "an offender's age",
        ],
        c["C3"].number: ["child's race", "child's ethnicity", "no alleged offender recorded"],
    }
    assert [m.number for m in report.missing] == [c["C5"].number, c["C4"].number, c["C3"].number]


def test_a_range_instead_of_a_half(cast, world):
    period = rules.make_range(w.D(2026, 1, 1), w.D(2026, 2, 28))
    report = selectors.nca_report(cast.coordinator, cast.cac, period)
    assert report.total == 3  # C1, C6 (15 Jan), C5 (1 Feb)


def test_every_figure_traces_to_the_cases_it_counts(cast, world):
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    for fig in [*report.figures, report.services]:
        for row in fig.rows:
            cases, counted = selectors.figure_cases(
                cast.coordinator, cast.cac, H1, fig.key, row.value
            )
            if fig.unit == "cases" or fig.key in ("service", "abuse_type"):
                assert counted == row.count, (fig.key, row.value)
            else:  # offenders: the cases with at least one such offender
                assert (counted == 0) == (row.count == 0), (fig.key, row.value)
            assert cases.count() == counted  # the coordinator may open every case here
    total, n = selectors.figure_cases(cast.coordinator, cast.cac, H1, "total")
    assert n == 6 and total.count() == 6
    assert selectors.figure_cases(cast.coordinator, cast.cac, H1, "missing")[1] == 3


def test_unknown_figure_or_value_is_refused(cast, world):
    with pytest.raises(selectors.UnknownFigure):
        selectors.figure_cases(cast.coordinator, cast.cac, H1, "shoe_size", "9")
    with pytest.raises(selectors.UnknownFigure):
        selectors.figure_cases(cast.coordinator, cast.cac, H1, "gender", "banana")


def test_a_role_without_statistics_counts_only_cases_it_sees(cast, world):
    from haven.cases.models import Assignment

    # The detective sees only the case assigned to him.
    Assignment.objects.create(
        case=world.cases["C2"],
        section="law_enforcement",
        user=cast.detective,
        agency=cast.police,
        starts_on=w.D(2026, 1, 1),
    )
    report = selectors.nca_report(cast.detective, cast.cac, H1)
    assert not report.whole_centre
    assert report.total == 1
    assert figure(report, "gender")["male"] == 1
    assert report.missing_count == 0


def test_statistics_role_counts_cases_it_cannot_open_but_lists_only_visible(cast, world):
    from haven.cases.models import CaseDenial

    CaseDenial.objects.create(case=world.cases["C1"], user=cast.coordinator)
    report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    assert report.total == 6  # the aggregate still counts C1
    cases, counted = selectors.figure_cases(cast.coordinator, cast.cac, H1, "total")
    assert counted == 6
    assert world.cases["C1"] not in cases and cases.count() == 5


def test_another_centre_is_only_what_the_user_may_see(cast, world):
    report = selectors.nca_report(cast.coordinator, world.other_cac, H1)
    assert not report.whole_centre
    assert report.total == 0


@pytest.mark.parametrize("n", [3, 30])
def test_query_count_does_not_grow_with_cases(cast, django_assert_max_num_queries, n):
    # A fixed number: one query per figure, one per service (driven by its own rows).
    for i in range(n):
        case = w.f.simple_case(cast.cac, cast.intake, w.D(2026, 2, 1 + i % 27), sex="female")
        w.f.offender(case.referral, "parent", 30)
    with django_assert_max_num_queries(19):
        report = selectors.nca_report(cast.coordinator, cast.cac, H1)
    assert report.total == n
