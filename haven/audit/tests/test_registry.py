"""Audit verbs live in a registry checked in code: a new one needs no migration."""

import pytest
from django.db import models

from haven.audit.models import (
    Action,
    AuditEvent,
    action_choices,
    action_label,
    register_actions,
)
from haven.audit.services import audit_record
from haven.audit.verify import verify_chain


class _NewVerbs(models.TextChoices):
    EXAMPLE = "example.registered", "Example verb registered by an app"


@pytest.mark.django_db
def test_an_unregistered_action_is_refused():
    with pytest.raises(ValueError, match="Unknown audit action 'nobody.knows'"):
        audit_record(actor=None, action="nobody.knows")
    assert not AuditEvent.objects.filter(action="nobody.knows").exists()


@pytest.mark.django_db
def test_an_app_registers_a_verb_and_rows_carry_it_as_plain_text():
    register_actions(_NewVerbs)
    event = audit_record(actor=None, action=_NewVerbs.EXAMPLE)
    event.refresh_from_db()
    assert event.action == "example.registered"
    assert event.get_action_display() == "Example verb registered by an app"
    assert ("example.registered", "Example verb registered by an app") in action_choices()
    report = verify_chain()
    assert report.ok, report.reason


def test_a_value_cannot_be_registered_again_with_another_meaning():
    class Clash(models.TextChoices):
        LOGIN = "auth.login", "Something else entirely"

    with pytest.raises(ValueError, match="already registered"):
        register_actions(Clash)
    assert action_label(Action.LOGIN) == "Signed in"


def test_a_retired_value_reads_as_itself():
    assert action_label("retired.verb") == "retired.verb"
