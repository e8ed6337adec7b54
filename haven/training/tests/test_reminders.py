"""Refresher reminders: the daily command queues one per due date, never two."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.training import rules, tasks
from haven.training.models import Completion
from haven.training.tests.test_services import _register

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


def _completed(program, employer, email, due_on):
    learner, _ = _register(program, employer, email=email)
    return Completion.objects.create(
        learner=learner,
        program=program,
        source="online",
        completed_on=due_on - datetime.timedelta(days=3 * 365),
        next_due_on=due_on,
        verification_code=(email.split("@")[0].upper() + "X" * 12)[:12],
    )


def _run(*args) -> str:
    out = io.StringIO()
    call_command("training_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_reminds_refreshers_due_within_n_days_once(cast, hotels, lodging_program):
    harbor = hotels[0]
    today_due = _completed(lodging_program, harbor, "a@h.test", TODAY)
    last_day = _completed(lodging_program, harbor, "b@h.test", TODAY + datetime.timedelta(days=30))
    _completed(lodging_program, harbor, "c@h.test", TODAY + datetime.timedelta(days=31))
    _completed(lodging_program, harbor, "d@h.test", TODAY - datetime.timedelta(days=1))
    out = _run("--days", "30", "--today", TODAY.isoformat())
    assert "Queued 2 refresher reminder(s) due from 2026-03-01 to 2026-03-31" in out
    assert sorted(m.to[0] for m in mail.outbox) == ["a@h.test", "b@h.test"]
    assert "March 1, 2026" in next(m.body for m in mail.outbox if m.to == ["a@h.test"])
    assert "Harbor" not in mail.outbox[0].body  # the program and the date, nothing else
    # The next day's run, and a run with a longer window, send no second reminder.
    assert "Queued 0" in _run("--days", "29", "--today", "2026-03-02")
    assert "Queued 1" in _run("--days", "31", "--today", TODAY.isoformat())  # only c
    assert len(mail.outbox) == 3
    for completion in (today_due, last_day):
        completion.refresh_from_db()
        assert completion.reminder_sent_at is not None
    assert AuditEvent.objects.filter(action=Action.TRAINING_REMINDER_SENT).count() == 3


def test_a_reminder_queued_twice_is_sent_once(cast, hotels, lodging_program):
    completion = _completed(lodging_program, hotels[0], "a@h.test", TODAY)
    assert tasks.remind(completion.pk, TODAY.isoformat()) is True
    assert tasks.remind(completion.pk, TODAY.isoformat()) is False
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_revoked_certificate_or_a_changed_due_date(cast, hotels, lodging_program):
    revoked = _completed(lodging_program, hotels[0], "a@h.test", TODAY)
    revoked.revoked_at = timezone.now()
    revoked.save(update_fields=["revoked_at"])
    moved = _completed(lodging_program, hotels[0], "b@h.test", TODAY)
    assert tasks.remind(revoked.pk, TODAY.isoformat()) is False
    assert tasks.remind(moved.pk, rules.add_years(TODAY, 1).isoformat()) is False  # stale
    assert not mail.outbox
    assert "Queued 1" in _run("--today", TODAY.isoformat())  # not the revoked one
    assert [m.to for m in mail.outbox] == [["b@h.test"]]  # from the command's run


def test_a_completion_after_its_reminder_gets_its_own_reminder_for_the_new_date(
    cast, hotels, lodging_program
):
    first = _completed(lodging_program, hotels[0], "a@h.test", TODAY)
    _run("--today", TODAY.isoformat())
    refresher = Completion.objects.create(
        learner=first.learner,
        program=lodging_program,
        source="online",
        completed_on=TODAY,
        next_due_on=rules.refresher_due(TODAY),
        verification_code="REFRESHERXYZ",
    )
    _run("--today", (refresher.next_due_on - datetime.timedelta(days=10)).isoformat())
    assert len(mail.outbox) == 2 and "March 1, 2029" in mail.outbox[-1].body


@pytest.mark.parametrize("args", [["--days", "-1"], ["--days", "400"], ["--today", "tomorrow"]])
def test_bad_arguments_are_a_clear_message(cast, args):
    with pytest.raises(CommandError):
        _run(*args)
