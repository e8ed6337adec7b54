"""`manage.py doctor`: is this deployment able to work right now?

Each check is a small function returning (status, message), status one of OK, WARN, FAIL.
The command prints every result and exits non-zero naming the checks that failed. A check
that raises is a failure with the error's type, never a crash of the whole report.

Where the audit anchors and the backups are is configuration (HAVEN_AUDIT_ANCHOR_DIR,
HAVEN_BACKUP_DIR): doctor reads the newest file's age there. A missing anchor or backup is a
failure in production and a warning elsewhere (a development machine has neither).
"""

import datetime
import os
import stat
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

OK, WARN, FAIL = "ok", "WARN", "FAIL"
MAX_CLOCK_SKEW_SECONDS = 5
_PROBE = b"Haven doctor: storage read/write probe.\n"


def _now() -> datetime.datetime:
    return timezone.now()


def _missing() -> str:
    """What an absent anchor, backup or key file is: a failure only in production."""
    return FAIL if settings.PRODUCTION else WARN


def check_database():
    try:
        connection.ensure_connection()
    except Exception as error:  # noqa: BLE001 - reported, not raised
        return FAIL, f"cannot connect ({type(error).__name__}): check DATABASE_URL."
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        first = plan[0][0]
        return FAIL, (
            f"{len(plan)} migration(s) not applied (first: {first.app_label}.{first.name}): "
            "run `manage.py migrate`."
        )
    applied = len(executor.loader.applied_migrations)
    return OK, f"{connection.vendor}, reachable, all {applied} migrations applied."


def check_cache():
    key = f"haven-doctor-{uuid.uuid4().hex}"
    try:
        cache.set(key, "alive", 30)
        value = cache.get(key)
        cache.delete(key)
    except Exception as error:  # noqa: BLE001
        return FAIL, (
            f"the shared cache cannot be used ({type(error).__name__}); its table is made by "
            "`manage.py migrate`."
        )
    if value != "alive":
        return FAIL, "the shared cache did not return what was written to it."
    return OK, "the shared cache keeps what is written to it."


def check_storage():
    done, broken = [], []
    for alias in settings.STORAGES:
        if alias == "staticfiles":
            continue
        storage = storages[alias]
        try:
            name = storage.save(f"haven-doctor/{uuid.uuid4().hex}.txt", ContentFile(_PROBE))
            try:
                with storage.open(name, "rb") as probe:
                    read_back = probe.read()
            finally:
                storage.delete(name)
        except Exception as error:  # noqa: BLE001
            broken.append(f"{alias} ({type(storage).__name__}: {type(error).__name__})")
            continue
        if read_back != _PROBE:
            broken.append(f"{alias} (read back something other than what was written)")
        else:
            done.append(f"{alias} ({type(storage).__name__})")
    if broken:
        return FAIL, "cannot write and read back: " + ", ".join(broken) + "."
    return OK, "written, read back and deleted: " + ", ".join(done) + "."


def check_worker(wait: float = 10):
    from haven.core.tasks import heartbeat

    result = heartbeat.enqueue()
    deadline = time.monotonic() + wait
    while not result.is_finished:
        result.refresh()
        if result.is_finished or time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    if result.is_finished and result.status.name == "SUCCESSFUL":
        backend = settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1]
        return OK, f"the heartbeat task ran ({backend})."
    return FAIL, (
        f"no worker took the heartbeat task within {wait:g} s{_last_task_note()}: "
        "start `manage.py db_worker` beside the web server."
    )


def _last_task_note() -> str:
    try:
        from django_tasks_db.models import DBTaskResult

        last = (
            DBTaskResult.objects.filter(finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
    except Exception:  # noqa: BLE001 - a note only
        return ""
    if last is None:
        return " (no task has ever finished)"
    return f" (the last task finished {timezone.localtime(last):%Y-%m-%d %H:%M %Z})"


def _newest_age(setting: str, what: str, max_hours_setting: str):
    folder = getattr(settings, setting, "")
    if not folder:
        return _missing(), f"no {what} yet: {setting} is not set."
    files = [p for p in Path(folder).rglob("*") if p.is_file()] if Path(folder).is_dir() else []
    if not files:
        return _missing(), f"no {what} yet in {folder} ({setting})."
    newest = max(files, key=lambda p: p.stat().st_mtime)
    hours = (time.time() - newest.stat().st_mtime) / 3600
    limit = getattr(settings, max_hours_setting)
    if hours > limit:
        return FAIL, (
            f"the newest {what} ({newest.name}) is {hours:.0f} hours old, over the "
            f"{limit} allowed ({max_hours_setting})."
        )
    return OK, f"the newest {what} ({newest.name}) is {hours:.1f} hours old."


def check_audit_anchor():
    return _newest_age("HAVEN_AUDIT_ANCHOR_DIR", "anchor", "HAVEN_AUDIT_ANCHOR_MAX_HOURS")


def check_backup():
    return _newest_age("HAVEN_BACKUP_DIR", "backup", "HAVEN_BACKUP_MAX_HOURS")


def _key_file_problem(path: str) -> str | None:
    file = Path(path)
    if not file.is_file():
        return f"{path} is missing"
    if not os.access(file, os.R_OK):
        return f"{path} cannot be read by this user"
    if file.stat().st_mode & (stat.S_IROTH | stat.S_IWOTH):
        return f"{path} is readable by other users (chmod 600 it)"
    return None


def check_keys():
    files = {"HAVEN_RECORDING_KEY_FILE": settings.HAVEN_RECORDING_KEY_FILE}
    for name in ("SECRET_KEY_FILE", "HAVEN_EMAIL_PASSWORD_FILE"):
        if os.environ.get(name):
            files[name] = os.environ[name]
    missing, exposed = [], []
    for name, path in files.items():
        problem = _key_file_problem(path) if path else "not set"
        if problem is None:
            continue
        target = missing if "missing" in problem or problem == "not set" else exposed
        target.append(f"{name}: {problem}")
    if exposed:
        return FAIL, "; ".join(exposed + missing) + "."
    if missing:
        return _missing(), "; ".join(missing) + "."
    return OK, "present, readable and private: " + ", ".join(files) + "."


def _database_now() -> datetime.datetime:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")
            text = cursor.fetchone()[0]
            return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)
        cursor.execute("SELECT CURRENT_TIMESTAMP")
        value = cursor.fetchone()[0]
        return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


def check_clock():
    database = _database_now()
    skew = (_now() - database).total_seconds()
    if abs(skew) > MAX_CLOCK_SKEW_SECONDS:
        side = "ahead of" if skew > 0 else "behind"
        return FAIL, (
            f"this server's clock is {abs(skew):.0f} s {side} the database's: keep both in "
            "time with NTP (chrony or systemd-timesyncd); audit times and session limits "
            "depend on it."
        )
    return OK, f"within {abs(skew):.1f} s of the database's clock."


CHECKS = [
    ("database", check_database),
    ("cache", check_cache),
    ("storage", check_storage),
    ("worker", check_worker),
    ("audit anchor", check_audit_anchor),
    ("backup", check_backup),
    ("keys", check_keys),
    ("clock", check_clock),
]


def run_checks(*, wait: float = 10):
    """[(name, status, message)] for every check, in order."""
    results = []
    for name, check in CHECKS:
        try:
            status, message = check(wait) if check is check_worker else check()
        except Exception as error:  # noqa: BLE001 - one broken check must not hide the rest
            status, message = FAIL, f"the check itself failed ({type(error).__name__})."
        results.append((name, status, message))
    return results
