"""Upgrading to the keyed chain keeps the rows already written verifiable and guarded."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from haven.audit.models import AuditEvent
from haven.audit.tests.tampering import write_legacy_row
from haven.audit.verify import verify_chain

BEFORE = ("audit", "0010_action_registry")
AFTER = ("audit", "0011_auditevent_key_id")


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.mark.django_db
def test_rows_from_before_the_key_column_verify_and_stay_append_only_after_upgrading():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs DDL inside the test's transaction (PostgreSQL); on SQLite the triggers' "
            "survival is proved by test_chain's refusal tests on the migrated database"
        )
    rows = [write_legacy_row(f"before the upgrade {i}") for i in range(3)]
    with connection.cursor() as cursor:
        # Check the rows' deferred foreign keys now: PostgreSQL will not ALTER a table
        # with checks still pending in the transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {AuditEvent._meta.db_table}")
        assert cursor.fetchone()[0] == 3
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, "audit_auditevent")
        ]
    assert "key_id" not in columns
    _migrate(AFTER)
    assert list(AuditEvent.objects.order_by("id").values_list("key_id", flat=True)) == [""] * 3
    report = verify_chain()
    assert report.ok and report.rows_checked == 3
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=rows[0].pk).update(object_label="changed")
