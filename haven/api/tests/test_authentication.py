"""haven.api.authentication: bearer tokens and the browser session."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from haven.accounts.services import user_disable
from haven.api.models import ApiToken
from haven.api.tests.support import assert_problem
from haven.api.tokens import TOKEN_PREFIX, token_revoke

ME = "/api/v1/me/"


def _with_token(raw: str, scheme: str = "Bearer") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {raw}")
    return client


def test_a_bearer_token_authenticates_its_user(cast, issue):
    token, raw = issue(cast.detective)
    response = _with_token(raw).get(ME)
    assert response.status_code == 200
    assert response.json()["email"] == "luis@nhpd.test"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_scheme_name_is_case_insensitive(cast, issue):
    _, raw = issue(cast.detective)
    assert _with_token(raw, scheme="bearer").get(ME).status_code == 200
    assert _with_token(raw, scheme="BEARER").get(ME).status_code == 200


def test_last_used_is_written_at_most_once_a_minute(cast, issue):
    token, raw = issue(cast.detective)
    recent = timezone.now() - datetime.timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    _with_token(raw).get(ME)
    token.refresh_from_db()
    assert token.last_used_at == recent
    stale = timezone.now() - datetime.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    _with_token(raw).get(ME)
    token.refresh_from_db()
    assert token.last_used_at > stale


def _assert_token_refused(response, code: str) -> dict:
    body = assert_problem(response, 401, code)
    assert response["WWW-Authenticate"] == "Bearer"
    # The message tells the caller what to do next, not only what went wrong.
    assert "My API tokens" in body["detail"]
    return body


def test_an_unknown_token_is_refused_with_what_to_do(cast):
    response = _with_token(TOKEN_PREFIX + "x" * 43).get(ME)
    body = _assert_token_refused(response, "token_invalid")
    assert "not valid" in body["detail"]


def test_a_value_that_is_not_a_haven_token_is_refused(cast):
    _assert_token_refused(_with_token("abc.def.ghi").get(ME), "token_invalid")


def test_a_revoked_token_is_refused(cast, issue):
    token, raw = issue(cast.detective)
    token_revoke(actor=cast.security_officer, token=token)
    body = _assert_token_refused(_with_token(raw).get(ME), "token_invalid")
    assert "revoked" in body["detail"]


def test_an_expired_token_is_refused_saying_it_expired(cast, issue):
    token, raw = issue(cast.detective)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    body = _assert_token_refused(_with_token(raw).get(ME), "token_expired")
    assert "expired" in body["detail"]
    assert "Create a new one in Haven (My API tokens)" in body["detail"]


def test_a_token_stops_working_when_its_user_is_disabled(cast, issue):
    _, raw = issue(cast.detective)
    assert _with_token(raw).get(ME).status_code == 200
    user_disable(actor=cast.security_officer, user=cast.detective)
    body = _assert_token_refused(_with_token(raw).get(ME), "token_invalid")
    assert "disabled" in body["detail"]


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer one two", "Token abc", "Basic c2FtOnNlY3JldA==", "hvn_abc"],
)
def test_a_malformed_authorization_header_says_how_to_send_the_token(cast, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    body = assert_problem(client.get(ME), 401, "malformed_header")
    assert "Authorization: Bearer <token>" in body["detail"]


def test_no_credentials_at_all_is_401_saying_how_to_authenticate(cast, api):
    response = api.get(ME)
    body = assert_problem(response, 401, "not_authenticated")
    assert "Bearer <token>" in body["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_the_browser_session_works_for_reads(cast):
    client = APIClient()
    client.force_login(cast.coordinator)
    response = client.get(ME)
    assert response.status_code == 200
    assert response.json()["email"] == "carmen@cac.test"
    assert client.get("/api/v1/agencies/").status_code == 200


def test_a_session_write_needs_the_csrf_token(cast):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast.coordinator)
    response = client.post("/api/v1/agencies/", {"name": "Ansonia PD", "kind": "municipal_police"})
    body = assert_problem(response, 403)
    assert "CSRF" in body["detail"]


def test_a_token_write_needs_no_csrf_token(cast, issue):
    _, raw = issue(cast.coordinator)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.post(
        "/api/v1/agencies/", {"name": "Ansonia PD", "kind": "municipal_police"}, format="json"
    )
    assert response.status_code == 201, response.content


def test_a_disabled_users_session_no_longer_reaches_the_api(cast):
    client = APIClient()
    client.force_login(cast.detective)
    assert client.get(ME).status_code == 200
    user_disable(actor=cast.security_officer, user=cast.detective)
    assert_problem(client.get(ME), 401)
