"""Every read of a child's data is audited (security issue 18, item 8).

The routes come from the URL resolver through the access table (every route has a row
there, or test_access_table fails), and each route the table calls with GET is classified
in haven/testing/child_data.py. Each child-data route is then read by every persona the
table lets in (200), and each read must write exactly one audit access row for that
reader: an empty list or a search that finds nothing is a read too (what was looked for,
by whom, is the record).
"""

import pytest

from haven.audit.models import AuditEvent, Kind
from haven.core.tests.test_access_table import (
    EXPECTED,
    ROUTE_CALLS,
    all_route_names,
    client_as,
    route_fixtures,
)
from haven.testing.access_table import ANON, PERSONAS
from haven.testing.child_data import CHILD_DATA, NO_CHILD_DATA

# The table's recording is not yet complete (409 for everyone), so no persona plays it
# here; its playback and download are audited in the interviews tests named.
READ_IN_THEIR_OWN_TESTS = {
    "interviews:recording_stream": "haven/interviews/tests/test_views.py::"
    "test_a_stream_without_the_player_page_is_audited_each_time",
    "interviews:recording_download": "haven/interviews/tests/test_recordings.py::"
    "test_playback_needs_a_grant_and_is_in_the_chain_of_custody",
    "api-recording-stream": "haven/interviews/tests/test_api.py::"
    "test_schedule_upload_play_and_complete_through_the_api",
}


def _api_views_that_also_get() -> set[str]:
    """Routes the table calls with another method whose API view also answers GET (a
    list of observers beside 'add an observer'): their GET is classified and read too."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = set()

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace else p.name
                view_class = getattr(p.callback, "cls", None)
                if view_class is not None and hasattr(view_class, "get"):
                    found.add(name)

    walk(get_resolver().url_patterns)
    return found


GET_ROUTES = {name for name, (method, _build) in ROUTE_CALLS.items() if method == "GET"} | (
    _api_views_that_also_get() & set(ROUTE_CALLS)
)


def _readers(name: str) -> list[str]:
    """Who reads the route in the access table: those let in (200) by its GET row; for a
    route the table calls otherwise, those let past the door (neither 401, 403 nor 404)."""
    method = ROUTE_CALLS[name][0]
    expected = EXPECTED[name]
    if method == "GET":
        return [p for p in PERSONAS if p != ANON and expected[p] == 200]
    return [p for p in PERSONAS if p != ANON and expected[p] not in (401, 403, 404)]


def test_every_get_route_is_classified():
    assert set(ROUTE_CALLS) == all_route_names()  # the table covers the resolver
    unclassified = sorted(GET_ROUTES - CHILD_DATA - NO_CHILD_DATA)
    assert not unclassified, (
        "Decide whether these routes return child-identifying data and add each to "
        f"CHILD_DATA or NO_CHILD_DATA in haven/testing/child_data.py: {unclassified}"
    )
    assert not CHILD_DATA & NO_CHILD_DATA
    stale = sorted((CHILD_DATA | NO_CHILD_DATA) - GET_ROUTES)
    assert not stale, f"Not GET routes of the access table: {stale}"


# Routes whose page shows child data only after a POST elsewhere: {route: (path, form)}.
# The case search keeps its words in the session behind an opaque id, never the address,
# so the walk posts the search first and reads the results page it is sent to.
POSTED_FIRST = {"cases:case_search": ("/cases/search/", {"q": "Table Child"})}


def _read(client, url, name=""):
    if name in POSTED_FIRST:
        path, form = POSTED_FIRST[name]
        url = client.post(path, form)["Location"]
    response = client.get(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)  # a stream is read as it is sent
    return response


def _last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.django_db
def test_every_read_of_child_data_writes_one_audit_row(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fixtures = route_fixtures(cast)
    users = cast.by_discipline()
    clients = {persona: client_as(cast, persona) for persona in PERSONAS if persona != ANON}
    wrong, unread = [], []
    for name in sorted(CHILD_DATA):
        url = ROUTE_CALLS[name][1](fixtures)
        readers = _readers(name)
        read_by_someone = False
        for persona in readers:
            before = _last_id()
            response = _read(clients[persona], url, name)
            if ROUTE_CALLS[name][0] != "GET" and response.status_code in (403, 404):
                continue  # the table's row is for the other method: this GET is refused
            read_by_someone = True
            rows = AuditEvent.objects.filter(
                id__gt=before, kind=Kind.ACCESS, actor=users[persona]
            ).count()
            if response.status_code != 200 or rows != 1:
                wrong.append(f"{name} as {persona}: {response.status_code}, {rows} access rows")
        if not read_by_someone and name not in READ_IN_THEIR_OWN_TESTS:
            unread.append(name)
    assert not wrong, "Each read must write one audit access row:\n" + "\n".join(wrong)
    assert not unread, f"No persona reads these in the access table: {unread}"


@pytest.mark.django_db
def test_the_intake_lookup_writes_one_audit_row(cast, settings, tmp_path):
    """The duplicate check shows the children already known by that name: a read."""
    settings.MEDIA_ROOT = tmp_path
    route_fixtures(cast)  # the table's child, "Table Child", is known
    before = _last_id()
    response = client_as(cast, "intake").post(
        "/cases/intake/",
        {
            "step": "lookup",
            "first_name": "Table",
            "last_name": "Child",
            "sex": "unknown",
            "race": "unknown",
            "ethnicity": "unknown",
        },
    )
    assert "Is this a child Haven already knows?" in response.content.decode()
    assert response.status_code == 200
    assert "Table" in response.content.decode()
    rows = AuditEvent.objects.filter(id__gt=before, kind=Kind.ACCESS, actor=cast.intake).count()
    assert rows == 1
