"""haven.cases.people_api: the people REST API. People are children's records too: a caller finds
or reads only people in a case they may see (and a CAC's intake staff also people in no
case yet), with view on the people section; adding a person checks for duplicates (409,
then confirmed_new); merging is for the security officer; reads are audited; query counts
do not grow with the cases a person is in."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from haven.accounts.disciplines import Discipline
from haven.accounts.services import user_create
from haven.api.tests.support import assert_problem
from haven.api.tokens import Scope, token_create_by_operator
from haven.audit.models import Action, AuditEvent, Kind
from haven.cases.models import AllegationType, Party, PartyRole, ReferralReason
from haven.cases.services import AllegationIn, PartyIn, referral_intake
from haven.conftest import PASSWORD
from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create
from haven.people.models import Person
from haven.people.services import person_create

PEOPLE = "/api/v1/people/"


@pytest.fixture(autouse=True)
def _static_files_on_demand(settings):
    """As in haven/api/tests/conftest.py: WhiteNoise scans static files once per client."""
    settings.WHITENOISE_AUTOREFRESH = True


# --- data, through the real services ----------------------------------------------------


@pytest.fixture
def api_as(cast):
    def _client(user):
        _, raw = token_create_by_operator(user=user, name="people", days=1, scope=Scope.READ_WRITE)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


@pytest.fixture
def new_person(cast):
    def _make(first_name, last_name, *, actor=None, **fields):
        return person_create(
            actor=actor or cast.intake,
            confirmed_new=True,
            first_name=first_name,
            last_name=last_name,
            **fields,
        )

    return _make


def _open(actor, cac, child, *others, days_ago: int = 0):
    received = timezone.now() - datetime.timedelta(days=days_ago, hours=1)
    return referral_intake(
        actor=actor,
        cac=cac,
        reason=ReferralReason.ABUSE_ALLEGATION,
        received_at=received,
        parties=[PartyIn(child, PartyRole.ALLEGED_VICTIM)]
        + [PartyIn(p, PartyRole.ALLEGED_OFFENDER) for p in others],
        allegations=[AllegationIn(child, AllegationType.PHYSICAL_ABUSE)],
    ).cases[0]


@pytest.fixture
def hartford(cast):
    """The Hartford CAC and its intake worker Hal."""
    cac = agency_create(
        actor=cast.security_officer,
        name="Hartford CAC",
        kind=AgencyKind.CAC,
        district=District.objects.get(slug="hartford"),
    )
    hal = user_create(
        actor=cast.security_officer,
        email="hal@hartfordcac.test",
        full_name="Hal Ibsen",
        discipline=Discipline.INTAKE,
        agency=cac,
        password=PASSWORD,
    )
    return cac, hal


@pytest.fixture
def world(cast, new_person, hartford):
    """Mia's case at New Haven names Rex as the alleged offender; Rex is also the alleged
    offender in Tom's case at Hartford. Zoe is in no case yet."""
    cac, hal = hartford
    mia = new_person("Mia", "Sorensen", date_of_birth=datetime.date(2014, 7, 1))
    rex = new_person("Rex", "Dalton")
    tom = new_person("Tom", "Albright", actor=hal)
    zoe = new_person("Zoe", "Caseless")
    nh = _open(cast.intake, cast.cac, mia, rex)
    hfd = _open(hal, cac, tom, rex, days_ago=3)
    return {"mia": mia, "rex": rex, "tom": tom, "zoe": zoe, "nh": nh, "hfd": hfd, "hal": hal}


def _url(person, rest: str = "") -> str:
    return f"{PEOPLE}{person.public_id}/{rest}"


def _names(body) -> list[str]:
    return [p["full_name"] for p in body]


def _access_rows(user):
    return AuditEvent.objects.filter(actor=user, kind=Kind.ACCESS, action=Action.VIEWED)


# --- search ----------------------------------------------------------------------------------


def test_search_finds_people_in_the_callers_cases(cast, api_as, world):
    client = api_as(cast.coordinator)
    assert _names(client.get(PEOPLE, {"q": "Sorensen"}).json()) == ["Mia Sorensen"]
    assert _names(client.get(PEOPLE, {"q": "mia sorensen"}).json()) == ["Mia Sorensen"]
    assert _names(client.get(PEOPLE, {"q": "Dalton Rex"}).json()) == ["Rex Dalton"]
    [mia] = client.get(PEOPLE, {"q": "Sorensen"}).json()
    assert mia["id"] == str(world["mia"].public_id)
    assert mia["date_of_birth"] == "2014-07-01"


def test_search_never_leaks_people_of_cases_the_caller_may_not_see(cast, api_as, world):
    coordinator = api_as(cast.coordinator)
    assert coordinator.get(PEOPLE, {"q": "Albright"}).json() == []
    hal = api_as(world["hal"])
    assert hal.get(PEOPLE, {"q": "Sorensen"}).json() == []
    assert _names(hal.get(PEOPLE, {"q": "Albright"}).json()) == ["Tom Albright"]
    for user in (cast.detective_elsewhere, cast.dcf_worker, cast.prosecutor):
        for q in ("Sorensen", "Dalton", "Albright", "Caseless"):
            assert api_as(user).get(PEOPLE, {"q": q}).json() == [], (user, q)


def test_people_in_no_case_are_found_only_by_a_cacs_intake_staff(cast, api_as, world):
    for user in (cast.intake, cast.coordinator, world["hal"]):
        assert _names(api_as(user).get(PEOPLE, {"q": "Caseless"}).json()) == ["Zoe Caseless"]
    for user in (cast.detective, cast.therapist, cast.advocate, cast.doctor):
        assert api_as(user).get(PEOPLE, {"q": "Caseless"}).json() == [], user


def test_a_merged_record_is_never_found(cast, api_as, world, new_person, officer_sees_people):
    twin = new_person("Zoe", "Caseless")
    # The officer merges people on cases she may see (her centre's).
    _open(cast.intake, cast.cac, world["zoe"])
    _open(cast.intake, cast.cac, twin)
    api_as(cast.security_officer).post(
        _url(world["zoe"], "merge/"), {"duplicate": str(twin.public_id)}, format="json"
    )
    found = api_as(cast.intake).get(PEOPLE, {"q": "Caseless"}).json()
    assert [p["id"] for p in found] == [str(world["zoe"].public_id)]
    assert_problem(api_as(cast.intake).get(_url(twin)), 404)


@pytest.mark.parametrize("who", ["security_officer", "expert", "trainer"])
def test_people_need_view_on_the_people_section(cast, api_as, world, who):
    client = api_as(getattr(cast, who))
    assert_problem(client.get(PEOPLE, {"q": "Sorensen"}), 403, "forbidden")
    assert_problem(client.get(_url(world["mia"])), 403, "forbidden")


def test_an_empty_query_finds_nobody_and_a_nul_is_a_field_problem(cast, api_as, world):
    client = api_as(cast.coordinator)
    assert client.get(PEOPLE).json() == []
    problem = assert_problem(client.get(PEOPLE, {"q": "M\x00a"}), 400, "invalid")
    assert problem["errors"][0]["field"] == "q"


def test_a_search_writes_one_access_row_naming_everyone_returned(cast, api_as, world):
    api_as(cast.coordinator).get(PEOPLE, {"q": "Sorensen"})
    [row] = _access_rows(cast.coordinator)
    assert row.new_values == {
        "what": "person search (API)",
        "people": [str(world["mia"].public_id)],
        "query": "Sorensen",
    }
    # A search that finds nobody is audited too: who looked for whom is the record.
    api_as(cast.coordinator).get(PEOPLE, {"q": "Nobody"})
    empty = _access_rows(cast.coordinator).order_by("-id").first()
    assert empty.new_values == {"what": "person search (API)", "people": [], "query": "Nobody"}


# --- detail -----------------------------------------------------------------------------------


def test_the_detail_lists_only_the_cases_the_caller_may_see(cast, api_as, world):
    body = api_as(cast.coordinator).get(_url(world["rex"])).json()
    assert body["full_name"] == "Rex Dalton"
    assert body["cases"] == [
        {
            "id": str(world["nh"].public_id),
            "number": world["nh"].number,
            "status": "open",
            "received_on": str(world["nh"].received_on),
            "roles": ["alleged_offender"],
        }
    ]
    hal = api_as(world["hal"]).get(_url(world["rex"])).json()
    assert [c["id"] for c in hal["cases"]] == [str(world["hfd"].public_id)]


def test_the_child_of_a_case_has_the_victim_role(cast, api_as, world):
    body = api_as(cast.detective_elsewhere)  # not on either case
    assert_problem(body.get(_url(world["mia"])), 404)
    mia = api_as(cast.coordinator).get(_url(world["mia"])).json()
    assert [c["roles"] for c in mia["cases"]] == [["alleged_victim"]]


@pytest.mark.parametrize("who", ["dcf_worker", "prosecutor", "detective_elsewhere"])
def test_a_person_in_no_case_the_caller_may_see_is_404(cast, api_as, world, who):
    client = api_as(getattr(cast, who))
    for key in ("mia", "rex", "tom", "zoe"):
        assert_problem(client.get(_url(world[key])), 404, "not_found")
    assert not _access_rows(getattr(cast, who)).exists()


def test_a_person_in_no_case_is_404_but_for_intake_staff(cast, api_as, world):
    assert_problem(api_as(cast.therapist).get(_url(world["zoe"])), 404)
    body = api_as(cast.intake).get(_url(world["zoe"])).json()
    assert body["cases"] == []


def test_the_detail_writes_one_access_row(cast, api_as, world):
    api_as(cast.coordinator).get(_url(world["rex"]))
    [row] = _access_rows(cast.coordinator)
    assert row.object_id == str(world["rex"].public_id)
    assert row.new_values == {
        "what": "person detail (API)",
        "cases": [str(world["nh"].public_id)],
    }


def test_detail_queries_do_not_grow_with_cases(
    cast, api_as, world, new_person, django_assert_max_num_queries
):
    client = api_as(cast.coordinator)
    url = _url(world["rex"])

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(6):
        _open(cast.intake, cast.cac, new_person(f"Kid{i}", "Other"), world["rex"], days_ago=i)
    assert count() == before
    assert len(client.get(url).json()["cases"]) == 7
    with django_assert_max_num_queries(18):
        client.get(url)


def test_search_queries_do_not_grow_with_results(
    cast, api_as, world, new_person, django_assert_max_num_queries
):
    client = api_as(cast.coordinator)

    def count() -> int:
        client.get(PEOPLE, {"q": "Other"})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PEOPLE, {"q": "Other"}).status_code == 200
        return len(ctx.captured_queries)

    _open(cast.intake, cast.cac, new_person("Kid", "Other"))
    before = count()
    for i in range(6):
        _open(cast.intake, cast.cac, new_person(f"Kid{i}", "Other"), new_person(f"X{i}", "Other"))
    assert count() == before
    assert len(client.get(PEOPLE, {"q": "Other"}).json()) == 13


# --- create, with the duplicate check ----------------------------------------------------------


def test_intake_adds_a_person(cast, api_as):
    response = api_as(cast.intake).post(
        PEOPLE,
        {
            "first_name": "Nora",
            "last_name": "Vidal",
            "date_of_birth": "2016-02-02",
            "sex": "female",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get(public_id=body["id"])
    assert person.full_name == "Nora Vidal" and body["sex"] == "female"
    assert AuditEvent.objects.filter(action=Action.PERSON_CREATED, object_id=body["id"]).exists()
    # In no case yet: intake staff can read it back.
    assert api_as(cast.intake).get(_url(person)).status_code == 200


def test_a_likely_duplicate_is_a_409_listing_the_matches_then_confirmed_new(cast, api_as, world):
    client = api_as(cast.intake)
    body = {"first_name": "Mia", "last_name": "Sorenson", "date_of_birth": "2014-07-01"}
    response = client.post(PEOPLE, body, format="json")
    problem = assert_problem(response, 409, "possible_duplicate")
    assert problem["matches"] == [
        {
            "id": str(world["mia"].public_id),
            "full_name": "Mia Sorensen",
            "date_of_birth": "2014-07-01",
            "score": problem["matches"][0]["score"],
            "reasons": ["similar name", "sounds alike", "same date of birth"],
        }
    ]
    assert not Person.objects.filter(last_name="Sorenson").exists()
    confirmed = client.post(PEOPLE, body | {"confirmed_new": True}, format="json")
    assert confirmed.status_code == 201, confirmed.content
    assert Person.objects.filter(last_name="Sorenson").count() == 1


def test_matches_the_caller_may_not_see_are_neither_named_nor_counted(cast, api_as, world):
    """Tom is in a Hartford case: New Haven's intake learns nothing of him; the person is
    added, and the pair goes to the security officer's review list (issue 18)."""
    response = api_as(cast.intake).post(
        PEOPLE, {"first_name": "Tom", "last_name": "Albright"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert "other_matches" not in response.json()
    assert str(world["tom"].public_id) not in response.content.decode()


def test_listing_matches_writes_an_access_row(cast, api_as, world):
    api_as(cast.intake).post(PEOPLE, {"first_name": "Rex", "last_name": "Dalton"}, format="json")
    [row] = _access_rows(cast.intake)
    assert row.new_values["people"] == [str(world["rex"].public_id)]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"first_name": "Ann"}, "last_name"),
        ({"first_name": " ", "last_name": "Lee"}, "first_name"),
        ({"first_name": "Ann", "last_name": "Lee", "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"first_name": "Ann", "last_name": "Lee", "estimated_age": 400}, "estimated_age"),
        ({"first_name": "Ann", "last_name": "Lee", "sex": "robot"}, "sex"),
        ({"first_name": "Ann", "last_name": "Lee", "merged_into": "x"}, "merged_into"),
    ],
)
def test_bad_person_input_is_a_field_problem(cast, api_as, body, field):
    problem = assert_problem(api_as(cast.intake).post(PEOPLE, body, format="json"), 400)
    assert field in {e["field"] for e in problem["errors"]}, problem


@pytest.mark.parametrize("who", ["detective", "therapist", "security_officer", "dcf_worker"])
def test_only_a_cacs_intake_staff_add_people(cast, api_as, who):
    response = api_as(getattr(cast, who)).post(
        PEOPLE, {"first_name": "Nora", "last_name": "Vidal"}, format="json"
    )
    assert_problem(response, 403, "forbidden")
    assert not Person.objects.filter(last_name="Vidal").exists()


# --- merge -------------------------------------------------------------------------------------


def test_the_security_officer_merges_a_duplicate(
    cast, api_as, world, new_person, officer_sees_people
):
    dup = new_person("Mia", "Sorenson")
    _open(cast.intake, cast.cac, dup)
    response = api_as(cast.security_officer).post(
        _url(world["mia"], "merge/"), {"duplicate": str(dup.public_id)}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"id": str(world["mia"].public_id), "duplicate": str(dup.public_id)}
    dup.refresh_from_db()
    assert dup.merged_into == world["mia"]
    assert not Party.objects.filter(person=dup).exists()
    assert AuditEvent.objects.filter(action=Action.PERSON_MERGED).count() == 1
    cases = api_as(cast.coordinator).get(_url(world["mia"])).json()["cases"]
    assert len(cases) == 2


@pytest.mark.parametrize("who", ["intake", "detective"])
def test_only_merging_roles_merge(cast, api_as, world, who):
    response = api_as(getattr(cast, who)).post(
        _url(world["mia"], "merge/"), {"duplicate": str(world["zoe"].public_id)}, format="json"
    )
    assert_problem(response, 403, "forbidden")
    world["zoe"].refresh_from_db()
    assert world["zoe"].merged_into is None


def test_merge_refusals(cast, api_as, world, officer_sees_people):
    officer = api_as(cast.security_officer)
    url = _url(world["mia"], "merge/")
    problem = assert_problem(
        officer.post(url, {"duplicate": "00000000-0000-0000-0000-000000000000"}, format="json"),
        400,
    )
    assert problem["errors"][0]["field"] == "duplicate"
    assert_problem(
        officer.post(url, {"duplicate": str(world["mia"].public_id)}, format="json"), 400
    )
    assert_problem(officer.post(url, {}, format="json"), 400)
    unknown = f"{PEOPLE}00000000-0000-0000-0000-000000000000/merge/"
    assert_problem(
        officer.post(unknown, {"duplicate": str(world["mia"].public_id)}, format="json"), 404
    )


# --- schema ------------------------------------------------------------------------------------


def test_the_schema_documents_the_people_operations(cast, api_as):
    schema = json.loads(api_as(cast.detective).get("/api/v1/schema/?format=json").content)
    paths = schema["paths"]
    for path in ("/api/v1/people/", "/api/v1/people/{public_id}/"):
        assert path in paths
    conflict = paths["/api/v1/people/"]["post"]["responses"]["409"]["content"]
    ref = conflict["application/problem+json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = set(schema["components"]["schemas"][ref]["properties"])
    assert "matches" in properties and "other_matches" not in properties  # nothing hinted
    components = schema["components"]["schemas"]
    for name in ("PersonInRequest", "PersonMergeInRequest"):
        assert components[name]["additionalProperties"] is False, name
