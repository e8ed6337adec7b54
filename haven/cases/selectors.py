"""Reads of cases, always through `cases_visible_to`: nothing here returns a case the user
may not see."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from haven.cases.access import can_view_case, cases_visible_to
from haven.cases.models import Allegation, Assignment, Case, CaseStatus, Party
from haven.people.models import Person
from haven.people.selectors import name_query

LIST_RELATED = ("child", "cac", "team")
# Up to this many people of one name, search starts from the people (see case_search).
RARE_NAME_PEOPLE = 1000


def case_list(
    user,
    *,
    mine: bool = False,
    status: str = "",
    team: str = "",
    district: str = "",
    allegation: str = "",
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Case]:
    """Cases the user may see, filtered; newest received first. `mine`: assigned to me."""
    today = today or timezone.localdate()
    cases = cases_visible_to(user, today=today)
    if mine:
        cases = cases.filter(
            Q(assignments__user=user, assignments__starts_on__lte=today)
            & (Q(assignments__ends_on__isnull=True) | Q(assignments__ends_on__gte=today))
        ).distinct()
    if status:
        cases = cases.filter(status=status)
    if team:
        cases = cases.filter(team__public_id=team)
    if district:
        cases = cases.filter(team__district__slug=district)
    if allegation:
        cases = cases.filter(referral__allegations__kind=allegation).distinct()
    if received_from:
        cases = cases.filter(received_on__gte=received_from)
    if received_to:
        cases = cases.filter(received_on__lte=received_to)
    return cases.select_related(*LIST_RELATED).order_by("-received_on", "-id")


def case_search(user, query: str, *, limit: int = 50) -> list[Case]:
    """Cases by number or by a person's name (accent-insensitive, by sound), visible only."""
    query = (query or "").strip()
    if not query:
        return []
    visible = cases_visible_to(user)
    if any(ch.isdigit() for ch in query):
        # Case numbers are stored in capitals; an exact match uses the unique index
        # (iexact would read every row).
        by_number = visible.filter(number__in={query, query.upper()})
        if by_number.exists():
            return list(by_number.select_related(*LIST_RELATED)[:limit])
    named = name_query(query)
    if named is None:
        return []
    # Two plans, chosen by how common the name is. A rare name: find its people through
    # the name indexes, then their referrals, then the visible cases among those. A common
    # name: walk the visible cases newest first and keep those with a party of that name;
    # the first page fills long before the walk gets far. Either way the result is every
    # visible case with such a party, newest first, and never a hidden one.
    people = list(
        Person.objects.filter(named, merged_into__isnull=True)
        .order_by()
        .values_list("id", flat=True)[: RARE_NAME_PEOPLE + 1]
    )
    if len(people) <= RARE_NAME_PEOPLE:
        referrals = list(
            Party.objects.filter(person_id__in=people)
            .order_by()
            .values_list("referral_id", flat=True)
            .distinct()
        )
        matching = visible.filter(referral_id__in=referrals)
    else:
        parties = Party.objects.filter(
            name_query(query, prefix="person__"), referral_id=OuterRef("referral_id")
        )
        matching = visible.filter(Exists(parties))
    return list(matching.select_related(*LIST_RELATED).order_by("-received_on", "-id")[:limit])


def case_detail(user, public_id) -> Case:
    """The case with what its page shows; Case.DoesNotExist when the user may not see it."""
    case = (
        Case.objects.select_related(
            "child", "cac", "team__district", "referral__source_agency", "referral__created_by"
        )
        .prefetch_related(
            Prefetch(
                "referral__parties",
                queryset=Party.objects.select_related("person").order_by("role"),
            ),
            Prefetch("referral__allegations", queryset=Allegation.objects.select_related("victim")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("user", "personnel", "agency"),
            ),
        )
        .get(public_id=public_id)
    )
    if not can_view_case(user, case):
        raise Case.DoesNotExist
    return case


def open_statuses() -> list[str]:
    return [CaseStatus.OPEN]


TIMELINE_LIMIT = 200


def case_timeline(user, case: Case, *, limit: int = TIMELINE_LIMIT) -> list:
    """What happened on the case, newest first: every change recorded in the audit chain
    whose section the user's role may view (hooks.event_section). Reads are not shown.
    The caller has already checked that the user may see the case."""
    from haven.access.models import Level
    from haven.access.rules import section_levels
    from haven.audit.models import AuditEvent, Kind
    from haven.cases.hooks import event_section

    levels = section_levels(user)
    events = AuditEvent.objects.filter(case_id=case.public_id, kind=Kind.CHANGE).order_by("-id")[
        : limit * 4
    ]
    shown = []
    for event in events:
        section = event_section(event.object_type)
        if section is not None and levels.get(section, Level.NONE) >= Level.VIEW:
            shown.append(event)
            if len(shown) == limit:
                break
    return shown
