"""The audit log is append-only in the database and its hash chain proves it."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from haven.audit.models import Action, AuditEvent
from haven.audit.services import audit_record
from haven.audit.verify import verify_chain
from haven.directory.models import Agency
from haven.directory.services import agency_update


def _bypass_triggers(sql: str, params: list) -> None:
    """What an attacker with the database itself could do: drop the guard, then change a row.

    Runs inside the test's transaction, so the guard is back when the test ends.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute("DROP TRIGGER audit_no_delete")
        else:
            # Skip user triggers for this transaction only (needs a superuser, as an
            # attacker with the database would be).
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_it_refuses_to_update_an_audit_row():
    event = audit_record(actor=None, action=Action.LOGIN_FAILED, object_label="x@y.test")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(object_label="someone else")


@pytest.mark.django_db
def test_it_refuses_to_delete_an_audit_row():
    event = audit_record(actor=None, action=Action.LOGIN_FAILED, object_label="x@y.test")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_it_refuses_to_truncate_the_audit_table_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; SQLite has no such statement (DELETE is refused)")
    event = audit_record(actor=None, action=Action.LOGIN_FAILED, object_label="x@y.test")
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"):
        with transaction.atomic(), connection.cursor() as cursor:
            # Check the row's deferred foreign key now, or PostgreSQL refuses TRUNCATE for
            # that reason before the trigger is reached.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {AuditEvent._meta.db_table}")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_each_row_links_to_the_one_before():
    first = audit_record(actor=None, action=Action.LOGIN_FAILED, object_label="a")
    second = audit_record(actor=None, action=Action.LOGIN_FAILED, object_label="b")
    assert second.prev_hash == first.row_hash
    assert verify_chain().ok


@pytest.mark.django_db
def test_audit_verify_passes_on_an_untouched_log(cast, capsys):
    call_command("audit_verify")
    assert "Audit chain intact" in capsys.readouterr().out


@pytest.mark.django_db
def test_audit_verify_names_the_first_altered_row(cast):
    rows = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    victim = rows[len(rows) // 2]
    _bypass_triggers(
        f"UPDATE {AuditEvent._meta.db_table} SET actor_label = %s WHERE id = %s",
        ["nobody@example.test", victim],
    )
    with pytest.raises(CommandError, match=rf"row {victim}: its contents do not match"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_audit_verify_notices_a_removed_row(cast):
    rows = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    removed, following = rows[3], rows[4]
    _bypass_triggers(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [removed])
    with pytest.raises(CommandError, match=rf"row {following}: its link .* is broken"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_change_records_who_and_the_old_and_new_values(cast):
    agency_update(actor=cast.coordinator, agency=cast.cac, town="West Haven")
    event = AuditEvent.objects.filter(action=Action.AGENCY_UPDATED).get()
    assert event.actor == cast.coordinator
    assert event.old_values == {"town": "New Haven"}
    assert event.new_values == {"town": "West Haven"}
    assert event.object_id == str(cast.cac.public_id)
    assert event.occurred_at.microsecond or event.occurred_at.second is not None


@pytest.mark.django_db
def test_if_the_audit_write_fails_the_change_fails_too(cast, monkeypatch):
    import haven.directory.services as directory_services

    def broken(**kwargs):
        raise DatabaseError("audit store unavailable")

    monkeypatch.setattr(directory_services, "audit_record", broken)
    with pytest.raises(DatabaseError):
        agency_update(actor=cast.coordinator, agency=cast.cac, town="Hamden")
    assert Agency.objects.get(pk=cast.cac.pk).town == "New Haven"


def _drop_update_guard() -> None:
    """Drop the trigger that refuses UPDATE, as the database's owner could (inside the
    test's transaction, so it is back when the test ends)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
        else:
            table = AuditEvent._meta.db_table
            cursor.execute(f"DROP TRIGGER IF EXISTS audit_no_update_delete ON {table}")


def _rehash_forward_with_plain_sha256(victim_id: int, **changes) -> None:
    """An attacker's rewrite: change one row, then re-hash it and every later row with
    plain SHA-256 so that each link and each hash looks right again."""
    _drop_update_guard()
    earlier = AuditEvent.objects.filter(id__lt=victim_id).order_by("-id").first()
    prev = earlier.row_hash if earlier else "0" * 64
    for event in AuditEvent.objects.filter(id__gte=victim_id).order_by("id"):
        fields = changes if event.id == victim_id else {}
        for name, value in fields.items():
            setattr(event, name, value)
        event.prev_hash = prev
        event.row_hash = hashlib.sha256(event.canonical().encode()).hexdigest()
        AuditEvent.objects.filter(pk=event.pk).update(
            prev_hash=event.prev_hash, row_hash=event.row_hash, **fields
        )
        prev = event.row_hash


@pytest.mark.django_db
def test_a_row_rewritten_and_rehashed_forward_with_plain_sha256_is_found(cast):
    rows = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    victim = rows[len(rows) // 2]
    _rehash_forward_with_plain_sha256(victim, actor_label="nobody@example.test")
    with pytest.raises(CommandError, match=rf"row {victim}\b"):
        call_command("audit_verify")
