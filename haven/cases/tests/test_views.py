"""Case pages: intake with the duplicate step, list, search, the case page by role."""

import datetime

import pytest
from django.utils import timezone

from haven.audit.models import Action, AuditEvent
from haven.cases.models import Case
from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
from haven.people.models import Person
from haven.people.services import person_create

NOW = timezone.now().replace(microsecond=0)


def _open_case(cast, first="Maria", last="Núñez", dob=datetime.date(2015, 4, 2)):
    child = person_create(
        actor=cast.intake, confirmed_new=True, first_name=first, last_name=last, date_of_birth=dob
    )
    result = referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        reason="abuse_allegation",
        received_at=NOW,
        known_at=NOW - datetime.timedelta(hours=30),
        parties=[PartyIn(person=child, role="alleged_victim")],
        allegations=[AllegationIn(victim=child, kind="sexual_abuse")],
    )
    return result.cases[0]


def _lookup(**extra):
    data = {
        "first_name": "Maria",
        "last_name": "Nunez",
        "date_of_birth": "2015-04-02",
        "sex": "female",
        "race": "unknown",
        "ethnicity": "hispanic",
        "primary_language": "Spanish",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_intake_offers_a_likely_match_before_creating_a_child(cast, client_for):
    existing = _open_case(cast).child
    client = client_for(cast.intake)
    response = client.post("/cases/intake/", {"step": "lookup", **_lookup()})
    body = response.content.decode()
    assert "Is this a child Haven already knows?" in body
    assert str(existing.public_id) in body and "same date of birth" in body


@pytest.mark.django_db
def test_choosing_the_match_opens_a_case_for_the_same_person(cast, client_for):
    existing = _open_case(cast).child
    client = client_for(cast.intake)
    people_before = Person.objects.count()
    response = client.post(
        "/cases/intake/",
        {
            "step": "submit",
            "child": str(existing.public_id),
            **_lookup(),
            "reason": "abuse_allegation",
            "received_at": "2026-11-20T10:00",
            "known_at": "2026-11-19T09:00",
            "allegation": "physical_abuse",
        },
    )
    assert response.status_code == 302
    assert Person.objects.count() == people_before
    assert Case.objects.filter(child=existing).count() == 2


@pytest.mark.django_db
def test_a_half_filled_intake_is_refused_and_keeps_what_was_typed(cast, client_for):
    client = client_for(cast.intake)
    response = client.post(
        "/cases/intake/",
        {
            "step": "submit",
            "child": "new",
            **_lookup(first_name="Ana", last_name="Ruiz"),
            "reason": "abuse_allegation",
            "received_at": "2026-11-20T10:00",
            "known_at": "2026-11-21T09:00",
            "allegation": "neglect",
            "source_person": "Ms. Reyes",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "before the incident became known" in body
    assert 'value="Ms. Reyes"' in body and 'value="Ana"' in body
    assert not Person.objects.filter(first_name="Ana").exists()  # nothing half-saved


def _submit(**extra):
    return {
        "step": "submit",
        "child": "new",
        **_lookup(first_name="Ana", last_name="Ruiz", date_of_birth="2016-03-01"),
        "reason": "abuse_allegation",
        "received_at": "2026-11-20T10:00",
        "known_at": "2026-11-19T09:00",
        "allegation": "sexual_abuse",
    } | extra


@pytest.mark.django_db
def test_intake_opens_a_case_for_each_co_victim_sharing_the_allegation(cast, client_for):
    response = client_for(cast.intake).post(
        "/cases/intake/",
        _submit(
            co1_first_name="Luis",
            co1_last_name="Ruiz",
            co1_date_of_birth="2013-07-09",
            co1_allegation="same",
        ),
    )
    assert response.status_code == 302
    ana = Case.objects.get(child__first_name="Ana")
    luis = Case.objects.get(child__first_name="Luis")
    assert ana.referral_id == luis.referral_id  # one referral, a case per child
    kinds = {(a.victim.first_name, a.kind) for a in ana.referral.allegations.all()}
    assert kinds == {("Ana", "sexual_abuse"), ("Luis", "sexual_abuse")}


@pytest.mark.django_db
def test_intake_asks_before_creating_a_co_victim_haven_may_already_know(cast, client_for):
    known = _open_case(cast, first="Luis", last="Ruiz", dob=datetime.date(2013, 7, 9)).child
    client = client_for(cast.intake)
    typed = _submit(
        co1_first_name="Luis",
        co1_last_name="Ruiz",
        co1_date_of_birth="2013-07-09",
        co1_allegation="same",
    )
    asked = client.post("/cases/intake/", typed)
    assert asked.status_code == 200
    body = asked.content.decode()
    assert "Is Luis Ruiz one of these people?" in body and str(known.public_id) in body
    assert not Case.objects.filter(child__first_name="Ana").exists()  # nothing saved yet
    people_before = Person.objects.count()
    opened = client.post("/cases/intake/", typed | {"co1_match": str(known.public_id)})
    assert opened.status_code == 302
    assert Person.objects.count() == people_before + 1  # Ana only; Luis is the known record
    assert Case.objects.filter(child=known).count() == 2


@pytest.mark.django_db
def test_intake_asks_before_creating_an_alleged_offender_haven_may_already_know(cast, client_for):
    offender = person_create(
        actor=cast.intake, confirmed_new=True, first_name="Victor", last_name="Hale"
    )
    client = client_for(cast.intake)
    typed = _submit(offender_first_name="Victor", offender_last_name="Hale")
    asked = client.post("/cases/intake/", typed)
    assert "Is Victor Hale one of these people?" in asked.content.decode()
    opened = client.post("/cases/intake/", typed | {"offender_match": str(offender.public_id)})
    assert opened.status_code == 302
    case = Case.objects.get(child__first_name="Ana")
    assert case.referral.parties.filter(person=offender, role="alleged_offender").exists()
    assert Person.objects.filter(first_name="Victor").count() == 1


@pytest.mark.django_db
def test_intake_refuses_a_co_victim_with_half_a_name_and_keeps_what_was_typed(cast, client_for):
    response = client_for(cast.intake).post("/cases/intake/", _submit(co1_first_name="Luis"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "first and last name" in body and 'value="Luis"' in body


@pytest.mark.django_db
def test_intake_refuses_a_date_of_birth_in_the_future(cast, client_for):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client_for(cast.intake).post(
        "/cases/intake/",
        _submit(
            co1_first_name="Luis",
            co1_last_name="Ruiz",
            co1_date_of_birth=future,
            co1_allegation="same",
        ),
    )
    assert response.status_code == 400
    assert "future" in response.content.decode()
    assert not Person.objects.filter(first_name__in=["Ana", "Luis"]).exists()


@pytest.mark.django_db
def test_only_cac_staff_who_edit_cases_may_take_a_referral(cast, client_for):
    assert client_for(cast.intake).get("/cases/intake/").status_code == 200
    assert client_for(cast.detective).get("/cases/intake/").status_code == 403


@pytest.mark.django_db
def test_my_cases_is_the_default_and_lists_only_assigned_cases(cast, client_for):
    mine = _open_case(cast)
    other = _open_case(cast, first="Leo", last="Park", dob=datetime.date(2012, 1, 1))
    case_assign(
        actor=cast.coordinator,
        case=mine,
        section="law_enforcement",
        user=cast.detective,
        starts_on=datetime.date(2026, 1, 1),
    )
    listed = list(client_for(cast.detective).get("/cases/").context["page"].object_list)
    assert listed == [mine]
    everything = client_for(cast.coordinator).get("/cases/?status=")
    assert {c.pk for c in everything.context["page"].object_list} == {mine.pk, other.pk}


@pytest.mark.django_db
def test_case_list_pages_newest_first_without_a_count_and_keeps_the_filters(
    cast, client_for, monkeypatch
):
    import re

    from haven.cases import views

    made = [
        _open_case(cast, first=f"Kid{i}", last="Pager", dob=datetime.date(2014, 1, 1 + i))
        for i in range(5)
    ]
    newest_first = sorted(made, key=lambda c: (c.received_on, c.pk), reverse=True)
    real = views.keyset_paginate
    monkeypatch.setattr(
        views,
        "keyset_paginate",
        lambda request, qs, **kw: real(request, qs, **kw | {"per_page": 2}),
    )
    client = client_for(cast.coordinator)
    seen, url = [], "/cases/?status=open"
    for _ in range(3):
        response = client.get(url)
        html = response.content.decode()
        seen += list(response.context["page"].object_list)
        assert "Page 1 of" not in html  # no COUNT behind the list
        older = re.search(r'href="\?([^"]*after=[^"]*)">Older cases', html)
        if older is None:
            break
        assert "status=open" in older.group(1)  # the filter stays on the link
        url = "/cases/?" + older.group(1).replace("&amp;", "&")
    assert seen == newest_first
    assert "Back to the newest cases" in html
    # A cursor that was edited is refused quietly: the first page again.
    tampered = client.get("/cases/?status=open&after=2020-01-01:1")
    assert list(tampered.context["page"].object_list) == newest_first[:2]


@pytest.mark.django_db
def test_search_finds_a_child_without_accents_and_never_shows_an_invisible_case(cast, client_for):
    case = _open_case(cast)
    _posted, found = _search(client_for(cast.coordinator), "maria nunez")
    assert list(found.context["results"]) == [case]
    _posted, hidden = _search(client_for(cast.detective_elsewhere), "maria nunez")
    assert list(hidden.context["results"]) == []
    assert "Núñez" not in hidden.content.decode()


@pytest.mark.django_db
def test_an_invisible_case_is_not_found(cast, client_for):
    case = _open_case(cast)
    assert client_for(cast.detective_elsewhere).get(f"/cases/{case.public_id}/").status_code == 404


@pytest.mark.django_db
def test_the_case_page_shows_a_detective_and_a_therapist_only_their_sections(cast, client_for):
    case = _open_case(cast)
    case_assign(
        actor=cast.coordinator,
        case=case,
        section="law_enforcement",
        user=cast.detective,
        starts_on=datetime.date(2026, 1, 1),
    )
    case_assign(
        actor=cast.coordinator,
        case=case,
        section="mental_health",
        user=cast.therapist,
        starts_on=datetime.date(2026, 1, 1),
    )
    detective = client_for(cast.detective).get(f"/cases/{case.public_id}/").content.decode()
    therapist = client_for(cast.therapist).get(f"/cases/{case.public_id}/").content.decode()
    assert "Luis Ortega" in detective and "Noah Lindqvist" not in detective
    assert "Noah Lindqvist" in therapist and "Luis Ortega" not in therapist
    assert "over 24 hours" in detective  # known 30 hours before receipt


@pytest.mark.django_db
def test_every_read_of_a_case_is_audited(cast, client_for):
    case = _open_case(cast)
    client = client_for(cast.coordinator)
    client.get(f"/cases/{case.public_id}/")
    _search(client, "nunez")
    client.get("/cases/?status=")
    reads = AuditEvent.objects.filter(action=Action.VIEWED, actor=cast.coordinator)
    assert reads.filter(case_id=case.public_id).count() == 1
    listed = [e for e in reads if str(case.public_id) in e.new_values.get("cases", [])]
    assert len(listed) == 2


@pytest.mark.django_db
def test_case_pages_use_a_bounded_number_of_queries(
    cast, client_for, django_assert_max_num_queries
):
    case = _open_case(cast)
    client = client_for(cast.coordinator)
    searched = client.post("/cases/search/", {"q": "nunez"})["Location"]
    for url in ("/cases/?status=", f"/cases/{case.public_id}/", searched):
        client.get(url)
        # The case page also lists users and directory people for the team form, reads the
        # timeline, and runs the panels of the apps above cases (the coordinator sees them
        # all: interviews, investigations, services, documents) and the navigation reads the
        # role's levels once: a fixed number, whatever the data (41 on PostgreSQL, where
        # the audit chain's lock is a query of its own).
        with django_assert_max_num_queries(44) as small:
            client.get(url)
        for n in range(6):
            extra = _open_case(cast, first=f"Kid{n}", last="Nunez")
            case_assign(
                actor=cast.coordinator,
                case=extra,
                section="advocacy",
                user=cast.advocate,
                starts_on=datetime.date(2026, 1, 1),
            )
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(url)


@pytest.mark.django_db
def test_intake_keeps_a_typed_case_number_and_refuses_it_twice_keeping_the_form(cast, client_for):
    client = client_for(cast.intake)
    assert client.post("/cases/intake/", _submit(case_number="nca-2019-42")).status_code == 302
    assert Case.objects.get(child__first_name="Ana").number == "NCA-2019-42"
    again = client.post(
        "/cases/intake/",
        _submit(case_number="NCA-2019-42", first_name="Bea", source_person="Officer Diaz"),
    )
    assert again.status_code == 400
    page = again.content.decode()
    assert "NCA-2019-42 is already in use" in page
    assert 'value="Officer Diaz"' in page  # what was typed is still there
    assert Case.objects.filter(number="NCA-2019-42").count() == 1


@pytest.mark.django_db
def test_home_lists_my_open_cases_newest_first_and_audits_the_list(cast, client_for):
    from haven.audit.models import Action, AuditEvent, Kind

    mine = _open_case(cast)
    _open_case(cast, first="Leo", last="Park", dob=datetime.date(2012, 1, 1))  # not assigned
    case_assign(
        actor=cast.coordinator,
        case=mine,
        section="law_enforcement",
        user=cast.detective,
        starts_on=datetime.date(2026, 1, 1),
    )
    page = client_for(cast.detective).get("/").content.decode()
    panel = page.split('id="my-open-cases"')[1].split("</table>")[0]
    assert mine.number in panel and "Maria Núñez" in panel and "Park" not in panel
    seen = AuditEvent.objects.filter(
        actor=cast.detective,
        action=Action.VIEWED,
        kind=Kind.ACCESS,
        object_label__startswith="home",
    ).get()
    assert seen.new_values == {"cases": [str(mine.public_id)]}
    # Nobody assigned: no panel, no access row.
    assert "Your open cases" not in client_for(cast.therapist).get("/").content.decode()


def _search(client, q):
    """Search as the form does: the words are posted, the results page has an opaque id."""
    posted = client.post("/cases/search/", {"q": q})
    assert posted.status_code == 303
    return posted, client.get(posted["Location"])


@pytest.mark.django_db
def test_a_name_searched_for_never_travels_in_the_address(cast, client_for):
    case = _open_case(cast)
    client = client_for(cast.coordinator)
    posted, results = _search(client, "maria nunez")
    address = posted["Location"]
    assert address.startswith("/cases/search/?s=")
    assert "maria" not in address.lower() and "nunez" not in address.lower()
    assert list(results.context["results"]) == [case]
    assert 'value="maria nunez"' in results.content.decode()  # the box keeps the words
    # Back to the results (after opening a case): the same address shows them again.
    assert list(client.get(address).context["results"]) == [case]
    # The id is only good in the session that searched.
    other = client_for(cast.detective).get(address)
    assert other.status_code == 200 and not other.context["results"]
    assert "search again" in other.content.decode()


@pytest.mark.django_db
def test_the_search_boxes_post_their_words(cast, client_for):
    client = client_for(cast.coordinator)
    for url in ("/cases/", "/cases/search/"):
        html = client.get(url).content.decode()
        forms = html.split("<form")[1:]
        searches = [f for f in forms if 'name="q"' in f.split("</form>")[0]]
        assert searches, url
        assert all(f.lstrip().startswith('method="post"') for f in searches), url


@pytest.mark.django_db
def test_a_name_in_an_old_search_address_is_not_searched(cast, client_for):
    _open_case(cast)
    response = client_for(cast.coordinator).get("/cases/search/", {"q": "maria nunez"})
    assert response.status_code == 200 and not response.context["results"]
    assert "nunez" not in response.content.decode().lower()


@pytest.mark.django_db
def test_an_empty_search_says_what_to_type(cast, client_for):
    response = client_for(cast.coordinator).post("/cases/search/", {"q": "  "})
    assert response.status_code == 400
    assert "Type a case number or a name" in response.content.decode()


def _hidden_inputs(body: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))


@pytest.mark.django_db
def test_the_interpreter_flag_is_carried_as_ticked_not_always_on(cast, client_for):
    """Issue 20: the lookup's hidden fields sent "interpreter needed: on" for every child."""
    client = client_for(cast.intake)
    unticked = client.post("/cases/intake/", {"step": "lookup", **_lookup(first_name="Zoe")})
    assert "interpreter_needed" not in _hidden_inputs(unticked.content.decode())
    ticked = client.post(
        "/cases/intake/",
        {"step": "lookup", **_lookup(first_name="Zed", interpreter_needed="on")},
    )
    assert _hidden_inputs(ticked.content.decode())["interpreter_needed"] == "on"
    # What the browser posts back from the unticked page is what is saved.
    carried = _hidden_inputs(unticked.content.decode())
    carried.pop("csrfmiddlewaretoken", None)
    response = client.post(
        "/cases/intake/",
        carried
        | {
            "step": "submit",
            "child": "new",
            "reason": "abuse_allegation",
            "received_at": "2026-11-20T10:00",
            "known_at": "2026-11-19T09:00",
            "allegation": "neglect",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(first_name="Zoe").interpreter_needed is False


@pytest.mark.django_db
def test_a_second_child_gets_the_allegation_chosen_for_them_not_the_first_childs(cast, client_for):
    """Issue 20: a co-victim inherited the first child's trafficking allegation and its
    description. Each child named on the referral now has the allegation chosen for them."""
    response = client_for(cast.intake).post(
        "/cases/intake/",
        _submit(
            allegation="sex_trafficking",
            description="Recruited online by an adult who arranged meetings.",
            co1_first_name="Luis",
            co1_last_name="Ruiz",
            co1_date_of_birth="2013-07-09",
            co1_allegation="physical_abuse",
        ),
    )
    assert response.status_code == 302
    referral = Case.objects.get(child__first_name="Ana").referral
    saved = {a.victim.first_name: a for a in referral.allegations.all()}
    assert saved["Ana"].kind == "sex_trafficking"
    assert saved["Luis"].kind == "physical_abuse"
    assert saved["Luis"].description == ""
    assert not Case.objects.get(child__first_name="Luis").is_trafficking


@pytest.mark.django_db
def test_a_second_child_with_no_allegation_chosen_is_refused_keeping_the_form(cast, client_for):
    response = client_for(cast.intake).post(
        "/cases/intake/",
        _submit(co1_first_name="Luis", co1_last_name="Ruiz", source_person="Ms. Reyes"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the allegation for co-victim 1" in body
    assert 'value="Luis"' in body and 'value="Ms. Reyes"' in body
    assert not Person.objects.filter(first_name__in=["Ana", "Luis"]).exists()
