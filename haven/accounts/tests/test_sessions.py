"""Idle timeout 15 minutes, absolute 12 hours; disabled users stop at once; MFA enrolment first."""

import time

import pytest
from allauth.mfa.models import Authenticator

from haven.accounts.middleware import LAST_SEEN, STARTED
from haven.accounts.services import user_disable
from haven.audit.models import Action, AuditEvent


def _age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    if "idle" in seconds_ago:
        session[LAST_SEEN] = now - seconds_ago["idle"]
    if "started" in seconds_ago:
        session[STARTED] = now - seconds_ago["started"]
    session.save()


@pytest.mark.django_db
def test_a_session_idle_for_fifteen_minutes_ends_with_a_message(cast, client_for):
    client = client_for(cast.detective)
    assert client.get("/").status_code == 200
    _age_session(client, idle=15 * 60 + 1)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?expired=1"
    assert client.get("/").status_code == 302  # signed out, not just redirected once
    login = client.get(response["Location"])
    assert "your session ended" in login.content.decode()
    assert AuditEvent.objects.filter(action=Action.SESSION_EXPIRED, actor=cast.detective).exists()


@pytest.mark.django_db
def test_a_session_ends_after_twelve_hours_however_active(cast, client_for):
    client = client_for(cast.detective)
    client.get("/")
    _age_session(client, idle=5, started=12 * 3600 + 1)
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_activity_within_the_idle_limit_keeps_the_session(cast, client_for):
    client = client_for(cast.detective)
    client.get("/")
    _age_session(client, idle=14 * 60)
    assert client.get("/").status_code == 200
    assert client.get("/accounts/session/status/").json()["seconds_left"] > 14 * 60


@pytest.mark.django_db
def test_asking_how_long_is_left_does_not_extend_the_session(cast, client_for):
    client = client_for(cast.detective)
    client.get("/")
    _age_session(client, idle=10 * 60)
    left = client.get("/accounts/session/status/").json()["seconds_left"]
    assert 4 * 60 <= left <= 5 * 60
    again = client.get("/accounts/session/status/").json()["seconds_left"]
    assert again <= left


@pytest.mark.django_db
def test_stay_signed_in_extends_the_session(cast, client_for):
    client = client_for(cast.detective)
    client.get("/")
    _age_session(client, idle=14 * 60)
    left = client.post("/accounts/session/keepalive/").json()["seconds_left"]
    assert left > 14 * 60


@pytest.mark.django_db
def test_an_expired_session_on_an_htmx_request_redirects_the_page(cast, client_for):
    client = client_for(cast.detective)
    client.get("/")
    _age_session(client, idle=16 * 60)
    response = client.get("/directory/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == "/accounts/login/?expired=1"


@pytest.mark.django_db
def test_a_disabled_user_is_signed_out_on_the_next_request(cast, client_for):
    client = client_for(cast.detective)
    assert client.get("/").status_code == 200
    user_disable(actor=cast.security_officer, user=cast.detective)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_disabled_user_cannot_sign_in(cast, client):
    from haven.conftest import PASSWORD

    client.post("/accounts/login/", {"login": cast.disabled.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_with_mfa_required_a_user_without_it_must_enrol_first(cast, client, settings):
    from haven.conftest import PASSWORD

    settings.HAVEN_REQUIRE_MFA = True
    signed_in = client.post(
        "/accounts/login/", {"login": cast.therapist.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    response = client.get("/directory/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password again before adding a factor.
    confirm = client.get("/accounts/2fa/totp/activate/")
    assert confirm["Location"].startswith("/accounts/reauthenticate/")
    client.post(confirm["Location"], {"password": PASSWORD})
    enrol = client.get("/accounts/2fa/totp/activate/")
    assert enrol.status_code == 200
    assert "authenticator" in enrol.content.decode().lower()
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["code"] == "mfa_required"


@pytest.mark.django_db
def test_with_mfa_required_a_user_with_an_authenticator_proceeds(cast, client_for, settings):
    settings.HAVEN_REQUIRE_MFA = True
    Authenticator.objects.create(
        user=cast.therapist, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client = client_for(cast.therapist)
    assert client.get("/directory/").status_code == 200


@pytest.mark.django_db
def test_there_is_no_public_sign_up(cast, client):
    assert client.get("/accounts/signup/").status_code in (302, 404)
    client.post(
        "/accounts/signup/",
        {
            "email": "new@x.test",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
    )
    from haven.accounts.models import User

    assert not User.objects.filter(email="new@x.test").exists()
