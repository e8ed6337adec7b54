"""haven.api.views: each endpoint's behaviour, paging, and bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from haven.access.models import Section
from haven.accounts.models import User
from haven.api.models import ApiToken
from haven.api.tests.support import assert_problem
from haven.audit.models import AuditEvent
from haven.conftest import PASSWORD
from haven.directory.models import Agency, AgencyKind
from haven.directory.services import agency_create, credential_add, personnel_create

AGENCIES = "/api/v1/agencies/"
MATRIX = "/api/v1/access/matrix/"
TOKENS = "/api/v1/tokens/"


def _add_agencies(actor, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        agency_create(actor=actor, name=f"Town {i:03d} Police", kind=AgencyKind.MUNICIPAL_POLICE)


def _queries(client, path) -> int:
    """Queries for one GET of `path`, after a first GET has done its once-a-minute writes."""
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


# --- me ------------------------------------------------------------------------


def test_me_describes_the_user_and_what_their_role_allows(cast, bearer):
    body = bearer(cast.detective).get("/api/v1/me/").json()
    assert body["id"] == str(cast.detective.public_id)
    assert body["discipline"] == "law_enforcement"
    assert body["agency"]["name"] == "New Haven Police"
    assert body["agency"]["district"] == "new-haven"
    assert body["capabilities"] == ["view_directory"]
    assert body["sections"]["law_enforcement"] == "edit"
    assert body["sections"]["child_protection"] == "view"
    assert body["sections"]["mental_health"] == "none"
    assert len(body["sections"]) == len(Section)


def test_me_for_the_security_officer_lists_the_officers_capabilities(cast, bearer):
    body = bearer(cast.security_officer).get("/api/v1/me/").json()
    assert "manage_api_tokens" in body["capabilities"]
    assert "edit_role_matrix" in body["capabilities"]


def test_me_reads_the_matrix_once(cast, bearer, django_assert_max_num_queries):
    client = bearer(cast.detective)
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/me/")
    matrix_reads = [q for q in ctx.captured_queries if "access_rolematrixentry" in q["sql"]]
    assert len(matrix_reads) == 1
    with django_assert_max_num_queries(10):
        client.get("/api/v1/me/")


# --- districts and agencies -------------------------------------------------------


def test_districts_are_listed_in_pages(cast, bearer):
    body = bearer(cast.detective).get("/api/v1/districts/").json()
    assert set(body) == {"next", "previous", "results"}
    slugs = {d["slug"] for d in body["results"]}
    assert {"new-haven", "hartford"} <= slugs


def test_agencies_can_be_filtered(cast, bearer):
    client = bearer(cast.detective)

    def names(query):
        return {a["name"] for a in client.get(AGENCIES + query).json()["results"]}

    assert names("?q=police") == {"New Haven Police", "Hartford Police"}
    assert names("?kind=cac") == {"New Haven CAC"}
    assert names("?district=hartford") == {"Hartford Police"}
    assert names("?q=nowhere") == set()


@pytest.mark.parametrize(
    "path", [AGENCIES + "?q=a%00b", AGENCIES + "?district=%00", "/api/v1/audit/events/?user=%00"]
)
def test_a_nul_character_in_a_filter_is_a_400_not_a_database_error(cast, bearer, path):
    body = assert_problem(bearer(cast.security_officer).get(path), 400, "invalid")
    assert "NUL" in body["errors"][0]["message"]


@pytest.mark.parametrize("field", ["name", "district"])
def test_a_nul_character_in_a_body_is_a_400_not_a_database_error(cast, bearer, field):
    payload = {"name": "Ansonia Police", "kind": "municipal_police", field: "new-\x00haven"}
    response = bearer(cast.coordinator).post(AGENCIES, payload, format="json")
    body = assert_problem(response, 400, "invalid")
    assert [e["field"] for e in body["errors"]] == [field]


def test_a_coordinator_adds_an_agency_and_it_is_audited(cast, bearer):
    payload = {
        "name": "Ansonia Police",
        "kind": "municipal_police",
        "district": "ansonia-milford",
        "town": "Ansonia",
    }
    response = bearer(cast.coordinator).post(AGENCIES, payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["district"] == "ansonia-milford"
    agency = Agency.objects.get(public_id=body["id"])
    assert agency.name == "Ansonia Police"
    event = AuditEvent.objects.filter(action="agency.created", object_id=body["id"]).get()
    assert event.actor == cast.coordinator
    assert event.ip_address == "127.0.0.1"


def test_a_detective_cannot_add_an_agency(cast, bearer):
    response = bearer(cast.detective).post(
        AGENCIES, {"name": "Ansonia Police", "kind": "municipal_police"}, format="json"
    )
    assert_problem(response, 403, "forbidden")
    assert not Agency.objects.filter(name="Ansonia Police").exists()


def test_an_agency_detail(cast, bearer):
    body = bearer(cast.detective).get(f"{AGENCIES}{cast.police.public_id}/").json()
    assert body["name"] == "New Haven Police"
    assert body["district"] == "new-haven"


def test_an_agency_without_a_district_shows_null(cast, bearer):
    agency = agency_create(actor=cast.security_officer, name="Statewide", kind=AgencyKind.OTHER)
    body = bearer(cast.detective).get(f"{AGENCIES}{agency.public_id}/").json()
    assert body["district"] is None


def _add_personnel(actor, agency, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        person = personnel_create(actor=actor, agency=agency, full_name=f"Person {i:03d}")
        credential_add(
            actor=actor, personnel=person, kind="other", issued_on=datetime.date(2024, 1, 1)
        )


def test_personnel_of_an_agency_with_their_credentials(cast, bearer):
    body = bearer(cast.detective).get(f"{AGENCIES}{cast.cac.public_id}/personnel/").json()
    assert [p["full_name"] for p in body] == ["Frances Moreau"]
    assert body[0]["agency"] == str(cast.cac.public_id)
    assert body[0]["credentials"][0]["kind"] == "fi_foundational"


def test_a_coordinator_adds_personnel(cast, bearer):
    response = bearer(cast.coordinator).post(
        f"{AGENCIES}{cast.police.public_id}/personnel/",
        {"full_name": "Det. Ana Silva", "title": "Detective"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["credentials"] == []
    assert AuditEvent.objects.filter(action="personnel.created").count() == 2  # + the cast's


def test_personnel_of_an_unknown_agency_is_404(cast, bearer):
    response = bearer(cast.coordinator).post(
        f"{AGENCIES}00000000-0000-4000-8000-000000000000/personnel/",
        {"full_name": "Nobody"},
        format="json",
    )
    assert_problem(response, 404, "not_found")


# --- role matrix ---------------------------------------------------------------


def test_the_security_officer_reads_the_matrix(cast, bearer):
    body = bearer(cast.security_officer).get(MATRIX).json()
    assert body["dcf"]["child_protection"] == "edit"
    assert body["law_enforcement"]["child_protection"] == "view"


def test_only_the_security_officer_reads_the_matrix(cast, bearer):
    assert_problem(bearer(cast.coordinator).get(MATRIX), 403, "forbidden")


def test_a_matrix_change_applies_and_is_audited(cast, bearer):
    client = bearer(cast.security_officer)
    change = {"discipline": "victim_advocate", "section": "medical", "level": "view"}
    response = client.patch(MATRIX, {"changes": [change]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"changed": 1}
    assert client.get(MATRIX).json()["victim_advocate"]["medical"] == "view"
    assert AuditEvent.objects.filter(action="access.matrix_changed").count() == 1
    # The same change again changes nothing.
    assert client.patch(MATRIX, {"changes": [change]}, format="json").json() == {"changed": 0}


def test_a_matrix_change_needs_at_least_one_cell(cast, bearer):
    response = bearer(cast.security_officer).patch(MATRIX, {"changes": []}, format="json")
    body = assert_problem(response, 400, "invalid")
    assert body["errors"][0]["field"] == "changes"
    response = bearer(cast.security_officer).patch(MATRIX, {}, format="json")
    assert_problem(response, 400, "invalid")


# --- audit log -----------------------------------------------------------------


def test_the_security_officer_reads_the_audit_log_filtered(cast, bearer, issue):
    token, _ = issue(cast.detective)
    client = bearer(cast.security_officer)
    client.post(f"/api/v1/tokens/{token.public_id}/revoke/")
    body = client.get("/api/v1/audit/events/?action=token.revoked").json()
    assert body["results"]
    assert {e["action"] for e in body["results"]} == {"token.revoked"}
    assert {e["actor"] for e in body["results"]} == {"sam@cac.test"}


def test_only_the_security_officer_reads_the_audit_log(cast, bearer):
    assert_problem(bearer(cast.coordinator).get("/api/v1/audit/events/"), 403, "forbidden")


# --- tokens ----------------------------------------------------------------------


def _confirmed_session(client_for, user):
    """A browser session in which `user` has just re-entered their password (MFA off)."""
    client = client_for(user)
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    return client


def test_a_person_creates_their_own_token_through_the_api(cast, client_for):
    client = _confirmed_session(client_for, cast.detective)
    response = client.post(
        TOKENS,
        {"name": "CAD bridge", "days": 30, "scope": "read_write"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["user"] == "luis@nhpd.test"
    assert body["scope"] == "read_write"
    assert body["token"].startswith("hvn_")
    assert body["token"].startswith(body["prefix"])
    token = ApiToken.objects.get(public_id=body["id"])
    assert token.created_by == cast.detective
    # The new token works.
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert other.get("/api/v1/me/").json()["email"] == "luis@nhpd.test"


def test_naming_yourself_as_the_owner_is_allowed(cast, client_for):
    client = _confirmed_session(client_for, cast.detective)
    response = client.post(
        TOKENS,
        {"user": "Luis@NHPD.test", "name": "x", "scope": "read"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["expires_at"]


@pytest.mark.parametrize("email", ["nobody@cac.test", "gone@cac.test", "luis@nhpd.test"])
def test_naming_anyone_else_is_refused_alike_known_or_not(cast, client_for, email):
    client = _confirmed_session(client_for, cast.security_officer)
    response = client.post(
        TOKENS, {"user": email, "name": "x", "scope": "read"}, content_type="application/json"
    )
    assert_problem(response, 403, "token_owner_only")
    assert not ApiToken.objects.exists()


def test_without_a_fresh_confirmation_the_api_refuses(cast, client_for):
    response = client_for(cast.detective).post(
        TOKENS, {"name": "x", "scope": "read"}, content_type="application/json"
    )
    body = assert_problem(response, 403, "reauthentication_required")
    assert "5 minutes" in body["detail"]


@pytest.mark.parametrize("days", [0, 366, "soon"])
def test_a_token_lasts_between_1_and_365_days(cast, client_for, days):
    response = _confirmed_session(client_for, cast.detective).post(
        TOKENS, {"name": "x", "days": days, "scope": "read"}, content_type="application/json"
    )
    body = assert_problem(response, 400, "invalid")
    assert [e["field"] for e in body["errors"]] == ["days"]


def test_a_token_needs_a_scope(cast, client_for):
    response = _confirmed_session(client_for, cast.detective).post(
        TOKENS, {"name": "x", "scope": "admin"}, content_type="application/json"
    )
    body = assert_problem(response, 400, "invalid")
    assert [e["field"] for e in body["errors"]] == ["scope"]


def test_others_see_only_their_own_tokens_and_revoke_only_their_own(cast, bearer, issue):
    token, _ = issue(cast.detective)
    client = bearer(cast.coordinator)
    assert [t["user"] for t in client.get(TOKENS).json()["results"]] == ["carmen@cac.test"]
    assert_problem(client.post(f"{TOKENS}{token.public_id}/revoke/"), 404, "not_found")
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_security_officer_revokes_a_token(cast, bearer, issue):
    token, raw = issue(cast.detective)
    response = bearer(cast.security_officer).post(f"{TOKENS}{token.public_id}/revoke/")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    detective = bearer(cast.detective)
    detective.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert_problem(detective.get("/api/v1/me/"), 401, "token_invalid")


def test_revoking_an_unknown_token_is_404(cast, bearer):
    response = bearer(cast.security_officer).post(
        f"{TOKENS}00000000-0000-4000-8000-000000000000/revoke/"
    )
    assert_problem(response, 404, "not_found")


# --- bounded queries ---------------------------------------------------------------


def test_the_agency_list_costs_the_same_queries_for_3_or_40_agencies(
    cast, bearer, django_assert_max_num_queries
):
    client = bearer(cast.detective)
    few = _queries(client, AGENCIES)
    _add_agencies(cast.security_officer, 37)
    assert _queries(client, AGENCIES) == few
    with django_assert_max_num_queries(8):
        client.get(AGENCIES)


def test_the_district_list_costs_the_same_queries_however_many_agencies(
    cast, bearer, django_assert_max_num_queries
):
    client = bearer(cast.detective)
    few = _queries(client, "/api/v1/districts/")
    _add_agencies(cast.security_officer, 20)
    assert _queries(client, "/api/v1/districts/") == few
    with django_assert_max_num_queries(8):
        client.get("/api/v1/districts/")


def test_an_agency_and_its_personnel_cost_the_same_queries_for_1_or_25_people(
    cast, bearer, django_assert_max_num_queries
):
    client = bearer(cast.detective)
    detail = f"{AGENCIES}{cast.police.public_id}/"
    personnel = f"{detail}personnel/"
    _add_personnel(cast.security_officer, cast.police, 1)
    few = (_queries(client, detail), _queries(client, personnel))
    _add_personnel(cast.security_officer, cast.police, 24, start=1)
    assert (_queries(client, detail), _queries(client, personnel)) == few
    assert len(client.get(personnel).json()) == 25
    with django_assert_max_num_queries(10):
        client.get(personnel)


def test_the_audit_log_costs_the_same_queries_however_long_it_is(
    cast, bearer, django_assert_max_num_queries
):
    client = bearer(cast.security_officer)
    few = _queries(client, "/api/v1/audit/events/")
    _add_agencies(cast.security_officer, 30)
    assert _queries(client, "/api/v1/audit/events/") == few
    with django_assert_max_num_queries(8):
        client.get("/api/v1/audit/events/")


def test_the_token_list_costs_the_same_queries_however_many_tokens(
    cast, bearer, issue, django_assert_max_num_queries
):
    client = bearer(cast.security_officer)
    few = _queries(client, TOKENS)
    for user in User.objects.filter(is_active=True):
        issue(user)
        issue(user)
    assert ApiToken.objects.count() > 20
    assert _queries(client, TOKENS) == few
    with django_assert_max_num_queries(8):
        client.get(TOKENS)


def test_me_and_the_matrix_cost_a_fixed_number_of_queries(
    cast, bearer, django_assert_max_num_queries
):
    officer = bearer(cast.security_officer)
    officer.get("/api/v1/me/")
    with django_assert_max_num_queries(10):
        officer.get("/api/v1/me/")
    with django_assert_max_num_queries(8):
        officer.get(MATRIX)
