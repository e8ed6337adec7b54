"""Fixtures for the services tests, built on the shared `cast` through real services.

child       Mia Santos, born 2012-05-10; alleged victim
mother      Rosa Santos, non-offending caregiver, rosa@example.test
offender    Victor Hale, alleged offender, victor@example.test, 12 Elm St
case        Mia's case at the cast's CAC, assigned to the DCF worker (child protection)
"""

import datetime

import pytest
from django.utils import timezone

from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
from haven.people.services import person_create

D = datetime.date


def person(cast, first, last, **fields):
    return person_create(
        actor=cast.intake, confirmed_new=True, first_name=first, last_name=last, **fields
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def child(cast):
    return person(cast, "Mia", "Santos", date_of_birth=D(2012, 5, 10))


@pytest.fixture
def mother(cast):
    return person(cast, "Rosa", "Santos", email="rosa@example.test", address="4 Oak Ave")


@pytest.fixture
def offender(cast):
    return person(
        cast,
        "Victor",
        "Hale",
        email="victor@example.test",
        phone="203-555-0100",
        address="12 Elm St",
    )


def open_case(cast, child, *others):
    case = referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        reason="abuse_allegation",
        received_at=timezone.now() - datetime.timedelta(days=60),
        parties=[PartyIn(child, "alleged_victim"), *others],
        allegations=[AllegationIn(child, "sexual_abuse")],
    ).cases[0]
    case_assign(
        actor=cast.coordinator,
        case=case,
        section="child_protection",
        user=cast.dcf_worker,
        starts_on=timezone.localdate() - datetime.timedelta(days=59),
    )
    return case


@pytest.fixture
def case(cast, child, mother, offender):
    return open_case(
        cast,
        child,
        PartyIn(mother, "caregiver", relationship="parent"),
        PartyIn(offender, "alleged_offender", relationship="parents_partner"),
    )


def mark_trafficking(cast, case, kind):
    from haven.investigations.services import trafficking_save

    return trafficking_save(actor=cast.coordinator, case=case, kind=kind)
