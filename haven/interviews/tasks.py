"""Scheduled work: the integrity check of every recording (run it nightly)."""

from django.core.management import call_command
from django.tasks import task


@task
def verify_recordings() -> None:
    call_command("recordings_verify")
