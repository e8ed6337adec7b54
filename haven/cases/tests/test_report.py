"""The case report: chosen sections, only what the user may see, stamped, audited."""

import pytest

from haven.audit.models import Action, AuditEvent, Kind


@pytest.fixture
def report_url(case):
    return f"/cases/{case.public_id}/report/"


def test_case_report_offers_only_sections_the_role_may_see(client_for, case, cast, assign):
    assign(case, cast.therapist, "mental_health")
    page = client_for(cast.therapist).get(f"/cases/{case.public_id}/report/")
    assert page.status_code == 200
    offered = [key for key, _title in page.context["offered"]]
    assert "general" in offered and "team" in offered


def test_case_report_prints_the_chosen_sections_stamped_with_who_and_when(
    client_for, case, cast, report_url
):
    page = client_for(cast.coordinator).get(report_url, {"section": ["general"], "format": "html"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Printed by Carmen Reyes" in html
    assert "Sexual abuse" in html  # the general section's allegation
    assert "Relationship to the child" not in html  # people not chosen


def test_case_report_ignores_a_section_the_role_may_not_see(client_for, case, cast, assign):
    # The security officer's role has no view on people: asking for it gives nothing.
    page = client_for(cast.security_officer).get(
        f"/cases/{case.public_id}/report/", {"section": ["general", "people"], "format": "html"}
    )
    assert page.status_code == 200
    assert page.context["chosen"] == ["general"]
    assert "Victor Hale" not in page.content.decode()


def test_case_report_pdf_is_a_pdf_and_each_print_is_audited(client_for, case, cast, report_url):
    response = client_for(cast.coordinator).get(
        report_url, {"section": ["general", "people", "timeline"], "format": "pdf"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "filename=" in response["Content-Disposition"]
    assert "Núñez" not in response["Content-Disposition"]  # a number, never a name
    event = AuditEvent.objects.filter(
        kind=Kind.ACCESS, action=Action.VIEWED, case_id=case.public_id
    ).latest("id")
    assert event.new_values["what"] == "case report (pdf): general, people, timeline"


def test_case_report_with_no_section_chosen_says_so(client_for, case, cast, report_url):
    page = client_for(cast.coordinator).get(report_url, {"format": "pdf"})
    assert page.status_code == 400
    assert "Choose at least one section" in page.content.decode()


def test_case_report_of_a_case_the_user_may_not_see_is_404(client_for, case, cast, report_url):
    assert client_for(cast.dcf_worker).get(report_url).status_code == 404
