"""Fixtures for the people tests, built on the shared `cast` through the real services.

add_person(first, last, **fields)  person_create by intake Ivy, confirmed new (no duplicate check)
referral_with(child, **parties)    a referral at cast.cac naming `child` as the alleged victim
"""

import datetime

import pytest
from django.utils import timezone

from haven.cases.models import AllegationType, PartyRole, ReferralReason
from haven.cases.services import AllegationIn, PartyIn, referral_intake
from haven.people.services import person_create


@pytest.fixture
def add_person(cast):
    """add_person(first, last, **fields) -> a Person, created as a confirmed new person."""

    def _add(first_name, last_name, **fields):
        return person_create(
            actor=cast.intake,
            confirmed_new=True,
            first_name=first_name,
            last_name=last_name,
            **fields,
        )

    return _add


@pytest.fixture
def referral_with(cast):
    """referral_with(child, offender=None, caregiver=None) -> IntakeResult: a referral at the
    New Haven CAC with one sexual-abuse allegation about `child`."""

    def _intake(child, *, offender=None, caregiver=None):
        parties = [PartyIn(child, PartyRole.ALLEGED_VICTIM)]
        if offender is not None:
            parties.append(PartyIn(offender, PartyRole.ALLEGED_OFFENDER))
        if caregiver is not None:
            parties.append(PartyIn(caregiver, PartyRole.CAREGIVER))
        received = timezone.now() - datetime.timedelta(hours=3)
        return referral_intake(
            actor=cast.intake,
            cac=cast.cac,
            reason=ReferralReason.ABUSE_ALLEGATION,
            received_at=received,
            known_at=received - datetime.timedelta(hours=5),
            parties=parties,
            allegations=[AllegationIn(child, AllegationType.SEXUAL_ABUSE)],
        )

    return _intake
