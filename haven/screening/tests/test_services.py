"""The screening writes, through the real services."""

import datetime

import pytest
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.cases.models import Case
from haven.core.errors import HavenError
from haven.screening import selectors, services
from haven.screening.models import (
    EncounterRoute,
    Instrument,
    ReportSource,
    ReportStatus,
    Route,
    Screening,
)
from haven.screening.tests.conftest import submit

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_a_public_report_is_routed_and_audited_without_the_reporters_address(cast, lodging):
    report = submit(lodging=lodging, town="", reporter_phone="203-555-0199")
    assert report.reference.startswith("TR-")
    assert report.route == Route.DCF and report.possible_minor
    assert report.town == "New Haven"  # from the lodging business
    event = AuditEvent.objects.get(action=Action.PUBLIC_REPORT_RECEIVED)
    assert event.ip_address is None and event.user_agent == ""
    assert "203-555" not in str(event.new_values)
    assert event.new_values["reporter_contact"] == "(given)"


def test_an_adult_report_goes_to_the_police_of_the_town(cast):
    report = submit(apparent_age="adult")
    assert report.route == Route.LAW_ENFORCEMENT and not report.possible_minor
    assert report.routed_agency == cast.police


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"what_seen": "   "}, "what_seen"),
        ({"what_seen": "x" * 4001}, "what_seen"),
        ({"description": "x" * 2001}, "description"),
        ({"seen_on": timezone.localdate() + DAY}, "seen_on"),
        ({"apparent_age": ""}, "apparent_age"),
    ],
)
def test_bad_public_reports_are_refused_naming_the_field(overrides, field):
    with pytest.raises(HavenError) as error:
        submit(**overrides)
    assert error.value.field == field


def test_a_lodging_pick_must_be_a_lodging_business(cast):
    with pytest.raises(HavenError):
        submit(lodging=cast.police)


def test_triage_links_a_case_the_coordinator_creates_through_intake(cast):
    report = submit()
    services.report_triage(
        actor=cast.coordinator,
        report=report,
        route=Route.DCF,
        create_case=True,
        child_first_name="",
        child_estimated_age=15,
        note="Careline called",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.TRIAGED and report.case is not None
    case = Case.objects.get(pk=report.case_id)
    assert case.is_trafficking and case.child.last_name == "Unknown"
    assert AuditEvent.objects.filter(action=Action.REPORT_TRIAGED).count() == 1
    with pytest.raises(HavenError) as error:
        services.report_triage(actor=cast.coordinator, report=report, route=Route.DCF)
    assert error.value.status == 409


def test_law_enforcement_cannot_open_a_case_but_may_route(cast):
    report = submit(apparent_age="adult")
    with pytest.raises(HavenError) as error:
        services.report_triage(
            actor=cast.detective, report=report, route=Route.LAW_ENFORCEMENT, create_case=True
        )
    assert error.value.field == "create_case"
    services.report_triage(actor=cast.detective, report=report, route=Route.LAW_ENFORCEMENT)


@pytest.mark.parametrize("who", ["prosecutor", "advocate", "intake", "therapist"])
def test_other_roles_may_not_triage(cast, who):
    with pytest.raises(HavenError) as error:
        services.report_triage(actor=getattr(cast, who), report=submit(), route=Route.DCF)
    assert error.value.status == 403


def test_a_duplicate_points_at_the_first_report(cast):
    first, second, third = submit(), submit(), submit()
    services.report_mark_duplicate(actor=cast.dcf_worker, report=second, duplicate_of=first)
    services.report_mark_duplicate(actor=cast.dcf_worker, report=third, duplicate_of=second)
    third.refresh_from_db()
    assert third.duplicate_of == first and third.status == ReportStatus.DUPLICATE
    with pytest.raises(HavenError):
        services.report_mark_duplicate(actor=cast.dcf_worker, report=first, duplicate_of=first)


def test_escalation_marks_overdue_reports_once(cast, settings):
    settings.HAVEN_SCREENING_ESCALATE_HOURS = 24
    old, new = submit(), submit()
    now = old.received_at + datetime.timedelta(hours=24)
    type(old).objects.filter(pk=new.pk).update(received_at=now - datetime.timedelta(hours=23))
    assert [r.pk for r in services.reports_escalate(now=now)] == [old.pk]
    assert services.reports_escalate(now=now) == []
    assert AuditEvent.objects.filter(action=Action.REPORT_ESCALATED).count() == 1
    # the queue computes overdue on read as well
    rows = selectors.triage_queue(cast.dcf_worker, now=now + datetime.timedelta(hours=1))
    assert [r.overdue for r in rows] == [True, True]
    rows = selectors.triage_queue(cast.dcf_worker, now=now - datetime.timedelta(hours=2))
    assert [r.overdue for r in rows] == [True, False]  # old is already marked escalated


def test_the_queue_shows_each_role_its_reports(cast):
    minor, adult = submit(), submit(apparent_age="adult")
    assert [r.report for r in selectors.triage_queue(cast.dcf_worker)] == [minor]
    assert [r.report for r in selectors.triage_queue(cast.detective)] == [adult]
    assert selectors.triage_queue(cast.detective_elsewhere) == []
    assert len(selectors.triage_queue(cast.coordinator)) == 2
    assert selectors.triage_queue(cast.prosecutor) == []


def test_the_queue_reads_a_bounded_number_of_queries(cast, django_assert_max_num_queries):
    for _ in range(5):
        submit()
    with django_assert_max_num_queries(4):
        assert len(selectors.triage_queue(cast.coordinator)) == 5


def test_the_six_item_screen_needs_the_agencys_wording_first(cast):
    six = Instrument.objects.get(code="child-sex-trafficking-six")
    person = services.person_create(
        actor=cast.doctor, confirmed_new=True, first_name="A", last_name="B"
    )
    answers = {str(n): "yes" if n < 3 else "no" for n in range(1, 7)}
    with pytest.raises(HavenError) as error:
        services.screening_record(
            actor=cast.doctor,
            instrument=six,
            person=person,
            answers=answers,
            administered_on=timezone.localdate(),
        )
    assert "wording" in error.value.message
    with pytest.raises(HavenError):
        services.item_wording_set(
            actor=cast.doctor, item=six.items.first(), language="en", text="Q"
        )
    for item in six.items.all():
        for language in ("en", "es"):
            services.item_wording_set(
                actor=cast.coordinator, item=item, language=language, text=f"Q{item.number}"
            )
    made = services.screening_record(
        actor=cast.doctor,
        instrument=six,
        person=person,
        answers=answers,
        administered_on=timezone.localdate(),
    )
    assert made.score == 2 and made.positive is True and made.advisory_only
    assert AuditEvent.objects.filter(action=Action.INSTRUMENT_CHANGED).count() == 12
    assert selectors.screenings_of(cast.prosecutor, person) == [made]
    assert selectors.screenings_of(cast.intake, person) == []
    with pytest.raises(HavenError):
        services.screening_record(
            actor=cast.prosecutor,  # view only
            instrument=six,
            person=person,
            answers=answers,
            administered_on=timezone.localdate(),
        )


def test_a_child_encounter_notifies_dcf_and_queues_a_cac_referral(cast):
    today = timezone.localdate()
    encounter = services.encounter_record(
        actor=cast.detective,
        occurred_on=today,
        first_name="Jade",
        date_of_birth=today.replace(year=today.year - 17),
        facts="Found at a motel.",
        indicators=["debt"],
    )
    assert encounter.route == EncounterRoute.CHILD_VICTIM
    assert encounter.dcf_notified_at is not None and encounter.indicators == []
    assert encounter.report.source == ReportSource.ENCOUNTER
    assert encounter.report.route == Route.DCF and encounter.report.possible_minor
    assert AuditEvent.objects.filter(action=Action.ENCOUNTER_RECORDED).count() == 1


def test_an_adult_encounter_with_indicators_refers_to_victim_services(cast):
    today = timezone.localdate()
    encounter = services.encounter_record(
        actor=cast.detective, occurred_on=today, stated_age=24, indicators=["debt", "threats"]
    )
    assert encounter.route == EncounterRoute.ADULT and encounter.report is None
    assert encounter.services_referred_on == today
    short = Instrument.objects.get(code="trafficking-short-screen")
    answers = {str(i.number): "no" for i in short.items.all()} | {"3": "yes", "5": "yes"}
    made = services.encounter_add_screening(
        actor=cast.detective, encounter=encounter, instrument=short, answers=answers
    )
    assert made.score == 2 and made.positive is None
    assert Screening.objects.filter(encounter=encounter).count() == 1


def test_encounters_are_refused_without_an_age_or_by_other_roles(cast):
    today = timezone.localdate()
    with pytest.raises(HavenError) as error:
        services.encounter_record(actor=cast.detective, occurred_on=today)
    assert error.value.citation == "Gen. Stat. § 53a-82"
    with pytest.raises(HavenError) as error:
        services.encounter_record(actor=cast.dcf_worker, occurred_on=today, stated_age=20)
    assert error.value.status == 403
    with pytest.raises(HavenError):
        services.encounter_record(actor=cast.detective, occurred_on=today + DAY, stated_age=20)


def test_statistics_count_routes_time_to_triage_and_cases(cast):
    a, b, c = submit(), submit(apparent_age="adult"), submit()
    services.report_triage(actor=cast.coordinator, report=a, route=Route.DCF, create_case=True)
    services.report_triage(actor=cast.detective, report=b, route=Route.LAW_ENFORCEMENT)
    services.report_mark_duplicate(actor=cast.dcf_worker, report=c, duplicate_of=a)
    today = timezone.localdate()
    stats = selectors.report_statistics(start=today - DAY, end=today)
    assert stats.received == 3
    assert stats.by_route == {Route.DCF: 2, Route.LAW_ENFORCEMENT: 1}
    assert stats.triaged == 2 and stats.duplicates == 1
    assert stats.led_to_case == 1 and stats.share_led_to_case == 0.5
    assert stats.median_hours_to_triage is not None and stats.median_hours_to_triage >= 0
    empty = selectors.report_statistics(start=today - 10 * DAY, end=today - 5 * DAY)
    assert empty.received == 0 and empty.share_led_to_case is None


def test_the_demo_seed_makes_an_escalated_report_a_case_and_an_encounter(cast, lodging):
    from django.core.management import call_command

    from haven.screening.demo import seed_screening

    made = seed_screening()
    assert made["reports"] == 4 and made["case"] and made["encounter"]
    assert selectors.triage_queue(cast.dcf_worker)[0].overdue
    assert seed_screening() == made  # idempotent: nothing more, the same summary
    call_command("screening_escalate", stdout=__import__("io").StringIO())


def test_the_demo_seed_places_its_reports_where_the_demo_staff_work(cast, lodging):
    """Reports are read in their district: the demo's lodging is one in the demo
    coordinator's district, not the first of the state's by name."""
    from haven.directory.models import District
    from haven.directory.services import agency_create
    from haven.screening.demo import seed_screening

    agency_create(
        actor=cast.security_officer,
        name="Aardvark Motor Lodge",
        kind="lodging",
        town="Hartford",
        district=District.objects.get(slug="hartford"),
    )
    made = seed_screening()
    queue = [row.report.reference for row in selectors.triage_queue(cast.dcf_worker)]
    assert made["escalated"] in queue
