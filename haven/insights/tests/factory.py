"""A hand-built world for the statistics tests: rows written directly (the figures read
tables, and the fixture needs dates in the past that intake would stamp as today)."""

import datetime
import itertools

from django.utils import timezone

from haven.cases.models import Allegation, Case, Party, Referral
from haven.people.models import Person

_seq = itertools.count(1)


def person(first="Kid", last="Doe", **fields) -> Person:
    n = next(_seq)
    return Person.objects.create(
        first_name=f"{first}{n}",
        last_name=last,
        sort_name=f"{last} {first}{n}".lower(),
        last_phonetic="X",
        first_phonetic="X",
        **fields,
    )


def referral(cac, actor, received_on: datetime.date, reason="abuse_allegation") -> Referral:
    at = timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(10)))
    return Referral.objects.create(cac=cac, reason=reason, received_at=at, created_by=actor)


def case(ref: Referral, child: Person, **fields) -> Case:
    n = next(_seq)
    Party.objects.get_or_create(referral=ref, person=child, role="alleged_victim")
    received = ref.received_at.date()
    return Case.objects.create(
        referral=ref,
        child=child,
        cac=ref.cac,
        year=received.year,
        sequence=n,
        number=f"T-{received.year}-{n:05d}",
        received_on=received,
        **fields,
    )


def offender(ref: Referral, relationship="", age=None, **person_fields) -> Party:
    return Party.objects.create(
        referral=ref,
        person=person("Adult", "Offender", **person_fields),
        role="alleged_offender",
        relationship=relationship,
        age_at_referral=age,
    )


def allege(ref: Referral, child: Person, *kinds: str) -> None:
    for kind in kinds:
        Allegation.objects.create(referral=ref, victim=child, kind=kind)


def simple_case(cac, actor, received_on, **child_fields) -> Case:
    ref = referral(cac, actor, received_on)
    child = person(**child_fields)
    allege(ref, child, "neglect")
    return case(ref, child)
