"""The coordinator's dashboard against world.py, on 15 July 2026; answers worked by hand."""

import pytest

from haven.insights.dashboard import coordinator_dashboard
from haven.insights.rules import WaitFigures
from haven.insights.tests import waits
from haven.insights.tests import world as w

TODAY = w.D(2026, 7, 15)


def test_dashboard_figures(cast):
    w.build(cast)
    dash = coordinator_dashboard(cast.cac, today=TODAY)
    months = {b.label: b.value for b in dash.received_by_month.bars}
    # Aug 2025 to Jul 2026: X1 in Dec; C1 C6 in Jan; C5 in Feb; C2 X3 X4 in Mar; C4 in Apr;
    # C3 in Jun; X2 in Jul. X5 is another centre's.
    assert months == {
        "Aug": 0,
        "Sep": 0,
        "Oct": 0,
        "Nov": 0,
        "Dec": 1,
        "Jan": 2,
        "Feb": 1,
        "Mar": 3,
        "Apr": 1,
        "May": 0,
        "Jun": 1,
        "Jul": 1,
    }
    assert dash.open_caseload == 10 and dash.open_by_team == [("No team", 10)]
    # Completed interviews: X1 5 days after receipt, C1 17 days, C6 168 days.
    assert [b.value for b in dash.to_interview.bars] == [1, 1, 0, 1]
    # C1's mental-health referral 59 days after receipt, C5's advocacy 28 days; C4's was
    # dated before the case was received, so it is in no band (nor the median) but in the total.
    services = {row["type"]: row for row in dash.to_service}
    assert {t: (row["total"], row["bands"]) for t, row in services.items()} == {
        "Victim advocacy": (1, [0, 1, 0, 0]),
        "Mental-health treatment": (2, [0, 0, 1, 0]),
    }
    assert services["Mental-health treatment"]["wait"] == WaitFigures([0, 0, 1, 0], 59.0, 1, 1)
    assert services["Victim advocacy"]["wait"] == WaitFigures([0, 1, 0, 0], 28.0, 1, 0)
    assert dash.to_interview_wait == WaitFigures([1, 1, 0, 1], 17.0, 3, 0)  # 5, 17, 168
    assert dash.recordings_waiting == 3  # C1, X1, C6: completed, no recording, no reason
    assert dash.cadence == [] and dash.empty_seats == []


def test_dashboard_medians_of_the_waits(cast):
    waits.build(cast, TODAY)  # the days are worked out in waits.py
    dash = coordinator_dashboard(cast.cac, today=TODAY)
    assert dash.to_interview_wait == WaitFigures([1, 3, 0, 0], 12.0, 4, 1)
    assert [b.value for b in dash.to_interview.bars] == [1, 3, 0, 0]
    assert dash.to_interview.summary == (
        "Median 12 days (n = 4); 1 dated before the case was received, left out"
    )
    services = {row["type"]: row for row in dash.to_service}
    assert services["Victim advocacy"]["wait"] == WaitFigures([2, 1, 0, 0], 5.0, 3, 0)
    assert services["Mental-health assessment"]["wait"] == WaitFigures([2, 0, 0, 0], 4.5, 2, 1)
    assert services["Mental-health assessment"]["total"] == 3
    # F's first treatment referral was over a year ago: its later one is not a first.
    assert "Mental-health treatment" not in services
    assert services["Mental-health assessment"]["wait"].median_text == "4.5 days"


def test_dashboard_with_no_waits_says_so(cast):
    dash = coordinator_dashboard(cast.cac, today=TODAY)
    assert dash.to_interview_wait == WaitFigures([0, 0, 0, 0], None, 0, 0)
    assert dash.to_interview.summary == "No waits to measure" and dash.to_service == []


def test_dashboard_lists_each_team_with_its_empty_seats(cast):
    from haven.directory.models import District
    from haven.teams.services import team_create

    team_create(
        actor=cast.coordinator,
        name="New Haven MDT",
        host_cac=cast.cac,
        district=District.objects.get(slug="new-haven"),
    )
    dash = coordinator_dashboard(cast.cac, today=TODAY)
    assert [t["team"] for t in dash.empty_seats] == ["New Haven MDT"]
    assert dash.empty_seats[0]["required"]  # a new team has every required seat empty
    assert dash.cadence[0]["open_cases"] == 0


@pytest.mark.parametrize("n", [3, 30])
def test_dashboard_queries_do_not_grow_with_cases(cast, django_assert_max_num_queries, n):
    for i in range(n):
        w.f.simple_case(cast.cac, cast.intake, w.D(2026, 2, 1 + i % 27))
    with django_assert_max_num_queries(12):
        dash = coordinator_dashboard(cast.cac, today=TODAY)
    assert dash.open_caseload == n


def test_dashboard_page_and_home_panel(cast, client_for):
    w.build(cast)
    client = client_for(cast.coordinator)
    response = client.get("/insights/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "Show the table" in html
    assert "Median 17 days (n = 3)" in html  # the interviews' chart, as in test_dashboard_figures
    assert "59 days (n&nbsp;=&nbsp;1)" in html  # the services table's median column
    home = client.get("/").content.decode()
    assert "/insights/" in home and "Centre dashboard" in home
    assert "Centre dashboard" not in client_for(cast.detective).get("/").content.decode()
    assert client_for(cast.detective).get("/insights/").status_code == 403
