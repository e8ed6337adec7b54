"""Reads for the investigation sections of a case. The case itself always comes through
haven.cases.access (`cases_visible_to`): nothing here is reached from a hidden case."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
from haven.cases.access import cases_visible_to
from haven.cases.models import Assignment, AssignmentSection, Case, PartyRole
from haven.directory.models import POLICE_KINDS, Agency, AgencyKind
from haven.investigations.models import (
    Charge,
    ChildProtectionInvestigation,
    CourtHearing,
    LawEnforcementInvestigation,
    ProsecutionCase,
    ProsecutionMatter,
    Reliance,
    TraffickingDetails,
)
from haven.people.models import Person
from haven.teams.models import Membership


def le_investigations(case: Case) -> list[LawEnforcementInvestigation]:
    return list(case.le_investigations.select_related("agency", "officer"))


def cp_investigation(case: Case) -> ChildProtectionInvestigation | None:
    return (
        ChildProtectionInvestigation.objects.filter(case=case)
        .select_related("worker")
        .prefetch_related(
            Prefetch("hearings", queryset=CourtHearing.objects.order_by("held_on", "id")),
            Prefetch(
                "reliances",
                queryset=Reliance.objects.select_related("recorded_by").order_by("relied_on", "id"),
            ),
        )
        .first()
    )


def prosecutions(case: Case) -> list[ProsecutionMatter]:
    return list(
        ProsecutionMatter.objects.filter(links__case=case)
        .select_related("office", "prosecutor", "alleged_offender")
        .prefetch_related(
            Prefetch("charges", queryset=Charge.objects.order_by("filed_on", "id")),
            Prefetch("links", queryset=ProsecutionCase.objects.select_related("case")),
        )
        .order_by("created_at", "id")
    )


def trafficking(case: Case) -> TraffickingDetails | None:
    return (
        TraffickingDetails.objects.filter(case=case)
        .select_related("lodging_business")
        .prefetch_related("indicators")
        .first()
    )


def _investigators(case: Case, discipline: str, section: str, agency_q: Q) -> QuerySet[User]:
    today = timezone.localdate()
    active = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    assigned = Assignment.objects.filter(active, case=case, section=section, user=OuterRef("pk"))
    on_team = Membership.objects.filter(active, team_id=case.team_id, user=OuterRef("pk"))
    return (
        User.objects.filter(agency_q, is_active=True, discipline=discipline)
        .filter(Exists(assigned) | (Exists(on_team) if case.team_id else Q(pk__in=[])))
        .select_related("agency")
        .order_by("full_name")
    )


def eligible_officers(case: Case) -> QuerySet[User]:
    """Law-enforcement users of a police agency on the case's team or assigned to it
    (Gen. Stat. § 17a-106f): who may be the investigating officer."""
    return _investigators(
        case,
        Discipline.LAW_ENFORCEMENT,
        AssignmentSection.LAW_ENFORCEMENT,
        Q(agency__kind__in=POLICE_KINDS),
    )


def eligible_dcf_workers(case: Case) -> QuerySet[User]:
    """DCF users on the case's team or assigned to its child-protection section."""
    return _investigators(
        case,
        Discipline.DCF,
        AssignmentSection.CHILD_PROTECTION,
        Q(agency__kind=AgencyKind.DCF_OFFICE),
    )


def alleged_offenders(case: Case) -> QuerySet[Person]:
    return Person.objects.filter(
        parties__referral_id=case.referral_id, parties__role=PartyRole.ALLEGED_OFFENDER
    ).distinct()


def lodging_businesses() -> QuerySet[Agency]:
    return Agency.objects.filter(kind=AgencyKind.LODGING, is_active=True).order_by("name")


def mark_visible_links(user, case: Case, matters: list[ProsecutionMatter]) -> None:
    """Set `visible_others` (co-victims' cases the user may see) and `hidden_others` (how
    many they may not) on each matter: one query, however many matters and links."""
    linked = {link.case_id for m in matters for link in m.links.all()} - {case.pk}
    visible = set()
    if linked:
        visible = set(cases_visible_to(user).filter(pk__in=linked).values_list("pk", flat=True))
    for matter in matters:
        others = [link.case for link in matter.links.all() if link.case_id != case.pk]
        matter.visible_others = [c for c in others if c.pk in visible]
        matter.hidden_others = len(others) - len(matter.visible_others)
