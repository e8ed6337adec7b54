"""The second sign-in step (a code from an authenticator app, or a recovery code) follows
the password's policy: five wrong codes within 15 minutes lock the account's second step
for 15 minutes. Each wrong code is an audit row; the owner is emailed (no code, no
address); the security officer sees the lock on the staff pages and may release it."""

import datetime
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.conftest import PASSWORD

SECRET = "JBSWY3DPEHPK3PXP"
WRONG = ["000000", "111111", "222222", "333333", "444444"]
STEP = "/accounts/2fa/authenticate/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth remembers used TOTP codes in the cache; each test starts clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def luis(cast):
    """The detective, with an authenticator app and recovery codes."""
    TOTP.activate(cast.detective, SECRET)
    RecoveryCodes.activate(cast.detective)
    return cast.detective


def right_code() -> str:
    import time

    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


def recovery_code(user) -> str:
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return codes.wrap().get_unused_codes()[0]


def at_second_step(email: str = "luis@nhpd.test", address: str = "198.51.100.20") -> Client:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == STEP
    return client


def enter(client: Client, code: str):
    return client.post(STEP, {"code": code})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def lock_row(user):
    from haven.accounts.models import SecondStepLock

    return SecondStepLock.objects.filter(user=user)


def test_a_wrong_code_says_what_to_do_and_is_audited(luis):
    client = at_second_step()
    page = enter(client, WRONG[0])
    assert page.status_code == 200
    text = page.content.decode()
    assert "not accepted" in text and "4 more wrong codes" in text
    assert not signed_in(client)
    event = AuditEvent.objects.get(action=Action.MFA_FAILED)
    assert event.object_id == str(luis.public_id)
    assert event.ip_address == "198.51.100.20"
    assert WRONG[0] not in str(event.new_values)


def test_five_wrong_codes_lock_the_second_step_even_against_the_right_code(luis):
    client = at_second_step()
    for code in WRONG:
        enter(client, code)
    assert AuditEvent.objects.filter(action=Action.MFA_FAILED).count() == 5
    assert AuditEvent.objects.filter(action=Action.MFA_LOCKED).count() == 1
    page = enter(client, right_code())
    assert page.status_code == 200
    assert "locked" in page.content.decode()
    assert not signed_in(client)
    # A fresh sign-in with the password, from anywhere, meets the same lock.
    again = at_second_step(address="203.0.113.5")
    assert "locked" in enter(again, right_code()).content.decode()
    assert not signed_in(again)


def test_a_recovery_code_is_counted_and_refused_the_same_way(luis):
    client = at_second_step()
    for _ in range(5):
        enter(client, "abcd1234")
    assert not signed_in(client)
    page = enter(client, recovery_code(luis))
    assert "locked" in page.content.decode()
    assert not signed_in(client)


def test_the_owner_is_emailed_once_without_codes_or_address(
    luis, django_capture_on_commit_callbacks
):
    client = at_second_step()
    with django_capture_on_commit_callbacks(execute=True):
        for code in WRONG:
            enter(client, code)
        enter(client, WRONG[0])  # refused while locked: no second email
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["luis@nhpd.test"]
    body = message.subject + message.body
    assert "second step" in body and "security officer" in body
    until = timezone.localtime(lock_row(luis).get().locked_until)
    assert until.strftime("%-I:%M %p") in body
    assert "198.51.100.20" not in body and "127.0.0.1" not in body
    assert not any(code in body for code in WRONG)
    assert not re.search(r"\b\d{6}\b", body)


def test_the_lock_lifts_by_itself_after_fifteen_minutes(luis):
    client = at_second_step()
    for code in WRONG:
        enter(client, code)
    row = lock_row(luis).get()
    assert row.locked_until - timezone.now() > datetime.timedelta(minutes=14)
    lock_row(luis).update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    enter(client, right_code())
    assert signed_in(client)


def test_wrong_codes_spread_beyond_the_window_do_not_lock(luis):
    client = at_second_step()
    for code in WRONG[:4]:
        enter(client, code)
    lock_row(luis).update(last_failure_at=timezone.now() - datetime.timedelta(minutes=16))
    enter(client, WRONG[4])
    assert not AuditEvent.objects.filter(action=Action.MFA_LOCKED).exists()
    enter(client, right_code())
    assert signed_in(client)


def test_a_right_code_starts_the_count_again(luis):
    client = at_second_step()
    for code in WRONG[:4]:
        enter(client, code)
    enter(client, right_code())
    assert signed_in(client)
    client.post("/accounts/logout/")
    cache.clear()  # the code just used may not be used twice
    later = at_second_step()
    enter(later, WRONG[0])
    assert not AuditEvent.objects.filter(action=Action.MFA_LOCKED).exists()


def test_the_security_officer_sees_the_lock_and_releases_it(
    cast, luis, client_for, django_assert_max_num_queries
):
    client = at_second_step()
    for code in WRONG:
        enter(client, code)
    officer = client_for(cast.security_officer)
    officer.get("/staff/")
    with django_assert_max_num_queries(6):
        listing = officer.get("/staff/?active=locked").content.decode()
    assert "Luis" in listing and "Carmen" not in listing
    page = officer.get(f"/staff/{luis.public_id}/").content.decode()
    assert "Release the second-step lock" in page
    response = officer.post(f"/staff/{luis.public_id}/second-step/unlock/")
    assert response.status_code == 302
    assert not lock_row(luis).filter(locked_until__gt=timezone.now()).exists()
    assert AuditEvent.objects.filter(
        action=Action.MFA_UNLOCKED, actor=cast.security_officer, object_id=str(luis.public_id)
    ).exists()
    enter(client, right_code())
    assert signed_in(client)


def test_only_a_security_officer_may_release_a_second_step_lock(cast, luis, client_for):
    from haven.accounts.services import second_step_unlock
    from haven.core.errors import HavenError

    with pytest.raises(HavenError):
        second_step_unlock(actor=cast.coordinator, user=luis)
    assert (
        client_for(cast.coordinator)
        .post(f"/staff/{luis.public_id}/second-step/unlock/")
        .status_code
        == 403
    )


def test_wrong_codes_when_confirming_a_sensitive_action_count_too(luis):
    client = at_second_step()
    enter(client, right_code())
    assert signed_in(client)
    for code in WRONG:
        client.post("/accounts/2fa/reauthenticate/", {"code": code})
    assert AuditEvent.objects.filter(action=Action.MFA_LOCKED).count() == 1
    events = AuditEvent.objects.filter(action=Action.MFA_FAILED)
    assert events.count() == 5 and all(e.actor_id == luis.pk for e in events)


def test_a_security_key_is_refused_too_while_the_step_is_locked(luis):
    client = at_second_step()
    for code in WRONG:
        enter(client, code)
    # Without a "code" field the page reads a security-key answer; the lock refuses it
    # before it is looked at.
    page = client.post(STEP, {"credential": '{"id": "not-a-real-key"}'})
    assert page.status_code == 200
    assert "locked on this account" in page.content.decode()
    assert not signed_in(client)
    refused = AuditEvent.objects.filter(action=Action.MFA_FAILED).latest("id")
    assert refused.new_values["refused"] == "locked"
