"""The documents API: the same rules as the pages, as RFC 9457 problems."""

import pytest
from rest_framework.test import APIClient

from haven.api.tokens import Scope, token_create_by_operator
from haven.audit.models import Action, AuditEvent, Kind
from haven.documents import samples
from haven.documents.models import Document
from haven.documents.tests.conftest import PDF, upload

pytestmark = pytest.mark.django_db
CITATION = "Gen. Stat. § 17a-106f"


@pytest.fixture
def api_as(cast):
    def _client(user):
        _, raw = token_create_by_operator(user=user, name="docs", days=1, scope=Scope.READ_WRITE)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


def _url(case, rest=""):
    return f"/api/v1/cases/{case.public_id}/documents/{rest}"


def test_the_detective_uploads_a_police_report_through_the_api(cast, api_as, case):
    response = api_as(cast.detective).post(
        _url(case, "upload/"),
        {"kind": "police_report", "title": "Report 24-001", "file": upload("r.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["section"] == "law_enforcement" and body["file_type"] == "pdf"
    assert body["file_name"].startswith("document-") and not body["withdrawn"]
    assert Document.objects.get().public_id.hex == body["id"].replace("-", "")


def test_a_dcf_worker_uploading_a_police_report_through_the_api_is_refused(cast, api_as, case):
    response = api_as(cast.dcf_worker).post(
        _url(case, "upload/"),
        {"kind": "police_report", "file": upload("r.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 403
    assert response.json()["citation"] == CITATION
    assert not Document.objects.exists()


def test_a_detective_uploading_to_child_protection_through_the_api_is_refused(cast, api_as, case):
    response = api_as(cast.detective).post(
        _url(case, "upload/"),
        {"kind": "other", "section": "child_protection", "file": upload("r.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 403
    assert "Department of Children and Families" in response.json()["detail"]


def test_a_mismatched_file_is_a_problem_naming_the_file(cast, api_as, case):
    response = api_as(cast.detective).post(
        _url(case, "upload/"),
        {"kind": "police_report", "file": upload("r.pdf", samples.png_bytes())},
        format="multipart",
    )
    assert response.status_code == 400
    assert "PNG image" in response.json()["detail"]


def test_json_instead_of_a_file_is_refused(cast, api_as, case):
    response = api_as(cast.detective).post(
        _url(case, "upload/"), {"kind": "police_report"}, format="json"
    )
    assert response.status_code == 415


def test_the_list_holds_only_the_sections_the_caller_views_and_is_audited(
    cast, api_as, case, attach
):
    attach(cast.detective, title="Police")
    attach(cast.coordinator, "release_of_information", title="Release")
    titles = {d["title"] for d in api_as(cast.therapist).get(_url(case)).json()}
    assert titles == {"Release"}
    titles = {d["title"] for d in api_as(cast.detective).get(_url(case)).json()}
    assert titles == {"Police", "Release"}
    assert AuditEvent.objects.filter(kind=Kind.ACCESS, new_values__what="documents (API)").count()
    assert api_as(cast.security_officer).get(_url(case)).status_code == 403
    assert api_as(cast.detective_elsewhere).get(_url(case)).status_code == 404


def test_download_through_the_api(cast, api_as, attach):
    document = attach(cast.detective)
    url = _url(document.case, f"{document.public_id}/download/")
    response = api_as(cast.prosecutor).get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="document-')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action=Action.DOCUMENT_DOWNLOADED).count() == 1
    assert api_as(cast.therapist).get(url).status_code == 404


def test_withdraw_through_the_api(cast, api_as, attach):
    document = attach(cast.detective)
    url = _url(document.case, f"{document.public_id}/withdraw/")
    refused = api_as(cast.dcf_worker).post(url, {"reason": "no"}, format="json")
    assert refused.status_code == 403 and refused.json()["citation"] == CITATION
    assert api_as(cast.detective).post(url, {}, format="json").status_code == 400
    response = api_as(cast.detective).post(url, {"reason": "Wrong case"}, format="json")
    assert response.status_code == 200 and response.json()["withdrawn"] is True
    again = api_as(cast.detective).post(url, {"reason": "Again"}, format="json")
    assert again.status_code == 409
    download = api_as(cast.detective).get(_url(document.case, f"{document.public_id}/download/"))
    assert download.status_code == 410
