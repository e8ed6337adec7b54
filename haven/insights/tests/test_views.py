"""The NCA pages and exports: figures, traced lists, suppression, formula safety, audit."""

import io

import pytest

from haven.audit.models import Action, AuditEvent
from haven.insights.tests import world as w

Q = "period=2026H1"


@pytest.fixture
def world(cast):
    return w.build(cast)


def _q(cast, extra=""):
    return f"centre={cast.cac.public_id}&{Q}{extra}"


def test_report_page_shows_the_figures_and_links_each(cast, world, client_for):
    client = client_for(cast.coordinator)
    response = client.get(f"/insights/nca/?{_q(cast)}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "January to June 2026" in html
    assert f"{_q(cast)}&figure=gender&value=female".replace("&", "&amp;") in html
    assert world.cases["C4"].number in html  # missing data, linked
    event = AuditEvent.objects.filter(action=Action.REPORT_VIEWED).get()
    assert event.new_values["period"] == "2026H1"


def test_defaults_to_own_centre_and_last_half(cast, world, client_for):
    response = client_for(cast.coordinator).get("/insights/nca/")
    assert response.status_code == 200
    assert response.context["report"].centre == cast.cac


@pytest.mark.parametrize(
    "query, message",
    [
        ("period=2026H3", "Choose a half-year"),
        ("period=range&start=2026-05-01&end=2026-04-01", "before its start"),
        ("period=range&start=2026-05-01", "Give both dates"),
        ("period=2026-02-30_2026-03-01", "not real dates"),
    ],
)
def test_bad_period_is_a_clear_message_keeping_the_input(cast, client_for, query, message):
    response = client_for(cast.coordinator).get(
        f"/insights/nca/?centre={cast.cac.public_id}&{query}"
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    if "start=2026-05-01" in query:
        assert 'value="2026-05-01"' in response.content.decode()


def test_traced_list_shows_visible_cases_and_is_audited(cast, world, client_for):
    response = client_for(cast.coordinator).get(
        f"/insights/nca/cases/?{_q(cast, '&figure=gender&value=female')}"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert world.cases["C1"].number in html and world.cases["C3"].number in html
    assert world.cases["C2"].number not in html
    event = AuditEvent.objects.filter(action=Action.VIEWED, object_type="insights.case_list").get()
    assert sorted(event.new_values["cases"]) == sorted(
        [world.cases["C1"].number, world.cases["C3"].number]
    )


def test_traced_list_hides_cases_the_viewer_may_not_open(cast, world, client_for):
    from haven.cases.models import CaseDenial

    CaseDenial.objects.create(case=world.cases["C1"], user=cast.coordinator)
    response = client_for(cast.coordinator).get(
        f"/insights/nca/cases/?{_q(cast, '&figure=gender&value=female')}"
    )
    html = response.content.decode()
    assert world.cases["C1"].number not in html
    assert "1 of them is not listed" in html


def test_unknown_figure_is_404(cast, world, client_for):
    client = client_for(cast.coordinator)
    assert (
        client.get(f"/insights/nca/cases/?{_q(cast, '&figure=gender&value=x')}").status_code == 404
    )
    assert client.get(f"/insights/nca/cases/?{_q(cast, '&figure=zzz')}").status_code == 404


def test_csv_export_suppresses_small_cells(cast, world, client_for):
    response = client_for(cast.coordinator).get(f"/insights/nca/export.csv?{_q(cast)}")
    assert response.status_code == 200
    import csv

    rows = {r[0]: r[1] for r in csv.reader(io.StringIO(response.content.decode())) if len(r) > 1}
    assert rows["Cases received (abuse allegation, 18 or under at first contact)"] == "6"
    assert rows["Female"] == "<5"  # 2
    assert rows["Intersex"] == "0"  # zero identifies no one
    event = AuditEvent.objects.filter(action=Action.EXPORTED).get()
    assert event.new_values["format"] == "csv" and event.new_values["cases"] == []


def test_xlsx_export_suppresses_small_cells(cast, world, client_for):
    from openpyxl import load_workbook

    response = client_for(cast.coordinator).get(f"/insights/nca/export.xlsx?{_q(cast)}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Cases received (abuse allegation, 18 or under at first contact)"] == 6
    assert values["Female"] == "<5"


def test_pdf_export(cast, world, client_for):
    response = client_for(cast.coordinator).get(f"/insights/nca/export.pdf?{_q(cast)}")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_unknown_export_format_is_404(cast, world, client_for):
    response = client_for(cast.coordinator).get(f"/insights/nca/export.doc?{_q(cast)}")
    assert response.status_code == 404


def test_case_list_export_is_formula_safe_and_audited(cast, world, client_for):
    from haven.teams.models import Team

    team = Team.objects.first()
    if team is None:
        from haven.directory.models import District
        from haven.teams.services import team_create

        team = team_create(
            actor=cast.coordinator,
            name='=HYPERLINK("http://x")',
            host_cac=cast.cac,
            district=District.objects.get(slug="new-haven"),
        )
    c1 = world.cases["C1"]
    c1.team = team
    c1.save(update_fields=["team"])
    response = client_for(cast.coordinator).get(
        f"/insights/cases/export.csv?{_q(cast, '&figure=total')}"
    )
    text = response.content.decode()
    assert "'=HYPERLINK" in text
    assert "Kid" not in text  # no child's name leaves in an export
    event = AuditEvent.objects.filter(action=Action.EXPORTED).get()
    assert sorted(event.new_values["cases"]) == sorted(
        world.cases[k].number for k in ("C1", "C2", "C3", "C4", "C5", "C6")
    )


def test_my_visible_cases_export(cast, world, client_for):
    from openpyxl import load_workbook

    response = client_for(cast.coordinator).get("/insights/cases/export.xlsx?status=open")
    sheet = load_workbook(io.BytesIO(response.content)).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert world.cases["C1"].number in numbers and world.cases["X5"].number not in numbers
    assert (
        client_for(cast.coordinator).get("/insights/cases/export.csv?status=zzz").status_code == 404
    )


def test_roles_without_cases_or_statistics_are_refused(cast, client_for):
    assert client_for(cast.trainer).get("/insights/nca/").status_code == 403


@pytest.mark.parametrize("n", [3, 30])
def test_page_queries_do_not_grow_with_cases(cast, client_for, django_assert_max_num_queries, n):
    for i in range(n):
        case = w.f.simple_case(cast.cac, cast.intake, w.D(2026, 2, 1 + i % 27))
        w.f.offender(case.referral, "", None)  # every case in the missing-data list
    client = client_for(cast.coordinator)
    with django_assert_max_num_queries(40):
        assert client.get(f"/insights/nca/?{_q(cast)}").status_code == 200
    with django_assert_max_num_queries(40):
        response = client.get(f"/insights/nca/cases/?{_q(cast, '&figure=total')}")
    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("output", ["csv", "xlsx"])
def test_every_formula_start_is_neutralised_in_the_case_export(cast, world, client_for, output):
    from haven.directory.models import District
    from haven.teams.models import Team
    from haven.testing.exports import FORMULA_PAYLOADS, assert_neutralised, csv_rows, xlsx_rows

    district = District.objects.get(slug="new-haven")
    for key, payload in zip(("C1", "C2", "C3", "C4", "C5", "C6"), FORMULA_PAYLOADS, strict=True):
        team = Team.objects.create(name=payload, district=district, host_cac=cast.cac)
        type(world.cases[key]).objects.filter(pk=world.cases[key].pk).update(team=team)
    response = client_for(cast.coordinator).get(
        f"/insights/cases/export.{output}?{_q(cast, '&figure=total')}"
    )
    rows = csv_rows(response) if output == "csv" else xlsx_rows(response)
    assert_neutralised(rows)


def test_the_statistics_workbook_keeps_its_figures_as_numbers(cast, world, client_for):
    from haven.testing.exports import xlsx_rows

    response = client_for(cast.coordinator).get(f"/insights/nca/export.xlsx?{_q(cast)}")
    figures = [row[1] for row in xlsx_rows(response) if len(row) > 1 and row[1] is not None]
    assert any(isinstance(f, int) for f in figures)
