"""Refresher reminders by email, sent by Django's task framework (run daily)."""

import datetime

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

REMIND_DAYS_BEFORE = 60


@task
def send_refresher_reminders(today: str = "") -> int:
    """Email each learner whose refresher falls due within 60 days, once per completion.
    Only the program and the date are in the message."""
    from haven.training.models import Completion
    from haven.training.services import reminder_mark_sent

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    due = Completion.objects.select_related("learner", "program").filter(
        reminder_sent_at__isnull=True,
        revoked_at__isnull=True,
        next_due_on__gte=day,
        next_due_on__lte=day + datetime.timedelta(days=REMIND_DAYS_BEFORE),
    )
    sent = 0
    for completion in due:
        send_mail(
            "Your trafficking-awareness refresher is due",
            f"Hello {completion.learner.full_name},\n\nYour refresher for "
            f"“{completion.program.title}” is due by {completion.next_due_on:%B %-d, %Y} "
            "(every three years).\n",
            None,
            [completion.learner.email],
        )
        reminder_mark_sent(completion=completion)
        sent += 1
    return sent
