"""Security issue 18, items 1 and 5: the duplicate check offers only people the user may
see, says nothing of the others, and puts a likely cross-team duplicate on the security
officer's review list; "People: none" holds on every person page, the API and merge."""

import datetime
import json

import pytest
from rest_framework.test import APIClient

from haven.api.models import Scope
from haven.api.tokens import token_create_by_operator
from haven.audit.models import Action, AuditEvent, Kind
from haven.cases.models import AllegationType, Case, PartyRole, ReferralReason
from haven.cases.services import AllegationIn, PartyIn, referral_intake
from haven.people.models import Person
from haven.people.services import person_create

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)


def _open(actor, cac, child):
    return referral_intake(
        actor=actor,
        cac=cac,
        reason=ReferralReason.ABUSE_ALLEGATION,
        received_at=NOW,
        parties=[PartyIn(child, PartyRole.ALLEGED_VICTIM)],
        allegations=[AllegationIn(child, AllegationType.PHYSICAL_ABUSE)],
    ).cases[0]


@pytest.fixture
def hidden(other_cac, other_coordinator):
    """Maria Núñez, a child in a Hartford CAC case: New Haven's staff may not see it."""
    maria = person_create(
        actor=other_coordinator,
        confirmed_new=True,
        first_name="María",
        last_name="Núñez",
        date_of_birth=datetime.date(2015, 4, 2),
        town="Wethersfield",
    )
    return _open(other_coordinator, other_cac, maria)


def _lookup(**extra):
    return {
        "first_name": "Maria",
        "last_name": "Nunez",
        "date_of_birth": "2015-04-02",
        "sex": "female",
        "race": "unknown",
        "ethnicity": "hispanic",
        "primary_language": "Spanish",
    } | extra


def _submit(**extra):
    return {
        "step": "submit",
        "child": "new",
        **_lookup(),
        "reason": "abuse_allegation",
        "received_at": "2026-11-20T10:00",
        "known_at": "2026-11-19T09:00",
        "allegation": "sexual_abuse",
    } | extra


# --- the web intake's duplicate check ------------------------------------------------------


def test_intake_lookup_neither_offers_nor_hints_at_a_match_on_a_hidden_case(
    hidden, cast, client_for
):
    response = client_for(cast.intake).post("/cases/intake/", {"step": "lookup", **_lookup()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Is this a child Haven already knows?" not in body
    assert str(hidden.child.public_id) not in body
    assert "Wethersfield" not in body and "2015-04-02" not in body.replace('value="2015-04-02"', "")
    assert "referral" in body.lower()  # straight on to the referral, as for a new child


def test_intake_lookup_offers_the_visible_match_only(hidden, cast, client_for):
    mine = person_create(
        actor=cast.intake,
        confirmed_new=True,
        first_name="Maria",
        last_name="Nuñez",
        date_of_birth=datetime.date(2015, 4, 2),
    )
    _open(cast.intake, cast.cac, mine)
    response = client_for(cast.intake).post("/cases/intake/", {"step": "lookup", **_lookup()})
    body = response.content.decode()
    assert "Is this a child Haven already knows?" in body
    assert str(mine.public_id) in body and str(hidden.child.public_id) not in body
    assert [m.person for m in response.context["matches"]] == [mine]


def test_attaching_a_child_the_user_may_not_see_is_refused(hidden, cast, client_for):
    response = client_for(cast.intake).post(
        "/cases/intake/", _submit(child=str(hidden.child.public_id))
    )
    assert response.status_code == 404
    assert Case.objects.filter(child=hidden.child).count() == 1


@pytest.mark.parametrize("slot", ["co1", "offender"])
def test_attaching_another_person_the_user_may_not_see_is_refused(hidden, cast, client_for, slot):
    typed = _submit(
        first_name="Ana",
        last_name="Ruiz",
        **{f"{slot}_first_name": "Maria", f"{slot}_last_name": "Nunez"},
        **{f"{slot}_match": str(hidden.child.public_id)},
        **({"co1_allegation": "same"} if slot == "co1" else {}),
    )
    response = client_for(cast.intake).post("/cases/intake/", typed)
    assert response.status_code == 404
    assert not Person.objects.filter(first_name="Ana").exists()


def test_every_intake_lookup_is_audited_without_the_typed_name(hidden, cast, client_for):
    client_for(cast.intake).post("/cases/intake/", {"step": "lookup", **_lookup()})
    [row] = AuditEvent.objects.filter(
        actor=cast.intake, kind=Kind.ACCESS, object_label="intake duplicate check"
    )
    assert row.action == Action.VIEWED
    assert row.new_values["shown"] == 0 and row.new_values["people"] == []
    assert row.new_values["fields"] == ["first_name", "last_name", "date_of_birth"]
    text = json.dumps(row.new_values) + row.object_label + row.object_id
    assert "maria" not in text.lower() and "nunez" not in text.lower()


def test_a_new_child_matching_a_hidden_person_goes_on_the_review_list(hidden, cast, client_for):
    from haven.cases.models import DuplicateReview

    response = client_for(cast.intake).post("/cases/intake/", _submit())
    assert response.status_code == 302
    new = Case.objects.exclude(pk=hidden.pk).get().child
    [review] = DuplicateReview.objects.all()
    assert (review.new_person, review.existing_person) == (new, hidden.child)
    assert review.cac == cast.cac and review.found_by == cast.intake
    assert review.status == "open"
    assert AuditEvent.objects.filter(
        action=Action.DUPLICATE_FLAGGED, object_id=str(review.public_id)
    ).exists()


# --- the security officer's review list ----------------------------------------------------


@pytest.fixture
def review(hidden, cast, client_for):
    from haven.cases.models import DuplicateReview

    client_for(cast.intake).post("/cases/intake/", _submit())
    return DuplicateReview.objects.get()


def test_the_officer_sees_the_pair_to_decide_and_no_name_in_any_address(
    review, hidden, cast, client_for
):
    response = client_for(cast.security_officer).get("/people/duplicates/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "María Núñez" in body and "Maria Nunez" in body
    assert "2015-04-02" in body and "Wethersfield" in body and hidden.number in body
    assert f"/people/duplicates/{review.public_id}/" in body
    row = AuditEvent.objects.filter(actor=cast.security_officer, kind=Kind.ACCESS).last()
    assert row.object_label == "duplicate review list"
    assert str(review.existing_person.public_id) in row.new_values["people"]


@pytest.mark.parametrize("who", ["coordinator", "intake", "detective", "expert"])
def test_only_the_security_officer_reviews_duplicates(review, cast, client_for, who):
    client = client_for(getattr(cast, who))
    assert client.get("/people/duplicates/").status_code == 403
    url = f"/people/duplicates/{review.public_id}/"
    assert client.post(url, {"decision": "dismiss"}).status_code == 403
    review.refresh_from_db()
    assert review.status == "open"


def test_the_officer_merges_the_new_record_into_the_existing_one(review, hidden, cast, client_for):
    url = f"/people/duplicates/{review.public_id}/"
    response = client_for(cast.security_officer).post(url, {"decision": "merge"})
    assert response.status_code == 302
    review.refresh_from_db()
    review.new_person.refresh_from_db()
    assert review.status == "merged" and review.decided_by == cast.security_officer
    assert review.new_person.merged_into == hidden.child
    assert Case.objects.filter(child=hidden.child).count() == 2
    assert AuditEvent.objects.filter(action=Action.PERSON_MERGED).exists()
    assert AuditEvent.objects.filter(
        action=Action.DUPLICATE_MERGED, object_id=str(review.public_id)
    ).exists()


@pytest.mark.parametrize(
    "decision, status, action",
    [("link", "linked", "DUPLICATE_LINKED"), ("dismiss", "dismissed", "DUPLICATE_DISMISSED")],
)
def test_linking_or_dismissing_is_a_recorded_act(
    review, cast, client_for, decision, status, action
):
    url = f"/people/duplicates/{review.public_id}/"
    response = client_for(cast.security_officer).post(url, {"decision": decision})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == status and review.decided_at is not None
    assert review.new_person.merged_into is None
    assert AuditEvent.objects.filter(
        action=getattr(Action, action), actor=cast.security_officer
    ).exists()
    assert client_for(cast.security_officer).post(url, {"decision": "merge"}).status_code == 404


def test_an_unknown_decision_says_what_to_choose(review, cast, client_for):
    url = f"/people/duplicates/{review.public_id}/"
    response = client_for(cast.security_officer).post(url, {"decision": "maybe"})
    assert response.status_code == 400
    assert "Choose" in response.content.decode()
    review.refresh_from_db()
    assert review.status == "open"


# --- the API's duplicate check ----------------------------------------------------------------


@pytest.fixture
def api_as(cast, settings):
    settings.WHITENOISE_AUTOREFRESH = True

    def _client(user):
        _, raw = token_create_by_operator(user=user, name="dup", days=1, scope=Scope.READ_WRITE)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


def test_api_duplicate_check_neither_shows_nor_counts_a_hidden_match(hidden, cast, api_as):
    from haven.cases.models import DuplicateReview

    body = {"first_name": "Maria", "last_name": "Nunez", "date_of_birth": "2015-04-02"}
    response = api_as(cast.intake).post("/api/v1/people/", body, format="json")
    assert response.status_code == 201, response.content
    assert str(hidden.child.public_id) not in response.content.decode()
    assert "other_matches" not in response.json()
    [review] = DuplicateReview.objects.all()
    assert review.existing_person == hidden.child
    assert str(review.new_person.public_id) == response.json()["id"]


# --- People: none --------------------------------------------------------------------------------


def test_people_none_keeps_the_security_officer_out_of_person_pages(hidden, cast, client_for):
    mine = _open(
        cast.intake,
        cast.cac,
        person_create(actor=cast.intake, confirmed_new=True, first_name="Lia", last_name="Moss"),
    )
    client = client_for(cast.security_officer)
    assert client.get(f"/people/{mine.child.public_id}/").status_code == 403
    assert client.get(f"/people/{mine.child.public_id}/merge/").status_code == 403
    page = client.get(f"/cases/{mine.public_id}/").content.decode()
    assert f"/people/{mine.child.public_id}/" not in page


def test_people_visible_to_is_empty_for_people_none(cast):
    from haven.cases.selectors import people_visible_to

    child = person_create(actor=cast.intake, confirmed_new=True, first_name="Lia", last_name="Moss")
    _open(cast.intake, cast.cac, child)
    assert list(people_visible_to(cast.coordinator)) == [child]
    assert list(people_visible_to(cast.security_officer)) == []
    assert list(people_visible_to(cast.expert)) == []


def test_api_merge_refuses_a_person_the_officer_may_not_see(hidden, cast, api_as):
    from haven.access.models import Level, Section
    from haven.access.services import matrix_update

    dup = person_create(
        actor=cast.intake, confirmed_new=True, first_name="Maria", last_name="Nunez"
    )
    _open(cast.intake, cast.cac, dup)
    url = f"/api/v1/people/{hidden.child.public_id}/merge/"
    body = {"duplicate": str(dup.public_id)}
    # People: none (the default matrix): no merge at all.
    assert api_as(cast.security_officer).post(url, body, format="json").status_code == 403
    # With view on people, still only people on cases she may see: Hartford's child is 404.
    matrix_update(
        actor=cast.security_officer,
        changes={("security_officer", Section.PEOPLE.value): int(Level.VIEW)},
    )
    assert api_as(cast.security_officer).post(url, body, format="json").status_code == 404
    dup.refresh_from_db()
    assert dup.merged_into is None


def test_the_review_list_reads_a_bounded_number_of_queries(
    review, hidden, cast, client_for, other_coordinator, other_cac, django_assert_max_num_queries
):
    from haven.cases.models import DuplicateReview

    client = client_for(cast.security_officer)
    client.get("/people/duplicates/")
    with django_assert_max_num_queries(30) as few:
        client.get("/people/duplicates/")
    for n in range(4):
        theirs = person_create(
            actor=other_coordinator, confirmed_new=True, first_name=f"Kid{n}", last_name="Roe"
        )
        _open(other_coordinator, other_cac, theirs)
        mine = person_create(
            actor=cast.intake, confirmed_new=True, first_name=f"Kid{n}", last_name="Roe"
        )
        _open(cast.intake, cast.cac, mine)
        DuplicateReview.objects.create(
            cac=cast.cac,
            new_person=mine,
            existing_person=theirs,
            found_by=cast.intake,
            found_at=NOW,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/people/duplicates/")
    assert len(response.context["reviews"]) == 5
