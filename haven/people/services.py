"""Writes to people. Creating one checks for likely duplicates first; merging is audited."""

import datetime

from django.db import transaction
from django.utils import timezone

from haven.access.rules import Capability, require_capability
from haven.audit.models import Action
from haven.audit.services import audit_record, changed_fields, snapshot
from haven.core.errors import HavenError, full_clean_or_refuse
from haven.people.links import names_changed, relink_person
from haven.people.models import NAME_KEY_FIELDS, Person
from haven.people.names import phonetic, short_key, sort_key
from haven.people.selectors import likely_matches

FIELDS = [
    "first_name",
    "middle_name",
    "last_name",
    "aliases",
    "date_of_birth",
    "estimated_age",
    "estimated_age_on",
    "sex",
    "gender",
    "race",
    "ethnicity",
    "primary_language",
    "interpreter_needed",
    "cultural_considerations",
    "accommodations",
    "town",
    "phone",
    "email",
    "address",
]


class PossibleDuplicates(HavenError):
    """Raised when likely matches exist and the caller has not confirmed a new person."""

    def __init__(self, matches):
        super().__init__(
            "This may be someone already in Haven. Choose them, or confirm that "
            "this is a new person.",
            code="possible_duplicate",
            status=409,
        )
        self.matches = matches


def _keys(person: Person) -> None:
    person.sort_name = sort_key(person.first_name, person.last_name)
    person.short_name = short_key(person.first_name, person.last_name)
    person.last_phonetic = phonetic(person.last_name)
    person.first_phonetic = phonetic(person.first_name)


def _validate(person: Person, *, today: datetime.date) -> None:
    if not person.first_name.strip() or not person.last_name.strip():
        raise HavenError(
            "Enter a first and a last name (use 'Unknown' if not known).",
            field="last_name" if person.first_name.strip() else "first_name",
        )
    if person.date_of_birth and person.date_of_birth > today:
        raise HavenError(
            "The date of birth is in the future; check the year.", field="date_of_birth"
        )
    if person.date_of_birth and person.date_of_birth.year < today.year - 120:
        raise HavenError(
            "The date of birth is more than 120 years ago; check the year.", field="date_of_birth"
        )
    full_clean_or_refuse(person, exclude=["sort_name", "last_phonetic", "first_phonetic"])


def person_create(
    *, actor, confirmed_new: bool = False, among=None, request=None, **fields
) -> Person:
    """Create a person. Unless `confirmed_new`, refuses with PossibleDuplicates when likely
    matches exist, so the user picks one of them or confirms. `among` (a queryset of
    people): only matches in it count, and only they are named; the caller passes the
    people the user may see, so that the check tells nothing of anyone else."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise HavenError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise HavenError("Sign in first.", status=403, code="forbidden")
    person = Person(**fields)
    if person.estimated_age is not None and person.estimated_age_on is None:
        person.estimated_age_on = timezone.localdate()
    _validate(person, today=timezone.localdate())
    if not confirmed_new:
        matches = likely_matches(
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
        )
        if matches and among is not None:
            allowed = set(
                among.filter(pk__in=[m.person.pk for m in matches]).values_list("pk", flat=True)
            )
            matches = [m for m in matches if m.person.pk in allowed]
        if matches:
            raise PossibleDuplicates(matches)
    _keys(person)
    with transaction.atomic():
        person.save()
        audit_record(
            actor=actor,
            action=Action.PERSON_CREATED,
            target=person,
            request=request,
            new={
                "confirmed_new": confirmed_new,
                **{k: v for k, v in snapshot(person, FIELDS).items() if v},
            },
        )
    return person


def _key_values(person: Person) -> tuple:
    return tuple(getattr(person, name) for name in NAME_KEY_FIELDS)


def person_update(*, actor, person: Person, request=None, **fields) -> Person:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise HavenError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(person, FIELDS)
        for name, value in fields.items():
            setattr(person, name, value)
        _validate(person, today=timezone.localdate())
        keys_before = _key_values(person)
        _keys(person)
        person.save()
        if _key_values(person) != keys_before:
            names_changed([person.pk])
        old, new = changed_fields(person, FIELDS, before)
        if new:
            audit_record(
                actor=actor,
                action=Action.PERSON_UPDATED,
                target=person,
                old=old,
                new=new,
                request=request,
            )
    return person


def person_merge(*, actor, keep: Person, duplicate: Person, request=None) -> Person:
    """Merge `duplicate` into `keep` (security officer only): every link to the duplicate
    follows to the kept record; the duplicate stays, marked merged, for the history."""
    require_capability(actor, Capability.MERGE_PEOPLE)
    if keep.pk == duplicate.pk:
        raise HavenError("Choose two different people to merge.")
    if duplicate.merged_into_id or keep.merged_into_id:
        raise HavenError(
            "One of these records was already merged; merge into the surviving record instead."
        )
    with transaction.atomic():
        moved = relink_person(source=duplicate, target=keep)
        duplicate.merged_into = keep
        duplicate.save(update_fields=["merged_into"])
        names_changed([keep.pk, duplicate.pk])
        audit_record(
            actor=actor,
            action=Action.PERSON_MERGED,
            target=keep,
            request=request,
            old={"merged": str(duplicate.public_id), "name": duplicate.full_name},
            new={"links_moved": moved},
        )
    return keep
