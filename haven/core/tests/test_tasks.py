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


# --- daily work: one scheduler entry queues every app's daily task ----------------------


def test_every_daily_sweep_is_registered():
    from haven.core.daily import daily_tasks

    assert {t.key for t in daily_tasks()} >= {
        "recordings_verify",
        "review_action_reminders",
        "training_refresher_reminders",
    }


@pytest.mark.django_db(transaction=False)
def test_daily_work_queues_each_task_for_the_worker():
    from io import StringIO

    from django_tasks_db.models import DBTaskResult

    from haven.core.daily import daily_tasks

    out = StringIO()
    with override_settings(TASKS=DATABASE_TASKS):
        call_command("daily_work", stdout=out)
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == {t.task.module_path for t in daily_tasks()}
    assert "recordings_verify: queued" in out.getvalue()


@pytest.mark.django_db
def test_daily_work_now_runs_them_and_names_a_failure(monkeypatch):
    from io import StringIO

    from django.core.management.base import CommandError

    out = StringIO()
    call_command("daily_work", "--now", "--only", "review_action_reminders", stdout=out)
    assert out.getvalue().strip() == "review_action_reminders: done (0)"
    with pytest.raises(CommandError, match="No daily task called nightly"):
        call_command("daily_work", "--only", "nightly")

    def broken():
        raise OSError("recording store offline")

    from haven.core import daily

    entry = daily._DAILY["recordings_verify"]
    monkeypatch.setitem(
        daily._DAILY,
        "recordings_verify",
        daily.DailyTask(
            entry.key, entry.description, type("T", (), {"call": staticmethod(broken)})
        ),
    )
    err = StringIO()
    with pytest.raises(CommandError, match="Daily tasks failed: recordings_verify"):
        call_command("daily_work", "--now", stdout=StringIO(), stderr=err)
    assert "recording store offline" in err.getvalue()
