"""Reads of the audit log for the security officer's page and export."""

import datetime

from django.db.models import QuerySet

from haven.audit.models import AuditEvent


def audit_events(
    *,
    user: str = "",
    case: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if user:
        events = events.filter(actor_label__icontains=user.strip())
    if case:
        events = events.filter(case_id=case)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    return events.order_by("-id")
