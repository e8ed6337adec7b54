"""The worker's heartbeat: `manage.py doctor` queues it and waits for a worker to run it."""

from django.tasks import task
from django.utils import timezone


@task
def heartbeat() -> str:
    """Proves that a `db_worker` is taking tasks from the queue; returns when it ran."""
    return timezone.now().isoformat()
