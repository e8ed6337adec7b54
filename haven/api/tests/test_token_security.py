"""Security issue 18, item 3: no token impersonation.

A person creates tokens only for themselves, after re-entering their second factor
(or, with MFA off and no authenticator, their password) in the last five minutes.
Tokens carry a scope and an expiry; the security officer lists and revokes anyone's
but never creates one for another user. The server's operator issues from the shell,
audited as the operator.
"""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from haven.api.models import ApiToken
from haven.api.tests.support import assert_problem
from haven.api.tokens import (
    DEFAULT_DAYS,
    Scope,
    token_create,
    token_create_by_operator,
    token_revoke,
)
from haven.audit.models import AuditEvent
from haven.conftest import PASSWORD
from haven.core.errors import HavenError

SECRET = "JBSWY3DPEHPK3PXP"
MINE = "/tokens/"
TOKENS = "/api/v1/tokens/"


@pytest.fixture(autouse=True)
def _fresh_codes(db):
    """allauth remembers used TOTP codes in the cache, keyed by authenticator id (reused)."""
    cache.clear()


def _with_authenticator(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": SECRET})


def _code() -> str:
    return format_hotp_value(hotp_value(SECRET, next(yield_hotp_counters_from_time())))


def _confirm_second_factor(client):
    response = client.post("/accounts/2fa/reauthenticate/", {"code": _code()})
    assert response.status_code == 302, response.content


def _confirm_password(client):
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content


def _bearer(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


# --- never for another user ---------------------------------------------------


def test_the_security_officer_cannot_create_a_token_for_another_user(cast):
    with pytest.raises(HavenError) as refused:
        token_create(
            actor=cast.security_officer, user=cast.detective, name="x", days=1, scope="read"
        )
    assert refused.value.status == 403
    assert not ApiToken.objects.filter(user=cast.detective).exists()


def test_the_api_never_issues_a_token_for_another_user(cast, client_for, settings):
    settings.HAVEN_REQUIRE_MFA = True
    _with_authenticator(cast.security_officer)
    client = client_for(cast.security_officer)
    _confirm_second_factor(client)
    response = client.post(
        TOKENS,
        {"user": cast.detective.email, "name": "x", "days": 30, "scope": "read"},
        content_type="application/json",
    )
    assert_problem(response, 403, "token_owner_only")
    assert not ApiToken.objects.filter(user=cast.detective).exists()


def test_the_staff_page_offers_no_token_for_another_user(cast, client_for):
    page = client_for(cast.security_officer).get(f"/staff/{cast.detective.public_id}/")
    assert page.status_code == 200
    assert "Issue a token" not in page.content.decode()
    response = client_for(cast.security_officer).post(
        f"/staff/{cast.detective.public_id}/tokens/", {"name": "x", "days": 30}
    )
    assert response.status_code == 404
    assert not ApiToken.objects.filter(user=cast.detective).exists()


# --- only after re-entering the second factor ----------------------------------


def test_creating_a_token_asks_for_the_second_factor_again(cast, client_for, settings):
    settings.HAVEN_REQUIRE_MFA = True
    _with_authenticator(cast.detective)
    client = client_for(cast.detective)
    response = client.post(MINE, {"name": "CAD bridge", "days": 30, "scope": "read"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert not ApiToken.objects.exists()
    # The code resumes the suspended request: the token is made and shown once.
    resumed = client.post(response["Location"], {"code": _code()})
    assert resumed.status_code == 200, resumed
    token = ApiToken.objects.get()
    assert token.user == cast.detective and token.created_by == cast.detective
    assert token.scope == Scope.READ
    assert token.prefix in resumed.content.decode()
    assert "no-store" in resumed["Cache-Control"]


def test_a_password_is_not_enough_when_the_user_has_a_second_factor(cast, client_for, settings):
    settings.HAVEN_REQUIRE_MFA = True
    _with_authenticator(cast.detective)
    client = client_for(cast.detective)
    _confirm_password(client)
    response = client.post(MINE, {"name": "CAD", "days": 30, "scope": "read"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert not ApiToken.objects.exists()


def test_a_confirmation_older_than_five_minutes_is_not_enough(cast, client_for, settings):
    settings.HAVEN_REQUIRE_MFA = True
    _with_authenticator(cast.detective)
    client = client_for(cast.detective)
    _confirm_second_factor(client)
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 301
    session.save()
    response = client.post(MINE, {"name": "CAD", "days": 30, "scope": "read"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_with_mfa_off_and_no_authenticator_the_password_confirms(cast, client_for, settings):
    settings.HAVEN_REQUIRE_MFA = False
    client = client_for(cast.detective)
    first = client.post(MINE, {"name": "CAD", "days": 30, "scope": "read_write"})
    assert first.status_code == 302
    assert first["Location"].startswith("/accounts/reauthenticate/")
    assert not ApiToken.objects.exists()
    resumed = client.post(first["Location"], {"password": PASSWORD})
    assert resumed.status_code == 200
    assert ApiToken.objects.get().scope == Scope.READ_WRITE


def test_with_mfa_required_a_user_without_an_authenticator_gets_no_token(cast, rf, settings):
    """Production requires MFA: a password alone never issues a token there."""
    from django.contrib.sessions.backends.db import SessionStore

    from haven.accounts.reauthentication import recently_confirmed

    settings.HAVEN_REQUIRE_MFA = True
    request = rf.post(MINE)
    request.user = cast.detective
    request.session = SessionStore()
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, cast.detective, method="password", reauthenticated=True)
    assert not recently_confirmed(request)
    with pytest.raises(HavenError) as refused:
        token_create(
            actor=cast.detective, user=cast.detective, name="x", scope="read", request=request
        )
    assert refused.value.code == "reauthentication_required"


def test_a_token_cannot_create_a_token(cast):
    _, raw = token_create_by_operator(user=cast.detective, name="x", days=1, scope=Scope.READ_WRITE)
    response = _bearer(raw).post(TOKENS, {"name": "y", "days": 1, "scope": "read"}, format="json")
    assert_problem(response, 403, "reauthentication_required")
    assert ApiToken.objects.count() == 1


# --- shown once, expiring, scoped ----------------------------------------------


def test_a_token_lasts_90_days_unless_asked_and_at_most_365(cast, client_for, settings):
    settings.HAVEN_REQUIRE_MFA = False
    client = client_for(cast.detective)
    _confirm_password(client)
    client.post(MINE, {"name": "CAD", "scope": "read"})
    token = ApiToken.objects.get()
    assert DEFAULT_DAYS == 90
    assert abs((token.expires_at - timezone.now()) - datetime.timedelta(days=90)).seconds < 60
    page = client.post(MINE, {"name": "CAD", "days": 366, "scope": "read"})
    assert page.status_code == 400
    assert "365" in page.content.decode()
    assert ApiToken.objects.count() == 1


def test_a_read_only_token_is_refused_every_unsafe_method(cast):
    _, raw = token_create_by_operator(user=cast.coordinator, name="x", days=1, scope=Scope.READ)
    client = _bearer(raw)
    assert client.get("/api/v1/me/").status_code == 200
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/agencies/", {}, format="json")
        body = assert_problem(response, 403, "token_read_only")
        assert "read" in body["detail"]


def test_a_read_write_token_may_write(cast):
    _, raw = token_create_by_operator(
        user=cast.security_officer, name="x", days=1, scope=Scope.READ_WRITE
    )
    response = _bearer(raw).post(TOKENS + "00000000-0000-4000-8000-000000000000/revoke/")
    assert_problem(response, 404)


def test_an_expired_token_is_refused_saying_it_expired(cast):
    token, raw = token_create_by_operator(user=cast.detective, name="x", days=1, scope=Scope.READ)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    body = assert_problem(_bearer(raw).get("/api/v1/me/"), 401, "token_expired")
    assert "expired" in body["detail"]


# --- listing and revoking ------------------------------------------------------


def test_the_security_officer_lists_everyone_s_tokens_without_secrets(cast):
    _, mine = token_create_by_operator(
        user=cast.security_officer, name="mine", days=1, scope=Scope.READ
    )
    _, theirs = token_create_by_operator(
        user=cast.detective, name="CAD", days=1, scope=Scope.READ_WRITE
    )
    listed = _bearer(mine).get(TOKENS).json()["results"]
    cad = next(t for t in listed if t["name"] == "CAD")
    assert cad["user"] == cast.detective.email
    assert cad["scope"] == "read_write"
    assert {"created_at", "last_used_at", "expires_at"} <= set(cad)
    assert "token" not in cad and theirs not in str(listed) and mine not in str(listed)


def test_a_user_lists_only_their_own_tokens(cast):
    _, raw = token_create_by_operator(user=cast.detective, name="own", days=1, scope=Scope.READ)
    token_create_by_operator(user=cast.coordinator, name="other", days=1, scope=Scope.READ)
    listed = _bearer(raw).get(TOKENS).json()["results"]
    assert [t["name"] for t in listed] == ["own"]


def test_the_owner_revokes_their_own_token_and_no_one_else_s(cast, client_for):
    own, _ = token_create_by_operator(user=cast.detective, name="own", days=1, scope=Scope.READ)
    other, _ = token_create_by_operator(
        user=cast.coordinator, name="other", days=1, scope=Scope.READ
    )
    client = client_for(cast.detective)
    assert client.post(f"{MINE}{other.public_id}/revoke/").status_code == 404
    assert client.post(f"{MINE}{own.public_id}/revoke/").status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None and other.revoked_at is None
    event = AuditEvent.objects.get(action="token.revoked")
    assert event.actor == cast.detective
    with pytest.raises(HavenError):
        token_revoke(actor=cast.detective, token=other)


def test_the_security_officer_revokes_anyone_s_token_audited(cast, client_for):
    token, _ = token_create_by_operator(user=cast.detective, name="x", days=1, scope=Scope.READ)
    client = client_for(cast.security_officer)
    response = client.post(f"/staff/{cast.detective.public_id}/tokens/{token.public_id}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.get(action="token.revoked").actor == cast.security_officer


# --- the operator ---------------------------------------------------------------


def test_the_operator_s_issue_is_audited_as_the_operator(cast):
    token, _ = token_create_by_operator(user=cast.detective, name="ops", days=1, scope=Scope.READ)
    event = AuditEvent.objects.get(object_id=str(token.public_id))
    assert event.action == "token.created_by_operator"
    assert event.actor is None
    assert event.new_values["user"] == cast.detective.email
    assert event.new_values["scope"] == "read"


def test_my_tokens_page_costs_the_same_queries_for_1_or_12_tokens(
    cast, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.detective)
    token_create_by_operator(user=cast.detective, name="first", days=1, scope=Scope.READ)
    with CaptureQueriesContext(connection) as few:
        assert client.get(MINE).status_code == 200
    for n in range(11):
        token_create_by_operator(user=cast.detective, name=f"t{n}", days=1, scope=Scope.READ)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(MINE)
    assert page.content.decode().count("<tr>") >= 12


def test_the_security_officer_reviews_everyone_s_tokens_on_one_page(cast, client_for):
    _, raw = token_create_by_operator(user=cast.detective, name="CAD", days=1, scope=Scope.READ)
    token_create_by_operator(user=cast.coordinator, name="export", days=1, scope=Scope.READ)
    page = client_for(cast.security_officer).get("/tokens/all/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "CAD" in html and "export" in html and cast.detective.full_name in html
    assert raw not in html and raw[len("hvn_") :] not in html
    assert client_for(cast.detective).get("/tokens/all/").status_code == 403
