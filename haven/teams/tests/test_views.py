"""Team pages: the gap banner, seating members, protocols through the page, statewide view."""

import datetime
import io

import pytest
from django.utils import timezone

from haven.accounts.services import user_update
from haven.directory.models import AgencyKind, District
from haven.directory.services import agency_create, personnel_create
from haven.teams.models import Seat, Team
from haven.teams.services import membership_add, team_create

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def team(cast):
    return team_create(
        actor=cast.coordinator,
        name="New Haven MDT",
        district=District.objects.get(slug="new-haven"),
        host_cac=cast.cac,
        established_on=datetime.date(2015, 1, 1),
    )


def _seat(team, cast, seat, user, days_ago=30, **kw):
    return membership_add(
        actor=cast.coordinator,
        team=team,
        seat=seat,
        user=user,
        starts_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        **kw,
    )


@pytest.mark.django_db
def test_the_team_page_names_every_empty_seat_in_a_banner(cast, team, client_for):
    _seat(team, cast, Seat.LAW_ENFORCEMENT, cast.detective)
    body = client_for(cast.coordinator).get(f"/teams/{team.public_id}/").content.decode()
    banner = body.split('id="composition-banner"')[1].split("</div>\n</div>")[0]
    assert "State&#x27;s attorney of the judicial district" in banner
    assert "Forensic interviewer" in banner
    assert "Law enforcement" not in banner
    assert "advisory" in banner and "17a-106f" in banner


@pytest.mark.django_db
def test_a_member_sees_their_team_and_a_detective_elsewhere_does_not(cast, team, client_for):
    _seat(team, cast, Seat.LAW_ENFORCEMENT, cast.detective)
    assert client_for(cast.detective).get(f"/teams/{team.public_id}/").status_code == 200
    assert client_for(cast.detective_elsewhere).get(f"/teams/{team.public_id}/").status_code == 404


@pytest.mark.django_db
def test_a_seat_that_does_not_fit_is_refused_on_the_page_with_the_statute(cast, team, client_for):
    response = client_for(cast.coordinator).post(
        f"/teams/{team.public_id}/members/",
        {
            "seat": Seat.DCF,
            "user": str(cast.detective.public_id),
            "starts_on": "2026-01-05",
            "is_primary": "on",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Department of Children and Families" in body and "17a-106f" in body
    assert 'value="2026-01-05"' in body  # what was typed is kept
    assert not team.memberships.exists()


@pytest.mark.django_db
def test_the_team_page_uses_a_bounded_number_of_queries(
    cast, team, client_for, django_assert_max_num_queries
):
    client = client_for(cast.coordinator)
    url = f"/teams/{team.public_id}/"
    _seat(team, cast, Seat.LAW_ENFORCEMENT, cast.detective)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for n in range(8):
        person = personnel_create(actor=cast.coordinator, agency=cast.cac, full_name=f"A {n}")
        membership_add(
            actor=cast.coordinator,
            team=team,
            seat=Seat.VICTIM_ADVOCATE,
            personnel=person,
            starts_on=datetime.date(2024, 1, 1),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def _more_teams(cast, n):
    district = District.objects.get(slug="hartford")
    for i in range(n):
        t = team_create(
            actor=cast.coordinator, name=f"Extra MDT {i}", district=district, host_cac=cast.cac
        )
        membership_add(
            actor=cast.coordinator,
            team=t,
            seat=Seat.LAW_ENFORCEMENT,
            user=cast.detective_elsewhere,
            starts_on=datetime.date(2025, 1, 1),
        )


@pytest.mark.django_db
def test_the_statewide_view_uses_a_bounded_number_of_queries(
    cast, team, client_for, django_assert_max_num_queries
):
    client = client_for(cast.coordinator)
    _more_teams(cast, 2)
    client.get("/teams/statewide/")
    with django_assert_max_num_queries(20) as small:
        client.get("/teams/statewide/")
    _more_teams_offset = Team.objects.count()
    district = District.objects.get(slug="tolland")
    for i in range(10):
        team_create(
            actor=cast.coordinator,
            name=f"More MDT {i + _more_teams_offset}",
            district=district,
            host_cac=cast.cac,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/teams/statewide/")
    assert len(response.context["rows"]) == Team.objects.count()


@pytest.mark.django_db
def test_the_statewide_view_shows_since_when_a_seat_is_empty(cast, team, client_for):
    membership_add(
        actor=cast.coordinator,
        team=team,
        seat=Seat.LAW_ENFORCEMENT,
        user=cast.detective,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 6, 30),
    )
    response = client_for(cast.coordinator).get("/teams/statewide/")
    row = next(r for r in response.context["rows"] if r["team"] == team)
    status = next(s for s in row["seats"] if s.seat == Seat.LAW_ENFORCEMENT)
    assert not status.filled and status.empty_since == datetime.date(2025, 7, 1)
    assert "since 2025-07-01" in response.content.decode()


@pytest.mark.django_db
def test_the_statewide_view_sorts_and_filters_by_district(cast, team, client_for):
    _more_teams(cast, 1)
    client = client_for(cast.coordinator)
    only = client.get("/teams/statewide/", {"district": "hartford"}).context["rows"]
    assert [r["team"].name for r in only] == ["Extra MDT 0"]
    by_gaps = client.get("/teams/statewide/", {"sort": "gaps"}).context["rows"]
    counts = [sum(not g.advisory for g in r["gaps"]) for r in by_gaps]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.django_db
def test_the_statewide_view_exports_csv_and_xlsx(cast, team, client_for):
    from openpyxl import load_workbook

    _seat(team, cast, Seat.LAW_ENFORCEMENT, cast.detective)
    client = client_for(cast.coordinator)
    csv_text = client.get("/teams/statewide.csv").content.decode()
    header, first = csv_text.splitlines()[:2]
    assert header.startswith("Team,Judicial district,Host CAC,Required seats empty")
    assert "Luis Ortega" in first and "EMPTY since 2015-01-01" in first
    book = load_workbook(io.BytesIO(client.get("/teams/statewide.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Team" and rows[1][0] == "New Haven MDT"


@pytest.mark.django_db
def test_only_coordinators_and_the_dcf_liaison_see_the_statewide_view(cast, client_for):
    assert client_for(cast.coordinator).get("/teams/statewide/").status_code == 200
    assert client_for(cast.detective).get("/teams/statewide/").status_code == 403
    assert client_for(cast.dcf_worker).get("/teams/statewide/").status_code == 403
    user_update(
        actor=cast.security_officer,
        user=cast.dcf_worker,
        full_name="Dana Whitaker",
        discipline="dcf",
        agency=cast.dcf_worker.agency,
        is_statewide_liaison=True,
    )
    assert client_for(cast.dcf_worker).get("/teams/statewide/").status_code == 200


@pytest.mark.django_db
def test_a_protocol_goes_from_draft_to_adopted_through_the_page(
    cast, team, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _seat(team, cast, Seat.LAW_ENFORCEMENT, cast.detective)
    client = client_for(cast.coordinator)
    url = f"/teams/{team.public_id}/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        url + "protocols/",
        {"title": "Joint investigation protocol", "document": SimpleUploadedFile("p.pdf", PDF)},
    )
    version = team.protocols.get().versions.get()
    refused = client.post(
        url + f"protocols/{version.public_id}/adopt/", {"adopted_on": "2026-11-20"}, follow=True
    )
    assert "Still missing: New Haven Police" in refused.content.decode()
    client.post(
        url + f"protocols/{version.public_id}/signoff/",
        {"agency": str(cast.police.public_id), "signed_on": "2026-11-19"},
    )
    client.post(url + f"protocols/{version.public_id}/adopt/", {"adopted_on": "2026-11-20"})
    version.refresh_from_db()
    assert version.status == "adopted" and version.review_due_on == datetime.date(2027, 11, 20)
    page = client.get(url).content.decode()
    assert "Current: version 1, adopted 2026-11-20" in page
    download = client.get(url + f"protocols/{version.public_id}/document/")
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_saved(
    cast, team, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(cast.coordinator).post(
        f"/teams/{team.public_id}/protocols/",
        {"title": "Protocol", "document": SimpleUploadedFile("p.pdf", b"\x89PNG\r\n\x1a\n....")},
    )
    assert response.status_code == 400
    assert "not a PDF" in response.content.decode()
    assert not team.protocols.exists()
    assert not list(tmp_path.rglob("*.pdf"))


@pytest.mark.django_db
def test_a_coordinator_of_another_cac_cannot_manage_the_team(cast, team, client_for):
    other_cac = agency_create(
        actor=cast.security_officer,
        name="Hartford CAC",
        kind=AgencyKind.CAC,
        district=District.objects.get(slug="hartford"),
    )
    user_update(
        actor=cast.security_officer,
        user=cast.coordinator,
        full_name="Carmen Reyes",
        discipline="coordinator",
        agency=other_cac,
    )
    client = client_for(cast.coordinator)
    assert client.get(f"/teams/{team.public_id}/").status_code == 404
    response = client.post(f"/teams/{team.public_id}/members/", {"seat": "medical"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_exported_names_cannot_run_as_spreadsheet_formulas(cast, client_for):
    team_create(
        actor=cast.coordinator,
        name='=HYPERLINK("http://x")',
        district=District.objects.get(slug="hartford"),
        host_cac=cast.cac,
    )
    csv_text = client_for(cast.coordinator).get("/teams/statewide.csv").content.decode()
    assert "'=HYPERLINK" in csv_text


@pytest.mark.django_db
def test_the_team_page_shows_the_links_apps_above_it_register(cast, team, client_for):
    # reviews registers "Case review meetings" (haven/reviews/apps.py); teams names no URL
    # of an app above it.
    page = client_for(cast.coordinator).get(f"/teams/{team.public_id}/").content.decode()
    assert f'href="/reviews/teams/{team.public_id}/"' in page
    assert "Case review meetings" in page


@pytest.mark.django_db
@pytest.mark.parametrize("output", ["csv", "xlsx"])
def test_every_formula_start_is_neutralised_in_the_seat_export(cast, client_for, output):
    from haven.testing.exports import FORMULA_PAYLOADS, assert_neutralised, csv_rows, xlsx_rows

    district = District.objects.get(slug="hartford")
    for payload in FORMULA_PAYLOADS:  # stored as any import or old release may have left it
        Team.objects.create(name=payload, district=district, host_cac=cast.cac)
    response = client_for(cast.coordinator).get(f"/teams/statewide.{output}")
    rows = csv_rows(response) if output == "csv" else xlsx_rows(response)
    assert_neutralised(rows)
    if output == "xlsx":  # the count of empty required seats stays a number
        assert all(isinstance(row[3], int) for row in rows[1:])
