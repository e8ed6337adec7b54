"""Re-read every finished recording and compare its SHA-256 with the one taken at upload.

Exit status 1, and each problem on stderr, when any recording fails: a scheduled run
(cron, or the `verify_recordings` task) must make a failure loud.
"""

from django.core.management.base import BaseCommand, CommandError

from haven.interviews.models import Recording, RecordingStatus
from haven.interviews.services import recording_verify


class Command(BaseCommand):
    help = "Verify the integrity (SHA-256) of every recording; non-zero exit on any mismatch."

    def handle(self, *args, **options):
        checked, failed = 0, []
        for recording in Recording.objects.filter(status=RecordingStatus.READY).select_related(
            "interview__case"
        ):
            checked += 1
            problem = recording_verify(recording)
            if problem:
                failed.append(recording)
                self.stderr.write(
                    f"INTEGRITY FAILURE recording {recording.public_id} "
                    f"(case {recording.interview.case.number}): {problem}"
                )
        if failed:
            raise CommandError(f"{len(failed)} of {checked} recordings failed verification.")
        self.stdout.write(f"{checked} recordings verified.")
