"""Five failed sign-ins for one email from one address within 15 minutes lock that email at
that address for 15 minutes, or until a security officer releases it; the response is the
same whether or not the account exists. The lock is per account and address, so guessing
at someone's email from elsewhere cannot keep its owner out."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from haven.accounts.lockout import is_locked
from haven.accounts.services import user_unlock
from haven.audit.models import Action, AuditEvent
from haven.conftest import PASSWORD


def _without_csrf(content: bytes) -> str:
    # The masked CSRF token differs on every response; everything else must match.
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", content.decode())


def _fail(client, email: str, times: int):
    response = None
    for _ in range(times):
        response = client.post("/accounts/login/", {"login": email, "password": "not-it-at-all"})
    return response


@pytest.mark.django_db
def test_a_wrong_password_says_so_and_signs_no_one_in(cast, client):
    response = _fail(client, "luis@nhpd.test", 1)
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_five_failures_lock_the_account_even_against_the_right_password(cast, client):
    _fail(client, "luis@nhpd.test", 4)
    assert not is_locked("luis@nhpd.test")
    locked = _fail(client, "luis@nhpd.test", 1)
    assert locked.status_code == 429
    assert "Sign-in is locked" in locked.content.decode()
    assert "paused for 15 minutes" in locked.content.decode()
    response = client.post("/accounts/login/", {"login": "luis@nhpd.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT).exists()


@pytest.mark.django_db
def test_the_lock_answers_the_same_for_an_email_with_no_account(cast, client):
    real = _fail(client, "luis@nhpd.test", 5)
    unknown = _fail(client, "nobody@nowhere.test", 5)
    assert real.status_code == unknown.status_code == 429
    assert _without_csrf(real.content) == _without_csrf(unknown.content)


@pytest.mark.django_db
def test_the_lock_follows_the_email_whatever_the_case(cast, client):
    _fail(client, "Luis@NHPD.test", 5)
    assert is_locked("luis@nhpd.test")


@pytest.mark.django_db
def test_failures_spread_beyond_the_window_do_not_lock(cast, client):
    _fail(client, "luis@nhpd.test", 4)
    AccessAttempt.objects.filter(username="luis@nhpd.test").update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=16)
    )
    _fail(client, "luis@nhpd.test", 1)
    assert not is_locked("luis@nhpd.test")


@pytest.mark.django_db
def test_a_security_officer_releases_the_lock(cast, client, client_for):
    _fail(client, "luis@nhpd.test", 5)
    officer = client_for(cast.security_officer)
    page = officer.get(f"/staff/{cast.detective.public_id}/")
    assert "Release the lock" in page.content.decode()
    officer.post(f"/staff/{cast.detective.public_id}/unlock/")
    assert not is_locked("luis@nhpd.test")
    response = client.post("/accounts/login/", {"login": "luis@nhpd.test", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=Action.UNLOCKED, actor=cast.security_officer).exists()


@pytest.mark.django_db
def test_only_a_security_officer_may_release_a_lock(cast):
    from haven.core.errors import HavenError

    with pytest.raises(HavenError):
        user_unlock(actor=cast.coordinator, email="luis@nhpd.test")


@pytest.mark.django_db
def test_the_lock_lifts_by_itself_after_fifteen_minutes(cast, client):
    _fail(client, "luis@nhpd.test", 5)
    assert is_locked("luis@nhpd.test")
    AccessAttempt.objects.filter(username="luis@nhpd.test").update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=14)
    )
    assert is_locked("luis@nhpd.test")
    AccessAttempt.objects.filter(username="luis@nhpd.test").update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert not is_locked("luis@nhpd.test")
    response = client.post("/accounts/login/", {"login": "luis@nhpd.test", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_lock_from_one_address_does_not_keep_the_owner_out_from_another(cast):
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    assert _fail(attacker, "luis@nhpd.test", 5).status_code == 429
    assert is_locked("luis@nhpd.test")
    owner = Client(REMOTE_ADDR="198.51.100.20")
    response = owner.post("/accounts/login/", {"login": "luis@nhpd.test", "password": PASSWORD})
    assert response.status_code == 302
    # The attacker's address stays locked, even with the right password.
    again = attacker.post("/accounts/login/", {"login": "luis@nhpd.test", "password": PASSWORD})
    assert again.status_code == 429


@pytest.mark.django_db
def test_rotating_addresses_still_gets_five_guesses_per_address_and_each_is_audited(cast):
    for n in range(3):
        _fail(Client(REMOTE_ADDR=f"203.0.113.{n}"), "luis@nhpd.test", 5)
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED).count() == 15
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT).count() == 3


def test_the_cool_off_is_fifteen_minutes_and_never_zero(settings):
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
