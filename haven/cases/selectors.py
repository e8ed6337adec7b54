"""Reads of cases, always through `cases_visible_to`: nothing here returns a case the user
may not see (save `case_for_officer`, for the security officer's access controls, which
names a case by number and never shows its contents).

Who may see a *person* lives here too: people are children's records, and a person is
reached only through a case the user may see. The people app below knows nothing of
cases (docs/architecture.md, "People and cases").
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from haven.access.models import Level, Section
from haven.access.rules import Capability, case_section_levels, has_capability, section_levels
from haven.cases.access import (
    CentreScopes,
    active_assignments,
    cases_visible_to,
    centre_scopes,
    outside_case_ids,
    restrict_to_visible,
)
from haven.cases.models import Allegation, Assignment, Case, CaseName, CaseStatus, Party
from haven.directory.models import AgencyKind
from haven.people.models import Person
from haven.people.selectors import name_query

LIST_RELATED = ("child", "cac", "team")
# Up to this many people of one name, search starts from the people (see case_search).
RARE_NAME_PEOPLE = 1000
# Up to this many name rows in a centre, its staff's search starts from the name rows.
CENTRE_NAME_ROWS = 2000
# Anyone else who sees up to this many cases searches the name rows of those cases.
FEW_CASES = 5000


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
        # The user's assignments as a list of ids (no join, no DISTINCT): the database
        # starts from them rather than walking every visible case newest first (a DCF
        # worker's open cases: 156 ms -> a few at a million cases).
        cases = cases.filter(id__in=active_assignments(user, today).values("case_id"))
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
    if any(ch.isdigit() for ch in query):
        # Case numbers are stored in capitals; an exact match uses the unique index
        # (iexact would read every row).
        by_number = cases_visible_to(user).filter(number__in={query, query.upper()})
        if by_number.exists():
            return list(by_number.select_related(*LIST_RELATED)[:limit])
    named = name_query(query)
    if named is None:
        return []
    scopes = centre_scopes(user)
    if scopes is not None:
        visible = cases_visible_to(user, team_ids=list(scopes.team_ids))
        return _centre_search(user, visible, query, named, scopes, limit)
    visible = cases_visible_to(user)
    found = _few_cases_search(user, visible, named, limit)
    if found is not None:
        return found
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


def _few_cases_search(user, visible: QuerySet[Case], named: Q, limit: int) -> list[Case] | None:
    """Search for a user who sees few cases (a detective's or a therapist's few hundred):
    the name rows of those cases, through the case index, however common the name is in
    the state. None when she sees more than FEW_CASES (the caller's plans)."""
    ids = outside_case_ids(user, cap=FEW_CASES)
    if ids is None:
        return None
    matching = set(
        CaseName.objects.filter(case_id__in=ids).filter(named).values_list("case_id", flat=True)
    )
    return list(
        visible.filter(id__in=matching)
        .select_related(*LIST_RELATED)
        .order_by("-received_on", "-id")[:limit]
    )


def _centre_search(
    user, visible: QuerySet[Case], query: str, named: Q, scopes: CentreScopes, limit: int
) -> list[Case]:
    """Search for a centre's staff through the name rows (models.CaseName), scope by scope:
    her centre, her teams' cases held elsewhere, the cases she is assigned to elsewhere;
    each read through an index led by that scope, so the work follows the namesakes in her
    scopes, not in the state (a common full name is hundreds of people at a million cases).

    In her centre, a name with up to CENTRE_NAME_ROWS rows there is read whole and sorted;
    a commoner one ("Smith") is found by walking her centre's cases newest first (the
    case_cac_list index, once per status) and testing each case's own name rows, which
    fills a page quickly. The other scopes are small and read whole. Then the visible
    ones, newest first. `named` is name_query(query); the centre's own index needs the
    centre joined to each of its alternatives, so `query` is kept too."""

    def rows(scope: Q) -> list[tuple]:
        # The scope as a plain filter beside the name (its own index leads; with the scope
        # inside each name alternative, SQLite read every centre's namesakes by name).
        return list(
            CaseName.objects.filter(scope).filter(named).values_list("received_on", "case_id")
        )

    in_centre = CaseName.objects.filter(name_query(query, each=Q(cac_id=scopes.cac_id)))
    # Counted first, through the indexes alone: fetching a common name's rows only to
    # learn there are too many cost more than the walk that follows.
    if in_centre.values("id")[: CENTRE_NAME_ROWS + 1].count() <= CENTRE_NAME_ROWS:
        found = list(in_centre.values_list("received_on", "case_id"))
    else:
        found = []
        names = CaseName.objects.filter(named, case_id=OuterRef("pk"))
        # One ordered walk of case_cac_list per status, open (the newest) first. Once a
        # walk has filled a page, no older case can make the page: the next walk stops at
        # the page's oldest date.
        oldest = None
        for status in CaseStatus.values:  # open, the newest, is declared first
            # The name test first: most cases fail it, and skip the access tests after it.
            walk = restrict_to_visible(
                Case.objects.filter(cac_id=scopes.cac_id, status=status).filter(Exists(names)),
                user,
                team_ids=list(scopes.team_ids),
            )
            if oldest is not None:
                walk = walk.filter(received_on__gte=oldest)
            found += walk.order_by("-received_on", "-id").values_list("received_on", "id")[:limit]
            if len(found) >= limit:
                oldest = sorted(found, reverse=True)[limit - 1][0]
    if scopes.team_ids:
        # Two ranges either side of her centre, so the (team, centre) index serves both.
        found += rows(Q(team_id__in=scopes.team_ids, cac_id__lt=scopes.cac_id))
        found += rows(Q(team_id__in=scopes.team_ids, cac_id__gt=scopes.cac_id))
    if scopes.assigned_case_ids:
        found += rows(Q(case_id__in=scopes.assigned_case_ids))
    ordered = [case_id for _received, case_id in sorted(set(found), reverse=True)]
    result: list[Case] = []
    page = limit * 2  # most candidates are visible; denials and restrictions are rare
    for start in range(0, len(ordered), page):
        chunk = ordered[start : start + page]
        wanted = limit - len(result)  # build only the cases the page shows
        result += (
            visible.filter(id__in=chunk)
            .select_related(*LIST_RELATED)
            .order_by("-received_on", "-id")[:wanted]
        )
        if len(result) >= limit:
            break
    return result[:limit]


# What the case page shows of a case, fetched with it (parties, allegations, assignments).
_CASE_PAGE_RELATED = (
    "child",
    "cac",
    "team__district",
    "referral__source_agency",
    "referral__created_by",
)


def _case_page_prefetch() -> tuple:
    return (
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


def get_visible_case(
    user, public_id, *, section: Section | None = None, page: bool = False
) -> Case:
    """The one door to a case, for every page, panel and API endpoint.

    The case if `user` may see it (`restrict_to_visible`, which agrees with
    `can_view_case`: centre, assignment, team; denials and restrictions) and, when
    `section` is given, may view that section of this case after the per-case limits
    (`case_section_levels`: interviewer-first access and any other registered limit).
    Otherwise Http404, the same answer as for a case that does not exist, so a hidden
    case is never told apart from a missing one. `page`: fetch what the case page shows
    with it (parties, allegations, assignments)."""
    if page:
        cases = Case.objects.select_related(*_CASE_PAGE_RELATED).prefetch_related(
            *_case_page_prefetch()
        )
    else:
        cases = Case.objects.select_related("child", "cac", "team", "referral")
    try:
        case = restrict_to_visible(cases, user).get(public_id=public_id)
    except (Case.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if section is not None and case_section_levels(user, case)[section] < Level.VIEW:
        raise Http404
    return case


def open_statuses() -> list[str]:
    return [CaseStatus.OPEN]


TIMELINE_LIMIT = 200


def case_timeline(user, case: Case, *, limit: int = TIMELINE_LIMIT) -> list:
    """What happened on the case, newest first: every change recorded in the audit chain
    whose section the user's role may view (hooks.event_section). Reads are not shown.
    The caller has already checked that the user may see the case."""
    from haven.access.models import Level
    from haven.access.rules import case_section_levels
    from haven.audit.models import AuditEvent, Kind
    from haven.cases.hooks import event_section

    levels = case_section_levels(user, case)
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


# --- people, as far as the cases let the user see them -----------------------------------


def is_cac_intake(user, levels: dict | None = None) -> bool:
    """Staff of a CAC whose role edits the general section: they take referrals in, and so
    also work with people who are in no case yet."""
    agency = getattr(user, "agency", None)
    if agency is None or agency.kind != AgencyKind.CAC:
        return False
    level = (levels or section_levels(user))[Section.GENERAL]
    return level >= Level.EDIT


# People an app above this one holds outside any case (the screening app: a person met at
# a law-enforcement encounter). Each entry is (held, reachable): `held()` is true for a
# person the app holds, `reachable(user, levels, cases)` for one that user may reach
# through the app (both conditions on OuterRef("pk"); `levels` the user's section levels or
# None, `cases` her visible cases, a queryset).
# Such a person is not "in no case yet" for every centre's intake staff to find: only
# those the app lets reach them do.
_HELD_PEOPLE: list[tuple[Callable, Callable]] = []


def register_held_people(held: Callable, reachable: Callable) -> None:
    if (held, reachable) not in _HELD_PEOPLE:
        _HELD_PEOPLE.append((held, reachable))


def people_visible_to(
    user, *, cases: QuerySet[Case] | None = None, levels: dict | None = None
) -> QuerySet[Person]:
    """People who appear (as the child, or a party of the referral) in a case the user may
    see, or whom an app holding them lets the user reach (_HELD_PEOPLE); for a CAC's intake
    staff, also people in no case yet and held by no app. Merged records never. Nobody, for
    a role with no view on the people section ("People: none" in the matrix).

    The one rule for who may see a person: person pages, the people API, the duplicate
    check and merging all call it. People are children's records too: nobody reaches a
    person through a case they may not see.
    """
    levels = levels or section_levels(user)
    if levels[Section.PEOPLE] < Level.VIEW:
        return Person.objects.none()
    if cases is None:
        cases = cases_visible_to(user)
    in_a_visible_case = Exists(cases.filter(child_id=OuterRef("pk"))) | Exists(
        Party.objects.filter(person_id=OuterRef("pk"), referral__cases__in=cases)
    )
    visible = in_a_visible_case
    for _held, reachable in _HELD_PEOPLE:
        visible |= reachable(user, levels, cases)
    if is_cac_intake(user, levels):
        in_no_case = ~Exists(Party.objects.filter(person_id=OuterRef("pk"))) & ~Exists(
            Case.objects.filter(child_id=OuterRef("pk"))
        )
        for held, _reachable in _HELD_PEOPLE:
            in_no_case &= ~held()
        visible |= in_no_case
    return Person.objects.filter(merged_into__isnull=True).filter(visible)


def split_matches(user, matches: list, *, levels: dict | None = None) -> tuple[list, list]:
    """The duplicate check's likely matches (haven.people.selectors.Match) split into those
    `user` may see (`people_visible_to`) and the others, in the order given. One query.
    Only the first may be shown; the others must not even be counted to the user."""
    if not matches:
        return [], []
    pks = [m.person.pk for m in matches]
    visible = set(
        people_visible_to(user, levels=levels).filter(pk__in=pks).values_list("pk", flat=True)
    )
    shown = [m for m in matches if m.person.pk in visible]
    hidden = [m for m in matches if m.person.pk not in visible]
    return shown, hidden


def duplicate_reviews(user) -> QuerySet:
    """The open likely duplicates for the security officer of the centre that took the
    referral in (newest first); none for anyone else."""
    from haven.cases.models import DuplicateReview, DuplicateStatus

    if not has_capability(user, Capability.REVIEW_DUPLICATES) or user.agency_id is None:
        return DuplicateReview.objects.none()
    return (
        DuplicateReview.objects.filter(cac_id=user.agency_id, status=DuplicateStatus.OPEN)
        .select_related("new_person", "existing_person", "found_by")
        .order_by("-found_at", "-id")
    )


def cases_of_people(person_ids) -> dict[int, list[Case]]:
    """Every case each person appears in (as the child or a party), by person id, whoever
    holds it: for the duplicate review list only, where the security officer needs the
    case numbers to ask the centres concerned. Three queries."""
    found: dict[int, list[Case]] = {pk: [] for pk in person_ids}
    cases = Case.objects.select_related("cac").order_by("-received_on", "-id")
    for case in cases.filter(child_id__in=person_ids):
        found[case.child_id].append(case)
    parties = Party.objects.filter(person_id__in=person_ids).values_list("person_id", "referral_id")
    by_referral: dict[int, set[int]] = {}
    for person_id, referral_id in parties:
        by_referral.setdefault(referral_id, set()).add(person_id)
    for case in cases.filter(referral_id__in=by_referral):
        for person_id in by_referral[case.referral_id]:
            if case not in found[person_id]:
                found[person_id].append(case)
    return found


def people_for_merging(user) -> QuerySet[Person]:
    """The people the security officer may merge from the person pages and the API: those
    she may see (`people_visible_to`, so none while her role has People: none). A likely
    duplicate she may not see reaches her only through the duplicate review list."""
    if not has_capability(user, Capability.MERGE_PEOPLE):
        return Person.objects.none()
    return people_visible_to(user)


def person_cases(user, person: Person, *, cases: QuerySet[Case] | None = None):
    """The cases `person` appears in that `user` may see, newest first, and the person's
    roles in each case's referral ({referral_id: [role, ...]}). Two queries."""
    if cases is None:
        cases = cases_visible_to(user)
    found = list(
        cases.filter(Q(child=person) | Q(referral__parties__person=person))
        .select_related("team", "cac")
        .distinct()
        .order_by("-received_on", "-id")
    )
    roles: dict[int, list[str]] = {}
    parties = Party.objects.filter(person=person, referral_id__in={c.referral_id for c in found})
    for referral_id, role in parties.values_list("referral_id", "role").order_by("role"):
        roles.setdefault(referral_id, []).append(role)
    return found, roles


def person_for_page(user, public_id, *, levels: dict | None = None) -> Person:
    """The person, if the user may open their page (`people_visible_to`).
    Person.DoesNotExist otherwise."""
    return people_visible_to(user, levels=levels).get(public_id=public_id)


# --- the security officer's access controls ---------------------------------------------


def case_for_officer(user, public_id) -> Case:
    """A case whose access the security officer administers: one held by their CAC, whether
    or not they may read it. Case.DoesNotExist for anyone else or any other case."""
    if not has_capability(user, Capability.RESTRICT_CASES) or user.agency_id is None:
        raise Case.DoesNotExist
    return Case.objects.get(public_id=public_id, cac_id=user.agency_id)


@dataclass
class CaseAccess:
    restricted: bool
    restricted_to: list
    denied: list


def case_access(case: Case) -> CaseAccess:
    """The named users of a restriction and the denied users, by name. Two queries."""
    from haven.accounts.models import User

    users = User.objects.select_related("agency").order_by("full_name")
    grants = users.filter(case_grants__case=case)
    denials = users.filter(case_denials__case=case)
    return CaseAccess(case.restricted, list(grants), list(denials))


def caregivers_of(person: Person, cases: list[Case]) -> list[Party]:
    """The non-offending caregivers named in the referrals of `cases` (those the viewer may
    see), with their contact details: one query."""
    from haven.cases.models import PartyRole

    referral_ids = {c.referral_id for c in cases}
    if not referral_ids:
        return []
    seen, found = set(), []
    parties = (
        Party.objects.filter(referral_id__in=referral_ids, role=PartyRole.CAREGIVER)
        .exclude(person=person)
        .select_related("person")
        .order_by("person__sort_name", "id")
    )
    for party in parties:
        if party.person_id not in seen:
            seen.add(party.person_id)
            found.append(party)
    return found


def merge_candidates(user, keep: Person, query: str, *, limit: int = 20) -> list[Person]:
    """People named like `query` whom the security officer may merge into `keep`."""
    from haven.people.selectors import people_named

    return list(
        people_named(query)
        .filter(pk__in=people_for_merging(user).values("pk"))
        .exclude(pk=keep.pk)
        .order_by("sort_name", "id")[:limit]
    )
