"""haven.api.schema and the schema/docs routes: an OpenAPI 3 document, and docs with no
outside resources, both for signed-in callers only."""

import json
import re

import pytest
import yaml
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from haven.api.tests.support import assert_problem

SCHEMA = "/api/v1/schema/"
DOCS = "/api/v1/docs/"
OPENAPI_JSON = "application/vnd.oai.openapi+json"


@pytest.fixture
def officer(cast, bearer):
    return bearer(cast.security_officer)


def _schema(client) -> dict:
    response = client.get(SCHEMA + "?format=json")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == OPENAPI_JSON
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3(officer):
    schema = _schema(officer)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Haven API"
    validate_schema(schema)


def _api_routes() -> set[str]:
    """Every route mounted under /api/v1/ (from the URL resolver), as an OpenAPI path."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    found = set()
    for route in walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/") or route.endswith(("schema/", "docs/")):
            continue
        found.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return found


def test_the_schema_lists_every_api_route(officer):
    paths = set(_schema(officer)["paths"])
    routes = _api_routes()
    assert len(routes) > 60  # the resolver walk itself works
    assert paths == routes
    # The core of the API, by name, so a broken walk cannot make both sides empty.
    assert {"/api/v1/me/", "/api/v1/cases/", "/api/v1/cases/{public_id}/"} <= paths


def test_the_schema_declares_how_to_authenticate(officer):
    schema = _schema(officer)
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearerAuth"]["description"],
    }
    assert schemes["cookieAuth"]["in"] == "cookie"
    public = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "security" not in operation:
                public.append((method, path))
                continue
            assert {"bearerAuth": []} in operation["security"], (method, path)
    # The only operation anyone may call without signing in: reporting suspected
    # trafficking (issue 9), like the public form.
    assert public == [("post", "/api/v1/screening/reports/")]


def test_the_schema_documents_problem_responses(officer):
    schema = _schema(officer)
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    assert "citation" in problem["properties"]
    post = schema["paths"]["/api/v1/agencies/"]["post"]["responses"]
    for status in ("400", "401", "403", "404", "413", "415", "429"):
        assert "application/problem+json" in post[status]["content"], status
    get = schema["paths"]["/api/v1/me/"]["get"]["responses"]
    assert "413" not in get and "401" in get


def test_the_schema_says_inputs_refuse_unknown_fields(officer):
    components = _schema(officer)["components"]["schemas"]
    for name in ("AgencyInRequest", "PersonnelInRequest", "TokenInRequest", "MatrixInRequest"):
        assert components[name]["additionalProperties"] is False, name
    for name in ("PersonInRequest", "PersonMergeInRequest", "IntakeInRequest", "PartyInRequest"):
        assert components[name]["additionalProperties"] is False, name
    for name in ("AllegationInRequest", "AssignmentInRequest"):
        assert components[name]["additionalProperties"] is False, name


def test_the_matrix_patch_body_is_whole_not_partial(officer):
    schema = _schema(officer)
    body = schema["paths"]["/api/v1/access/matrix/"]["patch"]["requestBody"]
    assert body["required"] is True
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    component = schema["components"]["schemas"][ref]
    assert component["required"] == ["changes"]
    assert component["properties"]["changes"]["minItems"] == 1


def test_the_agency_district_may_be_null(officer):
    district = _schema(officer)["components"]["schemas"]["AgencyOut"]["properties"]["district"]
    assert district["nullable"] is True


def test_the_schema_as_json_by_accept_header(officer):
    response = officer.get(SCHEMA, HTTP_ACCEPT=OPENAPI_JSON)
    assert response.status_code == 200
    assert response["Content-Type"] == OPENAPI_JSON
    assert json.loads(response.content)["openapi"].startswith("3.")
    plain = officer.get(SCHEMA, HTTP_ACCEPT="application/json")
    assert plain.status_code == 200
    assert json.loads(plain.content)["openapi"].startswith("3.")


def test_the_schema_is_yaml_by_default(officer):
    response = officer.get(SCHEMA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_the_schema_needs_authentication(cast, api):
    assert_problem(api.get(SCHEMA + "?format=json"), 401, "not_authenticated")
    assert_problem(api.get(SCHEMA), 401, "not_authenticated")


def test_the_schema_is_readable_with_a_session(cast):
    client = APIClient()
    client.force_login(cast.detective)
    assert _schema(client)["openapi"].startswith("3.")


def test_a_revoked_or_unknown_token_cannot_read_the_schema(cast):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer hvn_not-a-real-token")
    assert_problem(client.get(SCHEMA), 401, "token_invalid")


# --- docs ----------------------------------------------------------------------------


@pytest.fixture
def signed_in(cast):
    client = APIClient()
    client.force_login(cast.detective)
    return client


_URL_ATTRIBUTE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)


def test_the_docs_render_for_a_signed_in_user(signed_in):
    response = signed_in.get(DOCS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<title>Haven API</title>" in html
    assert 'id="swagger-ui"' in html


def test_the_docs_load_nothing_from_outside_the_site(signed_in):
    html = signed_in.get(DOCS).content.decode()
    urls = _URL_ATTRIBUTE.findall(html)
    assert urls, html
    for url in urls:
        assert not re.match(r"^(https?:)?//", url, re.I), url
        assert url.startswith("/"), url
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)


def test_every_asset_the_docs_load_is_served_by_haven(signed_in):
    html = signed_in.get(DOCS).content.decode()
    for url in _URL_ATTRIBUTE.findall(html):
        response = signed_in.get(url)
        assert response.status_code == 200, url
        if url.startswith(DOCS):  # the init script, served by the docs view itself
            script = response.content.decode()
            assert f'url: "{SCHEMA}"' in script
            assert not re.search(r"https?://", script), "the init script names an outside URL"
        # No response.close(): it sends request_finished, which closes the database
        # connection mid-test on PostgreSQL.


def test_the_docs_need_authentication(cast, api):
    assert_problem(api.get(DOCS), 401, "not_authenticated")


def test_the_schema_builds_without_warnings(capsys):
    # Two apps' serializers with one name collide in the schema: drf-spectacular warns, and
    # `check --deploy --fail-level WARNING` (CI) fails. Caught here, where it is made.
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", "/dev/null")
