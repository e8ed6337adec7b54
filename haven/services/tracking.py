"""NCAtrak's case tracking table: one row per service line, computed from the records,
never typed twice.

A line is registered here with the role-matrix section it belongs to and a function that
computes its row from the case (and the case's service referrals, read once for all
lines). The case page computes a line only for a user whose role may view its section;
everyone else sees that the line exists and that it is not shown to their role.

The services lines (medical, mental health, advocacy, and DCF services in child
protection) come from this app. The forensic interview, law-enforcement, child-protection
and prosecution lines read haven.interviews and haven.investigations models read-only,
when those apps are installed; either app may replace its line by registering a
TrackingLine with the same key from its AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from haven.access.models import Level, Section
from haven.cases.models import Case
from haven.services.models import ServiceReferral, ServiceType


@dataclass(frozen=True)
class TrackingRow:
    status: str
    referred_by: str = ""
    provider: str = ""
    primary_contact: str = ""
    since: object = None  # the date of the status, when known


@dataclass(frozen=True)
class TrackingLine:
    key: str
    label: str
    section: Section
    # (case, referrals) -> TrackingRow | None (None: nothing recorded yet)
    row: Callable[[Case, list[ServiceReferral]], TrackingRow | None]
    order: int = 100


_LINES: dict[str, TrackingLine] = {}


def register_line(line: TrackingLine) -> None:
    _LINES[line.key] = line


def lines() -> list[TrackingLine]:
    return sorted(_LINES.values(), key=lambda line: (line.order, line.key))


@dataclass
class TableRow:
    key: str
    label: str
    shown: bool
    row: TrackingRow | None


def table(case: Case, levels: dict, referrals: list[ServiceReferral]) -> list[TableRow]:
    rows = []
    for line in lines():
        shown = levels.get(line.section, Level.NONE) >= Level.VIEW
        rows.append(
            TableRow(
                key=line.key,
                label=line.label,
                shown=shown,
                row=line.row(case, referrals) if shown else None,
            )
        )
    return rows


# --- the services lines -------------------------------------------------------------------


def _latest(referrals, types) -> ServiceReferral | None:
    mine = [r for r in referrals if r.service_type in types]
    return max(mine, key=lambda r: (r.referred_on, r.pk)) if mine else None


def _referral_row(referral: ServiceReferral) -> TrackingRow:
    status = referral.get_status_display()
    if referral.service_type == ServiceType.MH_TREATMENT and referral.modality:
        status = f"{status} ({referral.get_modality_display()})"
    since = (
        referral.ended_on or referral.engaged_on or referral.scheduled_on or (referral.referred_on)
    )
    return TrackingRow(
        status=status,
        referred_by=referral.referred_by.full_name,
        provider=referral.provider.name,
        primary_contact=referral.primary_contact,
        since=since,
    )


def _services_line(types):
    def row(case, referrals):
        latest = _latest(referrals, types)
        return _referral_row(latest) if latest else None

    return row


MEDICAL_TYPES = (ServiceType.MEDICAL_EVALUATION, ServiceType.MEDICAL_TREATMENT)
MH_TYPES = (ServiceType.MH_ASSESSMENT, ServiceType.MH_TREATMENT)
ADVOCACY_TYPES = (ServiceType.ADVOCACY, ServiceType.COMPENSATION)


# --- lines read from the sibling apps --------------------------------------------------


def _interview_row(case, referrals):
    from haven.interviews.models import Interview

    interview = (
        Interview.objects.filter(case=case)
        .select_related("interviewer")
        .order_by("-starts_at", "-id")
        .first()
    )
    if interview is None:
        return None
    return TrackingRow(
        status=interview.get_status_display(),
        referred_by=interview.requested_by,
        provider=case.cac.name,
        primary_contact=interview.interviewer.full_name if interview.interviewer else "",
        since=interview.starts_at.date(),
    )


def _le_row(case, referrals):
    from haven.investigations.models import LawEnforcementInvestigation

    inv = (
        LawEnforcementInvestigation.objects.filter(case=case)
        .select_related("agency", "officer")
        .order_by("opened_on", "id")
        .first()
    )
    if inv is None:
        return None
    status = inv.get_status_display()
    if inv.outcome:
        status = f"{status}: {inv.get_outcome_display()}"
    return TrackingRow(
        status=status,
        provider=inv.agency.name,
        primary_contact=inv.officer.full_name,
        since=inv.outcome_on or inv.closed_on or inv.opened_on,
    )


def _cp_row(case, referrals):
    from haven.investigations.models import ChildProtectionInvestigation

    inv = ChildProtectionInvestigation.objects.filter(case=case).select_related("worker").first()
    dcf = _latest(referrals, (ServiceType.DCF_SERVICES,))
    if inv is None:
        return _referral_row(dcf) if dcf else None
    status = f"{inv.get_status_display()}; {inv.get_finding_display().lower()}"
    if dcf is not None:
        status = f"{status}; services {dcf.get_status_display().lower()}"
    return TrackingRow(
        status=status,
        referred_by=dcf.referred_by.full_name if dcf else "",
        provider=inv.worker.agency.name if inv.worker and inv.worker.agency_id else "DCF",
        primary_contact=inv.worker.full_name if inv.worker else "",
        since=inv.finding_on or inv.careline_reported_on,
    )


def _prosecution_row(case, referrals):
    from haven.investigations.models import ProsecutionMatter

    matter = (
        ProsecutionMatter.objects.filter(links__case=case)
        .select_related("office", "prosecutor")
        .order_by("created_at", "id")
        .first()
    )
    if matter is None:
        return None
    return TrackingRow(
        status=matter.get_decision_display(),
        provider=matter.office.name,
        primary_contact=matter.prosecutor.full_name,
        since=matter.decision_on,
    )


def register_builtin_lines() -> None:
    interviews = apps.is_installed("haven.interviews")
    investigations = apps.is_installed("haven.investigations")
    builtin = [
        (
            interviews,
            "forensic-interview",
            _("Forensic interview"),
            Section.FORENSIC_INTERVIEW,
            _interview_row,
            10,
        ),
        (True, "medical", _("Medical"), Section.MEDICAL, _services_line(MEDICAL_TYPES), 20),
        (
            True,
            "mental-health",
            _("Mental health"),
            Section.MENTAL_HEALTH,
            _services_line(MH_TYPES),
            30,
        ),
        (True, "advocacy", _("Advocacy"), Section.ADVOCACY, _services_line(ADVOCACY_TYPES), 40),
        (
            investigations,
            "law-enforcement",
            _("Law enforcement"),
            Section.LAW_ENFORCEMENT,
            _le_row,
            50,
        ),
        (
            True,
            "child-protection",
            _("Child protection"),
            Section.CHILD_PROTECTION,
            _cp_row if investigations else _services_line((ServiceType.DCF_SERVICES,)),
            60,
        ),
        (
            investigations,
            "prosecution",
            _("Prosecution"),
            Section.PROSECUTION,
            _prosecution_row,
            70,
        ),
    ]
    for installed, key, label, section, row, order in builtin:
        if installed and key not in _LINES:
            register_line(TrackingLine(key, label, section, row, order))
