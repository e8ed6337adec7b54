"""Every audit row is written here, inside the caller's transaction.

`audit_record` takes the chain lock, links the new row to the last one, signs it
with the keyring's current key (HMAC-SHA-256, `haven.audit.keyring`) and saves it.
If it fails (a missing key among the reasons), the exception propagates and the
caller's transaction (and so the change or the read it records) fails with it: an
unaudited write or read is not allowed to succeed.
"""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from haven.audit import keyring
from haven.audit.models import GENESIS_HASH, Action, AuditEvent, Kind, is_registered_action
from haven.core.net import client_address

# Arbitrary constant naming the audit chain's advisory lock on PostgreSQL.
_PG_CHAIN_LOCK = 7_201_106


def _plain(values: dict[str, Any] | None) -> dict[str, Any]:
    """Values as they will read back from the JSON column, so the hash is stable."""
    return json.loads(json.dumps(values or {}, cls=DjangoJSONEncoder))


def request_origin(request: HttpRequest | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    ip = client_address(request)
    agent = (request.META.get("HTTP_USER_AGENT") or "")[:200]
    return ip, agent


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])
    # SQLite: Haven opens write transactions with BEGIN IMMEDIATE, which already
    # serialises writers, so the last row read below is the last row there is.


def audit_record(
    *,
    actor,
    action: Action,
    kind: Kind = Kind.CHANGE,
    target=None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    case_id=None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one row to the audit chain. `target` (a model instance) fills the object fields."""
    if not is_registered_action(action):
        raise ValueError(
            f"Unknown audit action {action!r}: add it to haven.audit.models.Action "
            "or register it with haven.audit.models.register_actions."
        )
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(getattr(target, "public_id", None) or target.pk)
        object_label = object_label or str(target)[:200]
    ip, agent = request_origin(request)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    # Without a usable key this raises, and the change being audited fails with it.
    keys = keyring.audit_keys()
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("row_hash", flat=True).first()
        event = AuditEvent(
            occurred_at=timezone.now(),
            kind=kind,
            action=action,
            actor=actor_obj,
            actor_label=(actor_obj.email if actor_obj else "")[:254],
            object_type=object_type,
            object_id=str(object_id),
            object_label=object_label[:200],
            case_id=case_id,
            ip_address=ip,
            user_agent=agent,
            old_values=_plain(old),
            new_values=_plain(new),
            prev_hash=last or GENESIS_HASH,
            key_id=keys.current,
        )
        event.row_hash = event.compute_hash(keys)
        event.save(force_insert=True)
    return event


def audit_access(
    *, actor, target, request: HttpRequest | None, case_id=None, what: str = ""
) -> AuditEvent:
    """Record that `actor` read `target` (detail, search result, playback, download, print)."""
    return audit_record(
        actor=actor,
        action=Action.VIEWED,
        kind=Kind.ACCESS,
        target=target,
        case_id=case_id,
        new={"what": what} if what else None,
        request=request,
    )


def audit_list_read(
    request: HttpRequest, *, what: str, object_type: str, key: str, ids: list, **extra
) -> AuditEvent:
    """ONE access row for a list or a search: every record id shown, under `key`, in
    new_values (`audit_access` records one target; a list needs the ids). An empty answer
    is a read too: what was looked for, by whom, is the record."""
    return audit_record(
        actor=request.user,
        action=Action.VIEWED,
        kind=Kind.ACCESS,
        object_type=object_type,
        object_label=what,
        new={"what": what, key: [str(i) for i in ids], **extra},
        request=request,
    )


def changed_fields(instance, fields: list[str], before: dict[str, Any]) -> tuple[dict, dict]:
    """Old and new values of the fields that changed, for an audit row."""
    old, new = {}, {}
    for name in fields:
        after = getattr(instance, name)
        if before.get(name) != after:
            old[name], new[name] = before.get(name), after
    return old, new


def snapshot(instance, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}
