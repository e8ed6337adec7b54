"""Background tasks wait in the database for `manage.py db_worker` outside tests."""

import pytest
from django.core.management import call_command
from django.test import override_settings

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_tests_run_tasks_at_once_and_everything_else_queues_them(settings):
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='haven.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.TASKS['default']['BACKEND'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"HAVEN_ENV": "development", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "django_tasks_db.DatabaseBackend"


@pytest.mark.django_db(transaction=False)
def test_a_queued_task_runs_when_the_worker_takes_it(monkeypatch):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker drops stale connections between tasks; inside the test's transaction that
    # would close it (PostgreSQL), so here it keeps the one it has.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    from haven.interviews.tasks import verify_recordings

    with override_settings(TASKS=DATABASE_TASKS):
        result = verify_recordings.enqueue()
        assert result.status == "READY"
        call_command("db_worker", "--batch", verbosity=0)
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
