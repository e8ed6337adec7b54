"""The audit log is append-only in the database and its hash chain proves it."""

import datetime
import hashlib
import hmac
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from haven.audit import keyring
from haven.audit.models import Action, AuditEvent
from haven.audit.services import audit_record
from haven.audit.tests.tampering import drop_guards, plain_sha256, rehash_forward, write_legacy_row
from haven.audit.verify import verify_chain
from haven.directory.models import Agency
from haven.directory.services import agency_update


def _bypass_triggers(sql: str, params: list) -> None:
    """Drop the guards as the database's owner could, then change the table."""
    drop_guards()
    with connection.cursor() as cursor:
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


@pytest.mark.django_db
def test_a_row_rewritten_and_rehashed_forward_with_plain_sha256_is_found(cast):
    rows = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    victim = rows[len(rows) // 2]
    rehash_forward(victim, actor_label="nobody@example.test")
    with pytest.raises(CommandError, match=rf"row {victim}: its contents do not match"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_rewrite_passed_off_as_legacy_rows_is_found_at_the_rewritten_row(cast):
    """The same rewrite, with the key id blanked so each row claims plain SHA-256."""
    rows = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    victim = rows[len(rows) // 2]
    rehash_forward(victim, actor_label="nobody@example.test", key_id="")
    with pytest.raises(
        CommandError, match=rf"row {victim}: it carries a plain SHA-256 hash after keyed row"
    ):
        call_command("audit_verify")


@pytest.mark.django_db
def test_rows_written_before_the_chain_was_keyed_still_verify():
    legacy = [write_legacy_row(f"legacy {i}") for i in range(3)]
    keyed = audit_record(actor=None, action=Action.LOGIN_FAILED, object_label="keyed")
    assert [e.key_id for e in legacy] == ["", "", ""]
    assert keyed.key_id and keyed.prev_hash == legacy[-1].row_hash
    report = verify_chain()
    assert report.ok, report
    assert report.rows_checked == 4


def test_a_legacy_row_hashes_exactly_as_before_the_chain_was_keyed():
    """The hash below was computed by the code before keying (commit 706f3fc) for this
    row: rows already in a database keep verifying after the upgrade."""
    event = AuditEvent(
        occurred_at=datetime.datetime(2026, 11, 30, 14, 5, 6, 123456, tzinfo=datetime.UTC),
        kind="change",
        action="case.updated",
        actor_id=7,
        actor_label="carmen@cac.test",
        object_type="cases.case",
        object_id="3f0c",
        object_label="NH-2026-0042",
        case_id=uuid.UUID("12345678-1234-5678-1234-567812345678"),
        ip_address="10.0.0.5",
        user_agent="Firefox",
        old_values={"status": "open"},
        new_values={"status": "closed", "n": 3},
        prev_hash="a" * 64,
    )
    assert event.key_id == ""
    assert event.compute_hash() == (
        "27c20afe0351f8e3e0b33effbbdf17280b5e960518079489678b85ebd575175b"
    )


@pytest.mark.django_db
def test_a_legacy_row_written_after_a_keyed_row_breaks_the_chain():
    keyed = audit_record(actor=None, action=Action.LOGIN_FAILED, object_label="keyed")
    forged = write_legacy_row("written without the key")
    report = verify_chain()
    assert report.broken_id == forged.id
    assert f"plain SHA-256 hash after keyed row {keyed.id}" in report.reason


@pytest.mark.django_db
def test_each_row_is_an_hmac_under_the_current_key_which_it_names():
    event = audit_record(actor=None, action=Action.LOGIN_FAILED, object_label="a")
    keys = keyring.audit_keys()
    assert event.key_id == keys.current
    expected = hmac.new(keys.keys[keys.current], event.canonical().encode(), hashlib.sha256)
    assert event.row_hash == expected.hexdigest()
    assert event.row_hash != plain_sha256(event)
    assert f'"key_id":"{keys.current}"' in event.canonical()


@pytest.mark.django_db
def test_verifying_reads_the_log_in_batches_not_row_by_row(cast, django_assert_max_num_queries):
    for i in range(30):
        audit_record(actor=None, action=Action.LOGIN_FAILED, object_label=str(i))
    with django_assert_max_num_queries(3):
        report = verify_chain(batch_size=1000)
    assert report.ok and report.rows_checked > 30
