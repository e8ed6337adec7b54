"""Which cases a user may see (DESIGN.md section 3, question 2).

A case is visible to:
- the staff of the CAC that holds it (centre-wide access);
- users assigned to it (an assignment active today);
- members of the case's MDT (active today) whose agency is involved in the case
  (the referral source, or the agency of an assignee);
unless the security officer has denied that user this case, or restricted the case
to named users and the user is not one of them. Disabled users see nothing.

`cases_visible_to(user)` (a queryset) and `can_view_case(user, case)` (a predicate)
must agree, always: a hypothesis test checks it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from haven.cases.models import Assignment, Case, CaseAgency, CaseDenial, CaseGrant
from haven.directory.models import AgencyKind
from haven.teams.models import Membership


def _active(prefix: str, today: datetime.date) -> Q:
    return Q(**{f"{prefix}starts_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )


def _user_team_ids(user, today: datetime.date) -> list[int]:
    return list(active_team_ids(user, today).values_list("team_id", flat=True))


def active_team_ids(user, today: datetime.date) -> QuerySet:
    """The ids of the teams `user` is an active member of on `today`, as a subquery (read
    with the query that uses it: the screening scope's teams' districts)."""
    return Membership.objects.filter(_active("", today), user=user).values("team_id")


def _is_cac_staff(user) -> bool:
    agency = getattr(user, "agency", None)
    return agency is not None and agency.kind == AgencyKind.CAC


def active_assignments(user, today: datetime.date) -> QuerySet[Assignment]:
    """The user's case assignments active on `today` (one of the visibility rule's
    sources; also "assigned to me" in the case list)."""
    return Assignment.objects.filter(_active("", today), user=user)


def _outside_sources(user, today: datetime.date, team_ids: list[int]) -> list[QuerySet]:
    """For a user outside a centre, the case ids she may see come from these (before
    denials and restrictions): her active assignments, and her teams' cases in which her
    agency is involved."""
    sources = [active_assignments(user, today).values("case_id")]
    if team_ids and user.agency_id:
        sources.append(
            CaseAgency.objects.filter(agency_id=user.agency_id, case__team_id__in=team_ids).values(
                "case_id"
            )
        )
    return sources


def outside_case_ids(user, *, cap: int, today: datetime.date | None = None) -> list[int] | None:
    """The ids of the cases a user outside a centre may see, before denials and restrictions
    (a superset: narrow it with restrict_to_visible), read from their sources rather than
    by testing every case; None for centre staff, or when there are more than `cap`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if _is_cac_staff(user):
        return None
    today = today or timezone.localdate()
    ids: set[int] = set()
    for source in _outside_sources(user, today, _user_team_ids(user, today)):
        ids.update(source.order_by().values_list("case_id", flat=True)[: cap + 1])
        if len(ids) > cap:
            return None
    return sorted(ids)


def cases_visible_to(
    user, *, today: datetime.date | None = None, team_ids: list[int] | None = None
) -> QuerySet[Case]:
    return restrict_to_visible(Case.objects.all(), user, today=today, team_ids=team_ids)


def restrict_to_visible(
    cases: QuerySet[Case],
    user,
    *,
    today: datetime.date | None = None,
    team_ids: list[int] | None = None,
) -> QuerySet[Case]:
    """`cases` narrowed to those `user` may see, tested on each row of `cases` itself.

    Prefer it to `cases.filter(id__in=cases_visible_to(user))` when `cases` is already
    narrow (one centre's half-year): the subquery form lists every visible case first
    (measured: 10 s against 0.3 s for a coordinator at 1,000,000 cases). `team_ids`: the
    user's active teams on `today`, when the caller has just read them (a query saved)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return cases.none()
    today = today or timezone.localdate()
    if team_ids is None:
        team_ids = _user_team_ids(user, today)
    if _is_cac_staff(user):
        # Centre staff see most of their CAC's cases: test the few exceptions per case.
        assigned = Assignment.objects.filter(_active("", today), case=OuterRef("pk"), user=user)
        visible = Q(cac_id=user.agency_id) | Exists(assigned)
        if team_ids:
            involved = CaseAgency.objects.filter(case=OuterRef("pk"), agency_id=user.agency_id)
            visible |= Q(team_id__in=team_ids) & Exists(involved)
    else:
        # Everyone else sees a small set: collect its ids first, so that listing the newest
        # cases does not walk the whole table (measured: 276 ms -> 0.3 ms at 1M cases).
        visible = Q()
        for ids in _outside_sources(user, today, team_ids):
            visible |= Q(id__in=ids)
    denied = CaseDenial.objects.filter(case=OuterRef("pk"), user=user)
    granted = CaseGrant.objects.filter(case=OuterRef("pk"), user=user)
    return (
        cases.filter(visible).exclude(Exists(denied)).filter(Q(restricted=False) | Exists(granted))
    )


@dataclass(frozen=True)
class CentreScopes:
    """Where a centre's staff member's visible cases lie: her centre's cases, cases of her
    teams held by another centre, and cases she is assigned to. Every case she may see is
    in one of them (the converse needs restrict_to_visible: denials, restrictions, the
    agency's involvement in a team case)."""

    cac_id: int
    team_ids: tuple[int, ...]
    assigned_case_ids: tuple[int, ...]


def centre_scopes(user, *, today: datetime.date | None = None) -> CentreScopes | None:
    """The scopes for a CAC's staff; None for anyone else (they see few cases: read those)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not _is_cac_staff(user):
        return None
    today = today or timezone.localdate()
    assigned = active_assignments(user, today).exclude(case__cac_id=user.agency_id)
    return CentreScopes(
        cac_id=user.agency_id,
        team_ids=tuple(_user_team_ids(user, today)),
        assigned_case_ids=tuple(assigned.order_by().values_list("case_id", flat=True).distinct()),
    )


def on_a_visible_case(user, field: str = "case_id", *, today: datetime.date | None = None):
    """A filter for rows of another table (interviews, referrals, action items) whose case
    `user` may see, tested on each row's own case. Use it rather than
    `case__in=cases_visible_to(user)`, which lists every visible case first (a
    coordinator's 140,000 at a million cases: about a second a query)."""
    return Exists(restrict_to_visible(Case.objects.filter(pk=OuterRef(field)), user, today=today))


def can_view_case(user, case: Case, *, today: datetime.date | None = None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    today = today or timezone.localdate()
    if CaseDenial.objects.filter(case=case, user=user).exists():
        return False
    if case.restricted and not CaseGrant.objects.filter(case=case, user=user).exists():
        return False
    if _is_cac_staff(user) and case.cac_id == user.agency_id:
        return True
    if Assignment.objects.filter(_active("", today), case=case, user=user).exists():
        return True
    if (
        case.team_id is not None
        and user.agency_id is not None
        and case.team_id in _user_team_ids(user, today)
        and CaseAgency.objects.filter(case=case, agency_id=user.agency_id).exists()
    ):
        return True
    return False
