"""haven.cases.api: the cases REST API. Who sees which case (404 everywhere else, search and
lists included), which parts of a case each role gets (the role matrix), intake and its
refusals as problems naming the field, assignments, audit access rows on every read, and
query counts that do not grow with cases or parties."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from haven.access.models import Level, Section
from haven.access.services import matrix_update
from haven.accounts.disciplines import Discipline
from haven.accounts.services import user_create
from haven.api.tests.support import assert_problem
from haven.api.tokens import Scope, token_create_by_operator
from haven.audit.models import Action, AuditEvent, Kind
from haven.cases.models import (
    AllegationType,
    Assignment,
    Case,
    PartyRole,
    ReferralReason,
)
from haven.cases.serializers import CASE_FIELD_SECTIONS
from haven.cases.services import (
    AllegationIn,
    PartyIn,
    case_assign,
    case_deny,
    case_restrict,
    referral_intake,
)
from haven.conftest import PASSWORD
from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create, personnel_create
from haven.people.services import person_create
from haven.teams.services import team_create

CASES = "/api/v1/cases/"
SEARCH = "/api/v1/cases/search/"
INTAKE = "/api/v1/cases/intake/"
CITATION = "Gen. Stat. § 17a-106f"


@pytest.fixture(autouse=True)
def _static_files_on_demand(settings):
    """As in haven/api/tests/conftest.py: WhiteNoise scans static files once per client."""
    settings.WHITENOISE_AUTOREFRESH = True


# --- data, through the real services ----------------------------------------------------


@pytest.fixture
def api_as(cast):
    """api_as(user) -> an API client sending a fresh personal token of that user."""

    def _client(user):
        _, raw = token_create_by_operator(user=user, name="cases", days=1, scope=Scope.READ_WRITE)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


@pytest.fixture
def person(cast):
    """person(first, last, **fields) -> a Person added by intake Ivy, confirmed new."""

    def _make(first_name, last_name, **fields):
        return person_create(
            actor=cast.intake,
            confirmed_new=True,
            first_name=first_name,
            last_name=last_name,
            **fields,
        )

    return _make


@pytest.fixture
def nh_team(cast):
    return team_create(
        actor=cast.coordinator,
        name="New Haven MDT",
        district=District.objects.get(slug="new-haven"),
        host_cac=cast.cac,
    )


def _open(actor, cac, parties, allegations, **extra):
    received = timezone.now() - datetime.timedelta(hours=2)
    return referral_intake(
        actor=actor,
        cac=cac,
        reason=ReferralReason.ABUSE_ALLEGATION,
        received_at=extra.pop("received_at", received),
        known_at=extra.pop("known_at", received - datetime.timedelta(hours=5)),
        parties=parties,
        allegations=allegations,
        **extra,
    )


@pytest.fixture
def kid(person):
    return person("Ana", "Quiñones", date_of_birth=datetime.date(2015, 3, 9))


@pytest.fixture
def abuser(person):
    return person("Victor", "Hale")


@pytest.fixture
def nh_case(cast, kid, abuser, nh_team):
    """Ana's case at the New Haven CAC, on its team, referred by New Haven Police. The case
    team: the detective (law enforcement) and the therapist (mental health)."""
    (case,) = _open(
        cast.intake,
        cast.cac,
        [
            PartyIn(kid, PartyRole.ALLEGED_VICTIM),
            PartyIn(abuser, PartyRole.ALLEGED_OFFENDER, relationship="parents_partner"),
        ],
        [AllegationIn(kid, AllegationType.SEXUAL_ABUSE, town="New Haven")],
        team=nh_team,
        source_agency=cast.police,
    ).cases
    today = timezone.localdate()
    for user, section in ((cast.detective, "law_enforcement"), (cast.therapist, "mental_health")):
        case_assign(actor=cast.coordinator, case=case, section=section, user=user, starts_on=today)
    return case


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
def hartford_case(hartford, person):
    cac, hal = hartford
    child = person("Bea", "Quinlan")
    (case,) = _open(
        hal,
        cac,
        [PartyIn(child, PartyRole.ALLEGED_VICTIM)],
        [AllegationIn(child, AllegationType.NEGLECT)],
    ).cases
    return case


def _url(case, rest: str = "") -> str:
    return f"{CASES}{case.public_id}/{rest}"


def _ids(items) -> list[str]:
    return [c["id"] for c in items]


def _walk(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _assert_public_ids_only(body) -> None:
    for key, value in _walk(body):
        if key in {"id", "victim", "referral"} and isinstance(value, (int, str)):
            assert isinstance(value, str) and len(value) == 36, (key, value)


def _access_rows(user):
    return AuditEvent.objects.filter(actor=user, kind=Kind.ACCESS, action=Action.VIEWED)


# --- visibility: 404 everywhere for a case the caller may not see -----------------------


def test_a_case_is_visible_to_its_cac_staff_and_its_team(cast, api_as, nh_case):
    for user in (cast.coordinator, cast.intake, cast.security_officer, cast.detective):
        response = api_as(user).get(_url(nh_case))
        assert response.status_code == 200, (user, response.content)
        assert response.json()["number"] == nh_case.number


@pytest.mark.parametrize("who", ["detective_elsewhere", "dcf_worker", "prosecutor", "trainer"])
def test_a_case_the_caller_may_not_see_is_404_everywhere(cast, api_as, nh_case, who):
    client = api_as(getattr(cast, who))
    assert_problem(client.get(_url(nh_case)), 404, "not_found")
    assert_problem(
        client.post(
            _url(nh_case, "assignments/"),
            {
                "section": "advocacy",
                "user": str(cast.advocate.public_id),
                "starts_on": "2025-01-01",
            },
            format="json",
        ),
        404,
        "not_found",
    )
    assert client.get(CASES).json()["results"] == []
    queries = (nh_case.number, "Quiñones", "quinones ana", "Hale", "Victor Hale")
    for q in queries:
        assert client.post(SEARCH, {"q": q}, format="json").json() == [], q
    # Each list and search is audited (who looked for what), and names no case.
    rows = list(_access_rows(getattr(cast, who)))
    assert len(rows) == 1 + len(queries)
    assert all(row.new_values["cases"] == [] for row in rows)


def test_an_unknown_case_is_404(cast, api_as):
    assert_problem(api_as(cast.coordinator).get(_url(Case(public_id=cast.cac.public_id))), 404)


def test_a_denied_or_restricted_case_is_404_for_who_may_not_see_it(cast, api_as, nh_case):
    case_deny(actor=cast.security_officer, case=nh_case, user=cast.detective)
    detective = api_as(cast.detective)
    assert_problem(detective.get(_url(nh_case)), 404)
    assert detective.post(SEARCH, {"q": nh_case.number}, format="json").json() == []
    case_restrict(actor=cast.security_officer, case=nh_case, allowed=[cast.coordinator])
    assert api_as(cast.coordinator).get(_url(nh_case)).status_code == 200
    assert_problem(api_as(cast.intake).get(_url(nh_case)), 404)
    assert api_as(cast.intake).get(CASES).json()["results"] == []


def test_search_finds_by_number_and_by_any_name_in_the_case(cast, api_as, nh_case):
    client = api_as(cast.coordinator)
    for q in (nh_case.number, nh_case.number.lower(), "Quinones", "ana quiñones", "Hale"):
        assert _ids(client.post(SEARCH, {"q": q}, format="json").json()) == [
            str(nh_case.public_id)
        ], q
    assert client.post(SEARCH, {"q": ""}, format="json").json() == []
    assert client.post(SEARCH, {}, format="json").json() == []


def test_search_does_not_leak_a_case_of_another_cac(cast, api_as, nh_case, hartford_case):
    coordinator = api_as(cast.coordinator)
    assert coordinator.post(SEARCH, {"q": hartford_case.number}, format="json").json() == []
    assert coordinator.post(SEARCH, {"q": "Quinlan"}, format="json").json() == []
    # "Quin..." sounds like both children: only the visible one comes back.
    found = _ids(coordinator.post(SEARCH, {"q": "quin"}, format="json").json())
    assert str(hartford_case.public_id) not in found
    assert _ids(coordinator.get(CASES).json()["results"]) == [str(nh_case.public_id)]


def test_a_nul_in_a_query_is_a_field_problem(cast, api_as):
    client = api_as(cast.coordinator)
    body = assert_problem(client.post(SEARCH, {"q": "a\x00b"}, format="json"), 400, "invalid")
    assert body["errors"][0]["field"] == "q"
    body = assert_problem(client.get(CASES, {"district": "a\x00b"}), 400, "invalid")
    assert body["errors"][0]["field"] == "district"


# --- sections by the role matrix ------------------------------------------------------------


def _sections(body) -> set[str]:
    return {a["section"] for a in body["assignments"]}


def test_a_therapist_gets_mental_health_not_law_enforcement(cast, api_as, nh_case):
    body = api_as(cast.therapist).get(_url(nh_case)).json()
    assert _sections(body) == {"mental_health"}
    assert body["sections"]["law_enforcement"] == "none"
    assert body["sections"]["mental_health"] == "edit"
    assert body["parties"] and body["allegations"]


def test_a_detective_gets_law_enforcement_not_mental_health(cast, api_as, nh_case):
    body = api_as(cast.detective).get(_url(nh_case)).json()
    assert _sections(body) == {"law_enforcement"}
    [assignment] = body["assignments"]
    assert assignment["user"] == {
        "id": str(cast.detective.public_id),
        "full_name": "Luis Ortega",
    }
    assert assignment["agency"]["id"] == str(cast.police.public_id)
    assert body["sections"]["mental_health"] == "none"


def test_a_coordinator_gets_every_part(cast, api_as, nh_case, kid, abuser):
    body = api_as(cast.coordinator).get(_url(nh_case)).json()
    _assert_public_ids_only(body)
    assert _sections(body) == {"law_enforcement", "mental_health"}
    assert body["child"] == {
        "id": str(kid.public_id),
        "full_name": "Ana Quiñones",
        "date_of_birth": "2015-03-09",
    }
    assert {(p["person"]["id"], p["role"], p["relationship"]) for p in body["parties"]} == {
        (str(kid.public_id), "alleged_victim", ""),
        (str(abuser.public_id), "alleged_offender", "parents_partner"),
    }
    [allegation] = body["allegations"]
    assert allegation["kind"] == "sexual_abuse"
    assert allegation["victim"] == str(kid.public_id)
    assert allegation["town"] == "New Haven"
    assert body["referral"]["reason"] == "abuse_allegation"
    assert body["referral"]["timeliness"] == "on time"
    assert body["referral"]["source_agency"]["id"] == str(cast.police.public_id)
    assert body["team"]["name"] == "New Haven MDT"
    assert body["cac"] == {"id": str(cast.cac.public_id), "name": "New Haven CAC"}
    assert body["status"] == "open"


def test_the_security_officer_gets_the_general_part_and_no_people(cast, api_as, nh_case):
    """The seeded matrix gives the security officer view on general and none on people."""
    body = api_as(cast.security_officer).get(_url(nh_case)).json()
    assert body["child"] is None and body["parties"] is None
    assert body["allegations"][0]["kind"] == "sexual_abuse"
    assert body["status"] == "open"
    assert body["assignments"] == []
    listed = api_as(cast.security_officer).get(CASES).json()["results"]
    assert listed[0]["child"] is None and listed[0]["number"] == nh_case.number


def test_without_the_general_section_only_the_case_number_is_shown(cast, api_as, nh_case):
    matrix_update(
        actor=cast.security_officer,
        changes={(Discipline.LAW_ENFORCEMENT.value, Section.GENERAL.value): int(Level.NONE)},
    )
    body = api_as(cast.detective).get(_url(nh_case)).json()
    for name, section in CASE_FIELD_SECTIONS.items():
        if section == Section.GENERAL:
            assert body[name] is None, name
    assert body["number"] == nh_case.number
    assert body["parties"] is not None  # people: still view
    assert _sections(body) == {"law_enforcement"}


def test_the_mapping_names_only_real_fields():
    from haven.cases.serializers import CaseDetailOut

    assert set(CASE_FIELD_SECTIONS) <= set(CaseDetailOut().fields)


# --- list, filters, pages ---------------------------------------------------------------------


def _more_cases(cast, person, count: int, *, parties: int = 1, start: int = 0) -> list:
    cases = []
    for i in range(start, start + count):
        child = person(f"Kid{i:02d}", "Example")
        extra = [person(f"Rel{i:02d}x{j}", "Example") for j in range(parties - 1)]
        result = _open(
            cast.intake,
            cast.cac,
            [PartyIn(child, PartyRole.ALLEGED_VICTIM)]
            + [PartyIn(p, PartyRole.HOUSEHOLD) for p in extra],
            [AllegationIn(child, AllegationType.NEGLECT)],
            received_at=timezone.now() - datetime.timedelta(days=i + 1),
            known_at=None,
        )
        cases.extend(result.cases)
    return cases


def test_the_list_pages_by_cursor_newest_received_first(cast, api_as, person):
    cases = _more_cases(cast, person, 5)
    client = api_as(cast.coordinator)
    pages, url = [], CASES + "?page_size=2"
    while url:
        body = client.get(url).json()
        pages.append(_ids(body["results"]))
        url = body["next"]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [i for p in pages for i in p] == [str(c.public_id) for c in cases]


def test_the_list_filters(cast, api_as, nh_case, person, nh_team):
    older = _more_cases(cast, person, 2, start=10)  # neglect, received 11 and 12 days ago
    client = api_as(cast.coordinator)

    def listed(**params):
        response = client.get(CASES, params)
        assert response.status_code == 200, response.content
        return set(_ids(response.json()["results"]))

    everything = {str(c.public_id) for c in [nh_case, *older]}
    assert listed() == everything
    assert listed(allegation="sexual_abuse") == {str(nh_case.public_id)}
    assert listed(allegation="neglect") == {str(c.public_id) for c in older}
    assert listed(team=str(nh_team.public_id)) == {str(nh_case.public_id)}
    assert listed(district="new-haven") == {str(nh_case.public_id)}
    assert listed(status="open") == everything
    assert listed(status="closed") == set()
    today = timezone.localdate()
    assert listed(received_from=str(today - datetime.timedelta(days=1))) == {str(nh_case.public_id)}
    assert listed(received_to=str(today - datetime.timedelta(days=11))) == {
        str(c.public_id) for c in older
    }
    assert listed(mine="1") == set()  # the coordinator is on no case team
    assert _ids(api_as(cast.detective).get(CASES, {"mine": "1"}).json()["results"]) == [
        str(nh_case.public_id)
    ]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"team": "not-a-uuid"}, "team"),
        ({"allegation": "bogus"}, "allegation"),
        ({"status": "pending"}, "status"),
        ({"received_from": "31/12/2024"}, "received_from"),
        ({"mine": "perhaps"}, "mine"),
    ],
)
def test_a_bad_filter_is_a_field_problem(cast, api_as, params, field):
    body = assert_problem(api_as(cast.coordinator).get(CASES, params), 400, "invalid")
    assert body["errors"][0]["field"] == field


# --- audit: every read of a case -------------------------------------------------------------


def test_the_detail_writes_one_access_row_naming_the_case(cast, api_as, nh_case):
    client = api_as(cast.detective)
    client.get(_url(nh_case))
    [row] = _access_rows(cast.detective)
    assert row.case_id == nh_case.public_id
    assert row.object_id == str(nh_case.public_id)
    assert row.new_values == {"what": "case detail (API)"}


def test_a_list_writes_one_access_row_naming_every_case_returned(cast, api_as, person):
    cases = _more_cases(cast, person, 4)
    client = api_as(cast.coordinator)
    client.get(CASES + "?page_size=3")
    [row] = _access_rows(cast.coordinator)
    assert row.new_values["what"] == "case list (API)"
    assert row.new_values["cases"] == [str(c.public_id) for c in cases[:3]]


def test_a_search_writes_one_access_row_with_the_query(cast, api_as, nh_case):
    api_as(cast.coordinator).post(SEARCH, {"q": "Quinones"}, format="json")
    [row] = _access_rows(cast.coordinator)
    assert row.new_values == {
        "what": "case search (API)",
        "cases": [str(nh_case.public_id)],
        "query": "Quinones",
    }


def test_an_empty_list_or_search_is_audited_and_a_hidden_case_is_not_read(cast, api_as, nh_case):
    client = api_as(cast.dcf_worker)
    client.get(CASES)
    client.post(SEARCH, {"q": "Quinones"}, format="json")
    client.get(_url(nh_case))  # 404: nothing read
    rows = list(_access_rows(cast.dcf_worker).order_by("id"))
    assert [r.new_values["what"] for r in rows] == ["case list (API)", "case search (API)"]
    assert all(r.new_values["cases"] == [] for r in rows)
    assert rows[1].new_values["query"] == "Quinones"


# --- intake ------------------------------------------------------------------------------------


def _iso(moment: datetime.datetime) -> str:
    return moment.isoformat()


@pytest.fixture
def intake_body(kid, abuser, nh_team, cast):
    """intake_body(**changes) -> a valid intake body: Ana and her brother as victims."""
    received = timezone.now() - datetime.timedelta(hours=1)

    def _body(**changes):
        body = {
            "team": str(nh_team.public_id),
            "reason": "abuse_allegation",
            "received_at": _iso(received),
            "known_at": _iso(received - datetime.timedelta(hours=4)),
            "source_agency": str(cast.police.public_id),
            "source_person": "Officer Diaz",
            "parties": [
                {"person": str(kid.public_id), "role": "alleged_victim", "age_at_referral": 9},
                {"person": str(abuser.public_id), "role": "alleged_offender"},
            ],
            "allegations": [
                {
                    "victim": str(kid.public_id),
                    "kind": "sexual_abuse",
                    "occurred_on": str(timezone.localdate() - datetime.timedelta(days=3)),
                    "town": "New Haven",
                    "description": "Disclosed to a teacher.",
                }
            ],
        }
        body.update(changes)
        return body

    return _body


def test_intake_opens_a_case_per_alleged_victim(cast, api_as, intake_body, person, kid):
    brother = person("Luis", "Quiñones")
    body = intake_body()
    body["parties"].append({"person": str(brother.public_id), "role": "co_victim"})
    body["allegations"].append({"victim": str(brother.public_id), "kind": "physical_abuse"})
    response = api_as(cast.intake).post(INTAKE, body, format="json")
    assert response.status_code == 201, response.content
    out = response.json()
    _assert_public_ids_only(out)
    assert {c["child"] for c in out["cases"]} == {str(kid.public_id), str(brother.public_id)}
    cases = Case.objects.filter(referral__public_id=out["referral"])
    assert {str(c.public_id) for c in cases} == {c["id"] for c in out["cases"]}
    assert {c.number for c in cases} == {c["number"] for c in out["cases"]}
    case = cases.get(child=kid)
    assert case.team.name == "New Haven MDT" and case.cac == cast.cac
    assert case.referral.source_person == "Officer Diaz"
    assert case.referral.parties.get(person=kid).age_at_referral == 9
    assert AuditEvent.objects.filter(action=Action.CASE_OPENED, actor=cast.intake).count() == 2
    # The new cases are readable at once by the coordinator.
    assert api_as(cast.coordinator).get(_url(case)).status_code == 200


def test_intake_with_the_least_it_needs(cast, api_as, kid):
    body = {
        "reason": "other",
        "received_at": _iso(timezone.now()),
        "parties": [{"person": str(kid.public_id), "role": "alleged_victim"}],
        "allegations": [{"victim": str(kid.public_id), "kind": "neglect"}],
    }
    response = api_as(cast.coordinator).post(INTAKE, body, format="json")
    assert response.status_code == 201, response.content


def _victim_only(kid):
    return [{"person": str(kid.public_id), "role": "alleged_victim"}]


@pytest.mark.parametrize(
    "change, field, code",
    [
        # refused by the service (haven.cases.services._check_intake)
        (lambda b, k, a: {"parties": b["parties"][1:]}, "parties", "invalid"),
        (lambda b, k, a: {"allegations": []}, "allegations", "invalid"),
        (
            lambda b, k, a: {"allegations": [{"victim": str(a.public_id), "kind": "neglect"}]},
            "allegations",
            "invalid",
        ),
        (
            lambda b, k, a: {"parties": b["parties"] + [b["parties"][0]]},
            "parties",
            "invalid",
        ),
        (
            lambda b, k, a: {"received_at": _iso(timezone.now() + datetime.timedelta(days=1))},
            "received_at",
            "invalid",
        ),
        (
            lambda b, k, a: {"known_at": _iso(timezone.now() + datetime.timedelta(minutes=30))},
            "received_at",
            "invalid",
        ),
        (
            lambda b, k, a: {
                "allegations": [
                    {
                        "victim": str(k.public_id),
                        "kind": "neglect",
                        "occurred_on": str(timezone.localdate() + datetime.timedelta(days=2)),
                    }
                ]
            },
            "allegations",
            "invalid",
        ),
        # refused by the input serializer
        (lambda b, k, a: {"reason": "gossip"}, "reason", "invalid"),
        (lambda b, k, a: {"received_at": "yesterday"}, "received_at", "invalid"),
        (lambda b, k, a: {"team": "not-a-uuid"}, "team", "invalid"),
        (lambda b, k, a: {"source_agency": str(k.public_id)}, "source_agency", "invalid"),
        (
            lambda b, k, a: {"parties": [{"person": str(k.public_id), "role": "bystander"}]},
            "parties.0.role",
            "invalid",
        ),
        (
            lambda b, k, a: {
                "parties": [
                    {"person": str(a.public_id), "role": "alleged_victim", "age_at_referral": 500}
                ]
            },
            "parties.0.age_at_referral",
            "invalid",
        ),
        (lambda b, k, a: {"cac": "mine"}, "cac", "invalid"),
    ],
)
def test_each_intake_refusal_is_a_problem_naming_the_field(
    cast, api_as, intake_body, kid, abuser, change, field, code
):
    body = intake_body()
    body.update(change(body, kid, abuser))
    response = api_as(cast.intake).post(INTAKE, body, format="json")
    problem = assert_problem(response, 400, code)
    assert field in {e["field"] for e in problem["errors"]}, problem
    assert not Case.objects.exists()


def test_a_team_of_another_cac_is_refused(cast, api_as, intake_body, hartford):
    cac, hal = hartford
    hana = user_create(
        actor=cast.security_officer,
        email="hana@hartfordcac.test",
        full_name="Hana Brandt",
        discipline=Discipline.COORDINATOR,
        agency=cac,
        password=PASSWORD,
    )
    team = team_create(
        actor=hana,
        name="Hartford MDT",
        district=District.objects.get(slug="hartford"),
        host_cac=cac,
    )
    problem = assert_problem(
        api_as(cast.intake).post(INTAKE, intake_body(team=str(team.public_id)), format="json"),
        400,
    )
    assert problem["errors"] == [{"field": "team", "message": "No team of your CAC has this id."}]


def test_a_person_the_caller_may_not_see_cannot_be_named(cast, api_as, hartford_case, kid):
    """Hartford's child is in a case New Haven's intake may not see: as good as unknown."""
    other_child = hartford_case.child
    body = {
        "reason": "other",
        "received_at": _iso(timezone.now()),
        "parties": [{"person": str(other_child.public_id), "role": "alleged_victim"}],
        "allegations": [{"victim": str(other_child.public_id), "kind": "neglect"}],
    }
    problem = assert_problem(api_as(cast.intake).post(INTAKE, body, format="json"), 400)
    assert {"field": "parties.0.person", "message": "No person you may see has this id."} in (
        problem["errors"]
    )


@pytest.mark.parametrize("who", ["detective", "security_officer", "therapist", "dcf_worker"])
def test_intake_is_for_a_cacs_intake_staff(cast, api_as, intake_body, who):
    response = api_as(getattr(cast, who)).post(INTAKE, intake_body(), format="json")
    assert_problem(response, 403)
    assert not Case.objects.exists()


def test_intake_by_a_coordinator_with_no_agency_is_refused(cast, api_as, intake_body):
    loner = user_create(
        actor=cast.security_officer,
        email="lone@cac.test",
        full_name="Lone Coordinator",
        discipline=Discipline.COORDINATOR,
        agency=None,
        password=PASSWORD,
    )
    assert_problem(api_as(loner).post(INTAKE, intake_body(), format="json"), 403, "forbidden")


# --- assignments -----------------------------------------------------------------------------


def test_a_coordinator_assigns_dcf_who_then_sees_the_case(cast, api_as, nh_case):
    dcf = api_as(cast.dcf_worker)
    assert_problem(dcf.get(_url(nh_case)), 404)
    response = api_as(cast.coordinator).post(
        _url(nh_case, "assignments/"),
        {
            "section": "child_protection",
            "user": str(cast.dcf_worker.public_id),
            "starts_on": str(timezone.localdate()),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["section"] == "child_protection"
    assert out["user"]["id"] == str(cast.dcf_worker.public_id)
    assert Assignment.objects.filter(public_id=out["id"], case=nh_case).exists()
    assert dcf.get(_url(nh_case)).status_code == 200


def test_a_directory_person_can_be_assigned(cast, api_as, nh_case):
    nurse = personnel_create(actor=cast.security_officer, agency=cast.cac, full_name="Nell Park")
    response = api_as(cast.coordinator).post(
        _url(nh_case, "assignments/"),
        {"section": "medical", "personnel": str(nurse.public_id), "starts_on": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["personnel"]["full_name"] == "Nell Park"
    assert response.json()["user"] is None


def test_the_statute_refuses_a_non_police_investigator(cast, api_as, nh_case):
    response = api_as(cast.coordinator).post(
        _url(nh_case, "assignments/"),
        {
            "section": "law_enforcement",
            "user": str(cast.therapist.public_id),
            "starts_on": "2025-01-01",
        },
        format="json",
    )
    problem = assert_problem(response, 400, "statutory_limit")
    assert problem["citation"] == CITATION
    assert problem["errors"][0]["field"] == "user"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"section": "advocacy", "starts_on": "2025-01-01"}, "user"),
        ({"section": "cooking", "starts_on": "2025-01-01", "user": "x"}, "section"),
        ({"section": "advocacy", "user": "00000000-0000-0000-0000-000000000000"}, "starts_on"),
        (
            {
                "section": "advocacy",
                "starts_on": "2025-01-01",
                "user": "00000000-0000-0000-0000-000000000000",
            },
            "user",
        ),
        ({"section": "advocacy", "starts_on": "2025-01-01", "ends_on": "2025-02-01"}, "ends_on"),
    ],
)
def test_bad_assignment_input_is_a_field_problem(cast, api_as, nh_case, body, field):
    response = api_as(cast.coordinator).post(_url(nh_case, "assignments/"), body, format="json")
    problem = assert_problem(response, 400)
    assert field in {e["field"] for e in problem["errors"]}, problem


def test_who_sees_the_case_but_does_not_edit_it_cannot_assign(cast, api_as, nh_case):
    body = {"section": "advocacy", "user": str(cast.advocate.public_id), "starts_on": "2025-01-01"}
    for user in (cast.detective, cast.therapist, cast.security_officer):
        response = api_as(user).post(_url(nh_case, "assignments/"), body, format="json")
        assert_problem(response, 403)
    assert not nh_case.assignments.filter(section="advocacy").exists()


# --- bounded queries ---------------------------------------------------------------------------


def _call(client, path, params=None):
    """The search is a POST (its words in the body); the lists are GETs."""
    if path == SEARCH:
        return client.post(path, params or {}, format="json")
    return client.get(path, params)


def _queries(client, path, params=None) -> int:
    """Queries for one call, after a first call has done its once-a-minute writes."""
    assert _call(client, path, params).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = _call(client, path, params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_list_and_search_queries_do_not_grow_with_cases(
    cast, api_as, person, django_assert_max_num_queries
):
    _more_cases(cast, person, 2, parties=2)
    client = api_as(cast.detective)
    coordinator = api_as(cast.coordinator)
    calls = [
        (coordinator, CASES, None),
        (coordinator, SEARCH, {"q": "Example"}),
        (client, CASES, {"mine": "1"}),
    ]
    before = [_queries(c, p, q) for c, p, q in calls]
    _more_cases(cast, person, 10, parties=3, start=2)
    assert len(coordinator.get(CASES).json()["results"]) == 12
    assert [_queries(c, p, q) for c, p, q in calls] == before
    for c, p, q in calls:
        # 7 sign in and throttle, 5 the audit row (6 on PostgreSQL: its chain lock is a
        # query); a centre's name search reads the user's teams and assignments elsewhere,
        # counts then reads the name rows in her centre, then the cases.
        with django_assert_max_num_queries(19):
            assert _call(c, p, q).status_code == 200


def test_detail_queries_do_not_grow_with_parties_or_assignments(
    cast, api_as, person, django_assert_max_num_queries
):
    [small] = _more_cases(cast, person, 1, parties=1)
    [large] = _more_cases(cast, person, 1, parties=12, start=1)
    today = timezone.localdate()
    for section, user in (("law_enforcement", cast.detective), ("advocacy", cast.advocate)):
        case_assign(actor=cast.coordinator, case=large, section=section, user=user, starts_on=today)
    client = api_as(cast.coordinator)
    assert _queries(client, _url(large)) == _queries(client, _url(small))
    assert len(client.get(_url(large)).json()["parties"]) == 12
    with django_assert_max_num_queries(20):
        assert client.get(_url(large)).status_code == 200


# --- schema ------------------------------------------------------------------------------------


def test_the_schema_documents_the_case_operations(cast, api_as):
    schema = json.loads(api_as(cast.detective).get("/api/v1/schema/?format=json").content)
    paths = schema["paths"]
    assert {
        "/api/v1/cases/",
        "/api/v1/cases/search/",
        "/api/v1/cases/intake/",
        "/api/v1/cases/{public_id}/",
        "/api/v1/cases/{public_id}/assignments/",
    } <= set(paths)
    for operations in (v for k, v in paths.items() if k.startswith("/api/v1/cases/")):
        for operation in operations.values():
            assert operation["summary"]
            assert "application/problem+json" in operation["responses"]["404"]["content"]
    components = schema["components"]["schemas"]
    for name in ("IntakeInRequest", "PartyInRequest", "AllegationInRequest", "AssignmentInRequest"):
        assert components[name]["additionalProperties"] is False, name
    detail = components["CaseDetailOut"]["properties"]
    for name in CASE_FIELD_SECTIONS:
        assert detail[name].get("nullable") is True, name


# --- ending assignments; the security officer's access controls ----------------------------


def test_an_assignment_is_ended_through_the_api(cast, api_as, nh_case):
    assignment = nh_case.assignments.get(user=cast.detective)
    url = f"{_url(nh_case)}assignments/{assignment.public_id}/end/"
    today = timezone.localdate()
    response = api_as(cast.coordinator).post(url, {"ends_on": today.isoformat()}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["ends_on"] == today.isoformat()
    again = api_as(cast.coordinator).post(url, {"ends_on": today.isoformat()}, format="json")
    assert_problem(again, 400)


def test_ending_an_assignment_is_refused_to_the_detective(cast, api_as, nh_case):
    assignment = nh_case.assignments.get(user=cast.detective)
    url = f"{_url(nh_case)}assignments/{assignment.public_id}/end/"
    assert_problem(api_as(cast.detective).post(url, {"ends_on": "2026-01-01"}, format="json"), 403)


def test_the_officer_restricts_lifts_denies_and_lifts_a_denial_through_the_api(
    cast, api_as, nh_case
):
    officer = api_as(cast.security_officer)
    access = f"{_url(nh_case)}access/"
    restricted = officer.post(
        f"{access}restrict/", {"users": [str(cast.coordinator.public_id)]}, format="json"
    )
    assert restricted.status_code == 200, restricted.content
    assert restricted.json()["restricted"] is True
    assert [u["full_name"] for u in restricted.json()["restricted_to"]] == ["Carmen Reyes"]
    assert_problem(api_as(cast.intake).get(_url(nh_case)), 404)
    assert officer.post(f"{access}restrict/lift/").json()["restricted"] is False
    assert api_as(cast.intake).get(_url(nh_case)).status_code == 200
    denied = officer.post(f"{access}denials/", {"user": str(cast.intake.public_id)}, format="json")
    assert [u["full_name"] for u in denied.json()["denied"]] == ["Ivy Chen"]
    assert_problem(api_as(cast.intake).get(_url(nh_case)), 404)
    lifted = officer.post(f"{access}denials/{cast.intake.public_id}/lift/")
    assert lifted.json()["denied"] == []
    assert api_as(cast.intake).get(_url(nh_case)).status_code == 200
    actions = set(
        AuditEvent.objects.filter(case_id=nh_case.public_id).values_list("action", flat=True)
    )
    assert {Action.CASE_RESTRICTED, Action.CASE_DENIED, Action.CASE_UPDATED} <= actions


def test_access_controls_are_refused_to_everyone_but_the_officer(cast, api_as, nh_case):
    coordinator = api_as(cast.coordinator)
    access = f"{_url(nh_case)}access/"
    assert_problem(coordinator.get(access), 403)
    body = {"user": str(cast.intake.public_id)}
    assert_problem(coordinator.post(f"{access}denials/", body, format="json"), 403)


def test_restricting_to_nobody_is_a_field_problem(cast, api_as, nh_case):
    response = api_as(cast.security_officer).post(
        f"{_url(nh_case)}access/restrict/", {"users": []}, format="json"
    )
    body = assert_problem(response, 400)
    assert body["errors"][0]["field"] == "users"


def test_intake_keeps_a_typed_case_number_and_a_duplicate_is_a_problem(cast, api_as, intake_body):
    client = api_as(cast.intake)
    created = client.post(INTAKE, intake_body(case_number="nca-2019-42"), format="json")
    assert created.status_code == 201, created.content
    assert created.json()["cases"][0]["number"] == "NCA-2019-42"
    again = client.post(INTAKE, intake_body(case_number="NCA-2019-42"), format="json")
    assert_problem(again, 400)
    assert "already in use" in again.json()["detail"]


def test_the_api_search_takes_the_name_in_the_body_never_the_address(cast, api_as, nh_case):
    client = api_as(cast.coordinator)
    found = client.post(SEARCH, {"q": "ana quiñones"}, format="json")
    assert found.status_code == 200 and _ids(found.json()) == [str(nh_case.public_id)]
    body = assert_problem(client.get(SEARCH, {"q": "Quinones"}), 400, "query_in_address")
    assert "POST" in body["detail"] and "Quinones" not in json.dumps(body)
    assert [r.new_values["what"] for r in _access_rows(cast.coordinator)] == [
        "case search (API)"
    ]  # the refused GET searched nothing
