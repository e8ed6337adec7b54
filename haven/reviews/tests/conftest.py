"""Fixtures for the case-review tests, on the shared `cast`, through the real services.

team      "New Haven MDT", hosted by cast.cac; seated: detective Luis (law enforcement),
          DCF worker Dana, prosecutor Paula (State's attorney), therapist Noah (mental
          health). Medical, interviewer and advocate seats are empty.
case      an open case on the team, assigned to Luis, Dana and Paula
other     an open case on the team assigned to nobody: Luis, a partner not on it, sees
          "Restricted" and its number only
meeting   a case review next week, facilitated by coordinator Carmen
"""

import datetime

import pytest
from django.utils import timezone

from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
from haven.directory.models import District
from haven.people.services import person_create
from haven.reviews import services
from haven.teams.services import membership_add, team_create

D = datetime.date


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def team(cast):
    team = team_create(
        actor=cast.coordinator,
        name="New Haven MDT",
        district=District.objects.get(slug="new-haven"),
        host_cac=cast.cac,
        established_on=D(2024, 1, 1),
    )
    for user, seat in (
        (cast.detective, "law_enforcement"),
        (cast.dcf_worker, "dcf"),
        (cast.prosecutor, "states_attorney"),
        (cast.therapist, "mental_health"),
    ):
        membership_add(
            actor=cast.coordinator, team=team, seat=seat, user=user, starts_on=D(2024, 1, 1)
        )
    services.meeting_types_ensure(team)
    return team


def open_case(cast, team, first, *, assign=True, days_ago=30, trafficking=False):
    child = person_create(
        actor=cast.intake, confirmed_new=True, first_name=first, last_name="Review"
    )
    case = referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        team=team,
        reason="abuse_allegation",
        received_at=timezone.now() - datetime.timedelta(days=days_ago),
        parties=[PartyIn(child, "alleged_victim")],
        allegations=[AllegationIn(child, "sex_trafficking" if trafficking else "sexual_abuse")],
    ).cases[0]
    if assign:
        since = timezone.localdate() - datetime.timedelta(days=days_ago)
        for user, section in (
            (cast.detective, "law_enforcement"),
            (cast.dcf_worker, "child_protection"),
            (cast.prosecutor, "prosecution"),
        ):
            case_assign(
                actor=cast.coordinator, case=case, section=section, user=user, starts_on=since
            )
    return case


@pytest.fixture
def case(cast, team):
    return open_case(cast, team, "Amara")


@pytest.fixture
def other(cast, team):
    return open_case(cast, team, "Boris", assign=False)


@pytest.fixture
def case_review(team):
    return team.meeting_types.get(kind="case_review")


def make_meeting(cast, team, meeting_type, *, days=7):
    start = timezone.localtime() + datetime.timedelta(days=days)
    start = start.replace(hour=9, minute=30, second=0, microsecond=0)
    return services.meeting_schedule(
        actor=cast.coordinator,
        team=team,
        meeting_type=meeting_type,
        starts_at=start,
        facilitator=cast.coordinator,
        location="New Haven CAC, conference room B",
        video_link="https://meet.example.test/nh-mdt",
    )


@pytest.fixture
def meeting(cast, team, case_review):
    return make_meeting(cast, team, case_review)
