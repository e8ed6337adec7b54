"""Queue (or, with --now, run) every app's daily task: see haven/core/daily.py."""

from django.core.management.base import BaseCommand, CommandError

from haven.core.daily import daily_tasks


class Command(BaseCommand):
    help = "Queue every daily task (reminder sweeps, recording checks) for db_worker."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run them here, one by one.")
        parser.add_argument("--only", action="append", default=[], help="Only this key.")

    def handle(self, *args, now: bool = False, only: list[str], **options):
        tasks = daily_tasks()
        unknown = set(only) - {t.key for t in tasks}
        if unknown:
            known = ", ".join(t.key for t in tasks)
            raise CommandError(
                f"No daily task called {', '.join(sorted(unknown))}; known: {known}."
            )
        failed = []
        for daily in tasks:
            if only and daily.key not in only:
                continue
            if now:
                try:
                    result = daily.task.call()
                except Exception as error:  # report each failure, run the rest
                    failed.append(daily.key)
                    self.stderr.write(f"{daily.key}: failed ({type(error).__name__}: {error})")
                    continue
                self.stdout.write(f"{daily.key}: done ({result})")
            else:
                daily.task.enqueue()
                self.stdout.write(f"{daily.key}: queued ({daily.description})")
        if failed:
            raise CommandError(f"Daily tasks failed: {', '.join(failed)}.")
