"""haven.api.pagination: cursor pages that never repeat or skip, and forged cursors refused."""

import base64

import pytest

from haven.api.tests.support import assert_problem
from haven.directory.models import Agency, AgencyKind
from haven.directory.services import agency_create

AGENCIES = "/api/v1/agencies/"


def _add_agencies(actor, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        agency_create(actor=actor, name=f"Town {i:03d} Police", kind=AgencyKind.MUNICIPAL_POLICE)


def _walk(client, url):
    """Follow `next` from `url`; the ids of every page, in order."""
    pages = []
    while url:
        body = client.get(url).json()
        pages.append([a["id"] for a in body["results"]])
        url = body["next"]
    return pages


def test_cursor_pages_cover_every_agency_once(cast, bearer):
    _add_agencies(cast.security_officer, 7)
    pages = _walk(bearer(cast.detective), AGENCIES + "?page_size=3")
    seen = [i for page in pages for i in page]
    assert [len(p) for p in pages] == [3, 3, 3, 3]
    assert len(seen) == len(set(seen)) == Agency.objects.count() == 12


def test_pages_do_not_repeat_when_rows_are_added_while_paging(cast, bearer):
    _add_agencies(cast.security_officer, 5)
    client = bearer(cast.detective)
    first = client.get(AGENCIES + "?page_size=4").json()
    _add_agencies(cast.security_officer, 3, start=100)  # newest first: they sort ahead
    rest = _walk(client, first["next"])
    ids = [a["id"] for a in first["results"]] + [i for page in rest for i in page]
    assert len(ids) == len(set(ids)) == 10  # the 10 that existed when paging began


def test_the_first_page_links_to_the_next_and_back(cast, bearer):
    client = bearer(cast.detective)
    first = client.get(AGENCIES + "?page_size=2").json()
    assert first["next"] and "cursor=" in first["next"]
    assert first["previous"] is None
    assert len(first["results"]) == 2
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]


def test_the_page_size_is_capped(cast, bearer):
    _add_agencies(cast.security_officer, 3)
    body = bearer(cast.detective).get(AGENCIES + "?page_size=100000").json()
    assert len(body["results"]) == Agency.objects.count()  # under the cap of 200
    assert body["next"] is None


def test_a_page_size_that_is_not_a_number_uses_the_default(cast, bearer):
    assert bearer(cast.detective).get(AGENCIES + "?page_size=many").status_code == 200


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        _cursor("o=-1"),
        _cursor("r=x"),
        # Well-formed cursors with a position that is not an id: DRF passes these to the
        # database, where they failed with a 500 before HavenCursorPagination checked them.
        _cursor("p=abc"),
        _cursor("p=1.5"),
        _cursor("r=1&p=x"),
        _cursor("p=\x00"),
    ],
)
def test_a_forged_or_broken_cursor_is_a_404_problem(cast, bearer, cursor):
    client = bearer(cast.detective)
    client.raise_request_exception = False
    response = client.get(AGENCIES, {"cursor": cursor})
    body = assert_problem(response, 404, "not_found")
    assert body["detail"] == "Invalid cursor"


@pytest.mark.parametrize("path", ["/api/v1/districts/", "/api/v1/audit/events/", "/api/v1/tokens/"])
def test_every_list_refuses_a_forged_cursor(cast, bearer, path):
    client = bearer(cast.security_officer)
    client.raise_request_exception = False
    assert_problem(client.get(path, {"cursor": _cursor("p=abc")}), 404, "not_found")
