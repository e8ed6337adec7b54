"""The API gives the same figures as the pages."""

import pytest
from rest_framework.test import APIClient

from haven.insights.tests import waits
from haven.insights.tests import world as w


@pytest.fixture
def world(cast):
    return w.build(cast)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_page_figures_equal_api_figures(cast, world, client_for):
    q = f"centre={cast.cac.public_id}&period=2026H1"
    page = client_for(cast.coordinator).get(f"/insights/nca/?{q}").context["report"]
    body = _api(cast.coordinator).get(f"/api/v1/insights/nca/?{q}").json()
    assert body["total"] == page.total == 6
    page_figures = {
        (f.key, r.value): r.count for f in [*page.figures, page.services] for r in f.rows
    }
    api_figures = {
        (f["key"], r["value"]): r["count"]
        for f in [*body["figures"], body["services"]]
        for r in f["rows"]
    }
    assert api_figures == page_figures
    assert body["missing_count"] == page.missing_count == 3
    assert {m["number"] for m in body["missing"]} == {m.number for m in page.missing}


def test_traced_cases(cast, world):
    q = f"centre={cast.cac.public_id}&period=2026H1&figure=age&value=unknown"
    body = _api(cast.coordinator).get(f"/api/v1/insights/nca/cases/?{q}").json()
    assert body["counted"] == 1 and [c["number"] for c in body["cases"]] == [
        world.cases["C5"].number
    ]
    bad = _api(cast.coordinator).get(f"/api/v1/insights/nca/cases/?{q[:-7]}zzz")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")


def test_bad_period_is_a_problem_naming_the_field(cast):
    response = _api(cast.coordinator).get("/api/v1/insights/nca/?period=2026H9")
    assert response.status_code == 400
    assert "half-year" in response.json()["detail"]


def test_trafficking_and_narrative(cast):
    client = _api(cast.detective)
    body = client.get("/api/v1/insights/trafficking/?end=2026-06-30").json()
    assert body["period"]["start"] == "2025-07-01"
    assert [f["value"] for f in body["figures"]] == [
        "received",
        "from_dcf",
        "prosecution",
        "convictions",
    ]
    response = client.post(
        "/api/v1/insights/trafficking/narrative/",
        {"reporter": str(cast.police.public_id), "end": "2026-06-30", "criteria": "List"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["narrative"]["criteria"] == "List"
    other = client.post(
        "/api/v1/insights/trafficking/narrative/",
        {"reporter": str(cast.police_elsewhere.public_id), "end": "2026-06-30"},
        format="json",
    )
    assert other.status_code == 400  # not a reporter this user may choose


def test_dashboard_api(cast, world):
    body = _api(cast.coordinator).get("/api/v1/insights/dashboard/").json()
    assert body["open_caseload"] == 10
    assert _api(cast.detective).get("/api/v1/insights/dashboard/").status_code == 403


def test_dashboard_api_gives_the_pages_medians(cast, client_for):
    from django.utils import timezone

    waits.build(cast, timezone.localdate())  # the days are worked out in waits.py
    dash = client_for(cast.coordinator).get("/insights/").context["dash"]
    body = _api(cast.coordinator).get("/api/v1/insights/dashboard/").json()
    assert body["to_interview_wait"] == {"median_days": 12.0, "n": 4, "excluded": 1}
    assert dash.to_interview_wait.median == 12.0 and dash.to_interview_wait.n == 4
    assert [b["value"] for b in body["to_interview"]] == [1, 3, 0, 0]  # the bands stay
    api_rows = {r["type"]: r for r in body["to_service"]}
    assert api_rows["Mental-health assessment"] == {
        "type": "Mental-health assessment",
        "total": 3,
        "bands": [2, 0, 0, 0],
        "wait": {"median_days": 4.5, "n": 2, "excluded": 1},
    }
    assert (
        {t: (r["wait"]["median_days"], r["wait"]["n"]) for t, r in api_rows.items()}
        == {row["type"]: (row["wait"].median, row["wait"].n) for row in dash.to_service}
        == {
            "Victim advocacy": (5.0, 3),
            "Mental-health assessment": (4.5, 2),
        }
    )
