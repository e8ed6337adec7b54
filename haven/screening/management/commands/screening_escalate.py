"""Mark untriaged trafficking reports that have waited the configured limit as escalated.

Run it hourly (cron or the task scheduler). The queue also computes "overdue" on read, so
a missed run never hides a late report; this command records the escalation in the audit
chain once per report.
"""

from django.core.management.base import BaseCommand

from haven.screening.rules import escalate_after
from haven.screening.services import reports_escalate


class Command(BaseCommand):
    help = "Escalate trafficking reports left untriaged longer than HAVEN_SCREENING_ESCALATE_HOURS."

    def handle(self, *args, **options):
        escalated = reports_escalate()
        hours = int(escalate_after().total_seconds() // 3600)
        self.stdout.write(f"Escalated {len(escalated)} report(s) waiting {hours} h or more.")
