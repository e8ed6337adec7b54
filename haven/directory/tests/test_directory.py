import datetime

import pytest

from haven.core.errors import HavenError
from haven.directory.models import Credential, CredentialKind, District
from haven.directory.rules import credential_is_current, holds_current_credential
from haven.directory.services import agency_create, credential_add, personnel_create

TODAY = datetime.date(2026, 11, 28)


@pytest.mark.django_db
def test_the_thirteen_judicial_districts_are_loaded_with_their_court_seats():
    names = list(District.objects.values_list("name", flat=True))
    assert len(names) == 13
    assert "Stamford-Norwalk" in names and "Windham" in names
    assert District.objects.get(name="Litchfield").court_seats[0] == "Litchfield"


def test_a_credential_counts_from_issue_until_its_expiry():
    credential = Credential(
        kind=CredentialKind.FI_PEER_REVIEW,
        issued_on=datetime.date(2026, 6, 1),
        expires_on=datetime.date(2026, 12, 1),
    )
    assert credential_is_current(credential, on=TODAY)
    assert credential_is_current(credential, on=datetime.date(2026, 12, 1))
    assert not credential_is_current(credential, on=datetime.date(2026, 12, 2))
    assert not credential_is_current(credential, on=datetime.date(2026, 5, 31))


def test_holding_a_current_credential_looks_at_its_kind():
    foundational = Credential(
        kind=CredentialKind.FI_FOUNDATIONAL, issued_on=datetime.date(2020, 1, 1)
    )
    assert holds_current_credential([foundational], CredentialKind.FI_FOUNDATIONAL, on=TODAY)
    assert not holds_current_credential([foundational], CredentialKind.FI_PEER_REVIEW, on=TODAY)


@pytest.mark.django_db
def test_an_expiry_before_the_issue_date_is_refused(cast):
    person = personnel_create(actor=cast.coordinator, agency=cast.cac, full_name="Pat Lee")
    with pytest.raises(HavenError, match="on or after the issue date"):
        credential_add(
            actor=cast.coordinator,
            personnel=person,
            kind="fi_peer_review",
            issued_on=TODAY,
            expires_on=TODAY - datetime.timedelta(days=1),
        )


@pytest.mark.django_db
def test_two_agencies_of_one_kind_cannot_share_a_name(cast):
    with pytest.raises(HavenError, match="already exists"):
        agency_create(actor=cast.coordinator, name="new haven police", kind="municipal_police")


@pytest.mark.django_db
def test_a_detective_reads_the_directory_but_cannot_change_it(cast, client_for):
    client = client_for(cast.detective)
    assert client.get(f"/directory/agencies/{cast.cac.public_id}/").status_code == 200
    with pytest.raises(HavenError):
        personnel_create(actor=cast.detective, agency=cast.cac, full_name="Nope")


@pytest.mark.django_db
def test_the_agency_list_filters_by_kind_and_district(cast, client_for):
    client = client_for(cast.detective)
    response = client.get("/directory/", {"kind": "municipal_police", "district": "hartford"})
    assert [a.name for a in response.context["agencies"]] == ["Hartford Police"]


@pytest.mark.django_db
def test_directory_pages_use_a_bounded_number_of_queries(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.detective)
    url = f"/directory/agencies/{cast.cac.public_id}/"
    for n in range(15):
        agency_create(actor=cast.coordinator, name=f"Agency {n}", kind="other")
        person = personnel_create(actor=cast.coordinator, agency=cast.cac, full_name=f"P {n}")
        credential_add(actor=cast.coordinator, personnel=person, kind="other", issued_on=TODAY)
    for page in ("/directory/", url, "/directory/districts/"):
        client.get(page)
        with django_assert_max_num_queries(7):
            client.get(page)


@pytest.mark.django_db
def test_a_bad_credential_form_says_what_to_fix(cast, client_for):
    client = client_for(cast.coordinator)
    person = personnel_create(actor=cast.coordinator, agency=cast.cac, full_name="Pat Lee")
    response = client.post(
        f"/directory/agencies/{cast.cac.public_id}/credentials/",
        {
            "personnel": str(person.public_id),
            "kind": "fi_peer_review",
            "issued_on": "not a date",
        },
        follow=True,
    )
    assert "Issued on" in response.content.decode()
    assert not person.credentials.exists()
