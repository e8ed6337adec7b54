"""Where screening data may be read (security issue 18, item 4).

A report belongs to the judicial district of the town it came from; an encounter to the
district of the recording officer's agency. Each is read by the staff of that district's
agencies and the members of its teams (the matrix's screening section deciding which
roles), by the people on it (the recording officer; the police agency a report was routed
to; whoever may see the case a report led to), and statewide only by a role holding the
matrix's statewide screening capability. Everyone else gets 404, as for a case they may not
see, and finds nothing in lists, in the API or in people search.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from haven.accounts.disciplines import Discipline
from haven.accounts.services import user_create
from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create
from haven.screening import selectors, services
from haven.screening.models import Encounter, Instrument
from haven.screening.tests.conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


class Hartford:
    """A second district's people: its CAC's coordinator and intake, its DCF office's
    worker, and DCF's statewide trafficking liaison (based in Hartford)."""

    def __init__(self, cast):
        officer = cast.security_officer
        district = District.objects.get(slug="hartford")
        cac = agency_create(
            actor=officer, name="Hartford CAC", kind=AgencyKind.CAC, district=district
        )
        dcf = agency_create(
            actor=officer, name="DCF Hartford", kind=AgencyKind.DCF_OFFICE, district=district
        )

        def make(email, discipline, agency, **extra):
            return user_create(
                actor=officer,
                email=email,
                full_name=email.split("@")[0].title(),
                discipline=discipline,
                agency=agency,
                **extra,
            )

        self.coordinator = make("hcoord@hcac.test", Discipline.COORDINATOR, cac)
        self.intake = make("hintake@hcac.test", Discipline.INTAKE, cac)
        self.dcf_worker = make("hdcf@dcf.test", Discipline.DCF, dcf)
        self.liaison = make("liaison@dcf.test", Discipline.DCF, dcf, is_statewide_liaison=True)
        self.detective = cast.detective_elsewhere


@pytest.fixture
def hartford(cast):
    return Hartford(cast)


def page(user, path):
    client = Client()
    client.force_login(user)
    return client.get(path)


def api(user, path):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(path)


def adult_encounter(cast) -> Encounter:
    """A New Haven officer's encounter with an adult, indicators present (a defense summary)."""
    return services.encounter_record(
        actor=cast.detective,
        occurred_on=timezone.localdate(),
        first_name="Rosa",
        last_name="Quintero",
        stated_age=24,
        indicators=["debt"],
        facts="Met at a motel on Route 1.",
    )


# --- reports --------------------------------------------------------------------------


def test_a_report_is_hidden_from_another_districts_triagers(cast, hartford):
    report = submit(town="New Haven")  # a possible minor: DCF's route
    for user in (hartford.dcf_worker, hartford.coordinator):
        assert page(user, f"/screening/reports/{report.public_id}/").status_code == 404
        assert api(user, f"/api/v1/screening/reports/{report.public_id}/").status_code == 404
        assert report.reference not in page(user, "/screening/").content.decode()
        assert api(user, "/api/v1/screening/reports/").json() == []
    for user in (cast.dcf_worker, cast.coordinator):
        assert page(user, f"/screening/reports/{report.public_id}/").status_code == 200
        listed = api(user, "/api/v1/screening/reports/").json()
        assert [r["reference"] for r in listed] == [report.reference]


def test_an_adult_report_is_hidden_from_another_districts_police(cast, hartford):
    report = submit(town="New Haven", apparent_age="adult")
    assert report.routed_agency == cast.police
    path = f"/api/v1/screening/reports/{report.public_id}/"
    assert api(hartford.detective, path).status_code == 404
    assert api(hartford.detective, "/api/v1/screening/reports/").json() == []
    assert api(cast.detective, path).status_code == 200


def test_an_unrouted_adult_report_stays_in_its_district(cast, hartford):
    """A town without municipal police (state police patrol it): the report waits in the
    district's queue for a police agency, not in every police department's."""
    agency_create(
        actor=cast.security_officer,
        name="Woodbridge Youth Services",
        kind=AgencyKind.YOUTH_SERVICES,
        district=District.objects.get(slug="new-haven"),
        town="Woodbridge",
    )
    report = submit(town="Woodbridge", apparent_age="adult")
    assert report.routed_agency is None
    assert report.district.slug == "new-haven"
    assert [r.report for r in selectors.triage_queue(cast.detective)] == [report]
    assert selectors.triage_queue(hartford.detective) == []


def test_the_statewide_liaison_sees_every_districts_reports(cast, hartford):
    minor = submit(town="New Haven")
    nowhere = submit(town="")  # no town: no district to route it to
    assert nowhere.district is None
    listed = {r["reference"] for r in api(hartford.liaison, "/api/v1/screening/reports/").json()}
    assert listed == {minor.reference, nowhere.reference}
    assert page(hartford.liaison, f"/screening/reports/{minor.public_id}/").status_code == 200
    # a report with no district reaches only the statewide roles
    assert api(cast.dcf_worker, f"/api/v1/screening/reports/{nowhere.public_id}/").status_code == (
        404
    )


def test_triage_to_another_districts_police_shares_the_report_with_that_agency(cast, hartford):
    report = submit(town="New Haven", apparent_age="adult")
    services.report_triage(
        actor=cast.coordinator,
        report=report,
        route="law_enforcement",
        routed_agency=cast.police_elsewhere,
    )
    report.refresh_from_db()
    assert report.district.slug == "new-haven"  # where it was seen: the triager still reads it
    path = f"/api/v1/screening/reports/{report.public_id}/"
    assert api(hartford.detective, path).status_code == 200
    assert api(cast.coordinator, path).status_code == 200
    assert api(hartford.coordinator, path).status_code == 404


def test_an_unplaced_report_routed_to_police_joins_that_agencys_district(cast, hartford):
    report = submit(town="", apparent_age="adult")
    assert report.district is None
    services.report_triage(
        actor=hartford.liaison,
        report=report,
        route="law_enforcement",
        routed_agency=cast.police_elsewhere,
    )
    report.refresh_from_db()
    assert report.district.slug == "hartford"
    assert api(
        hartford.coordinator, f"/api/v1/screening/reports/{report.public_id}/"
    ).status_code == (200)


def test_a_report_linked_to_a_case_is_seen_by_those_who_see_the_case(cast, hartford, client_for):
    """The people assigned to the case a report led to read the report, wherever they are."""
    from haven.cases.services import case_assign

    report = submit(town="New Haven")
    services.report_triage(
        actor=cast.coordinator,
        report=report,
        route="dcf",
        create_case=True,
        child_first_name="Ana",
        child_last_name="Lopez",
    )
    report.refresh_from_db()
    path = f"/api/v1/screening/reports/{report.public_id}/"
    assert api(hartford.dcf_worker, path).status_code == 404
    case_assign(
        actor=cast.coordinator,
        case=report.case,
        section="child_protection",
        user=hartford.dcf_worker,
        starts_on=timezone.localdate(),
    )
    assert api(hartford.dcf_worker, path).status_code == 200


# --- encounters, their screenings and defense summaries --------------------------------


def test_an_encounter_is_hidden_from_another_district(cast, hartford):
    encounter = adult_encounter(cast)
    paths = [
        f"/screening/encounters/{encounter.public_id}/",
        f"/screening/encounters/{encounter.public_id}/defense-summary/",
    ]
    for user in (hartford.detective, hartford.coordinator, hartford.dcf_worker):
        for path in paths:
            assert page(user, path).status_code == 404, (user, path)
        got = api(user, f"/api/v1/screening/encounters/{encounter.public_id}/")
        assert got.status_code == 404
    for user in (cast.detective, cast.coordinator, cast.dcf_worker, cast.prosecutor):
        for path in paths:
            assert page(user, path).status_code == 200, (user, path)
        got = api(user, f"/api/v1/screening/encounters/{encounter.public_id}/")
        assert got.status_code == 200


def test_the_statewide_liaison_sees_every_districts_encounters(cast, hartford):
    encounter = adult_encounter(cast)
    path = f"/api/v1/screening/encounters/{encounter.public_id}/"
    assert api(hartford.liaison, path).status_code == 200
    got = page(hartford.liaison, f"/screening/encounters/{encounter.public_id}/defense-summary/")
    assert got.status_code == 200


def test_an_encounters_screenings_follow_the_encounter(cast, hartford):
    encounter = adult_encounter(cast)
    short = Instrument.objects.get(code="trafficking-short-screen")
    answers = {str(item.number): "yes" for item in short.items.all()}
    made = services.encounter_add_screening(
        actor=cast.detective, encounter=encounter, instrument=short, answers=answers
    )
    person = encounter.person
    assert selectors.screenings_of(cast.coordinator, person) == [made]
    assert selectors.screenings_of(hartford.coordinator, person) == []
    assert selectors.screenings_of(hartford.liaison, person) == [made]


def test_an_encounters_person_is_not_found_across_the_state(cast, hartford):
    encounter = adult_encounter(cast)
    found = APIClient()
    found.force_authenticate(hartford.intake)
    names = [p["id"] for p in found.get("/api/v1/people/?q=Quintero").json()]
    assert names == []
    assert api(hartford.intake, f"/api/v1/people/{encounter.person.public_id}/").status_code == 404
    # the recording officer finds her, and opens her screenings
    names = [p["id"] for p in api(cast.detective, "/api/v1/people/?q=Quintero").json()]
    assert names == [str(encounter.person.public_id)]
    got = page(cast.detective, f"/screening/people/{encounter.person.public_id}/")
    assert got.status_code == 200
    assert page(
        hartford.coordinator, f"/screening/people/{encounter.person.public_id}/"
    ).status_code == (404)


def test_scoped_reads_use_a_bounded_number_of_queries(
    cast, hartford, django_assert_max_num_queries
):
    """The scope is a few conditions in each query: not a query per district or record,
    and other districts' records add none. (An audited read takes one query more on
    PostgreSQL, the audit chain's lock: the bounds are PostgreSQL's.)"""
    encounter = adult_encounter(cast)
    report = submit(town="New Haven")
    client = Client()
    client.force_login(cast.dcf_worker)
    rest = APIClient()
    rest.force_authenticate(cast.dcf_worker)
    reads = {
        "encounter page": (17, lambda: client.get(f"/screening/encounters/{encounter.public_id}/")),
        "report page": (14, lambda: client.get(f"/screening/reports/{report.public_id}/")),
        "queue page": (13, lambda: client.get("/screening/")),
        "queue API": (14, lambda: rest.get("/api/v1/screening/reports/")),
        "encounter API": (
            16,
            lambda: rest.get(f"/api/v1/screening/encounters/{encounter.public_id}/"),
        ),
    }

    def counts() -> dict[str, int]:
        found = {}
        for name, (most, read) in reads.items():
            read()
            with django_assert_max_num_queries(most) as captured:
                assert read().status_code == 200, name
            found[name] = len(captured)
        return found

    before = counts()
    for _ in range(3):
        submit(town="Hartford")
        services.encounter_record(
            actor=hartford.detective, occurred_on=timezone.localdate(), stated_age=30
        )
    assert counts() == before
    assert len(rest.get("/api/v1/screening/reports/").json()) == 1
