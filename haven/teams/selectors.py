"""Reads of teams, already limited to what the user may see.

`teams_visible_to(user)` and `can_view_team(user, team)` must agree (tested):
- the host CAC's coordinators and security officers see (and manage) its teams;
- a user with an active membership sees their team;
- DCF's statewide trafficking liaison sees every team, read-only.
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from haven.access.rules import is_statewide_liaison
from haven.accounts.disciplines import Discipline
from haven.teams.models import Membership, ProtocolVersion, Team, VersionStatus

MANAGER_DISCIPLINES = (Discipline.COORDINATOR, Discipline.SECURITY_OFFICER)


def _is_manager_discipline(user) -> bool:
    return user.discipline in MANAGER_DISCIPLINES and user.agency_id is not None


def _member_q(user, today: datetime.date) -> Q:
    return Q(
        memberships__user=user,
        memberships__starts_on__lte=today,
    ) & (Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today))


def teams_visible_to(user, *, today: datetime.date | None = None) -> QuerySet[Team]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Team.objects.none()
    if is_statewide_liaison(user):
        return Team.objects.all()
    today = today or timezone.localdate()
    visible = _member_q(user, today)
    if _is_manager_discipline(user):
        visible |= Q(host_cac_id=user.agency_id)
    ids = Team.objects.filter(visible).values("id")
    return Team.objects.filter(id__in=ids)


def can_view_team(user, team: Team, *, today: datetime.date | None = None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_statewide_liaison(user) or can_manage_team(user, team):
        return True
    today = today or timezone.localdate()
    return (
        team.memberships.filter(user=user, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exists()
    )


def can_manage_team(user, team: Team) -> bool:
    """Coordinators and security officers of the team's host CAC."""
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and _is_manager_discipline(user)
        and user.agency_id == team.host_cac_id
    )


def team_list(user, *, district: str = "") -> QuerySet[Team]:
    teams = teams_visible_to(user).select_related("district", "host_cac")
    if district:
        teams = teams.filter(district__slug=district)
    return teams.prefetch_related(_memberships_prefetch()).order_by("name")


def _memberships_prefetch() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("user", "personnel", "agency").order_by(
            "seat", "-is_primary", "starts_on"
        ),
    )


def team_detail(user, public_id) -> Team:
    """The team with its members, protocols and adopted versions; Team.DoesNotExist if unseen."""
    team = (
        Team.objects.select_related("district", "host_cac")
        .prefetch_related(
            _memberships_prefetch(),
            "protocols",
            Prefetch(
                "protocols__versions",
                queryset=ProtocolVersion.objects.filter(
                    status__in=[VersionStatus.ADOPTED, VersionStatus.DRAFT]
                ).prefetch_related("signoffs__agency"),
            ),
        )
        .get(public_id=public_id)
    )
    if not can_view_team(user, team):
        raise Team.DoesNotExist
    return team


def statewide_teams(*, district: str = "") -> QuerySet[Team]:
    teams = Team.objects.select_related("district", "host_cac").prefetch_related(
        _memberships_prefetch()
    )
    if district:
        teams = teams.filter(district__slug=district)
    return teams.order_by("name")


def statewide_rows(*, on: datetime.date, district: str = "", sort: str = "name") -> list[dict]:
    """One row per team: each seat's status on `on`, the gaps, for the statewide view."""
    from haven.teams.rules import ALL_SEATS, seat_status, team_composition_gaps

    rows = []
    for team in statewide_teams(district=district):
        memberships = list(team.memberships.all())
        rows.append(
            {
                "team": team,
                "seats": [seat_status(team, seat, memberships, on=on) for seat in ALL_SEATS],
                "gaps": team_composition_gaps(team, on=on, memberships=memberships),
            }
        )
    keys = {
        "name": lambda r: r["team"].name.lower(),
        "district": lambda r: (r["team"].district.name, r["team"].name.lower()),
        "gaps": lambda r: (-sum(not g.advisory for g in r["gaps"]), r["team"].name.lower()),
    }
    rows.sort(key=keys.get(sort, keys["name"]))
    return rows
