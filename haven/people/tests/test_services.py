"""Writes to people: creating one (with the duplicate check), changing one, merging two."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.cases.models import Allegation, AllegationType, Case, Party, PartyRole, ReferralReason
from haven.cases.services import AllegationIn, PartyIn, referral_intake
from haven.core.errors import HavenError
from haven.people.models import Person
from haven.people.services import (
    PossibleDuplicates,
    person_create,
    person_merge,
    person_update,
)

D = datetime.date
DAY = datetime.timedelta(days=1)


def audit_rows(action, target):
    return list(AuditEvent.objects.filter(action=action, object_id=str(target.public_id)))


# --- person_create ----------------------------------------------------------


def test_person_create_saves_the_search_keys(cast):
    jose = person_create(actor=cast.intake, first_name="José", last_name="Núñez")
    jose.refresh_from_db()
    assert jose.sort_name == "nunez jose"
    assert jose.last_phonetic == "NNS"
    assert jose.first_phonetic
    assert jose.merged_into is None


def test_person_create_is_audited(cast):
    jose = person_create(actor=cast.intake, first_name="José", last_name="Núñez")
    (row,) = audit_rows(Action.PERSON_CREATED, jose)
    assert row.actor == cast.intake
    assert row.new_values["first_name"] == "José"
    assert row.new_values["confirmed_new"] is False


def test_person_create_refuses_a_likely_duplicate_with_the_matches(cast, add_person):
    jose = add_person("José", "Núñez", date_of_birth=D(2016, 5, 4))
    with pytest.raises(PossibleDuplicates) as refused:
        person_create(
            actor=cast.intake, first_name="jose", last_name="nunez", date_of_birth=D(2016, 5, 4)
        )
    assert refused.value.status == 409
    assert refused.value.code == "possible_duplicate"
    assert [m.person for m in refused.value.matches] == [jose]
    assert Person.objects.count() == 1


def test_person_create_refuses_a_duplicate_by_sound(cast, add_person):
    add_person("John", "Smith")
    with pytest.raises(PossibleDuplicates):
        person_create(actor=cast.intake, first_name="Jon", last_name="Smyth")


def test_person_create_makes_the_person_once_confirmed_new(cast, add_person):
    add_person("José", "Núñez")
    second = person_create(
        actor=cast.intake, confirmed_new=True, first_name="José", last_name="Núñez"
    )
    assert Person.objects.count() == 2
    (row,) = audit_rows(Action.PERSON_CREATED, second)
    assert row.new_values["confirmed_new"] is True


def test_person_create_refuses_a_date_of_birth_in_the_future(cast):
    tomorrow = timezone.localdate() + DAY
    with pytest.raises(HavenError) as refused:
        person_create(
            actor=cast.intake, first_name="Ana", last_name="Lopez", date_of_birth=tomorrow
        )
    assert refused.value.field == "date_of_birth"
    assert not Person.objects.exists()


def test_person_create_accepts_a_child_born_today(cast):
    today = timezone.localdate()
    baby = person_create(
        actor=cast.intake, first_name="Ana", last_name="Lopez", date_of_birth=today
    )
    assert baby.age_on(today) == 0


def test_person_create_refuses_a_date_of_birth_over_120_years_ago(cast):
    with pytest.raises(HavenError) as refused:
        person_create(
            actor=cast.intake, first_name="Ana", last_name="Lopez", date_of_birth=D(1800, 1, 1)
        )
    assert refused.value.field == "date_of_birth"


@pytest.mark.parametrize(
    ("first", "last", "field"), [("", "Lopez", "first_name"), ("Ana", "  ", "last_name")]
)
def test_person_create_needs_a_first_and_a_last_name(cast, first, last, field):
    with pytest.raises(HavenError) as refused:
        person_create(actor=cast.intake, first_name=first, last_name=last)
    assert refused.value.field == field


def test_person_create_refuses_an_implausible_estimated_age(cast):
    with pytest.raises(HavenError) as refused:
        person_create(actor=cast.intake, first_name="Ana", last_name="Lopez", estimated_age=150)
    assert not Person.objects.exists()
    assert refused.value.status == 400


def test_person_create_dates_an_estimated_age_today(cast):
    ana = person_create(actor=cast.intake, first_name="Ana", last_name="Lopez", estimated_age=9)
    assert ana.estimated_age_on == timezone.localdate()
    assert ana.age_on(ana.estimated_age_on + 366 * DAY) == 10


def test_person_create_refuses_unknown_fields(cast):
    with pytest.raises(HavenError, match="Unknown fields: sort_name"):
        person_create(actor=cast.intake, first_name="Ana", last_name="Lopez", sort_name="x")


def test_person_create_needs_a_signed_in_active_user(cast):
    for actor in (AnonymousUser(), cast.disabled):
        with pytest.raises(HavenError) as refused:
            person_create(actor=actor, first_name="Ana", last_name="Lopez")
        assert refused.value.status == 403
    assert not Person.objects.exists()


# --- person_update ----------------------------------------------------------


def test_person_update_keeps_the_search_keys_in_step_and_audits_the_change(cast, add_person):
    ana = add_person("Ana", "Lopez")
    person_update(actor=cast.intake, person=ana, last_name="López-Smyth")
    ana.refresh_from_db()
    assert ana.sort_name == "lopez smyth ana"
    (row,) = audit_rows(Action.PERSON_UPDATED, ana)
    assert row.old_values == {"last_name": "Lopez"}
    assert row.new_values == {"last_name": "López-Smyth"}


def test_person_update_refuses_a_future_date_of_birth(cast, add_person):
    ana = add_person("Ana", "Lopez")
    with pytest.raises(HavenError) as refused:
        person_update(actor=cast.intake, person=ana, date_of_birth=timezone.localdate() + DAY)
    assert refused.value.field == "date_of_birth"
    ana.refresh_from_db()
    assert ana.date_of_birth is None


# --- person_merge -----------------------------------------------------------


@pytest.fixture
def twins(add_person, referral_with):
    """The same boy entered twice, each record with its own referral and links."""
    kept = add_person("José", "Núñez", date_of_birth=D(2016, 5, 4))
    duplicate = add_person("Jose", "Nunez", date_of_birth=D(2016, 5, 4))
    offender = add_person("Victor", "Hale")
    first = referral_with(kept, offender=offender)
    second = referral_with(duplicate, offender=offender)
    return kept, duplicate, first, second


def test_person_merge_is_only_for_the_merging_roles(cast, twins):
    """The security officer and the coordinator hold the merge capability (the pages and
    the API add People view and the person's visibility); nobody else merges."""
    kept, duplicate, *_ = twins
    for actor in (cast.intake, cast.detective, cast.disabled):
        with pytest.raises(HavenError) as refused:
            person_merge(actor=actor, keep=kept, duplicate=duplicate)
        assert refused.value.status == 403
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert not AuditEvent.objects.filter(action=Action.PERSON_MERGED).exists()


def test_person_merge_moves_every_party_case_and_allegation_link(cast, twins):
    kept, duplicate, first, second = twins
    person_merge(actor=cast.security_officer, keep=kept, duplicate=duplicate)
    assert not Party.objects.filter(person=duplicate).exists()
    assert not Case.objects.filter(child=duplicate).exists()
    assert not Allegation.objects.filter(victim=duplicate).exists()
    assert set(Case.objects.filter(child=kept)) == {*first.cases, *second.cases}
    assert Allegation.objects.filter(victim=kept).count() == 2
    assert Party.objects.filter(person=kept, role=PartyRole.ALLEGED_VICTIM).count() == 2


def test_person_merge_marks_the_duplicate_merged_and_keeps_it(cast, twins):
    kept, duplicate, *_ = twins
    assert person_merge(actor=cast.security_officer, keep=kept, duplicate=duplicate) == kept
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    kept.refresh_from_db()
    assert kept.merged_into is None


def test_person_merge_is_audited_with_the_links_moved(cast, twins):
    kept, duplicate, *_ = twins
    person_merge(actor=cast.security_officer, keep=kept, duplicate=duplicate)
    (row,) = audit_rows(Action.PERSON_MERGED, kept)
    assert row.action == "person.merged"
    assert row.actor == cast.security_officer
    assert row.old_values["merged"] == str(duplicate.public_id)
    assert row.new_values["links_moved"] == {
        "cases.party.person": 1,
        "cases.case.child": 1,
        "cases.allegation.victim": 1,
    }


def test_person_merge_refuses_merging_a_person_into_itself(cast, twins):
    kept, *_ = twins
    with pytest.raises(HavenError):
        person_merge(actor=cast.security_officer, keep=kept, duplicate=kept)
    kept.refresh_from_db()
    assert kept.merged_into is None


def test_person_merge_refuses_an_already_merged_person(cast, twins, add_person):
    kept, duplicate, *_ = twins
    third = add_person("Joseph", "Nunez")
    person_merge(actor=cast.security_officer, keep=kept, duplicate=duplicate)
    duplicate = Person.objects.get(pk=duplicate.pk)
    with pytest.raises(HavenError, match="already merged"):
        person_merge(actor=cast.security_officer, keep=third, duplicate=duplicate)
    with pytest.raises(HavenError, match="already merged"):
        person_merge(actor=cast.security_officer, keep=duplicate, duplicate=third)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert AuditEvent.objects.filter(action=Action.PERSON_MERGED).count() == 1


def test_person_merge_of_two_records_in_the_same_role_on_one_referral_keeps_one_party(
    cast, add_person
):
    child = add_person("Ana", "Lopez", date_of_birth=D(2015, 2, 3))
    kept = add_person("Victor", "Hale")
    duplicate = add_person("Viktor", "Hale")
    received = timezone.now() - datetime.timedelta(hours=2)
    referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        reason=ReferralReason.ABUSE_ALLEGATION,
        received_at=received,
        parties=[
            PartyIn(child, PartyRole.ALLEGED_VICTIM),
            PartyIn(kept, PartyRole.ALLEGED_OFFENDER),
            PartyIn(duplicate, PartyRole.ALLEGED_OFFENDER),
        ],
        allegations=[AllegationIn(child, AllegationType.PHYSICAL_ABUSE)],
    )
    person_merge(actor=cast.security_officer, keep=kept, duplicate=duplicate)
    assert Party.objects.filter(role=PartyRole.ALLEGED_OFFENDER, person=kept).count() == 1
    assert not Party.objects.filter(person=duplicate).exists()
