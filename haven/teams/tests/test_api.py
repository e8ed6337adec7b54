"""haven.teams.api: the teams REST API. Who sees which team, membership through the real
services (and the statute's refusals as problems), compliance on a day, protocols, the
statewide view, bounded queries, and the schema."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from haven.accounts.disciplines import Discipline
from haven.accounts.services import user_create
from haven.api.tests.support import assert_problem
from haven.api.tokens import Scope, token_create_by_operator
from haven.audit.models import Action, AuditEvent
from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create, personnel_create
from haven.teams.models import Membership, Seat
from haven.teams.rules import SeatGap
from haven.teams.services import (
    membership_add,
    protocol_draft,
    protocol_signoff,
    team_create,
)

TEAMS = "/api/v1/teams/"
STATEWIDE = "/api/v1/teams/statewide/"
ESTABLISHED = datetime.date(2024, 1, 1)
JOINED = datetime.date(2024, 2, 1)
CITATION = "Gen. Stat. § 17a-106f"
PASSWORD = "correct horse battery staple 42"
TINY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _static_files_on_demand(settings):
    """As in haven/api/tests/conftest.py: WhiteNoise scans static files once per client
    otherwise (~0.3 s each)."""
    settings.WHITENOISE_AUTOREFRESH = True


# --- data, through the real services ---------------------------------------------------


def _team_url(team, rest: str = "") -> str:
    return f"{TEAMS}{team.public_id}/{rest}"


def _seat(actor, team, seat, who=None, *, personnel=None, starts_on=JOINED, ends_on=None):
    return membership_add(
        actor=actor,
        team=team,
        seat=seat,
        user=who,
        personnel=personnel,
        starts_on=starts_on,
        ends_on=ends_on,
    )


@pytest.fixture
def nh_hospital(cast):
    return agency_create(
        actor=cast.security_officer,
        name="Yale New Haven Hospital",
        kind=AgencyKind.HOSPITAL,
        district=District.objects.get(slug="new-haven"),
    )


@pytest.fixture
def nh_team(cast, nh_hospital):
    """New Haven MDT (hosted by cast.cac). Seated from JOINED: the detective, the DCF worker,
    the prosecutor, the therapist, the interviewer and the advocate. The medical seat was
    held by a directory person from JOINED to June 30, 2024 and is empty since; nobody
    has ever held the youth services seat."""
    coordinator = cast.coordinator
    team = team_create(
        actor=coordinator,
        name="New Haven MDT",
        district=District.objects.get(slug="new-haven"),
        host_cac=cast.cac,
        established_on=ESTABLISHED,
        area="New Haven, West Haven",
        purpose_treatment=False,
        contact_name="Carmen Reyes",
        contact_email="carmen@cac.test",
    )
    _seat(coordinator, team, Seat.LAW_ENFORCEMENT, cast.detective)
    _seat(coordinator, team, Seat.DCF, cast.dcf_worker)
    _seat(coordinator, team, Seat.STATES_ATTORNEY, cast.prosecutor)
    _seat(coordinator, team, Seat.MENTAL_HEALTH, cast.therapist)
    _seat(coordinator, team, Seat.FORENSIC_INTERVIEWER, cast.interviewer)
    _seat(coordinator, team, Seat.VICTIM_ADVOCATE, cast.advocate)
    nurse = personnel_create(actor=cast.security_officer, agency=nh_hospital, full_name="Nell Park")
    _seat(
        coordinator,
        team,
        Seat.MEDICAL,
        personnel=nurse,
        ends_on=datetime.date(2024, 6, 30),
    )
    return team


@pytest.fixture
def hfd_coordinator(cast):
    hartford = District.objects.get(slug="hartford")
    hartford_cac = agency_create(
        actor=cast.security_officer, name="Hartford CAC", kind=AgencyKind.CAC, district=hartford
    )
    return user_create(
        actor=cast.security_officer,
        email="hana@hartfordcac.test",
        full_name="Hana Brandt",
        discipline=Discipline.COORDINATOR,
        agency=hartford_cac,
        password=PASSWORD,
    )


@pytest.fixture
def hfd_team(cast, hfd_coordinator):
    """Hartford MDT, hosted by another CAC; Harriet (Hartford police) in its police seat."""
    team = team_create(
        actor=hfd_coordinator,
        name="Hartford MDT",
        district=District.objects.get(slug="hartford"),
        host_cac=hfd_coordinator.agency,
        established_on=ESTABLISHED,
    )
    _seat(hfd_coordinator, team, Seat.LAW_ENFORCEMENT, cast.detective_elsewhere)
    return team


@pytest.fixture
def dcf_liaison(cast):
    return user_create(
        actor=cast.security_officer,
        email="lena@dcf.test",
        full_name="Lena Statewide",
        discipline=Discipline.DCF,
        agency=cast.dcf_worker.agency,
        password=PASSWORD,
        is_statewide_liaison=True,
    )


@pytest.fixture
def api_as(cast):
    """api_as(user) -> an API client sending a fresh personal token of that user."""

    def _client(user):
        _, raw = token_create_by_operator(user=user, name="teams", days=1, scope=Scope.READ_WRITE)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


def _ids(body) -> list[str]:
    return [t["id"] for t in body["results"]]


def _gap_seats(gaps) -> list[tuple[str, bool]]:
    return [(g["seat"], g["advisory"]) for g in gaps]


def _walk_keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _walk_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_keys(item)


def _assert_public_ids_only(body) -> None:
    """Every id in the body is a UUID string: no integer primary key leaks out."""
    for key, value in _walk_keys(body):
        if key in {"id", "user", "personnel", "team"} and value is not None:
            assert isinstance(value, str) and len(value) == 36, (key, value)


# --- list -----------------------------------------------------------------------------------


def test_the_list_shows_each_team_with_todays_gaps(cast, api_as, nh_team):
    body = api_as(cast.coordinator).get(TEAMS).json()
    assert set(body) == {"next", "previous", "results"}
    [team] = body["results"]
    _assert_public_ids_only(body)
    assert team["id"] == str(nh_team.public_id)
    assert team["name"] == "New Haven MDT"
    assert team["district"] == "new-haven"
    assert team["area"] == "New Haven, West Haven"
    assert team["host_cac"] == {"id": str(cast.cac.public_id), "name": "New Haven CAC"}
    assert team["status"] == "active"
    assert team["established_on"] == "2024-01-01"
    assert team["purposes"] == ["case_review", "investigation"]
    assert team["contact"] == {"name": "Carmen Reyes", "email": "carmen@cac.test", "phone": ""}
    assert _gap_seats(team["gaps"]) == [("medical", False), ("youth_services", True)]
    medical = team["gaps"][0]
    assert medical["citation"] == CITATION
    assert medical["label"] == "Health-care professional"
    assert medical["message"] == SeatGap(Seat.MEDICAL, advisory=False).message


def test_the_list_holds_only_the_teams_the_caller_may_see(
    cast, api_as, nh_team, hfd_team, dcf_liaison
):
    assert _ids(api_as(cast.detective).get(TEAMS).json()) == [str(nh_team.public_id)]
    assert _ids(api_as(cast.detective_elsewhere).get(TEAMS).json()) == [str(hfd_team.public_id)]
    assert _ids(api_as(cast.doctor).get(TEAMS).json()) == []  # on no team
    both = {str(nh_team.public_id), str(hfd_team.public_id)}
    assert set(_ids(api_as(dcf_liaison).get(TEAMS).json())) == both


def test_the_list_filters_by_district(cast, api_as, nh_team, hfd_team, dcf_liaison):
    client = api_as(dcf_liaison)
    assert _ids(client.get(TEAMS, {"district": "hartford"}).json()) == [str(hfd_team.public_id)]
    assert _ids(client.get(TEAMS, {"district": "new-haven"}).json()) == [str(nh_team.public_id)]
    assert _ids(client.get(TEAMS, {"district": "nowhere"}).json()) == []
    assert_problem(client.get(TEAMS, {"district": "new\x00haven"}), 400, "invalid")


def test_the_list_needs_authentication(nh_team):
    assert_problem(APIClient().get(TEAMS), 401, "not_authenticated")


# --- detail ---------------------------------------------------------------------------------


def test_a_team_is_not_found_for_who_cannot_see_it(cast, api_as, nh_team):
    body = assert_problem(api_as(cast.detective_elsewhere).get(_team_url(nh_team)), 404)
    assert "New Haven" not in json.dumps(body)
    for rest in ("compliance/", "protocols/"):
        assert_problem(api_as(cast.detective_elsewhere).get(_team_url(nh_team, rest)), 404)


def test_an_unknown_team_is_not_found(cast, api_as):
    assert_problem(
        api_as(cast.coordinator).get(f"{TEAMS}{'0' * 8}-0000-0000-0000-{'0' * 12}/"), 404
    )


def test_a_member_sees_the_team_with_its_members(cast, api_as, nh_team):
    response = api_as(cast.detective).get(_team_url(nh_team))
    assert response.status_code == 200, response.content
    body = response.json()
    _assert_public_ids_only(body)
    assert body["id"] == str(nh_team.public_id)
    assert _gap_seats(body["gaps"]) == [("medical", False), ("youth_services", True)]
    members = {m["seat"]: m for m in body["members"]}
    assert len(body["members"]) == 7
    detective = members["law_enforcement"]
    assert detective == {
        "id": str(Membership.objects.get(team=nh_team, user=cast.detective).public_id),
        "seat": "law_enforcement",
        "person": "Luis Ortega",
        "user": str(cast.detective.public_id),
        "personnel": None,
        "agency": {"id": str(cast.police.public_id), "name": "New Haven Police"},
        "is_primary": True,
        "starts_on": "2024-02-01",
        "ends_on": None,
    }
    nurse = members["medical"]
    assert nurse["person"] == "Nell Park"
    assert nurse["user"] is None
    assert nurse["personnel"] is not None
    assert nurse["agency"]["name"] == "Yale New Haven Hospital"
    assert nurse["ends_on"] == "2024-06-30"


def test_the_statewide_liaison_sees_every_team(cast, api_as, nh_team, hfd_team, dcf_liaison):
    client = api_as(dcf_liaison)
    for team in (nh_team, hfd_team):
        assert client.get(_team_url(team)).status_code == 200
        assert client.get(_team_url(team, "compliance/")).status_code == 200
        assert client.get(_team_url(team, "protocols/")).status_code == 200


def test_a_coordinator_of_another_cac_does_not_see_the_team(api_as, nh_team, hfd_coordinator):
    assert_problem(api_as(hfd_coordinator).get(_team_url(nh_team)), 404)


# --- membership: add --------------------------------------------------------------------------


def _add(client, team, **body):
    return client.post(_team_url(team, "members/"), body, format="json")


def test_a_manager_seats_a_member(cast, api_as, nh_team):
    before = AuditEvent.objects.filter(action=Action.MEMBERSHIP_ADDED).count()
    response = _add(
        api_as(cast.coordinator),
        nh_team,
        seat="medical",
        user=str(cast.doctor.public_id),
        starts_on="2024-09-01",
        is_primary=False,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    membership = Membership.objects.get(public_id=body["id"])
    assert (membership.team, membership.user, membership.seat) == (nh_team, cast.doctor, "medical")
    assert body["person"] == "Maya Brooks"
    assert body["user"] == str(cast.doctor.public_id)
    assert body["agency"]["name"] == "New Haven CAC"
    assert body["is_primary"] is False
    assert body["starts_on"] == "2024-09-01" and body["ends_on"] is None
    assert AuditEvent.objects.filter(action=Action.MEMBERSHIP_ADDED).count() == before + 1
    # The seat is no longer a gap.
    team = api_as(cast.coordinator).get(_team_url(nh_team)).json()
    assert _gap_seats(team["gaps"]) == [("youth_services", True)]


def test_a_directory_person_can_be_seated(cast, api_as, nh_team, nh_hospital):
    doctor = personnel_create(actor=cast.security_officer, agency=nh_hospital, full_name="Ada Roe")
    response = _add(
        api_as(cast.security_officer),
        nh_team,
        seat="medical",
        personnel=str(doctor.public_id),
        starts_on="2024-09-01",
        ends_on="2025-08-31",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["personnel"], body["user"]) == (str(doctor.public_id), None)
    assert body["ends_on"] == "2025-08-31"


def test_a_person_who_does_not_fit_the_seat_is_refused_with_the_statute(cast, api_as, nh_team):
    response = _add(
        api_as(cast.coordinator),
        nh_team,
        seat="dcf",
        user=str(cast.detective.public_id),
        starts_on="2024-09-01",
    )
    body = assert_problem(response, 400, "seat_misfit")
    assert body["citation"] == CITATION
    assert "Department of Children and Families" in body["detail"]
    assert body["errors"] == [{"field": "seat", "message": body["detail"]}]
    assert not Membership.objects.filter(team=nh_team, seat="dcf", user=cast.detective).exists()


def test_an_unknown_field_is_refused_by_name(cast, api_as, nh_team):
    response = _add(
        api_as(cast.coordinator),
        nh_team,
        seat="medical",
        user=str(cast.doctor.public_id),
        starts_on="2024-09-01",
        team_id=1,
    )
    body = assert_problem(response, 400, "invalid")
    assert body["errors"] == [
        {"field": "team_id", "message": "Unknown field. Remove it and send again."}
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"seat": "medical", "user": "not-a-uuid", "starts_on": "2024-09-01"}, "user"),
        ({"seat": "medical", "user": "0" * 8 + "-0000-0000-0000-" + "0" * 12}, "starts_on"),
        ({"seat": "captain", "starts_on": "2024-09-01"}, "seat"),
        ({"seat": "medical", "starts_on": "2024-09-01"}, "user"),  # nobody named: the service
    ],
)
def test_bad_member_input_is_a_field_problem(cast, api_as, nh_team, body, field):
    response = _add(api_as(cast.coordinator), nh_team, **body)
    problem = assert_problem(response, 400)
    assert field in {e["field"] for e in problem["errors"]}, problem


def test_an_unknown_user_id_is_a_field_problem(cast, api_as, nh_team):
    response = _add(
        api_as(cast.coordinator),
        nh_team,
        seat="medical",
        user="0" * 8 + "-0000-0000-0000-" + "0" * 12,
        starts_on="2024-09-01",
    )
    problem = assert_problem(response, 400, "invalid")
    assert problem["errors"] == [{"field": "user", "message": "No Haven user has this id."}]


def test_who_sees_but_does_not_manage_the_team_is_refused(cast, api_as, nh_team, dcf_liaison):
    body = {"seat": "medical", "user": str(cast.doctor.public_id), "starts_on": "2024-09-01"}
    for user in (cast.detective, dcf_liaison):  # a member; the statewide liaison
        assert_problem(_add(api_as(user), nh_team, **body), 403, "forbidden")
    # Refused before the body is read: a bad body is still 403, not 400.
    assert_problem(_add(api_as(cast.detective), nh_team, colour="red"), 403, "forbidden")
    assert not Membership.objects.filter(user=cast.doctor).exists()


def test_who_cannot_see_the_team_cannot_add_to_it(cast, api_as, nh_team, hfd_coordinator):
    body = {"seat": "medical", "user": str(cast.doctor.public_id), "starts_on": "2024-09-01"}
    assert_problem(_add(api_as(cast.detective_elsewhere), nh_team, **body), 404)
    assert_problem(_add(api_as(hfd_coordinator), nh_team, **body), 404)


# --- membership: end ------------------------------------------------------------------------


def _end_url(team, membership) -> str:
    return _team_url(team, f"members/{membership.public_id}/end/")


def test_a_manager_ends_a_membership(cast, api_as, nh_team):
    membership = Membership.objects.get(team=nh_team, user=cast.detective)
    response = api_as(cast.coordinator).post(
        _end_url(nh_team, membership), {"ends_on": "2024-12-31"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["ends_on"] == "2024-12-31"
    assert response.json()["agency"]["name"] == "New Haven Police"
    membership.refresh_from_db()
    assert membership.ends_on == datetime.date(2024, 12, 31)
    assert AuditEvent.objects.filter(action=Action.MEMBERSHIP_ENDED).count() == 1
    # The detective is no longer a member today, so no longer sees the team.
    assert_problem(api_as(cast.detective).get(_team_url(nh_team)), 404)


def test_ending_before_the_start_is_refused(cast, api_as, nh_team):
    membership = Membership.objects.get(team=nh_team, user=cast.detective)
    response = api_as(cast.coordinator).post(
        _end_url(nh_team, membership), {"ends_on": "2024-01-31"}, format="json"
    )
    body = assert_problem(response, 400, "invalid")
    assert body["errors"][0]["field"] == "ends_on"
    membership.refresh_from_db()
    assert membership.ends_on is None


def test_ending_needs_a_manager_and_a_membership_of_this_team(
    cast, api_as, nh_team, hfd_team, hfd_coordinator
):
    ours = Membership.objects.get(team=nh_team, user=cast.detective)
    theirs = Membership.objects.get(team=hfd_team)
    body = {"ends_on": "2024-12-31"}
    assert_problem(api_as(cast.detective).post(_end_url(nh_team, ours), body), 403)
    # Another team's membership under this team's id: not found.
    assert_problem(api_as(cast.coordinator).post(_end_url(nh_team, theirs), body), 404)
    assert_problem(api_as(hfd_coordinator).post(_end_url(nh_team, ours), body), 404)
    bad = api_as(cast.coordinator).post(
        _end_url(nh_team, ours), {"ends_on": "2024-12-31", "why": "moved"}, format="json"
    )
    assert_problem(bad, 400, "invalid")
    ours.refresh_from_db()
    assert ours.ends_on is None


# --- compliance -----------------------------------------------------------------------------


def _seats(body) -> dict:
    return {s["seat"]: s for s in body["seats"]}


def test_compliance_today(cast, api_as, nh_team):
    response = api_as(cast.detective).get(_team_url(nh_team, "compliance/"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["team"] == str(nh_team.public_id)
    assert body["on"] == timezone.localdate().isoformat()
    assert _gap_seats(body["gaps"]) == [("medical", False), ("youth_services", True)]
    seats = _seats(body)
    assert list(seats) == [s.value for s in Seat]  # every seat, in the statute's order
    assert seats["law_enforcement"] == {
        "seat": "law_enforcement",
        "label": "Law enforcement",
        "filled": True,
        "holders": ["Luis Ortega"],
        "empty_since": None,
    }
    assert seats["medical"]["filled"] is False
    assert seats["medical"]["empty_since"] == "2024-07-01"  # the day after the nurse left
    assert seats["youth_services"]["empty_since"] == "2024-01-01"  # never filled: established


def test_compliance_on_a_given_day(cast, api_as, nh_team):
    client = api_as(cast.coordinator)
    before = client.get(_team_url(nh_team, "compliance/"), {"on": "2024-01-15"}).json()
    assert before["on"] == "2024-01-15"
    assert [g["seat"] for g in before["gaps"] if not g["advisory"]] == [
        s.value
        for s in (
            Seat.STATES_ATTORNEY,
            Seat.DCF,
            Seat.LAW_ENFORCEMENT,
            Seat.MEDICAL,
            Seat.MENTAL_HEALTH,
            Seat.FORENSIC_INTERVIEWER,
            Seat.VICTIM_ADVOCATE,
        )
    ]
    assert all(s["empty_since"] == "2024-01-01" for s in before["seats"])
    during = client.get(_team_url(nh_team, "compliance/"), {"on": "2024-03-01"}).json()
    assert _gap_seats(during["gaps"]) == [("youth_services", True)]
    assert _seats(during)["medical"]["holders"] == ["Nell Park"]


@pytest.mark.parametrize("bad", ["01/15/2024", "2024-02-30", "yesterday", "2024-1-5x"])
def test_compliance_refuses_a_bad_date_naming_the_format(cast, api_as, nh_team, bad):
    response = api_as(cast.coordinator).get(_team_url(nh_team, "compliance/"), {"on": bad})
    body = assert_problem(response, 400, "invalid")
    [error] = body["errors"]
    assert error["field"] == "on"
    assert "YYYY-MM-DD" in error["message"]


def test_compliance_refuses_an_unknown_parameter(cast, api_as, nh_team):
    response = api_as(cast.coordinator).get(_team_url(nh_team, "compliance/"), {"date": "x"})
    body = assert_problem(response, 400, "invalid")
    assert body["errors"][0]["field"] == "date"


# --- protocols ------------------------------------------------------------------------------


def test_protocols_with_their_versions(cast, api_as, nh_team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    written = protocol_draft(
        actor=cast.coordinator, team=nh_team, title="Joint investigations", body="We meet."
    )
    protocol_signoff(
        actor=cast.coordinator,
        version=written,
        agency=cast.police,
        signed_on=datetime.date(2024, 3, 1),
    )
    pdf = protocol_draft(
        actor=cast.coordinator,
        team=nh_team,
        title="Case review",
        document=SimpleUploadedFile("p.pdf", TINY_PDF, content_type="application/pdf"),
    )
    response = api_as(cast.detective).get(_team_url(nh_team, "protocols/"))
    assert response.status_code == 200, response.content
    body = response.json()
    _assert_public_ids_only(body)
    assert [p["title"] for p in body] == ["Case review", "Joint investigations"]
    [pdf_version] = body[0]["versions"]
    assert pdf_version["id"] == str(pdf.public_id)
    assert pdf_version["has_document"] is True
    assert pdf_version["document_sha256"] == pdf.document_sha256 and len(pdf.document_sha256) == 64
    assert pdf_version["signoffs"] == []
    [written_version] = body[1]["versions"]
    assert written_version == {
        "id": str(written.public_id),
        "number": 1,
        "status": "draft",
        "adopted_on": None,
        "review_due_on": None,
        "has_document": False,
        "document_sha256": "",
        "signoffs": [
            {
                "agency": {"id": str(cast.police.public_id), "name": "New Haven Police"},
                "signed_on": "2024-03-01",
            }
        ],
    }


def test_a_team_without_protocols_has_an_empty_list(cast, api_as, nh_team):
    assert api_as(cast.coordinator).get(_team_url(nh_team, "protocols/")).json() == []


# --- statewide ------------------------------------------------------------------------------


def test_statewide_is_for_coordinators_and_the_liaison(cast, api_as, nh_team, dcf_liaison):
    for user in (cast.detective, cast.dcf_worker, cast.security_officer):
        assert_problem(api_as(user).get(STATEWIDE), 403, "forbidden")
    assert api_as(cast.coordinator).get(STATEWIDE).status_code == 200
    assert api_as(dcf_liaison).get(STATEWIDE).status_code == 200


def test_statewide_shows_every_teams_seats(cast, api_as, nh_team, hfd_team):
    # The New Haven coordinator sees Hartford's seats here, though not Hartford's team page.
    body = api_as(cast.coordinator).get(STATEWIDE).json()
    _assert_public_ids_only(body)
    teams = {t["name"]: t for t in body["results"]}
    assert set(teams) == {"New Haven MDT", "Hartford MDT"}
    hartford = teams["Hartford MDT"]
    assert hartford["district"] == "hartford"
    assert hartford["host_cac"]["name"] == "Hartford CAC"
    assert _seats(hartford)["law_enforcement"]["holders"] == ["Harriet Vance"]
    assert _seats(hartford)["dcf"] == {
        "seat": "dcf",
        "label": "DCF representative",
        "filled": False,
        "holders": [],
        "empty_since": "2024-01-01",
    }
    new_haven = _seats(teams["New Haven MDT"])
    assert new_haven["medical"]["empty_since"] == "2024-07-01"
    assert new_haven["states_attorney"]["holders"] == ["Paula Grant"]
    assert len(new_haven) == len(Seat)
    assert _gap_seats(teams["New Haven MDT"]["gaps"]) == [
        ("medical", False),
        ("youth_services", True),
    ]
    filtered = api_as(cast.coordinator).get(STATEWIDE, {"district": "hartford"}).json()
    assert [t["name"] for t in filtered["results"]] == ["Hartford MDT"]


# --- bounded queries ------------------------------------------------------------------------


def _queries(client, path) -> int:
    """Queries for one GET of `path`, after a first GET has done its once-a-minute writes."""
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def _more_teams(cast, count: int, start: int) -> None:
    """`count` more teams hosted by cast.cac, each with three members."""
    for i in range(start, start + count):
        team = team_create(
            actor=cast.coordinator,
            name=f"Extra MDT {i:02d}",
            district=District.objects.get(slug="new-haven"),
            host_cac=cast.cac,
            established_on=ESTABLISHED,
        )
        _seat(cast.coordinator, team, Seat.LAW_ENFORCEMENT, cast.detective)
        _seat(cast.coordinator, team, Seat.DCF, cast.dcf_worker)
        _seat(cast.coordinator, team, Seat.MENTAL_HEALTH, cast.therapist)


def test_list_and_statewide_queries_do_not_grow_with_teams_or_members(
    cast, api_as, nh_team, hfd_team, dcf_liaison, django_assert_max_num_queries
):
    paths = {
        cast.coordinator: [TEAMS, STATEWIDE],
        cast.detective: [TEAMS],  # visible through memberships
        dcf_liaison: [TEAMS, STATEWIDE],
    }
    clients = {user: api_as(user) for user in paths}
    before = {(u, p): _queries(clients[u], p) for u, ps in paths.items() for p in ps}
    _more_teams(cast, 5, start=0)
    after = {(u, p): _queries(clients[u], p) for u, ps in paths.items() for p in ps}
    assert after == before
    assert len(clients[cast.coordinator].get(TEAMS).json()["results"]) == 6
    assert len(clients[dcf_liaison].get(STATEWIDE).json()["results"]) == 7
    for (user, path), count in after.items():
        with django_assert_max_num_queries(9):  # 7 of them sign in and throttle
            assert clients[user].get(path).status_code == 200
        assert count <= 9, (user, path, count)


def _signed_draft(cast, team, title: str) -> None:
    version = protocol_draft(actor=cast.coordinator, team=team, title=title, body="text")
    protocol_signoff(actor=cast.coordinator, version=version, agency=cast.police, signed_on=JOINED)


def test_team_reads_do_not_grow_with_members_or_protocols(
    cast, api_as, nh_team, nh_hospital, django_assert_max_num_queries
):
    _signed_draft(cast, nh_team, "One")
    client = api_as(cast.detective)  # a member: visibility is one more query than a manager's
    paths = [_team_url(nh_team, rest) for rest in ("", "compliance/", "protocols/")]
    before = [_queries(client, p) for p in paths]
    for i in range(4):
        someone = personnel_create(
            actor=cast.security_officer, agency=nh_hospital, full_name=f"P{i}"
        )
        _seat(cast.coordinator, nh_team, Seat.OTHER_EXPERT, personnel=someone)
    _signed_draft(cast, nh_team, "Two")
    _signed_draft(cast, nh_team, "Three")
    assert [_queries(client, p) for p in paths] == before
    for path in paths:
        with django_assert_max_num_queries(14):  # 7 sign in and throttle
            assert client.get(path).status_code == 200


# --- schema ---------------------------------------------------------------------------------


def test_the_schema_documents_the_team_operations(cast, api_as):
    response = api_as(cast.detective).get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    paths = schema["paths"]
    assert {
        "/api/v1/teams/",
        "/api/v1/teams/statewide/",
        "/api/v1/teams/{public_id}/",
        "/api/v1/teams/{public_id}/compliance/",
        "/api/v1/teams/{public_id}/members/",
        "/api/v1/teams/{public_id}/members/{membership_id}/end/",
        "/api/v1/teams/{public_id}/protocols/",
    } <= set(paths)
    for operations in (v for k, v in paths.items() if k.startswith("/api/v1/teams/")):
        for operation in operations.values():
            assert operation["summary"]
            assert "application/problem+json" in operation["responses"]["404"]["content"]
    components = schema["components"]["schemas"]
    for name in ("MembershipAddInRequest", "MembershipEndInRequest"):
        assert components[name]["additionalProperties"] is False, name
    post = paths["/api/v1/teams/{public_id}/members/"]["post"]
    assert post["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TeamMemberOut"
    }
    [on] = [
        p
        for p in paths["/api/v1/teams/{public_id}/compliance/"]["get"]["parameters"]
        if p["name"] == "on"
    ]
    assert on["schema"] == {"type": "string", "format": "date"}
