"""What an attacker with the database could do to the audit table, for the tests.

Each helper runs inside the test's transaction, so the guards are back when it ends.
"""

import hashlib

from django.db import connection
from django.utils import timezone

from haven.audit.models import GENESIS_HASH, AuditEvent, Kind


def drop_guards() -> None:
    """Drop the triggers that refuse UPDATE and DELETE, as the database's owner could."""
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        else:
            cursor.execute(f"DROP TRIGGER IF EXISTS audit_no_update_delete ON {table}")


def plain_sha256(event: AuditEvent) -> str:
    return hashlib.sha256(event.canonical().encode()).hexdigest()


def rehash_forward(victim_id: int, *, sign=plain_sha256, **changes) -> None:
    """Change one row, then re-hash it and every later row (`sign(event)`, plain SHA-256
    unless told) so that each link and each hash looks right again."""
    drop_guards()
    earlier = AuditEvent.objects.filter(id__lt=victim_id).order_by("-id").first()
    prev = earlier.row_hash if earlier else GENESIS_HASH
    for event in AuditEvent.objects.filter(id__gte=victim_id).order_by("id"):
        fields = dict(changes) if event.id == victim_id else {}
        if "key_id" in changes:  # the same key (or none) from the victim on
            fields["key_id"] = changes["key_id"]
        for name, value in fields.items():
            setattr(event, name, value)
        event.prev_hash = prev
        event.row_hash = sign(event)
        AuditEvent.objects.filter(pk=event.pk).update(
            prev_hash=event.prev_hash, row_hash=event.row_hash, **fields
        )
        prev = event.row_hash


def delete_rows(*ids: int) -> None:
    drop_guards()
    AuditEvent.objects.filter(id__in=ids).delete()


def write_legacy_row(label: str) -> AuditEvent:
    """A row as Haven wrote it before the chain was keyed: no key id, plain SHA-256.
    (Inserting is allowed: the triggers refuse only UPDATE and DELETE.)"""
    last = AuditEvent.objects.order_by("-id").values_list("row_hash", flat=True).first()
    event = AuditEvent(
        occurred_at=timezone.now(),
        kind=Kind.AUTH,
        action="auth.login_failed",
        object_label=label,
        prev_hash=last or GENESIS_HASH,
        key_id="",
    )
    event.row_hash = plain_sha256(event)
    event.save(force_insert=True)
    return event
