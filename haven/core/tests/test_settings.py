"""Production refuses to start with a missing or unsafe setting, naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GOOD = {
    "HAVEN_ENV": "production",
    "SECRET_KEY": "p" * 20 + "9f8e7d6c5b4a" * 4,
    "ALLOWED_HOSTS": "haven.example.org",
    "HAVEN_EMAIL_HOST": "smtp.example.org",
    # Settings never connect: the URL only has to name PostgreSQL.
    "DATABASE_URL": "postgres://haven@db.example.org:5432/haven",
    "HAVEN_ALLOW_LOCAL_STORAGE": "1",
}
OBJECT_STORAGE = "storages.backends.s3.S3Storage"


@pytest.fixture(autouse=True)
def _recording_key(tmp_path):
    """Production also needs the recordings' master key file (it only has to exist here)."""
    key = tmp_path / "recording.key"
    key.write_text("test key file\n")
    GOOD["HAVEN_RECORDING_KEY_FILE"] = str(key)
    yield
    GOOD.pop("HAVEN_RECORDING_KEY_FILE")


def _start(**overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HAVEN_", "SECRET_KEY"))}
    env.update(GOOD)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='haven.settings'; django.setup()"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_starts_with_safe_settings():
    result = _start()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"HAVEN_DEBUG": "1"}, "HAVEN_DEBUG"),
        ({"HAVEN_REQUIRE_MFA": "0"}, "HAVEN_REQUIRE_MFA"),
        ({"HAVEN_EMAIL_HOST": None}, "HAVEN_EMAIL_HOST"),
        ({"HAVEN_ENV": "prod"}, "HAVEN_ENV"),
        ({"HAVEN_SESSION_IDLE_MINUTES": "soon"}, "HAVEN_SESSION_IDLE_MINUTES"),
        ({"HAVEN_RECORDING_KEY_FILE": None}, "HAVEN_RECORDING_KEY_FILE"),
        ({"HAVEN_RECORDING_KEY_FILE": "/nonexistent/recording.key"}, "HAVEN_RECORDING_KEY_FILE"),
        ({"DATABASE_URL": "sqlite:////tmp/haven.sqlite3"}, "DATABASE_URL"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"HAVEN_ALLOW_LOCAL_STORAGE": None}, "HAVEN_ALLOW_LOCAL_STORAGE=1"),
        ({"HAVEN_ALLOW_LOCAL_STORAGE": "0"}, "HAVEN_ALLOW_LOCAL_STORAGE=1"),
        (
            {"HAVEN_ALLOW_LOCAL_STORAGE": None, "HAVEN_RECORDING_STORAGE": OBJECT_STORAGE},
            "HAVEN_MEDIA_STORAGE",
        ),
        (
            {"HAVEN_ALLOW_LOCAL_STORAGE": None, "HAVEN_MEDIA_STORAGE": OBJECT_STORAGE},
            "HAVEN_RECORDING_STORAGE",
        ),
        ({"HAVEN_LOCKOUT_COOLOFF_MINUTES": "0"}, "HAVEN_LOCKOUT_COOLOFF_MINUTES"),
        ({"HAVEN_TRUSTED_PROXIES": "10.0.0.0/8, proxy"}, "HAVEN_TRUSTED_PROXIES"),
    ],
)
def test_production_refuses_an_unsafe_setting_and_names_it(overrides, named):
    result = _start(**overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.splitlines()[-1]


def test_the_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("f" * 64 + "\n")
    result = _start(SECRET_KEY=None, SECRET_KEY_FILE=str(secret))
    assert result.returncode == 0, result.stderr


def test_production_starts_on_object_storage_without_the_local_storage_switch():
    result = _start(
        HAVEN_ALLOW_LOCAL_STORAGE=None,
        HAVEN_MEDIA_STORAGE=OBJECT_STORAGE,
        HAVEN_RECORDING_STORAGE=OBJECT_STORAGE,
    )
    assert result.returncode == 0, result.stderr


def test_each_refusal_says_what_to_set():
    result = _start(DATABASE_URL="sqlite:////tmp/haven.sqlite3")
    assert "set DATABASE_URL to PostgreSQL" in result.stderr.splitlines()[-1]
    result = _start(HAVEN_ALLOW_LOCAL_STORAGE=None)
    last = result.stderr.splitlines()[-1]
    assert "HAVEN_MEDIA_STORAGE" in last and "HAVEN_RECORDING_STORAGE" in last
