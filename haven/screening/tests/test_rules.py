"""The screening rules, each at its boundaries."""

import datetime
from types import SimpleNamespace

import pytest

from haven.core.errors import HavenError
from haven.screening import rules
from haven.screening.models import AnswerType, ApparentAge, EncounterRoute, Route
from haven.services.rules import is_minor as services_is_minor

D = datetime.date
BORN = D(2008, 6, 15)


# --- the 18th birthday (Gen. Stat. § 53a-82) -------------------------------------------


def test_the_day_before_the_18th_birthday_is_a_child_victim():
    on = D(2026, 6, 14)
    assert rules.is_minor_on(BORN, on)
    age = rules.encounter_age(date_of_birth=BORN, stated_age=None, age_unknown=False, on=on)
    assert age == 17
    outcome = rules.encounter_route(age)
    assert outcome.route == EncounterRoute.CHILD_VICTIM
    assert not outcome.prostitution_charge_available
    assert outcome.notify_dcf and outcome.cac_referral_and_case
    assert outcome.citation == "Gen. Stat. § 53a-82"


def test_on_the_18th_birthday_the_adult_route_offers_a_screen():
    on = D(2026, 6, 15)
    assert not rules.is_minor_on(BORN, on)
    age = rules.encounter_age(date_of_birth=BORN, stated_age=None, age_unknown=False, on=on)
    outcome = rules.encounter_route(age)
    assert age == 18 and outcome.route == EncounterRoute.ADULT
    assert outcome.screen_offered and not outcome.notify_dcf


@pytest.mark.parametrize("on", [D(2026, 6, 14), D(2026, 6, 15), D(2026, 6, 16)])
def test_the_boundary_agrees_with_the_services_apps_is_minor(on):
    person = SimpleNamespace(date_of_birth=BORN, estimated_age=None, estimated_age_on=None)
    assert rules.is_minor_on(BORN, on) == services_is_minor(person, on=on)


def test_a_leap_day_birth_turns_18_on_the_first_of_march_in_a_common_year():
    born = D(2008, 2, 29)
    assert rules.is_minor_on(born, D(2026, 2, 28))
    assert not rules.is_minor_on(born, D(2026, 3, 1))


def test_an_unknown_age_is_a_possible_child_victim():
    age = rules.encounter_age(
        date_of_birth=None, stated_age=None, age_unknown=True, on=D(2026, 1, 1)
    )
    assert age is None
    assert rules.encounter_route(None).route == EncounterRoute.CHILD_VICTIM
    assert "may be under 18" in rules.encounter_route(None).explanation


def test_a_stated_age_of_17_and_of_18():
    assert rules.encounter_route(17).route == EncounterRoute.CHILD_VICTIM
    assert rules.encounter_route(18).route == EncounterRoute.ADULT


def test_an_encounter_without_an_age_is_refused_citing_53a_82():
    with pytest.raises(HavenError) as error:
        rules.encounter_age(
            date_of_birth=None, stated_age=None, age_unknown=False, on=D(2026, 1, 1)
        )
    assert error.value.citation == "Gen. Stat. § 53a-82"
    assert error.value.field == "stated_age"


def test_an_age_that_contradicts_the_date_of_birth_is_refused():
    on = D(2026, 6, 14)
    assert rules.age_contradiction(BORN, 17, on) == ""
    message = rules.age_contradiction(BORN, 19, on)
    assert "19" in message and "17" in message
    with pytest.raises(HavenError) as error:
        rules.encounter_age(date_of_birth=BORN, stated_age=19, age_unknown=False, on=on)
    assert error.value.field == "stated_age"
    # on the birthday the same stated 18 is right
    assert (
        rules.encounter_age(date_of_birth=BORN, stated_age=18, age_unknown=False, on=D(2026, 6, 15))
        == 18
    )


def test_a_birth_date_after_the_encounter_is_refused():
    with pytest.raises(HavenError):
        rules.encounter_age(
            date_of_birth=D(2026, 2, 1), stated_age=None, age_unknown=False, on=D(2026, 1, 1)
        )


def test_the_defense_summary_is_for_adults_with_indicators():
    assert rules.defense_applies(
        route=EncounterRoute.ADULT, indicators=["debt"], screening_positive=None
    )
    assert rules.defense_applies(route=EncounterRoute.ADULT, indicators=[], screening_positive=True)
    assert not rules.defense_applies(
        route=EncounterRoute.ADULT, indicators=[], screening_positive=False
    )
    assert not rules.defense_applies(
        route=EncounterRoute.CHILD_VICTIM, indicators=["debt"], screening_positive=True
    )
    assert rules.unknown_indicators(["debt", "nonsense"]) == ["nonsense"]


# --- triage routing --------------------------------------------------------------------


@pytest.mark.parametrize(
    "apparent, route, minor",
    [
        (ApparentAge.UNDER_18, Route.DCF, True),
        (ApparentAge.POSSIBLY_UNDER_18, Route.DCF, True),
        (ApparentAge.UNKNOWN, Route.DCF, True),
        (ApparentAge.ADULT, Route.LAW_ENFORCEMENT, False),
    ],
)
def test_triage_routes_minors_to_dcf_and_adults_to_law_enforcement(apparent, route, minor):
    result = rules.triage_route(apparent)
    assert (result.route, result.possible_minor) == (route, minor)


def test_triage_refuses_an_unknown_age_choice():
    with pytest.raises(HavenError):
        rules.triage_route("ancient")


# --- the escalation clock --------------------------------------------------------------

T0 = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
LIMIT = datetime.timedelta(hours=24)


def test_a_report_is_overdue_at_exactly_the_limit_and_not_a_second_before():
    assert not rules.is_overdue(T0, T0 + LIMIT - datetime.timedelta(seconds=1), LIMIT)
    assert rules.is_overdue(T0, T0 + LIMIT, LIMIT)
    assert rules.is_overdue(T0, T0 + LIMIT + datetime.timedelta(hours=1), LIMIT)


def test_the_limit_is_configurable(settings, monkeypatch):
    settings.HAVEN_SCREENING_ESCALATE_HOURS = 4
    assert rules.escalate_after() == datetime.timedelta(hours=4)
    assert rules.is_overdue(T0, T0 + datetime.timedelta(hours=4))
    del settings.HAVEN_SCREENING_ESCALATE_HOURS
    monkeypatch.setenv("HAVEN_SCREENING_ESCALATE_HOURS", "2")
    assert rules.escalate_after() == datetime.timedelta(hours=2)
    monkeypatch.delenv("HAVEN_SCREENING_ESCALATE_HOURS")
    assert rules.escalate_after() == datetime.timedelta(hours=24)


def test_waiting_reads_as_hours_and_days():
    assert rules.waiting(T0, T0 + datetime.timedelta(minutes=7)) == "7 min"
    assert rules.waiting(T0, T0 + datetime.timedelta(hours=3, minutes=5)) == "3 h 05 min"
    assert rules.waiting(T0, T0 + datetime.timedelta(days=2, hours=4)) == "2 d 4 h"


def test_a_sighting_in_the_future_is_refused():
    today = D(2026, 3, 1)
    assert rules.seen_on_refusal(today, today) == ""
    assert rules.seen_on_refusal(None, today) == ""
    assert "future" in rules.seen_on_refusal(D(2026, 3, 2), today)


# --- instrument scoring ----------------------------------------------------------------

SIX = [rules.ItemSpec(n, AnswerType.YES_NO) for n in range(1, 7)]


def answers(yes: int) -> dict[str, str]:
    return {str(n): "yes" if n <= yes else "no" for n in range(1, 7)}


@pytest.mark.parametrize("yes, positive", [(0, False), (1, False), (2, True), (6, True)])
def test_the_six_item_screen_is_positive_from_two_yes_answers(yes, positive):
    result = rules.score(SIX, answers(yes), cut_off=2, advisory_only=True)
    assert result.score == yes and result.positive is positive
    assert "advisory" in result.summary


def test_without_a_cut_off_there_is_no_verdict_only_a_count():
    items = [
        rules.ItemSpec(1, AnswerType.YES_NO_UNSURE),
        rules.ItemSpec(2, AnswerType.YES_NO_UNSURE, counts=False),
    ]
    result = rules.score(items, {"1": "yes", "2": "yes"}, cut_off=None, advisory_only=True)
    assert result.score == 1 and result.positive is None
    assert "professional determination" in result.summary


def test_a_non_advisory_instrument_says_so():
    result = rules.score(SIX, answers(3), cut_off=2, advisory_only=False)
    assert "advisory" not in result.summary


def test_every_item_must_be_answered_with_an_allowed_answer():
    with pytest.raises(HavenError) as error:
        rules.check_answers(SIX, {str(n): "yes" for n in range(1, 6)})
    assert error.value.field == "item_6"
    with pytest.raises(HavenError):
        rules.check_answers(SIX, answers(1) | {"3": "maybe"})
    with pytest.raises(HavenError):
        rules.check_answers(SIX, answers(1) | {"9": "yes"})
    rules.check_answers(SIX, answers(2))


def test_a_screen_indicates_trafficking_by_its_cut_off_or_any_yes_without_one():
    assert rules.screen_indicates(2, True) and not rules.screen_indicates(1, False)
    assert rules.screen_indicates(1, None) and not rules.screen_indicates(0, None)
