"""The person page (/people/<id>/) and the security officer's merge, through the web."""

import datetime

import pytest

from haven.audit.models import Action, AuditEvent, Kind
from haven.cases.models import AllegationType, Case, Party, PartyRole
from haven.cases.services import AllegationIn, PartyIn
from haven.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(make_person, intake, team, cast, other_cac, other_coordinator):
    """José's case at the New Haven CAC with a caregiver; José also in a Hartford CAC case."""
    caregiver = make_person("Rosa", "Núñez", phone="203-555-0101", primary_language="Spanish")
    child = Person.objects.get(first_name="José")
    offender = Person.objects.get(first_name="Victor")
    here = intake(
        team=team,
        parties=[
            PartyIn(child, PartyRole.ALLEGED_VICTIM),
            PartyIn(offender, PartyRole.ALLEGED_OFFENDER),
            PartyIn(caregiver, PartyRole.CAREGIVER, relationship="parent"),
        ],
    ).cases[0]
    elsewhere = intake(
        actor=other_coordinator,
        cac=other_cac,
        parties=[PartyIn(child, PartyRole.ALLEGED_VICTIM)],
        allegations=[AllegationIn(child, AllegationType.NEGLECT)],
    ).cases[0]
    return {"child": child, "here": here, "elsewhere": elsewhere, "caregiver": caregiver}


def _url(person):
    return f"/people/{person.public_id}/"


def test_the_person_page_shows_the_biography_and_the_caregivers(family, cast, client_for):
    body = client_for(cast.coordinator).get(_url(family["child"])).content.decode()
    assert "José Núñez" in body and "2016-05-04" in body
    assert "Rosa Núñez" in body and "203-555-0101" in body and "Spanish" in body


def test_the_person_page_lists_only_the_cases_the_viewer_may_see(family, cast, client_for):
    response = client_for(cast.coordinator).get(_url(family["child"]))
    assert [c.pk for c in response.context["cases"]] == [family["here"].pk]
    body = response.content.decode()
    assert f">{family['here'].number}<" in body and f">{family['elsewhere'].number}<" not in body
    assert "Alleged victim" in body


def test_a_person_in_no_case_the_viewer_may_see_is_not_found(family, cast, client_for):
    assert client_for(cast.detective_elsewhere).get(_url(family["child"])).status_code == 404
    assert client_for(cast.dcf_worker).get(_url(family["child"])).status_code == 404


def test_a_role_without_the_people_section_may_not_open_a_person(family, cast, client_for):
    assert client_for(cast.expert).get(_url(family["child"])).status_code == 403


def test_every_person_page_is_an_audit_access_event(family, cast, client_for):
    client_for(cast.coordinator).get(_url(family["child"]))
    (row,) = AuditEvent.objects.filter(
        kind=Kind.ACCESS, action=Action.VIEWED, object_id=str(family["child"].public_id)
    )
    assert row.actor == cast.coordinator
    assert row.new_values["cases"] == [str(family["here"].public_id)]


def test_the_case_page_links_each_name_to_the_person_page(family, cast, client_for):
    body = client_for(cast.coordinator).get(f"/cases/{family['here'].public_id}/").content.decode()
    for person in (family["child"], family["caregiver"]):
        assert f'href="/people/{person.public_id}/"' in body


def test_the_person_page_uses_a_bounded_number_of_queries(
    family, cast, client_for, intake, django_assert_max_num_queries
):
    client = client_for(cast.coordinator)
    client.get(_url(family["child"]))
    with django_assert_max_num_queries(30) as few:
        client.get(_url(family["child"]))
    for _ in range(5):
        intake(
            parties=[
                PartyIn(family["child"], PartyRole.ALLEGED_VICTIM),
                PartyIn(family["caregiver"], PartyRole.CAREGIVER),
            ],
            allegations=[AllegationIn(family["child"], AllegationType.NEGLECT)],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url(family["child"]))
    assert len(response.context["cases"]) == 6


# --- merge ---------------------------------------------------------------------------


@pytest.fixture
def duplicate(make_person, intake):
    """Jose Nunez typed again, with his own case."""
    twin = make_person("Jose", "Nunez", date_of_birth=datetime.date(2016, 5, 4))
    intake(
        parties=[PartyIn(twin, PartyRole.ALLEGED_VICTIM)],
        allegations=[AllegationIn(twin, AllegationType.PHYSICAL_ABUSE)],
    )
    return twin


def test_the_officer_finds_the_duplicate_without_putting_the_name_in_the_address(
    family, duplicate, cast, client_for, officer_sees_people
):
    client = client_for(cast.security_officer)
    person_page = client.get(_url(family["child"])).content.decode()
    assert f"/people/{family['child'].public_id}/merge/" in person_page
    response = client.post(f"/people/{family['child'].public_id}/merge/", {"q": "jose nunez"})
    assert response.status_code == 200
    results = response.context["results"]
    assert duplicate in results and family["child"] not in results  # never itself
    assert f"/people/{family['child'].public_id}/merge/{duplicate.public_id}/" in (
        response.content.decode()
    )


def test_the_officer_compares_both_records_then_merges_and_every_case_follows(
    family, duplicate, cast, client_for, officer_sees_people
):
    client = client_for(cast.security_officer)
    url = f"/people/{family['child'].public_id}/merge/{duplicate.public_id}/"
    compare = client.get(url).content.decode()
    assert "José Núñez" in compare and "Jose Nunez" in compare
    assert "Merge Jose Nunez into José Núñez" in compare
    assert "These records differ" not in compare  # accents only: the same name
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == _url(family["child"])
    duplicate.refresh_from_db()
    assert duplicate.merged_into == family["child"]
    assert not Case.objects.filter(child=duplicate).exists()
    assert not Party.objects.filter(person=duplicate).exists()
    assert Case.objects.filter(child=family["child"]).count() == 3
    assert AuditEvent.objects.filter(action=Action.PERSON_MERGED).count() == 1
    assert client.get(_url(duplicate)).status_code == 404  # merged records are gone


def test_people_none_closes_merging_to_the_security_officer(family, duplicate, cast, client_for):
    """The default matrix gives her role People: none: no person page, no merge pages; she
    decides likely duplicates on the review list (security issue 18, item 5)."""
    client = client_for(cast.security_officer)
    url = f"/people/{family['child'].public_id}/merge/{duplicate.public_id}/"
    assert client.get(_url(family["child"])).status_code == 403
    assert client.get(f"/people/{family['child'].public_id}/merge/").status_code == 403
    assert client.post(url).status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_the_officer_merges_only_people_on_cases_she_may_see(
    family, duplicate, cast, client_for, officer_sees_people, other_coordinator
):
    """Even with view on people: a record only on another centre's case is not found."""
    from haven.people.services import person_create

    theirs = person_create(
        actor=other_coordinator, confirmed_new=True, first_name="Jose", last_name="Nunez"
    )
    family["elsewhere"].referral.parties.create(person=theirs, role=PartyRole.CAREGIVER)
    client = client_for(cast.security_officer)
    found = client.post(f"/people/{family['child'].public_id}/merge/", {"q": "jose nunez"})
    assert theirs not in found.context["results"] and duplicate in found.context["results"]
    url = f"/people/{family['child'].public_id}/merge/{theirs.public_id}/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.merged_into is None


def test_the_coordinator_merges_a_duplicate_of_her_centres_cases(
    family, duplicate, cast, client_for
):
    """Both records are on her centre's cases (People: edit): the duplicate merges from the
    person page, audited, without the security officer."""
    client = client_for(cast.coordinator)
    url = f"/people/{family['child'].public_id}/merge/{duplicate.public_id}/"
    assert "Merge Jose Nunez into José Núñez" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == family["child"]
    assert AuditEvent.objects.filter(action=Action.PERSON_MERGED, actor=cast.coordinator).exists()


def test_merging_needs_the_merge_capability(family, duplicate, cast, client_for):
    client = client_for(cast.intake)
    url = f"/people/{family['child'].public_id}/merge/{duplicate.public_id}/"
    assert client.get(f"/people/{family['child'].public_id}/merge/").status_code == 403
    assert client.post(url).status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert "Merge a duplicate" not in client.get(_url(family["child"])).content.decode()


def test_merging_a_person_into_themself_is_refused_with_a_message(
    family, cast, client_for, officer_sees_people
):
    url = f"/people/{family['child'].public_id}/merge/{family['child'].public_id}/"
    response = client_for(cast.security_officer).post(url)
    assert response.status_code == 400
    assert "two different people" in response.content.decode()


def test_the_comparison_warns_when_the_records_differ(
    family, cast, client_for, make_person, intake, officer_sees_people
):
    other = make_person("Josefina", "Núñez", date_of_birth=datetime.date(2012, 1, 1))
    intake(
        parties=[PartyIn(other, PartyRole.ALLEGED_VICTIM)],
        allegations=[AllegationIn(other, AllegationType.NEGLECT)],
    )
    url = f"/people/{family['child'].public_id}/merge/{other.public_id}/"
    compare = client_for(cast.security_officer).get(url).content.decode()
    assert "These records differ in: first name, date of birth." in compare
