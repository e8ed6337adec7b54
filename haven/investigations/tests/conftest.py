"""Fixtures for the investigations tests, built on the shared `cast` through real services.

team        "New Haven MDT", hosted by cast.cac (nobody seated unless a test seats them)
child       José Núñez, alleged victim; offender Victor Hale, alleged offender
case        José's case on the team, assigned to detective Luis (law enforcement), DCF
            worker Dana (child protection) and prosecutor Paula (prosecution)
sibling     Ana Núñez's case: a co-victim of the same offender, same assignments
stranger    a case with no alleged offender, assigned to the same three
lodging     "Harbor Inn", a lodging business in the directory
"""

import datetime

import pytest
from django.utils import timezone

from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create
from haven.people.services import person_create
from haven.teams.services import team_create

D = datetime.date


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def team(cast):
    return team_create(
        actor=cast.coordinator,
        name="New Haven MDT",
        district=District.objects.get(slug="new-haven"),
        host_cac=cast.cac,
        established_on=D(2024, 1, 1),
    )


def _person(cast, first, last, **fields):
    return person_create(
        actor=cast.intake, confirmed_new=True, first_name=first, last_name=last, **fields
    )


@pytest.fixture
def offender(cast):
    return _person(cast, "Victor", "Hale")


def open_case(cast, team, child, offender=None, *, assign=True, source_agency=None):
    parties = [PartyIn(child, "alleged_victim")]
    if offender is not None:
        parties.append(PartyIn(offender, "alleged_offender", relationship="parents_partner"))
    case = referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        team=team,
        source_agency=source_agency,
        reason="abuse_allegation",
        received_at=timezone.now() - datetime.timedelta(days=30),
        parties=parties,
        allegations=[AllegationIn(child, "sexual_abuse")],
    ).cases[0]
    if assign:
        today = timezone.localdate() - datetime.timedelta(days=29)
        for user, section in (
            (cast.detective, "law_enforcement"),
            (cast.dcf_worker, "child_protection"),
            (cast.prosecutor, "prosecution"),
        ):
            case_assign(
                actor=cast.coordinator, case=case, section=section, user=user, starts_on=today
            )
    return case


@pytest.fixture
def case(cast, team, offender):
    child = _person(cast, "José", "Núñez", date_of_birth=D(2016, 5, 4))
    return open_case(cast, team, child, offender)


@pytest.fixture
def sibling(cast, team, offender):
    child = _person(cast, "Ana", "Núñez", date_of_birth=D(2014, 2, 1))
    return open_case(cast, team, child, offender)


@pytest.fixture
def stranger(cast, team):
    child = _person(cast, "Lena", "Park", date_of_birth=D(2013, 9, 9))
    return open_case(cast, team, child)


@pytest.fixture
def lodging(cast):
    return agency_create(
        actor=cast.security_officer,
        name="Harbor Inn",
        kind=AgencyKind.LODGING,
        district=District.objects.get(slug="new-haven"),
        town="New Haven",
    )


@pytest.fixture
def days_ago(today):
    return lambda n: today - datetime.timedelta(days=n)
