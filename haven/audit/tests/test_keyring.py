"""The audit chain's key: outside the database, named by each row, rotatable, required."""

import base64

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from haven.audit import keyring
from haven.audit.checks import audit_key_check
from haven.audit.models import Action, AuditEvent
from haven.audit.services import audit_record
from haven.audit.verify import verify_chain
from haven.core import sealed
from haven.directory.models import Agency
from haven.directory.services import agency_update


@pytest.fixture
def key_file(tmp_path, settings):
    """A keyring of this test's own, in a file (created on first use outside production)."""
    settings.HAVEN_AUDIT_KEY = ""
    settings.HAVEN_AUDIT_KEY_FILE = str(tmp_path / "keys" / "audit-keys")
    return tmp_path / "keys" / "audit-keys"


def _login_failed(label: str) -> AuditEvent:
    return audit_record(actor=None, action=Action.LOGIN_FAILED, object_label=label)


@pytest.mark.django_db
def test_outside_production_a_missing_key_file_is_created_readable_by_its_owner_only(key_file):
    event = _login_failed("a")
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert event.key_id == sealed.MasterKeys.load(key_file).current


@pytest.mark.django_db
def test_rows_written_under_an_old_key_verify_after_rotation(key_file, capsys):
    before = _login_failed("before")
    call_command("audit_key", "rotate")
    after = _login_failed("after")
    keys = sealed.MasterKeys.load(key_file)
    assert after.key_id == keys.current != before.key_id
    assert before.key_id in keys.keys  # the old key is kept
    assert verify_chain().ok
    assert "older keys kept" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_rotation_is_recorded_in_the_audit_log_under_the_new_key(key_file):
    old = _login_failed("before").key_id
    call_command("audit_key", "rotate")
    event = AuditEvent.objects.get(action=Action.AUDIT_KEY_ROTATED)
    assert event.old_values == {"key_id": old}
    assert event.new_values == {"key_id": event.key_id}
    assert event.key_id != old


@pytest.mark.django_db
def test_a_row_whose_key_is_not_in_the_keyring_is_named(key_file):
    first = _login_failed("under the first key")
    call_command("audit_key", "rotate")
    _login_failed("under the second key")
    keys = sealed.MasterKeys.load(key_file)
    sealed.write_key_file(key_file, keys.only_current())  # someone dropped the old key
    report = verify_chain()
    assert report.broken_id == first.id
    assert f"names key {first.key_id}, which the audit keyring" in report.reason


@pytest.mark.django_db
def test_the_chain_does_not_verify_under_a_different_key(key_file, tmp_path, settings):
    event = _login_failed("a")
    other = tmp_path / "other-keys"
    keyring.write_new_key_file(other)
    settings.HAVEN_AUDIT_KEY_FILE = str(other)
    report = verify_chain()
    assert report.broken_id == event.id


@pytest.mark.django_db
def test_the_key_can_come_from_the_environment_with_older_keys_after_it(settings):
    current, older = sealed.new_key_file_text().strip(), sealed.new_key_file_text().strip()
    settings.HAVEN_AUDIT_KEY = f"{current},{older}"
    event = _login_failed("a")
    assert event.key_id == current.split()[0]
    assert keyring.key_source() == "HAVEN_AUDIT_KEY"
    assert verify_chain().ok


@pytest.mark.django_db
def test_rotating_a_key_from_the_environment_says_how_instead(settings):
    settings.HAVEN_AUDIT_KEY = sealed.new_key_file_text().strip()
    with pytest.raises(CommandError, match="put its line first in HAVEN_AUDIT_KEY"):
        call_command("audit_key", "rotate")


def test_a_malformed_key_is_named_without_showing_it(settings):
    settings.HAVEN_AUDIT_KEY = "not-a-key-id " + base64.b64encode(b"short").decode()
    with pytest.raises(keyring.AuditKeyError, match="HAVEN_AUDIT_KEY, line 1") as caught:
        keyring.audit_keys()
    assert base64.b64encode(b"short").decode() not in str(caught.value)


def test_audit_key_new_writes_a_keyring_and_never_replaces_one(tmp_path, capsys):
    path = tmp_path / "audit-keys"
    call_command("audit_key", "new", str(path))
    text = path.read_text()
    assert path.stat().st_mode & 0o777 == 0o600
    assert sealed.MasterKeys.load(path).current in capsys.readouterr().out
    with pytest.raises(CommandError, match="already exists; an audit keyring is never replaced"):
        call_command("audit_key", "new", str(path))
    assert path.read_text() == text


def test_in_production_a_missing_key_fails_the_start_up_check(settings):
    settings.PRODUCTION = True
    settings.HAVEN_AUDIT_KEY = ""
    settings.HAVEN_AUDIT_KEY_FILE = ""
    [error] = audit_key_check()
    assert error.id == "haven.audit.E001"
    assert "set HAVEN_AUDIT_KEY_FILE" in error.msg and "audit_key new PATH" in error.msg
    with pytest.raises(SystemCheckError, match="haven.audit.E001"):
        call_command("check")


def test_in_production_a_key_file_that_is_not_there_is_not_created(settings, tmp_path):
    settings.PRODUCTION = True
    settings.HAVEN_AUDIT_KEY = ""
    settings.HAVEN_AUDIT_KEY_FILE = str(tmp_path / "missing")
    [error] = audit_key_check()
    assert "Cannot read the audit key file" in error.msg
    assert not (tmp_path / "missing").exists()


@pytest.mark.django_db
def test_without_a_key_a_change_is_refused_rather_than_left_unaudited(cast, settings):
    settings.PRODUCTION = True
    settings.HAVEN_AUDIT_KEY = ""
    settings.HAVEN_AUDIT_KEY_FILE = ""
    with pytest.raises(keyring.AuditKeyError, match="has no key"):
        agency_update(actor=cast.coordinator, agency=cast.cac, town="Hamden")
    assert Agency.objects.get(pk=cast.cac.pk).town == "New Haven"


def test_a_key_file_others_can_read_is_warned_about(key_file):
    keyring.audit_keys()
    key_file.chmod(0o644)
    [warning] = audit_key_check()
    assert warning.id == "haven.audit.W001"
    assert "chmod 600" in warning.hint


def test_production_without_an_anchor_destination_is_warned_about(key_file, settings):
    settings.PRODUCTION = True
    keyring.write_new_key_file(key_file)
    settings.HAVEN_AUDIT_ANCHOR_DIR = ""
    [warning] = audit_key_check()
    assert warning.id == "haven.audit.W002"


def test_an_unusable_key_file_fails_the_start_up_check_saying_what_to_set(settings, tmp_path):
    path = tmp_path / "audit-keys"
    path.write_text("this is not a key\n")
    settings.HAVEN_AUDIT_KEY = ""
    settings.HAVEN_AUDIT_KEY_FILE = str(path)
    [error] = audit_key_check()
    assert error.id == "haven.audit.E001"
    assert f"{path}, line 1" in error.msg
    assert "set HAVEN_AUDIT_KEY_FILE" in error.hint
