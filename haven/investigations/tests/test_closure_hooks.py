"""Open investigative work warns before a case closes (haven.cases.hooks), and the
investigations' changes reach the case timeline only for the sections' readers."""

import pytest

from haven.cases.models import CaseStatus
from haven.cases.selectors import case_timeline
from haven.cases.services import case_close
from haven.core.errors import HavenError
from haven.investigations import services


def test_closing_a_case_with_an_open_police_investigation_lists_it(cast, case, days_ago):
    services.le_investigation_open(
        actor=cast.detective, case=case, opened_on=days_ago(20), report_number="NH-24-1"
    )
    with pytest.raises(HavenError) as refused:
        case_close(actor=cast.coordinator, case=case, reason="no_further_action")
    assert refused.value.code == "open_work"
    assert "investigation is still open" in refused.value.message
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_closing_a_case_with_an_open_dcf_investigation_lists_it(cast, case, days_ago):
    services.cp_investigation_save(
        actor=cast.dcf_worker,
        case=case,
        careline_report_number="CL-1001",
        careline_reported_on=days_ago(25),
    )
    with pytest.raises(HavenError) as refused:
        case_close(actor=cast.coordinator, case=case, reason="no_further_action")
    assert "DCF child-protection investigation" in refused.value.message


def test_a_police_investigation_shows_on_the_timeline_of_its_section_readers_only(
    cast, case, days_ago
):
    services.le_investigation_open(
        actor=cast.detective, case=case, opened_on=days_ago(20), report_number="NH-24-1"
    )
    kinds = "investigations.lawenforcementinvestigation"
    assert kinds in [e.object_type for e in case_timeline(cast.detective, case)]
    # The intake worker's role has no view on the law-enforcement section.
    assert kinds not in [e.object_type for e in case_timeline(cast.intake, case)]
