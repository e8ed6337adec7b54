"""Reads of the services app: what the case page and the API show, already filtered by
what the viewer's role may see. The case itself always comes through
haven.cases.access: nothing here is reached from a hidden case."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from haven.cases.access import on_a_visible_case
from haven.cases.models import Case, Party, PartyRole
from haven.people.models import Person
from haven.services import rules
from haven.services.models import (
    OPEN_STATUSES,
    AdvocacyContact,
    Assessment,
    Attendance,
    CompensationClaim,
    Instrument,
    MedicalExam,
    Reminder,
    ServiceReferral,
    ServiceSession,
    ServiceType,
)


def referral_on_case(case: Case, public_id) -> ServiceReferral:
    found = (
        ServiceReferral.objects.filter(case=case, public_id=public_id)
        .select_related("provider", "referred_by")
        .first()
    )
    if found is None:
        raise Http404
    found.case = case
    return found


def referrals(case: Case) -> list[ServiceReferral]:
    """Every referral of the case with its sessions, oldest first (one query each)."""
    found = list(
        ServiceReferral.objects.filter(case=case)
        .select_related("provider", "referred_by")
        .prefetch_related(
            Prefetch("sessions", queryset=ServiceSession.objects.order_by("held_on", "id"))
        )
    )
    for r in found:
        r.case = case
    return found


def visible_referrals(levels: dict, all_referrals: list[ServiceReferral]) -> list:
    return [r for r in all_referrals if rules.may_view_service(levels, r.service_type)]


def referral_page(case: Case, referral: ServiceReferral) -> dict:
    return {
        "events": list(referral.events.select_related("by").order_by("on", "id")),
        "sessions": list(referral.sessions.select_related("recorded_by").order_by("held_on")),
        "reminders": list(referral.reminders.select_related("recipient")),
    }


def trafficking_kind(case: Case) -> str | None:
    """The kind of trafficking recorded on the case (haven.investigations), read only."""
    from django.apps import apps

    if not apps.is_installed("haven.investigations"):
        return None
    from haven.investigations.models import TraffickingDetails

    return TraffickingDetails.objects.filter(case=case).values_list("kind", flat=True).first()


def open_referrals_work(case: Case) -> list[str]:
    """Open work for case closure (haven/cases/hooks.py): open or pending referrals."""
    return [
        f"{r.get_service_type_display()} referral is {r.get_status_display().lower()}"
        for r in ServiceReferral.objects.filter(case=case, status__in=OPEN_STATUSES)
    ]


# --- time to service ----------------------------------------------------------------------


@dataclass
class TimeToService:
    service_type: str
    label: str
    referred_on: datetime.date
    first_session_on: datetime.date | None
    days: int | None  # referral to first attended session
    waiting_days: int | None  # no session yet: days since the referral


def time_to_service(refs: list[ServiceReferral], today=None) -> list[TimeToService]:
    """Per service type: days from its first referral to its first attended session."""
    today = today or timezone.localdate()
    by_type: dict[str, list[ServiceReferral]] = {}
    for r in refs:
        by_type.setdefault(r.service_type, []).append(r)
    rows = []
    for service_type, group in by_type.items():
        referred = min(r.referred_on for r in group)
        sessions = [
            s.held_on
            for r in group
            for s in r.sessions.all()
            if s.attendance == Attendance.ATTENDED
        ]
        first = min(sessions) if sessions else None
        open_now = any(r.is_open for r in group)
        rows.append(
            TimeToService(
                service_type=service_type,
                label=ServiceType(service_type).label,
                referred_on=referred,
                first_session_on=first,
                days=(first - referred).days if first else None,
                waiting_days=(today - referred).days if first is None and open_now else None,
            )
        )
    order = list(ServiceType.values)
    return sorted(rows, key=lambda row: order.index(row.service_type))


# --- sections -----------------------------------------------------------------------------


def medical_exams(case: Case) -> list[MedicalExam]:
    return list(MedicalExam.objects.filter(case=case).order_by("-examined_on", "-id"))


def assessments(case: Case) -> list[Assessment]:
    return list(
        Assessment.objects.filter(case=case)
        .select_related("instrument", "clinician")
        .order_by("assessed_on", "id")
    )


def instruments_for(case: Case):
    return Instrument.objects.filter(Q(cac__isnull=True) | Q(cac_id=case.cac_id)).filter(
        is_active=True
    )


def advocacy(case: Case) -> tuple[list[AdvocacyContact], list[CompensationClaim]]:
    contacts = list(
        AdvocacyContact.objects.filter(case=case)
        .select_related("with_person", "advocate")
        .order_by("-on", "-id")
    )
    claims = list(CompensationClaim.objects.filter(case=case).order_by("-applied_on", "-id"))
    return contacts, claims


def case_people(case: Case) -> list[Person]:
    return [
        p.person
        for p in Party.objects.filter(referral_id=case.referral_id).select_related("person")
    ]


@dataclass
class ReminderParties:
    caregivers: list = field(default_factory=list)
    offenders: list = field(default_factory=list)


def reminder_parties(case: Case) -> ReminderParties:
    """The non-offending caregivers and the alleged offenders of the case's referral."""
    parties = Party.objects.filter(
        referral_id=case.referral_id, role__in=[PartyRole.CAREGIVER, PartyRole.ALLEGED_OFFENDER]
    ).select_related("person")
    found = ReminderParties()
    offender_ids = {p.person_id for p in parties if p.role == PartyRole.ALLEGED_OFFENDER}
    for p in parties:
        if p.role == PartyRole.ALLEGED_OFFENDER:
            found.offenders.append(p.person)
        elif p.person_id not in offender_ids:
            found.caregivers.append(p.person)
    return found


def reminder_candidates(case: Case) -> list[Person]:
    """Who a reminder may be addressed to: the child and the non-offending caregivers."""
    parties = reminder_parties(case)
    return [case.child] + [p for p in parties.caregivers if p.pk != case.child_id]


def reminders_of(referral: ServiceReferral) -> list[Reminder]:
    return list(referral.reminders.select_related("recipient"))


HOME_WAITING_LIMIT = 10


def referrals_waiting_for(user, *, limit: int = HOME_WAITING_LIMIT) -> list[ServiceReferral]:
    """The home page's "referrals waiting": referrals to the user's agency not yet
    scheduled, oldest first, on cases the user may see and in sections the role views
    for that case (a mental-health referral only for clinicians, and so on)."""
    from haven.access.models import Level
    from haven.access.rules import apply_case_limits, section_levels
    from haven.services.models import SERVICE_SECTION, ReferralStatus

    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return []
    levels = section_levels(user)
    types = [t for t, section in SERVICE_SECTION.items() if levels[section] >= Level.VIEW]
    if not types:
        return []
    waiting = (
        ServiceReferral.objects.filter(
            provider_id=agency_id,
            status=ReferralStatus.REFERRED,
            service_type__in=types,
        )
        .filter(on_a_visible_case(user))
        .select_related("case")
        .order_by("referred_on", "id")[: limit * 2]
    )
    shown = []
    for referral in waiting:  # the case's own limits (interviewer-first) last
        if apply_case_limits(user, referral.case, levels)[referral.section] >= Level.VIEW:
            shown.append(referral)
            if len(shown) == limit:
                break
    return shown
