"""The documents pages and the case page's panel: the same rules as the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.audit.models import Action, AuditEvent, Kind
from haven.documents import samples
from haven.documents.models import Document
from haven.documents.panels import documents_context
from haven.documents.tests.conftest import PDF, upload

pytestmark = pytest.mark.django_db
CITATION = "Gen. Stat. § 17a-106f"


def _case_url(case):
    return reverse("cases:case_detail", kwargs={"public_id": case.public_id})


def _attach_url(case):
    return reverse("documents:attach", kwargs={"case_id": case.public_id})


def _download_url(document):
    return reverse(
        "documents:download",
        kwargs={"case_id": document.case.public_id, "document_id": document.public_id},
    )


def _withdraw_url(document):
    return reverse(
        "documents:withdraw",
        kwargs={"case_id": document.case.public_id, "document_id": document.public_id},
    )


def test_the_detective_attaches_a_police_report_through_the_page(cast, client_for, case):
    client = client_for(cast.detective)
    response = client.post(
        _attach_url(case),
        {
            "kind": "police_report",
            "section": "",
            "title": "Report 24-001",
            "file": upload("Maria Santos report.pdf", PDF),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#documents")
    document = Document.objects.get()
    assert document.section == "law_enforcement" and document.title == "Report 24-001"
    page = client.get(_case_url(case)).content.decode()
    assert "Report 24-001" in page and "Police report" in page
    assert "Maria Santos report.pdf" not in page
    assert _download_url(document) in page


def test_the_panel_offers_only_the_sections_the_user_edits(cast, client_for, case):
    page = client_for(cast.detective).get(_case_url(case)).content.decode()
    assert 'id="attach-document"' in page
    assert '<option value="law_enforcement"' in page
    assert '<option value="child_protection"' not in page
    page = client_for(cast.doctor).get(_case_url(case)).content.decode()
    assert '<option value="medical"' in page and '<option value="general"' not in page


def test_a_role_without_the_documents_column_has_no_panel(cast, client_for, case, attach):
    attach(cast.detective)
    page = client_for(cast.security_officer).get(_case_url(case)).content.decode()
    assert 'id="documents"' not in page


def test_a_user_without_the_section_sees_neither_the_document_nor_its_download(
    cast, client_for, case, attach
):
    police = attach(cast.detective, title="Police 24-001")
    roi = attach(cast.coordinator, "release_of_information", title="Signed release")
    client = client_for(cast.therapist)  # sees the case, not the law-enforcement section
    page = client.get(_case_url(case)).content.decode()
    assert "Signed release" in page and "Police 24-001" not in page
    assert str(police.public_id) not in page
    assert client.get(_download_url(police)).status_code == 404
    assert client.get(_withdraw_url(police)).status_code == 404
    assert client.get(_download_url(roi)).status_code == 200


def test_a_refused_file_shows_why_and_keeps_what_was_typed(cast, client_for, case):
    response = client_for(cast.detective).post(
        _attach_url(case),
        {
            "kind": "police_report",
            "title": "Report 24-002",
            "file": upload("report.pdf", samples.png_bytes()),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "named .pdf but its content is PNG image" in page
    assert 'value="Report 24-002"' in page
    assert not Document.objects.exists()


def test_an_empty_file_is_refused_with_a_message(cast, client_for, case):
    response = client_for(cast.detective).post(
        _attach_url(case), {"kind": "police_report", "file": upload("report.pdf", b"")}
    )
    assert response.status_code == 400
    assert "empty" in response.content.decode()


def test_17a_106f_a_dcf_worker_attaching_a_police_report_through_the_page_is_refused(
    cast, client_for, case
):
    response = client_for(cast.dcf_worker).post(
        _attach_url(case), {"kind": "police_report", "file": upload("report.pdf", PDF)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert CITATION in page and "law enforcement officers" in page
    assert not Document.objects.exists()


def test_17a_106f_a_detective_attaching_a_court_order_through_the_page_is_refused(
    cast, client_for, case
):
    response = client_for(cast.detective).post(
        _attach_url(case), {"kind": "court_order", "file": upload("order.pdf", PDF)}
    )
    assert response.status_code == 400
    assert CITATION in response.content.decode()


def test_a_role_that_edits_no_section_is_told_so(cast, client_for, case):
    response = client_for(cast.interviewer).get(_attach_url(case))
    # The interviewer edits the interview section; an unassigned outsider sees no case.
    assert response.status_code == 200
    assert client_for(cast.detective_elsewhere).get(_attach_url(case)).status_code == 404


def test_the_download_is_an_attachment_named_by_id_and_audited(cast, client_for, attach):
    document = attach(cast.detective, name="Maria Santos.pdf")
    response = client_for(cast.prosecutor).get(_download_url(document))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="document-{document.public_id.hex[:8]}.pdf"'
    assert "Santos" not in disposition
    event = AuditEvent.objects.get(action=Action.DOCUMENT_DOWNLOADED)
    assert event.kind == Kind.ACCESS and event.actor == cast.prosecutor


def test_withdrawing_through_the_page(cast, client_for, case, attach):
    document = attach(cast.detective, title="Wrong file")
    client = client_for(cast.detective)
    assert client.get(_withdraw_url(document)).status_code == 200
    response = client.post(_withdraw_url(document), {"reason": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    response = client.post(_withdraw_url(document), {"reason": "Attached to the wrong case"})
    assert response.status_code == 302
    page = client.get(_case_url(case)).content.decode()
    assert "Withdrawn" in page and "Attached to the wrong case" in page
    assert _download_url(document) not in page
    assert client.get(_download_url(document)).status_code == 410


def test_17a_106f_a_dcf_worker_may_not_withdraw_a_police_report(cast, client_for, attach):
    document = attach(cast.detective)
    response = client_for(cast.dcf_worker).get(_withdraw_url(document))
    assert response.status_code == 403 and CITATION in response.content.decode()


def test_the_panel_queries_do_not_grow_with_the_documents(cast, case, attach, rf):
    request = rf.get("/")
    request.user = cast.coordinator
    attach(cast.coordinator, "release_of_information")

    def count():
        with CaptureQueriesContext(connection) as queries:
            documents_context(request, case, 2)
        return len(queries)

    few = count()
    for number in range(10):
        attach(cast.coordinator, "other", title=f"Note {number}")
    assert count() == few


def test_the_case_page_queries_are_bounded_with_many_documents(
    cast, client_for, case, attach, django_assert_max_num_queries
):
    client = client_for(cast.coordinator)
    client.get(_case_url(case))  # warm the session and the matrix cache
    for number in range(12):
        attach(cast.coordinator, "other", title=f"Note {number}")
    with django_assert_max_num_queries(60):
        response = client.get(_case_url(case))
    assert response.content.decode().count("Note ") >= 12
