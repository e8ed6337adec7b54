"""Refresher reminders by email, sent by Django's task framework.

`manage.py training_reminders` (run daily, e.g. from cron) finds the completions whose
refresher falls due within N days and enqueues one `send_refresher_reminder` per
completion; the task sends only if that completion, with that due date, has had no
reminder yet, so running the command twice (or a task retried) never sends two.
"""

import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

REMIND_DAYS_BEFORE = 60


def due_for_reminder(on: datetime.date, days: int = REMIND_DAYS_BEFORE):
    """Completions whose refresher falls due from `on` to `days` later (both included),
    not revoked, and not yet reminded."""
    from haven.training.models import Completion

    return Completion.objects.filter(
        reminder_sent_at__isnull=True,
        revoked_at__isnull=True,
        next_due_on__gte=on,
        next_due_on__lte=on + datetime.timedelta(days=days),
    ).order_by("next_due_on", "id")


def remind(completion_id: int, due_on: str) -> bool:
    """Email one learner about one due date, once. Only the program and the date are in
    the message. False when already reminded, revoked, or the due date has changed."""
    from haven.training.models import Completion
    from haven.training.services import reminder_mark_sent

    with transaction.atomic():
        completion = (
            Completion.objects.select_for_update()
            .select_related("learner", "program")
            .filter(pk=completion_id)
            .first()
        )
        if (
            completion is None
            or completion.reminder_sent_at is not None
            or completion.revoked_at is not None
            or completion.next_due_on.isoformat() != due_on
        ):
            return False
        send_mail(
            "Your trafficking-awareness refresher is due",
            f"Hello {completion.learner.full_name},\n\nYour refresher for "
            f"“{completion.program.title}” is due by {completion.next_due_on:%B %-d, %Y} "
            f"(every {completion.program.refresher_years} years).\n",
            None,
            [completion.learner.email],
        )
        reminder_mark_sent(completion=completion)
    return True


@task
def send_refresher_reminder(completion_id: int, due_on: str) -> bool:
    return remind(completion_id, due_on)


@task
def send_refresher_reminders(today: str = "") -> int:
    """Every reminder due within 60 days of `today`, sent at once (the command enqueues
    one task per completion instead)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    due = list(due_for_reminder(day).values_list("pk", "next_due_on"))
    return sum(remind(pk, next_due.isoformat()) for pk, next_due in due)
