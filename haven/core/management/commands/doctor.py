"""Check a running deployment: see haven/core/doctor.py."""

from django.core.management.base import BaseCommand, CommandError

from haven.core.doctor import FAIL, run_checks


class Command(BaseCommand):
    help = (
        "Check this deployment: database reachable and migrated, cache, storage, worker, "
        "audit anchor and backup age, key files, clock. Exits non-zero naming what is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait",
            type=float,
            default=10,
            help="Seconds to wait for a worker to run the heartbeat task (default 10).",
        )

    def handle(self, *args, wait: float, **options):
        failed = []
        for name, status, message in run_checks(wait=wait):
            self.stdout.write(f"{status:<6}{name}: {message}")
            if status == FAIL:
                failed.append(name)
        if failed:
            raise CommandError(f"doctor found problems: {', '.join(failed)}.")
