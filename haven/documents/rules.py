"""Who may attach, see and withdraw a case document, and what a document may be.

- A document belongs to one section of the case. The kind implies a default section
  (`KIND_SECTION`); the uploader may pick another section they may edit.
- The role matrix's documents column is the gate to documents at all: VIEW on it to see
  any; then a document is seen only with VIEW on its own section (per case, after the
  registered case limits: `haven.access.rules.case_section_levels`).
- Attaching and withdrawing need EDIT on the document's section. The law-enforcement and
  child-protection sections are written only by law enforcement and DCF (Gen. Stat.
  § 17a-106f), whatever the matrix says; the refusal names the statute.
- Content is checked by its bytes, not its name: PDF, PNG, JPEG, TIFF, Word (.docx) or
  UTF-8 plain text, whose name's extension says the same thing.
"""

import io
import re
import zipfile

from django.conf import settings

from haven.access.models import Level, Section
from haven.access.rules import CITATION_MDT_INVESTIGATIONS, statutory_write_refusal
from haven.core.errors import HavenError
from haven.documents.models import DocumentKind, FileType

K = DocumentKind
KIND_SECTION: dict[str, Section] = {
    K.POLICE_REPORT: Section.LAW_ENFORCEMENT,
    K.MEDICAL_REPORT: Section.MEDICAL,
    K.MENTAL_HEALTH_REPORT: Section.MENTAL_HEALTH,
    K.DCF_REPORT: Section.CHILD_PROTECTION,
    # Juvenile matters (DCF's petitions) by default; a criminal court's order goes to
    # the prosecution section, which the uploader picks.
    K.COURT_ORDER: Section.CHILD_PROTECTION,
    K.PROSECUTION_FILING: Section.PROSECUTION,
    K.RELEASE_OF_INFORMATION: Section.GENERAL,
    K.ADVOCACY: Section.ADVOCACY,
    K.OTHER: Section.GENERAL,
}

# Sections of the case a document can belong to (not the matrix's gates and reports).
ATTACHABLE_SECTIONS: list[Section] = [
    Section.GENERAL,
    Section.PEOPLE,
    Section.FORENSIC_INTERVIEW,
    Section.MEDICAL,
    Section.MENTAL_HEALTH,
    Section.ADVOCACY,
    Section.CHILD_PROTECTION,
    Section.LAW_ENFORCEMENT,
    Section.PROSECUTION,
    Section.REVIEWS,
]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024 - 64 * 1024


def max_bytes() -> int:
    """HAVEN_DOCUMENT_MAX_BYTES, or what fits in one request (HAVEN_MAX_REQUEST_BYTES)."""
    configured = getattr(settings, "HAVEN_DOCUMENT_MAX_BYTES", None)
    if configured:
        return int(configured)
    return max(1024, settings.HAVEN_MAX_REQUEST_BYTES - 64 * 1024)


# --- access ---------------------------------------------------------------------------


def sees_documents(levels: dict) -> bool:
    """The documents column of the matrix: the panel, the list and the API at all."""
    return levels.get(Section.DOCUMENTS, Level.NONE) >= Level.VIEW


def may_view(levels: dict, section: str) -> bool:
    """A document of `section` is listed and downloadable for these (case) levels."""
    return sees_documents(levels) and levels.get(Section(section), Level.NONE) >= Level.VIEW


def viewable_sections(levels: dict) -> list[str]:
    if not sees_documents(levels):
        return []
    return [s.value for s in ATTACHABLE_SECTIONS if levels.get(s, Level.NONE) >= Level.VIEW]


def write_refusal(user, levels: dict, section: str) -> HavenError | None:
    """Why `user` (with these case levels) may not attach to or withdraw from `section`."""
    try:
        section = Section(section)
    except ValueError:
        return HavenError("Choose the section of the case from the list.", field="section")
    if section not in ATTACHABLE_SECTIONS:
        return HavenError("Documents cannot be attached to that section.", field="section")
    if not sees_documents(levels):
        return HavenError(
            "Your role does not see the documents of a case.", status=403, code="forbidden"
        )
    reason = statutory_write_refusal(getattr(user, "discipline", ""), section)
    if reason:
        return HavenError(
            f"{reason} Documents of the {section.label.lower()} section are attached and "
            "withdrawn by them.",
            citation=CITATION_MDT_INVESTIGATIONS,
            field="section",
            status=403,
            code="statutory_limit",
        )
    if levels.get(section, Level.NONE) < Level.EDIT:
        return HavenError(
            f"Your role does not edit the {section.label.lower()} section of this case, so "
            "it cannot attach or withdraw its documents. Choose a section you edit.",
            field="section",
            status=403,
            code="forbidden",
        )
    return None


def writable_sections(user, levels: dict) -> list[Section]:
    return [s for s in ATTACHABLE_SECTIONS if write_refusal(user, levels, s) is None]


def attach_refusal(levels: dict) -> HavenError:
    """Why a user with no writable section may not attach anything to this case."""
    if not sees_documents(levels):
        return HavenError(
            "Your role does not see the documents of a case.", status=403, code="forbidden"
        )
    return HavenError(
        "Your role edits no section of this case, so it cannot attach documents to it.",
        status=403,
        code="forbidden",
    )


def default_section(kind: str) -> Section:
    return KIND_SECTION.get(kind, Section.GENERAL)


# --- content ----------------------------------------------------------------------------

# Extension -> the file type its content must be.
EXTENSIONS: dict[str, str] = {
    "pdf": FileType.PDF,
    "png": FileType.PNG,
    "jpg": FileType.JPEG,
    "jpeg": FileType.JPEG,
    "tif": FileType.TIFF,
    "tiff": FileType.TIFF,
    "docx": FileType.DOCX,
    "txt": FileType.TEXT,
}
ACCEPTED = "PDF, PNG, JPEG, TIFF, Word (.docx) or plain text (.txt)"
# Control characters other than tab, line feed, form feed and carriage return.
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)


def _is_text(content: bytes) -> bool:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return _TEXT_CONTROLS.search(text) is None


def sniff(content: bytes) -> str | None:
    """The file type of `content` from its bytes, or None for anything not accepted
    (executables, archives, other formats)."""
    if content.startswith(b"%PDF-"):
        return FileType.PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if content.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if content.startswith((b"II*\x00", b"MM\x00*")):
        return FileType.TIFF
    if content.startswith(b"PK\x03\x04"):
        return FileType.DOCX if _is_docx(content) else None
    if _is_text(content):
        return FileType.TEXT
    return None


def extension_of(name: str) -> str:
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def check_content(name: str, content: bytes, *, limit: int | None = None) -> str:
    """The file type of an upload, or a HavenError naming what to fix (field "file")."""
    limit = limit or max_bytes()
    if not content:
        raise HavenError("The file is empty. Choose the document's file again.", field="file")
    if len(content) > limit:
        raise HavenError(
            f"The file is {len(content) / 1024:,.0f} KB; documents may be at most "
            f"{limit / 1024:,.0f} KB. Scan at a lower resolution or split it.",
            field="file",
            status=413,
            code="too_large",
        )
    extension = extension_of(name)
    expected = EXTENSIONS.get(extension)
    if expected is None:
        shown = f".{extension} files" if extension else "Files without an extension"
        raise HavenError(
            f"{shown} are not accepted. Attach a {ACCEPTED} file.",
            field="file",
            code="unsupported_type",
        )
    found = sniff(content)
    if found is None:
        raise HavenError(
            f"The file's content is not a {ACCEPTED} file (executables, archives and other "
            "formats are refused). Save it as PDF and attach that.",
            field="file",
            code="unsupported_type",
        )
    if found != expected:
        raise HavenError(
            f"The file is named .{extension} but its content is {FileType(found).label}, not "
            f"{FileType(expected).label}. Rename it to match, or choose the right file.",
            field="file",
            code="content_mismatch",
        )
    return found
