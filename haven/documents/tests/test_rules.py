"""The documents rules: who attaches to which section (Gen. Stat. § 17a-106f), who sees a
document, and what content is accepted."""

import pytest

from haven.access.models import Level, Section
from haven.access.rules import section_levels
from haven.core.errors import HavenError
from haven.documents import rules, samples
from haven.documents.models import FileType

CITATION = "Gen. Stat. § 17a-106f"
pytestmark = pytest.mark.django_db


def refusal(user, section):
    return rules.write_refusal(user, section_levels(user), section)


# --- § 17a-106f: the investigative sections -------------------------------------------------


def test_17a_106f_only_law_enforcement_attaches_to_the_law_enforcement_section(cast):
    assert refusal(cast.detective, "law_enforcement") is None
    for user in (cast.dcf_worker, cast.coordinator, cast.prosecutor, cast.doctor):
        error = refusal(user, "law_enforcement")
        assert error is not None and error.citation == CITATION, user
        assert error.code == "statutory_limit"
        assert "law enforcement officers" in error.message


def test_17a_106f_only_dcf_attaches_to_the_child_protection_section(cast):
    assert refusal(cast.dcf_worker, "child_protection") is None
    for user in (cast.detective, cast.coordinator, cast.prosecutor):
        error = refusal(user, "child_protection")
        assert error is not None and error.citation == CITATION, user
        assert "Department of Children and Families" in error.message


def test_a_detective_trying_to_attach_to_the_child_protection_section_is_refused(cast):
    error = refusal(cast.detective, Section.CHILD_PROTECTION)
    assert error.status == 403 and error.citation == CITATION


def test_a_dcf_worker_trying_to_attach_to_the_criminal_section_is_refused(cast):
    error = refusal(cast.dcf_worker, Section.LAW_ENFORCEMENT)
    assert error.status == 403 and error.citation == CITATION


def test_a_section_the_role_only_views_is_refused_without_a_statute(cast):
    error = refusal(cast.doctor, "general")  # medical views the general section
    assert error.status == 403 and not error.citation
    assert "does not edit the general section" in error.message


def test_each_role_attaches_to_the_sections_it_edits(cast):
    assert refusal(cast.doctor, "medical") is None
    assert refusal(cast.therapist, "mental_health") is None
    assert refusal(cast.prosecutor, "prosecution") is None
    assert refusal(cast.intake, "general") is None  # views documents, edits general
    assert refusal(cast.advocate, "advocacy") is None


def test_without_the_documents_column_nothing_is_attached(cast):
    # The security officer edits no section and sees no documents.
    error = refusal(cast.security_officer, "general")
    assert error.status == 403 and "documents" in error.message
    levels = section_levels(cast.coordinator) | {Section.DOCUMENTS: Level.NONE}
    assert rules.write_refusal(cast.coordinator, levels, "general").status == 403


def test_the_matrix_gates_and_unknown_sections_are_not_attachable(cast):
    assert refusal(cast.coordinator, "documents").field == "section"
    assert refusal(cast.coordinator, "statistics").field == "section"
    assert refusal(cast.coordinator, "nonsense").field == "section"


def test_writable_sections_of_the_detective_are_the_law_enforcement_one_only(cast):
    assert rules.writable_sections(cast.detective, section_levels(cast.detective)) == [
        Section.LAW_ENFORCEMENT
    ]


# --- seeing ------------------------------------------------------------------------------


def test_a_document_is_seen_with_view_on_the_documents_column_and_on_its_section():
    both = {Section.DOCUMENTS: Level.VIEW, Section.MEDICAL: Level.VIEW}
    assert rules.may_view(both, "medical")
    assert not rules.may_view(both | {Section.DOCUMENTS: Level.NONE}, "medical")
    assert not rules.may_view(both | {Section.MEDICAL: Level.NONE}, "medical")
    assert rules.may_view({Section.DOCUMENTS: Level.EDIT, Section.MEDICAL: Level.EDIT}, "medical")


def test_viewable_sections_is_empty_without_the_documents_column(cast):
    assert rules.viewable_sections(section_levels(cast.security_officer)) == []
    assert "mental_health" not in rules.viewable_sections(section_levels(cast.detective))
    assert "law_enforcement" in rules.viewable_sections(section_levels(cast.detective))


def test_the_kind_implies_its_usual_section():
    assert rules.default_section("police_report") == Section.LAW_ENFORCEMENT
    assert rules.default_section("medical_report") == Section.MEDICAL
    assert rules.default_section("court_order") == Section.CHILD_PROTECTION
    assert rules.default_section("release_of_information") == Section.GENERAL
    assert set(rules.KIND_SECTION.values()) <= set(rules.ATTACHABLE_SECTIONS)


# --- content -----------------------------------------------------------------------------

PDF = samples.pdf_bytes(["x"])
PNG = samples.png_bytes()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("report.pdf", PDF, FileType.PDF),
        ("REPORT.PDF", PDF, FileType.PDF),
        ("photo.png", PNG, FileType.PNG),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, FileType.JPEG),
        ("photo.jpeg", b"\xff\xd8\xff\xe1" + b"\x00" * 20, FileType.JPEG),
        ("scan.tif", b"II*\x00" + b"\x00" * 20, FileType.TIFF),
        ("scan.tiff", b"MM\x00*" + b"\x00" * 20, FileType.TIFF),
        ("letter.docx", samples.docx_bytes(), FileType.DOCX),
        ("notes.txt", "Notas: niña, café\n".encode(), FileType.TEXT),
    ],
)
def test_accepted_content(name, content, expected):
    assert rules.check_content(name, content) == expected


def _refused(name, content, **kwargs) -> HavenError:
    with pytest.raises(HavenError) as caught:
        rules.check_content(name, content, **kwargs)
    assert caught.value.field == "file"
    return caught.value


def test_a_pdf_that_is_really_a_png_is_refused_naming_both():
    error = _refused("report.pdf", PNG)
    assert error.code == "content_mismatch"
    assert "named .pdf" in error.message and "PNG image" in error.message


def test_an_executable_is_refused_by_content_even_when_named_pdf():
    error = _refused("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60)
    assert error.code == "unsupported_type"
    assert _refused("run.exe", b"MZ\x90\x00").code == "unsupported_type"
    assert _refused("notes.txt", b"\x7fELF\x02\x01\x01\x00").code == "unsupported_type"


def test_a_zip_that_is_not_a_word_document_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    assert _refused("letter.docx", buffer.getvalue()).code == "unsupported_type"


def test_an_empty_file_is_refused():
    assert "empty" in _refused("report.pdf", b"").message


def test_the_size_limit_boundary():
    assert rules.check_content("notes.txt", b"a" * 100, limit=100) == FileType.TEXT
    error = _refused("notes.txt", b"a" * 101, limit=100)
    assert error.status == 413 and "at most" in error.message


def test_the_size_limit_comes_from_the_setting(settings):
    settings.HAVEN_DOCUMENT_MAX_BYTES = 2048
    assert rules.max_bytes() == 2048
    assert _refused("notes.txt", b"a" * 2049).code == "too_large"


def test_a_name_without_an_extension_or_an_unknown_one_is_refused():
    assert "without an extension" in _refused("report", PDF).message
    assert ".html files are not accepted" in _refused("x.html", b"<html>").message


def test_text_that_is_not_utf8_is_refused():
    assert _refused("notes.txt", "caf\xe9".encode("latin-1")).code == "unsupported_type"


def test_text_with_control_bytes_is_not_plain_text():
    assert _refused("notes.txt", b"abc\x00def").code == "unsupported_type"
    assert _refused("notes.txt", b"abc\x1bdef").code == "unsupported_type"
    assert rules.check_content("notes.txt", b"a\tb\r\nc\x0c") == FileType.TEXT
