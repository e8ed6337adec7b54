"""The security officer's audit page and CSV export (the export itself is audited)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from haven.access.rules import Capability, has_capability
from haven.audit.forms import AuditFilterForm
from haven.audit.models import Action, Kind
from haven.audit.selectors import audit_events
from haven.audit.services import audit_record
from haven.core.exports import csv_streaming_response
from haven.core.views import paginate


def _filtered(request: HttpRequest):
    if not has_capability(request.user, Capability.VIEW_AUDIT_LOG):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters, audit_events(**{k: v for k, v in filters.items() if v})


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form, filters, events = _filtered(request)
    page, query = paginate(request, events)
    return render(request, "audit/event_list.html", {"form": form, "page": page, "query": query})


@require_GET
def event_export(request: HttpRequest) -> HttpResponse:
    form, filters, events = _filtered(request)
    audit_record(
        actor=request.user,
        action=Action.EXPORTED,
        kind=Kind.ACCESS,
        object_type="audit.auditevent",
        object_label="Audit log CSV export",
        new={k: v for k, v in filters.items() if v},
        request=request,
    )
    header = [
        "id",
        "occurred_at_utc",
        "kind",
        "action",
        "actor",
        "object_type",
        "object_id",
        "object_label",
        "case_id",
        "ip_address",
        "old_values",
        "new_values",
        "row_hash",
    ]

    def rows():
        yield header
        for e in events.iterator(chunk_size=2000):
            yield (
                [
                    e.id,
                    e.occurred_at.isoformat(timespec="microseconds"),
                    e.kind,
                    e.action,
                    e.actor_label,
                    e.object_type,
                    e.object_id,
                    e.object_label,
                    e.case_id or "",
                    e.ip_address or "",
                    e.old_values,
                    e.new_values,
                    e.row_hash,
                ]
            )

    return csv_streaming_response(rows(), "haven-audit.csv")
