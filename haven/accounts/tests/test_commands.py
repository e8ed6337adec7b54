import pytest
from django.core.management import CommandError, call_command

from haven.accounts.models import User
from haven.audit.models import Action, AuditEvent


@pytest.mark.django_db
def test_the_first_security_officer_is_created_from_the_command_line(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a long enough passphrase 9")
    call_command("create_security_officer", "Chief@CAC.test", "--name", "Chief Officer")
    user = User.objects.get(email="chief@cac.test")
    assert user.discipline == "security_officer" and user.check_password(
        "a long enough passphrase 9"
    )
    assert AuditEvent.objects.filter(action=Action.USER_CREATED, object_id=str(user.public_id))


@pytest.mark.django_db
def test_a_weak_password_creates_nothing(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "short")
    with pytest.raises(CommandError, match="at least 12"):
        call_command("create_security_officer", "chief@cac.test", "--name", "Chief")
    assert not User.objects.exists()
