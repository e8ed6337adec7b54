"""haven.api.problems: every API error is an RFC 9457 problem document."""

import json

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from haven.api.problems import _field_errors, problem
from haven.api.tests.support import PROBLEM_KEYS, assert_problem

AGENCIES = "/api/v1/agencies/"
MATRIX = "/api/v1/access/matrix/"


def test_problem_has_the_rfc_9457_members_and_only_adds_what_it_is_given():
    body = problem(403, "Not allowed", "No.", code="forbidden")
    assert set(body) == PROBLEM_KEYS
    assert body["type"] == "https://haven.invalid/problems/forbidden"
    with_extras = problem(400, "Invalid", "Fix it.", citation="Gen. Stat. § 1", errors=[{"f": 1}])
    assert with_extras["code"] == "400"
    assert with_extras["citation"] == "Gen. Stat. § 1"
    assert with_extras["errors"] == [{"f": 1}]


def test_field_errors_flatten_nested_serializer_errors_into_dotted_names():
    errors = _field_errors(
        {"name": ["Required."], "changes": {0: {"level": ["Bad."]}}, "non_field_errors": ["X."]}
    )
    assert {"field": "name", "message": "Required."} in errors
    assert {"field": "changes.0.level", "message": "Bad."} in errors
    assert {"field": "non_field_errors", "message": "X."} in errors


def test_400_for_a_body_that_is_not_json(cast, bearer):
    response = bearer(cast.coordinator).post(
        AGENCIES, data='{"name": "Ansonia PD", ', content_type="application/json"
    )
    body = assert_problem(response, 400, "parse_error")
    assert body["detail"].startswith("The body is not valid JSON")


def test_400_names_unknown_fields_in_errors(cast, bearer):
    response = bearer(cast.coordinator).post(
        AGENCIES,
        {"name": "Ansonia PD", "kind": "municipal_police", "colour": "blue", "rank": 1},
        format="json",
    )
    body = assert_problem(response, 400, "invalid")
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"colour", "rank"}
    assert all("Unknown field" in e["message"] for e in body["errors"])


def test_400_names_unknown_fields_inside_a_list(cast, bearer):
    change = {"discipline": "dcf", "section": "medical", "level": "view", "why": "x"}
    response = bearer(cast.security_officer).patch(MATRIX, {"changes": [change]}, format="json")
    body = assert_problem(response, 400, "invalid")
    assert [e["field"] for e in body["errors"]] == ["changes.0.why"]


def test_400_for_missing_and_invalid_fields(cast, bearer):
    response = bearer(cast.coordinator).post(AGENCIES, {"kind": "castle"}, format="json")
    body = assert_problem(response, 400, "invalid")
    assert {e["field"] for e in body["errors"]} == {"name", "kind"}


def test_401_without_credentials(cast, api):
    assert_problem(api.get(AGENCIES), 401, "not_authenticated")


def test_403_when_the_role_does_not_allow_it(cast, bearer):
    body = assert_problem(bearer(cast.detective).get("/api/v1/audit/events/"), 403, "forbidden")
    assert body["detail"] == "Your role does not allow this."


def test_404_for_an_unknown_agency(cast, bearer):
    response = bearer(cast.detective).get(f"{AGENCIES}00000000-0000-4000-8000-000000000000/")
    assert_problem(response, 404, "not_found")


def test_404_for_an_api_path_that_does_not_exist(cast, bearer):
    client = bearer(cast.detective)
    assert_problem(client.get(f"{AGENCIES}not-a-uuid/"), 404)
    assert_problem(client.get("/api/v1/nothing-here/"), 404)


def test_405_for_a_method_the_route_does_not_have(cast, bearer):
    response = bearer(cast.detective).delete("/api/v1/me/")
    body = assert_problem(response, 405, "method_not_allowed")
    assert "DELETE" in body["detail"]
    assert "GET" in response["Allow"]


def test_406_for_an_accept_header_the_api_cannot_satisfy(cast, bearer):
    response = bearer(cast.detective).get("/api/v1/me/", HTTP_ACCEPT="text/html")
    assert_problem(response, 406, "not_acceptable")


def test_413_for_a_body_over_the_limit(cast, bearer, settings):
    settings.HAVEN_MAX_REQUEST_BYTES = 1024
    payload = {"name": "x" * 2000, "kind": "other"}
    response = bearer(cast.coordinator).post(AGENCIES, payload, format="json")
    body = assert_problem(response, 413, "too_large")
    assert "larger than 1 KB" in body["detail"]


def test_413_comes_before_authentication(cast, api, settings):
    settings.HAVEN_MAX_REQUEST_BYTES = 1024
    response = api.post(AGENCIES, {"name": "x" * 2000}, format="json")
    assert_problem(response, 413, "too_large")


def test_a_body_under_the_limit_passes(cast, bearer, settings):
    settings.HAVEN_MAX_REQUEST_BYTES = 1024
    response = bearer(cast.coordinator).post(
        AGENCIES, {"name": "Ansonia PD", "kind": "municipal_police"}, format="json"
    )
    assert response.status_code == 201


def test_415_for_a_body_that_is_not_json(cast, bearer):
    response = bearer(cast.coordinator).post(
        AGENCIES, data="name=Ansonia", content_type="application/x-www-form-urlencoded"
    )
    body = assert_problem(response, 415, "unsupported_media_type")
    assert "application/x-www-form-urlencoded" in body["detail"]


def test_429_when_a_user_sends_too_many_requests(cast, bearer, monkeypatch):
    # DRF reads the rates into the class when it is imported; patch them there.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": None})
    client = bearer(cast.detective)
    for _ in range(3):
        assert client.get("/api/v1/me/").status_code == 200
    response = client.get("/api/v1/me/")
    body = assert_problem(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert "seconds" in body["detail"]
    # The limit is per user: someone else is not held back.
    assert bearer(cast.coordinator).get("/api/v1/me/").status_code == 200


def test_a_statutory_refusal_cites_the_statute(cast, bearer):
    # Child-protection investigation is DCF's alone (Gen. Stat. § 17a-106f): no matrix edit
    # can give another discipline edit there.
    change = {"discipline": "law_enforcement", "section": "child_protection", "level": "edit"}
    response = bearer(cast.security_officer).patch(MATRIX, {"changes": [change]}, format="json")
    body = assert_problem(response, 400, "invalid")
    assert body["citation"] == "Gen. Stat. § 17a-106f"
    assert "Department of Children and Families" in body["detail"]
    assert body["errors"] == [
        {"field": "law_enforcement__child_protection", "message": body["detail"]}
    ]


def test_a_domain_refusal_without_a_statute_has_no_citation(cast, bearer):
    client = bearer(cast.coordinator)
    payload = {"name": "New Haven Police", "kind": "municipal_police"}
    body = assert_problem(client.post(AGENCIES, payload, format="json"), 400, "invalid")
    assert "citation" not in body
    assert body["errors"][0]["field"] == "name"


def test_500_is_a_problem_that_reveals_nothing(cast, bearer, monkeypatch):
    def broken():
        raise RuntimeError("secret internals")

    monkeypatch.setattr("haven.api.views.current_matrix", broken)
    client = bearer(cast.detective)
    client.raise_request_exception = False
    response = client.get("/api/v1/me/")
    body = assert_problem(response, 500, "server_error")
    assert "secret" not in response.content.decode()
    assert "logged" in body["detail"]


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/"])
def test_problems_are_json_even_where_the_view_renders_yaml_or_html(cast, api, path):
    # The schema view renders YAML and the docs view HTML; their errors must still be JSON.
    response = api.get(path)
    body = assert_problem(response, 401, "not_authenticated")
    assert json.loads(response.content) == body


def test_problems_are_json_for_an_unknown_format_suffix(cast, bearer):
    response = bearer(cast.detective).get("/api/v1/schema/?format=xml")
    assert_problem(response, 404, "not_found")


def test_an_expired_session_is_a_problem(cast, settings):
    settings.HAVEN_SESSION_IDLE_SECONDS = 1
    client = APIClient()
    client.force_login(cast.detective)
    session = client.session
    session["haven_last_seen"] = 0
    session["haven_started"] = 0
    session.save()
    assert_problem(client.get("/api/v1/me/"), 401, "session_expired")
