"""`migrate` is the whole database setup: nothing else (no createcachetable) is needed."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]

SERVE_AN_API_CALL = """
import django, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'haven.settings'
django.setup()
from django.test import Client
from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
user = User.objects.create_user(
    email='first@cac.test', password=None, full_name='First User',
    discipline=Discipline.COORDINATOR,
)
client = Client(raise_request_exception=False)
client.force_login(user)
print(client.get('/api/v1/me/').status_code)
"""


def _run(args, env):
    return subprocess.run(  # noqa: S603 - this interpreter, our own manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_fresh_database_after_migrate_alone_serves_an_api_call(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HAVEN_", "DATABASE_URL"))}
    env |= {
        "HAVEN_ENV": "test",
        "HAVEN_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    migrated = _run(["manage.py", "migrate", "--noinput"], env)
    assert migrated.returncode == 0, migrated.stderr
    served = _run(["-c", SERVE_AN_API_CALL], env)
    assert served.returncode == 0, served.stderr
    assert served.stdout.strip().splitlines()[-1] == "200", served.stderr[-2000:]


@pytest.mark.django_db
def test_the_cache_table_migration_is_idempotent():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("haven.core.migrations.0001_cache_table")
    table = settings.CACHES["default"]["LOCATION"]
    # The table is already there (the test database was migrated): running again is harmless.
    migration.create_cache_tables(apps, SimpleNamespace(connection=connection))
    assert table in connection.introspection.table_names()
    cache.set("haven-migrate-check", "kept", 30)
    assert cache.get("haven-migrate-check") == "kept"
