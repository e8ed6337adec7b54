"""manage.py api_token: an operator issues, lists and revokes tokens on the server."""

import re
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from haven.api.models import ApiToken
from haven.api.tokens import TOKEN_PREFIX, hash_token
from haven.audit.models import AuditEvent


def run(*args) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def _raw_from(output: str) -> str:
    tokens = re.findall(rf"^{TOKEN_PREFIX}\S+$", output, re.M)
    assert len(tokens) == 1, output
    return tokens[0]


def test_create_prints_the_token_once_with_its_expiry(cast):
    output = run("create", "luis@nhpd.test", "--name", "CAD bridge", "--days", "30")
    raw = _raw_from(output)
    token = ApiToken.objects.get()
    assert token.user == cast.detective
    assert token.name == "CAD bridge"
    assert token.token_hash == hash_token(raw)
    assert token.created_by is None
    assert str(token.public_id) in output
    assert f"expires {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}" in output
    assert "cannot show it again" in output
    # The printed token works against the API.
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/me/").json()["email"] == "luis@nhpd.test"


def test_create_has_defaults_and_matches_the_email_in_any_case(cast):
    _raw_from(run("create", "LUIS@nhpd.TEST"))
    token = ApiToken.objects.get()
    assert token.user == cast.detective
    assert token.name
    assert 89 <= (token.expires_at - token.created_at).days <= 90


def test_create_is_audited_as_the_operator(cast):
    run("create", "luis@nhpd.test", "--days", "1")
    event = AuditEvent.objects.get(action="token.created_by_operator")
    assert event.actor is None
    assert event.new_values["user"] == "luis@nhpd.test"
    assert event.new_values["scope"] == "read"  # read only unless --scope read_write


def test_create_takes_a_scope(cast):
    _raw_from(run("create", "luis@nhpd.test", "--scope", "read_write"))
    assert ApiToken.objects.get().scope == "read_write"
    with pytest.raises(CommandError):
        run("create", "luis@nhpd.test", "--scope", "admin")


def test_create_for_an_unknown_user_fails_clearly(cast):
    with pytest.raises(CommandError, match="No staff account has the email 'who@nowhere.test'"):
        run("create", "who@nowhere.test")
    assert not ApiToken.objects.exists()


def test_create_for_a_disabled_user_fails_clearly(cast):
    with pytest.raises(CommandError, match="disabled"):
        run("create", "gone@cac.test")


@pytest.mark.parametrize("days", ["0", "366", "-3", "soon", "1.5"])
def test_create_with_bad_days_fails_clearly(cast, days):
    with pytest.raises(CommandError, match="--days: must be a whole number of days from 1 to 365"):
        run("create", "luis@nhpd.test", "--days", days)
    assert not ApiToken.objects.exists()


def test_create_with_a_blank_name_fails_clearly(cast):
    with pytest.raises(CommandError, match="Name the token"):
        run("create", "luis@nhpd.test", "--name", "  ")


def test_list_shows_prefix_name_expiry_and_revocation_but_never_the_token(cast):
    raw_live = _raw_from(run("create", "luis@nhpd.test", "--name", "live one"))
    raw_gone = _raw_from(run("create", "luis@nhpd.test", "--name", "old one"))
    gone = ApiToken.objects.get(name="old one")
    run("revoke", str(gone.public_id))
    output = run("list", "luis@nhpd.test")
    lines = output.splitlines()
    assert lines[0].split() == ["ID", "PREFIX", "NAME", "SCOPE", "EXPIRES", "REVOKED"]
    live_line = next(line for line in lines if "live one" in line)
    gone_line = next(line for line in lines if "old one" in line)
    assert raw_live[:12] in live_line
    assert live_line.rstrip().endswith("-")  # not revoked
    assert not gone_line.rstrip().endswith("-")
    assert str(gone.public_id) in gone_line
    assert raw_live not in output and raw_gone not in output


def test_list_marks_an_expired_token(cast):
    run("create", "luis@nhpd.test", "--days", "1")
    ApiToken.objects.update(expires_at=timezone.now())
    assert "(expired)" in run("list", "luis@nhpd.test")


def test_list_for_a_user_without_tokens(cast):
    assert "has no API tokens" in run("list", "luis@nhpd.test")


def test_list_for_an_unknown_user_fails_clearly(cast):
    with pytest.raises(CommandError, match="No staff account"):
        run("list", "who@nowhere.test")


def test_revoke_stops_the_token_and_is_audited(cast):
    raw = _raw_from(run("create", "luis@nhpd.test"))
    token = ApiToken.objects.get()
    output = run("revoke", str(token.public_id))
    assert "Revoked token" in output
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="token.revoked")
    assert event.object_id == str(token.public_id)
    assert event.actor is None
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/me/").status_code == 401


def test_revoking_twice_says_so_and_audits_once(cast):
    run("create", "luis@nhpd.test")
    token = ApiToken.objects.get()
    run("revoke", str(token.public_id))
    assert "already revoked" in run("revoke", str(token.public_id))
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1


def test_revoke_with_something_that_is_not_an_id_fails_clearly(cast):
    with pytest.raises(CommandError, match="is not a token id"):
        run("revoke", "hvn_abcdef")


def test_revoke_of_an_unknown_id_fails_clearly(cast):
    with pytest.raises(CommandError, match="No token has the id"):
        run("revoke", str(uuid.uuid4()))


def test_an_action_is_required(cast):
    with pytest.raises(CommandError):
        run()
