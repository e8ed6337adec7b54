"""Attaching, reading and withdrawing documents: sealed at rest, audited, per section."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from haven.audit.models import Action, AuditEvent, Kind
from haven.cases.selectors import case_timeline
from haven.core import sealed
from haven.core.errors import HavenError
from haven.documents import services
from haven.documents.models import Document
from haven.documents.tests.conftest import PDF
from haven.interviews.keys import key_file, master_keys

pytestmark = pytest.mark.django_db
CITATION = "Gen. Stat. § 17a-106f"
MARKER = b"Incident report 24-001"


def _stored_files() -> list[Path]:
    root = Path(settings.STORAGES["recordings"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_police_report_goes_to_the_law_enforcement_section_by_default(cast, attach, case):
    document = attach(cast.detective, title="Report 24-001")
    assert document.section == "law_enforcement"
    assert document.file_type == "pdf" and document.size == len(PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    event = AuditEvent.objects.get(action=Action.DOCUMENT_UPLOADED)
    assert event.object_type == "documents.document.law_enforcement"
    assert event.case_id == case.public_id
    assert event.new_values["sha256"] == document.sha256
    assert "Report 24-001" not in str(event.new_values) + event.object_label


def test_the_stored_bytes_are_sealed_and_do_not_contain_the_plaintext(cast, attach):
    attach(cast.detective)
    files = _stored_files()
    assert files and all("documents" in str(p) for p in files)
    stored = b"".join(p.read_bytes() for p in files)
    assert MARKER not in stored and b"%PDF" not in stored
    assert len(stored) == len(PDF) + sealed.TAG_BYTES


def test_a_download_opens_the_content_and_is_an_audited_access(cast, attach):
    document = attach(cast.detective)
    assert services.document_read(actor=cast.prosecutor, document=document) == PDF
    event = AuditEvent.objects.get(action=Action.DOCUMENT_DOWNLOADED)
    assert event.kind == Kind.ACCESS and event.actor == cast.prosecutor
    assert event.object_id == str(document.public_id)


def test_a_user_without_the_section_cannot_read_it_and_learns_nothing(cast, attach):
    document = attach(cast.detective)
    # The therapist sees the case but not the law-enforcement section; the security
    # officer has no documents column; Harriet does not see the case.
    for user in (cast.therapist, cast.security_officer, cast.detective_elsewhere):
        with pytest.raises(HavenError) as caught:
            services.document_read(actor=user, document=document)
        assert caught.value.status == 404, user
    assert not AuditEvent.objects.filter(action=Action.DOCUMENT_DOWNLOADED).exists()


def test_17a_106f_a_dcf_worker_attaching_a_police_report_is_refused_and_nothing_is_kept(
    cast, attach
):
    with pytest.raises(HavenError) as caught:
        attach(cast.dcf_worker, "police_report")
    assert caught.value.citation == CITATION and caught.value.status == 403
    assert not Document.objects.exists() and not _stored_files()


def test_17a_106f_a_detective_attaching_a_court_order_to_child_protection_is_refused(cast, attach):
    with pytest.raises(HavenError) as caught:
        attach(cast.detective, "court_order")
    assert caught.value.citation == CITATION
    assert "Department of Children and Families" in caught.value.message


def test_the_uploader_may_pick_another_section_they_edit(cast, attach):
    order = attach(cast.prosecutor, "court_order", section="prosecution")
    assert order.section == "prosecution"


def test_a_case_the_user_cannot_see_is_not_found(cast, attach):
    with pytest.raises(HavenError) as caught:
        attach(cast.detective_elsewhere)
    assert caught.value.status == 404


def test_refused_content_keeps_nothing(cast, attach):
    with pytest.raises(HavenError) as caught:
        attach(cast.detective, name="report.pdf", content=b"\x89PNG\r\n\x1a\n0000")
    assert caught.value.code == "content_mismatch"
    assert not Document.objects.exists() and not _stored_files()
    assert not AuditEvent.objects.filter(action=Action.DOCUMENT_UPLOADED).exists()


def test_an_oversized_file_is_refused(cast, attach, settings):
    settings.HAVEN_DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(HavenError) as caught:
        attach(cast.coordinator, "other", name="n.txt", content=b"a" * 1025)
    assert caught.value.status == 413


def test_an_unknown_kind_is_refused(cast, attach):
    with pytest.raises(HavenError) as caught:
        attach(cast.coordinator, "love_letter")
    assert caught.value.field == "kind"


def test_withdrawal_keeps_the_record_and_stops_the_content(cast, attach):
    document = attach(cast.detective)
    with pytest.raises(HavenError) as caught:
        services.document_withdraw(actor=cast.detective, document=document, reason="  ")
    assert caught.value.field == "reason"
    withdrawn = services.document_withdraw(
        actor=cast.detective, document=document, reason="Wrong case"
    )
    assert withdrawn.is_withdrawn and withdrawn.withdrawn_by == cast.detective
    assert Document.objects.filter(pk=document.pk).exists() and _stored_files()
    event = AuditEvent.objects.get(action=Action.DOCUMENT_WITHDRAWN)
    assert event.object_type == "documents.document.law_enforcement"
    with pytest.raises(HavenError) as caught:
        services.document_read(actor=cast.detective, document=withdrawn)
    assert caught.value.status == 410
    with pytest.raises(HavenError) as caught:
        services.document_withdraw(actor=cast.detective, document=withdrawn, reason="again")
    assert caught.value.status == 409


def test_17a_106f_only_an_editor_of_the_section_withdraws(cast, attach):
    document = attach(cast.detective)
    with pytest.raises(HavenError) as caught:
        services.document_withdraw(actor=cast.dcf_worker, document=document, reason="x")
    assert caught.value.citation == CITATION
    with pytest.raises(HavenError) as caught:
        services.document_withdraw(actor=cast.therapist, document=document, reason="x")
    assert caught.value.status == 404
    assert not Document.objects.get().is_withdrawn


def test_the_timeline_shows_a_document_only_to_those_who_view_its_section(cast, attach, case):
    attach(cast.detective)
    attach(cast.coordinator, "release_of_information")
    detective_sees = [e.object_type for e in case_timeline(cast.detective, case)]
    therapist_sees = [e.object_type for e in case_timeline(cast.therapist, case)]
    assert "documents.document.law_enforcement" in detective_sees
    assert "documents.document.law_enforcement" not in therapist_sees
    assert "documents.document.general" in therapist_sees


def test_a_tampered_file_is_not_served(cast, attach):
    document = attach(cast.detective)
    path = _stored_files()[0]
    data = bytearray(path.read_bytes())
    data[0] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(HavenError) as caught:
        services.document_read(actor=cast.detective, document=document)
    assert caught.value.status == 503


def test_rotating_the_master_key_rewraps_documents(cast, attach):
    document = attach(cast.detective)
    rotated = master_keys().with_new_current()
    sealed.write_key_file(key_file(), rotated)
    assert services.document_keys_rewrap(keys=rotated) == 1
    sealed.write_key_file(key_file(), rotated.only_current())
    document.refresh_from_db()
    assert document.key_id == rotated.current
    assert services.document_read(actor=cast.detective, document=document) == PDF


def test_the_rotate_command_rewraps_documents_too_so_retiring_the_old_key_is_safe(cast, attach):
    from io import StringIO

    from django.core.management import call_command

    document = attach(cast.detective)
    out = StringIO()
    call_command("recordings_key", "rotate", "--retire-old", stdout=out)
    assert "0 recordings, 1 documents re-wrapped" in out.getvalue()
    document.refresh_from_db()
    assert document.key_id == master_keys().current
    assert services.document_read(actor=cast.detective, document=document) == PDF
