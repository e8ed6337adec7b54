"""The audiences of Gen. Stat. § 17a-106h, as its words name them.

"law enforcement personnel; judges of the Superior Court; prosecutors; public defenders
and other attorneys who represent criminal defendants; hospital emergency room staff and
urgent care facility staff who have contact with patients; and persons employed by a
local or regional board of education or a constituent unit, as defined in § 10a-1, who
have contact with students."
"""

import datetime

import pytest

from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create
from haven.training import rules, services
from haven.training.models import Audience


def _employer(cast, name, kind):
    return agency_create(
        actor=cast.security_officer,
        name=name,
        kind=kind,
        district=District.objects.get(slug="new-haven"),
    )


def _program(cast, audience):
    return services.program_create(
        actor=cast.trainer, title=f"For {audience}", audience=audience, citation="§ 17a-106h"
    )


def _registers(program, employer) -> bool:
    registration, _token = services.registration_request(
        full_name="Alex Rivera", email="alex@example.test", employer=employer, program=program
    )
    return registration is not None


@pytest.mark.django_db
def test_17a_106h_other_attorneys_who_represent_criminal_defendants_may_register(cast):
    """ "public defenders and other attorneys who represent criminal defendants": a defense
    lawyer in private practice is in the audience, not only the Public Defender's office."""
    firm = _employer(cast, "Ortiz & Lamb, defense counsel", AgencyKind.LAW_FIRM)
    assert _registers(_program(cast, Audience.DEFENDERS), firm)


@pytest.mark.django_db
def test_17a_106h_urgent_care_facility_staff_are_their_own_audience(cast):
    """ "hospital emergency room staff and urgent care facility staff": two workplaces."""
    clinic = _employer(cast, "Shoreline Urgent Care", AgencyKind.URGENT_CARE)
    hospital = _employer(cast, "Yale New Haven Hospital", AgencyKind.HOSPITAL)
    urgent = _program(cast, Audience.URGENT_CARE)
    assert rules.AUDIENCE_AGENCY_KINDS[Audience.URGENT_CARE] == [AgencyKind.URGENT_CARE]
    assert _registers(urgent, clinic)
    with pytest.raises(Exception, match="not for that employer"):
        _registers(urgent, hospital)
    assert _registers(_program(cast, Audience.EMERGENCY_ROOM), hospital)


@pytest.mark.django_db
def test_17a_106h_staff_of_a_constituent_unit_of_higher_education_may_register(cast):
    """ "persons employed by a local or regional board of education or a constituent unit,
    as defined in § 10a-1, who have contact with students"."""
    college = _employer(cast, "Southern Connecticut State University", AgencyKind.HIGHER_EDUCATION)
    program = _program(cast, Audience.HIGHER_EDUCATION)
    assert _registers(program, college)
    # The six-month first-training rule (ct.json) is for board-of-education staff only.
    assert rules.initial_due(Audience.HIGHER_EDUCATION, hired_on=datetime.date(2026, 9, 1)) is None


def test_17a_106h_every_audience_of_the_statute_is_offered():
    assert set(rules.AUDIENCE_AGENCY_KINDS) == set(Audience.values)
    wanted = {
        AgencyKind.PUBLIC_DEFENDER,
        AgencyKind.LAW_FIRM,
        AgencyKind.URGENT_CARE,
        AgencyKind.HIGHER_EDUCATION,
        AgencyKind.SCHOOL_DISTRICT,
        AgencyKind.HOSPITAL,
    }
    offered = {kind for kinds in rules.AUDIENCE_AGENCY_KINDS.values() for kind in kinds}
    assert wanted <= offered


@pytest.mark.django_db
def test_17a_106h_each_audience_has_an_initial_and_a_refresher_program_in_the_demo():
    """ "an initial educational training program and refresher training program"."""
    from haven.demo.seed import seed_demo
    from haven.training.models import Program, ProgramKind

    seed_demo()
    for audience in Audience.values:
        kinds = set(Program.objects.filter(audience=audience).values_list("kind", flat=True))
        assert kinds == {ProgramKind.INITIAL, ProgramKind.REFRESHER}, audience
