"""Fixtures for the cases tests, built on the shared `cast` through the real services.

team               "New Haven MDT", hosted by cast.cac
other_cac          "Hartford CAC", with its coordinator Hana (other_coordinator) and its team
dcf_office         the DCF worker's office
make_person(first, last, **fields)   a person, confirmed new
child              José Núñez, born 2016-05-04; offender: Victor Hale
intake(**overrides) -> IntakeResult  referral_intake by intake Ivy at cast.cac, received two
                   hours ago, known five hours before that, child + offender, one allegation
case               the one case of a default intake on `team`, police as referral source
seat(user, seat, starts_on=today, ends_on=None)   membership_add on `team`
assign(case, user, section, starts_on=today)      case_assign by coordinator Carmen
"""

import datetime

import pytest
from django.utils import timezone

from haven.accounts.disciplines import Discipline
from haven.accounts.services import user_create
from haven.cases.models import AllegationType, PartyRole, ReferralReason
from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
from haven.conftest import PASSWORD
from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create
from haven.people.services import person_create
from haven.teams.services import membership_add, team_create

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


@pytest.fixture
def other_cac(cast):
    return agency_create(
        actor=cast.security_officer,
        name="Hartford CAC",
        kind=AgencyKind.CAC,
        district=District.objects.get(slug="hartford"),
        town="Hartford",
    )


@pytest.fixture
def other_coordinator(cast, other_cac):
    return user_create(
        actor=cast.security_officer,
        email="hana@hartfordcac.test",
        full_name="Hana Brandt",
        discipline=Discipline.COORDINATOR,
        agency=other_cac,
        password=PASSWORD,
    )


@pytest.fixture
def other_team(other_coordinator, other_cac):
    return team_create(
        actor=other_coordinator,
        name="Hartford MDT",
        district=District.objects.get(slug="hartford"),
        host_cac=other_cac,
        established_on=D(2024, 1, 1),
    )


@pytest.fixture
def dcf_office(cast):
    return cast.dcf_worker.agency


@pytest.fixture
def make_person(cast):
    def _make(first_name, last_name, **fields):
        return person_create(
            actor=cast.intake,
            confirmed_new=True,
            first_name=first_name,
            last_name=last_name,
            **fields,
        )

    return _make


@pytest.fixture
def child(make_person):
    return make_person("José", "Núñez", date_of_birth=D(2016, 5, 4))


@pytest.fixture
def offender(make_person):
    return make_person("Victor", "Hale")


@pytest.fixture
def intake(cast, child, offender):
    """intake(**overrides) -> IntakeResult; any referral_intake argument may be overridden."""

    def _intake(**overrides):
        received = timezone.now() - datetime.timedelta(hours=2)
        arguments = {
            "actor": cast.intake,
            "cac": cast.cac,
            "reason": ReferralReason.ABUSE_ALLEGATION,
            "received_at": received,
            "known_at": received - datetime.timedelta(hours=5),
            "parties": [
                PartyIn(child, PartyRole.ALLEGED_VICTIM),
                PartyIn(offender, PartyRole.ALLEGED_OFFENDER, relationship="parents_partner"),
            ],
            "allegations": [AllegationIn(child, AllegationType.SEXUAL_ABUSE)],
        }
        arguments.update(overrides)
        return referral_intake(**arguments)

    return _intake


@pytest.fixture
def case(intake, team, cast):
    """José's case on the New Haven MDT; New Haven Police made the referral."""
    (only,) = intake(team=team, source_agency=cast.police).cases
    return only


@pytest.fixture
def seat(cast, team, today):
    """seat(user, seat, starts_on=today, ends_on=None, team=team) -> Membership."""

    def _seat(user, seat_code, *, starts_on=None, ends_on=None, on_team=None):
        return membership_add(
            actor=cast.coordinator,
            team=on_team or team,
            seat=seat_code,
            user=user,
            starts_on=starts_on or today,
            ends_on=ends_on,
        )

    return _seat


@pytest.fixture
def assign(cast, today):
    """assign(case, user, section, starts_on=today) -> Assignment, by coordinator Carmen."""

    def _assign(a_case, user, section, *, starts_on=None, actor=None):
        return case_assign(
            actor=actor or cast.coordinator,
            case=a_case,
            section=section,
            user=user,
            starts_on=starts_on or today,
        )

    return _assign


@pytest.fixture
def officer_sees_people(cast):
    """The security officer's role given view on the people section (the default matrix
    says none): merging from a person page or the API needs it (security issue 18)."""
    from haven.access.models import Level, Section
    from haven.access.services import matrix_update

    matrix_update(
        actor=cast.security_officer,
        changes={(Discipline.SECURITY_OFFICER.value, Section.PEOPLE.value): int(Level.VIEW)},
    )
