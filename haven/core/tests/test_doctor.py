"""`manage.py doctor` checks a running deployment and names what is wrong."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from haven.core import doctor

ROOT = Path(__file__).resolve().parents[3]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _fresh(path: Path, hours_old: float = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    when = time.time() - hours_old * 3600
    os.utime(path, (when, when))
    return path


@pytest.fixture
def healthy(settings, tmp_path):
    """A deployment whose anchors and backups are recent and whose key file is private."""
    settings.HAVEN_AUDIT_ANCHOR_DIR = str(tmp_path / "anchors")
    settings.HAVEN_BACKUP_DIR = str(tmp_path / "backups")
    _fresh(tmp_path / "anchors" / "2026-12-03.anchor", hours_old=2)
    _fresh(tmp_path / "backups" / "haven-2026-12-03.dump", hours_old=3)
    key = _fresh(tmp_path / "recording-keys")
    key.chmod(0o600)
    settings.HAVEN_RECORDING_KEY_FILE = str(key)
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "recordings": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "recordings")},
        },
    }
    return tmp_path


@pytest.mark.django_db
def test_doctor_passes_a_healthy_deployment(healthy, capsys):
    call_command("doctor", wait=0)
    out = capsys.readouterr().out
    for name in ("database", "cache", "storage", "worker", "audit anchor", "backup", "keys"):
        assert f"ok    {name}" in out, out
    assert "clock" in out and "FAIL" not in out


@pytest.mark.django_db
def test_doctor_exits_non_zero_naming_each_failure(healthy, settings, capsys):
    settings.TASKS = DATABASE_TASKS  # queued for a worker that is not running
    settings.HAVEN_BACKUP_DIR = str(healthy / "old-backups")
    _fresh(healthy / "old-backups" / "haven-2026-11-01.dump", hours_old=30 * 24)
    with pytest.raises(CommandError, match=r"doctor found problems: worker, backup"):
        call_command("doctor", wait=0)
    out = capsys.readouterr().out
    assert "FAIL  worker: no worker took the heartbeat task within 0 s" in out
    assert "db_worker" in out


@pytest.mark.django_db
def test_a_missing_anchor_or_backup_fails_in_production_and_warns_otherwise(healthy, settings):
    settings.HAVEN_AUDIT_ANCHOR_DIR = ""
    status, message = doctor.check_audit_anchor()
    assert status == doctor.WARN and "no anchor yet" in message
    assert "HAVEN_AUDIT_ANCHOR_DIR" in message
    settings.PRODUCTION = True
    assert doctor.check_audit_anchor()[0] == doctor.FAIL
    settings.HAVEN_BACKUP_DIR = str(healthy / "empty")
    status, message = doctor.check_backup()
    assert status == doctor.FAIL and "no backup yet" in message


def test_an_old_anchor_or_backup_fails(healthy, settings):
    _fresh(healthy / "backups" / "haven-2026-11-30.dump", hours_old=80)
    for old in (healthy / "backups").iterdir():
        os.utime(old, (time.time() - 80 * 3600,) * 2)
    status, message = doctor.check_backup()
    assert status == doctor.FAIL and "80 hours old" in message
    assert doctor.check_audit_anchor()[0] == doctor.OK


def test_key_files_must_exist_and_be_private(healthy, settings):
    key = Path(settings.HAVEN_RECORDING_KEY_FILE)
    key.chmod(0o644)
    status, message = doctor.check_keys()
    assert status == doctor.FAIL and "readable by other users" in message
    settings.HAVEN_RECORDING_KEY_FILE = str(healthy / "gone")
    status, message = doctor.check_keys()
    assert "HAVEN_RECORDING_KEY_FILE" in message and status == doctor.WARN
    settings.PRODUCTION = True
    assert doctor.check_keys()[0] == doctor.FAIL


@pytest.mark.django_db
def test_storage_that_cannot_be_written_fails(healthy, settings):
    blocker = _fresh(healthy / "not-a-directory")
    settings.STORAGES = settings.STORAGES | {
        "recordings": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker)},
        }
    }
    status, message = doctor.check_storage()
    assert status == doctor.FAIL and "recordings" in message


@pytest.mark.django_db
def test_a_cache_that_cannot_be_reached_fails(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        }
    }
    status, message = doctor.check_cache()
    assert status == doctor.FAIL and "migrate" in message


@pytest.mark.django_db
def test_a_clock_out_of_step_with_the_database_fails(monkeypatch):
    assert doctor.check_clock()[0] == doctor.OK
    ahead = timezone.now() + datetime.timedelta(minutes=5)
    monkeypatch.setattr(doctor, "_now", lambda: ahead)
    status, message = doctor.check_clock()
    assert status == doctor.FAIL and "300 s" in message


def test_an_unmigrated_database_fails(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HAVEN_", "DATABASE_URL"))}
    env |= {
        "HAVEN_ENV": "test",
        "HAVEN_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, our own manage.py
        [sys.executable, "manage.py", "doctor", "--wait", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "FAIL  database:" in result.stdout and "manage.py migrate" in result.stdout
    assert "doctor found problems: database" in result.stderr
