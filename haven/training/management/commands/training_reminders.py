"""Queue refresher reminders: `manage.py training_reminders [--days 60] [--today YYYY-MM-DD]`.

Run daily (cron or a scheduler) with `manage.py db_worker` running. Each completion's
due date is reminded once: a completion already reminded is not queued, and a task
queued twice sends once.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from haven.training.tasks import REMIND_DAYS_BEFORE, due_for_reminder, send_refresher_reminder


class Command(BaseCommand):
    help = "Queue an email reminder for each refresher due within N days (once per due date)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REMIND_DAYS_BEFORE,
            help=f"Remind refreshers due within this many days (default {REMIND_DAYS_BEFORE}).",
        )
        parser.add_argument("--today", default="", help="The day to count from (YYYY-MM-DD).")

    def handle(self, *args, days: int, today: str, **options):
        if not 0 <= days <= 366:
            raise CommandError("--days must be between 0 and 366.")
        try:
            on = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError("--today must be a date as YYYY-MM-DD.") from None
        due = list(due_for_reminder(on, days).values_list("pk", "next_due_on"))
        for pk, next_due in due:
            send_refresher_reminder.enqueue(pk, next_due.isoformat())
        self.stdout.write(
            f"Queued {len(due)} refresher reminder(s) due from {on} to "
            f"{on + datetime.timedelta(days=days)}."
        )
