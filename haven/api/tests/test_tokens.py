"""haven.api.tokens: issue (hashed, shown once), revoke, look up; each write audited."""

import datetime
import hashlib

import pytest
from django.db import connection
from django.utils import timezone

from haven.accounts.services import user_disable
from haven.api.models import ApiToken
from haven.api.tokens import (
    MAX_DAYS,
    TOKEN_PREFIX,
    Scope,
    token_create,
    token_create_by_operator,
    token_is_expired,
    token_lookup,
    token_revoke,
)
from haven.audit.models import AuditEvent
from haven.conftest import PASSWORD
from haven.core.errors import HavenError


def _every_stored_value():
    """Every value in every table of the database, as text."""
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if value is not None:
                        yield str(value)


def test_the_raw_token_is_never_stored_only_its_hash(cast):
    token, raw = token_create_by_operator(
        user=cast.detective, name="CAD bridge", days=30, scope=Scope.READ
    )
    assert raw.startswith(TOKEN_PREFIX)
    assert len(raw) > 40
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:12]
    # Not in the token table, not in the audit log, not anywhere.
    secret_part = raw[len(TOKEN_PREFIX) :]
    leaks = [v for v in _every_stored_value() if secret_part in v]
    assert leaks == []


def test_a_token_is_shown_once_by_the_api(cast, client_for):
    session = client_for(cast.security_officer)
    session.post("/accounts/reauthenticate/", {"password": PASSWORD})
    created = session.post(
        "/api/v1/tokens/", {"name": "CAD", "days": 7, "scope": "read"}, "application/json"
    ).json()
    assert created["token"].startswith(TOKEN_PREFIX)
    listed = session.get("/api/v1/tokens/").json()["results"]
    mine = next(t for t in listed if t["id"] == created["id"])
    assert "token" not in mine
    assert mine["prefix"] == created["token"][:12]
    assert all(created["token"] not in str(t) for t in listed)
    revoked = session.post(f"/api/v1/tokens/{created['id']}/revoke/").json()
    assert "token" not in revoked


def test_creating_your_own_token_is_audited_without_the_token(cast, client_for):
    session = client_for(cast.detective)
    session.post("/accounts/reauthenticate/", {"password": PASSWORD})
    created = session.post(
        "/api/v1/tokens/", {"name": "CAD bridge", "scope": "read"}, "application/json"
    ).json()
    event = AuditEvent.objects.get(action="token.created")
    assert event.actor == cast.detective
    assert event.object_id == created["id"]
    assert event.new_values["user"] == "luis@nhpd.test"
    assert event.new_values["name"] == "CAD bridge"
    assert event.new_values["scope"] == "read"
    assert "expires_at" in event.new_values
    assert created["token"] not in str(event.new_values)
    assert event.ip_address == "127.0.0.1"


def test_revoking_is_audited_once(cast):
    token, _ = token_create_by_operator(user=cast.detective, name="x", days=1, scope=Scope.READ)
    revoked = token_revoke(actor=cast.security_officer, token=token)
    assert revoked.revoked_at is not None
    first = revoked.revoked_at
    again = token_revoke(actor=cast.security_officer, token=token)
    assert again.revoked_at == first
    events = AuditEvent.objects.filter(action="token.revoked")
    assert events.count() == 1
    assert events.get().actor == cast.security_officer
    assert events.get().object_id == str(token.public_id)


def test_the_api_revokes_with_the_same_audit_row(cast, bearer, issue):
    token, _ = issue(cast.detective)
    bearer(cast.security_officer).post(f"/api/v1/tokens/{token.public_id}/revoke/")
    revoked = AuditEvent.objects.get(action="token.revoked")
    assert revoked.object_id == str(token.public_id)
    assert revoked.actor == cast.security_officer
    assert revoked.ip_address == "127.0.0.1"


def test_an_operator_issues_without_an_actor(cast):
    token, raw = token_create_by_operator(user=cast.detective, name="ops", days=1, scope="read")
    assert token.created_by is None
    assert token_lookup(raw) == token
    event = AuditEvent.objects.get(action="token.created_by_operator")
    assert event.actor is None


@pytest.mark.parametrize("who", ["coordinator", "security_officer", "disabled"])
def test_nobody_creates_a_token_for_someone_else(cast, who):
    with pytest.raises(HavenError) as refused:
        token_create(actor=getattr(cast, who), user=cast.detective, name="x", scope="read")
    assert refused.value.status == 403
    assert refused.value.code == "token_owner_only"
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "therapist", "disabled"])
def test_only_the_owner_or_the_security_officer_revokes(cast, who):
    token, _ = token_create_by_operator(user=cast.detective, name="x", days=1, scope="read")
    with pytest.raises(HavenError):
        token_revoke(actor=getattr(cast, who), token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    token_revoke(actor=cast.detective, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_token_an_officer_issued_for_someone_else_no_longer_works(cast):
    """Tokens minted for another person before issue 18 are refused, though not deleted."""
    token, raw = token_create_by_operator(user=cast.detective, name="x", days=1, scope="read")
    ApiToken.objects.filter(pk=token.pk).update(created_by=cast.security_officer)
    assert token_lookup(raw) is None


@pytest.mark.parametrize("scope", ["", "admin", "READ"])
def test_a_token_has_a_known_scope(cast, scope):
    with pytest.raises(HavenError) as refused:
        token_create_by_operator(user=cast.detective, name="x", days=1, scope=scope)
    assert refused.value.field == "scope"


def test_no_token_for_a_disabled_account(cast):
    with pytest.raises(HavenError, match="disabled"):
        token_create_by_operator(user=cast.disabled, name="x", days=1, scope=Scope.READ)
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name(cast):
    with pytest.raises(HavenError) as refused:
        token_create_by_operator(user=cast.detective, name="   ", days=1, scope=Scope.READ)
    assert refused.value.field == "name"


@pytest.mark.parametrize("days", [0, -1, MAX_DAYS + 1])
def test_a_token_lasts_1_to_365_days(cast, days):
    with pytest.raises(HavenError) as refused:
        token_create_by_operator(user=cast.detective, name="x", days=days, scope=Scope.READ)
    assert refused.value.field == "days"


@pytest.mark.parametrize("days", [1, MAX_DAYS])
def test_the_expiry_is_days_from_now(cast, days):
    token, _ = token_create_by_operator(user=cast.detective, name="x", days=days, scope=Scope.READ)
    expected = timezone.now() + datetime.timedelta(days=days)
    assert abs((token.expires_at - expected).total_seconds()) < 60


def test_two_tokens_are_never_the_same(cast):
    raws = {
        token_create_by_operator(user=cast.detective, name="x", days=1, scope=Scope.READ)[1]
        for _ in range(5)
    }
    assert len(raws) == 5


def test_lookup_finds_only_a_live_token(cast):
    token, raw = token_create_by_operator(user=cast.detective, name="x", days=1, scope=Scope.READ)
    assert token_lookup(raw) == token
    assert token_lookup(raw + "x") is None
    assert token_lookup(raw[len(TOKEN_PREFIX) :]) is None  # without the prefix
    assert token_lookup("") is None


def test_lookup_refuses_an_expired_token_and_says_it_expired(cast):
    token, raw = token_create_by_operator(user=cast.detective, name="x", days=1, scope=Scope.READ)
    assert not token_is_expired(raw)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert token_lookup(raw) is None
    assert token_is_expired(raw)
    assert not token_is_expired(TOKEN_PREFIX + "unknown")


def test_lookup_refuses_a_revoked_token(cast):
    token, raw = token_create_by_operator(user=cast.detective, name="x", days=1, scope=Scope.READ)
    token_revoke(actor=cast.security_officer, token=token)
    assert token_lookup(raw) is None
    assert not token_is_expired(raw)


def test_lookup_refuses_the_token_of_a_disabled_user(cast):
    _, raw = token_create_by_operator(user=cast.detective, name="x", days=1, scope=Scope.READ)
    user_disable(actor=cast.security_officer, user=cast.detective)
    assert token_lookup(raw) is None
