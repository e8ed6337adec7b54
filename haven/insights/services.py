"""Every write of the insights app: audit rows for reports viewed and exported, and the
§ 51-286h narrative an agency saves for its annual trafficking report."""

from django.db import transaction

from haven.audit.models import Action, Kind
from haven.audit.services import audit_record

# An export's audit row lists its cases; past this many it lists the first ones and the count.
AUDIT_CASES_LISTED = 5000


def report_viewed(*, actor, report: str, scope: str, detail: dict, request=None) -> None:
    """A statistical report was viewed (aggregates only: no child's record is shown)."""
    audit_record(
        actor=actor,
        action=Action.REPORT_VIEWED,
        kind=Kind.ACCESS,
        object_type=f"insights.{report}",
        object_id=scope,
        object_label=f"{report} report"[:200],
        new=detail,
        request=request,
    )


def cases_listed(*, actor, what: str, numbers: list[str], request=None) -> None:
    """A list of cases was shown (a figure traced to its cases): an access event naming them."""
    audit_record(
        actor=actor,
        action=Action.VIEWED,
        kind=Kind.ACCESS,
        object_type="insights.case_list",
        object_label=what[:200],
        new={"what": what, "cases": numbers[:AUDIT_CASES_LISTED], "count": len(numbers)},
        request=request,
    )


def export_recorded(
    *, actor, what: str, output: str, numbers: list[str], detail: dict | None = None, request=None
) -> None:
    """Every export is an access event listing the cases it contained (none for a report
    of aggregate counts)."""
    audit_record(
        actor=actor,
        action=Action.EXPORTED,
        kind=Kind.ACCESS,
        object_type="insights.export",
        object_label=f"{what} ({output})"[:200],
        new={
            "what": what,
            "format": output,
            "cases": numbers[:AUDIT_CASES_LISTED],
            "count": len(numbers),
            **(detail or {}),
        },
        request=request,
    )


@transaction.atomic
def narrative_save(*, actor, agency, period, request=None, **texts):
    """Save an agency's § 51-286h narrative for a twelve-month period (one per agency and
    period; each save is audited with the old and new text)."""
    from haven.core.errors import HavenError
    from haven.insights import rules
    from haven.insights.models import TraffickingNarrative

    if not may_write_narrative(actor, agency):
        raise HavenError(
            "Only the agency's own staff fill in its annual trafficking report.",
            citation=rules.CITATION_TRAFFICKING_REPORT,
            status=403,
            code="forbidden",
        )
    fields = [key for key, _label in rules.NARRATIVE_FIELDS]
    unknown = set(texts) - set(fields)
    if unknown:
        raise ValueError(f"not narrative fields: {unknown}")
    for key in fields:
        text = (texts.get(key) or "").strip()
        if len(text) > rules.NARRATIVE_MAX:
            raise HavenError(f"Keep each answer under {rules.NARRATIVE_MAX} characters.", field=key)
        texts[key] = text
    narrative, _created = TraffickingNarrative.objects.select_for_update().get_or_create(
        agency=agency,
        period_start=period.start,
        period_end=period.end,
        defaults={"updated_by": actor},
    )
    old = {key: getattr(narrative, key) for key in fields}
    for key in fields:
        setattr(narrative, key, texts.get(key, ""))
    narrative.updated_by = actor
    narrative.save()
    audit_record(
        actor=actor,
        action=Action.REPORT_NARRATIVE_SAVED,
        target=narrative,
        old={k: v for k, v in old.items() if v != texts.get(k, "")},
        new={k: texts.get(k, "") for k in fields if old[k] != texts.get(k, "")},
        request=request,
    )
    return narrative


def may_write_narrative(user, agency) -> bool:
    from haven.insights.selectors import trafficking_agencies_for

    return agency in trafficking_agencies_for(user, writing=True)
