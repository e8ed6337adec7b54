"""Reads of case documents, already narrowed to what the user may see.

A document exists for a user only if they may see its case (haven/cases/access.py) and
their case levels view the documents column and the document's own section
(rules.may_view); for everyone else it is "not found", never "forbidden".
"""

from django.db.models import QuerySet

from haven.access.rules import case_section_levels
from haven.cases.access import can_view_case
from haven.cases.models import Case
from haven.core.errors import HavenError
from haven.documents import rules
from haven.documents.models import Document

NOT_FOUND = HavenError("Document not found.", status=404, code="not_found")


def case_documents(case: Case, levels: dict) -> QuerySet[Document]:
    """The case's documents in the sections these case levels view, newest first: two
    queries whatever their number (the documents and their people, joined)."""
    return Document.objects.filter(
        case=case, section__in=rules.viewable_sections(levels)
    ).select_related("uploaded_by", "withdrawn_by")


def documents_for(user, case: Case) -> QuerySet[Document]:
    return case_documents(case, case_section_levels(user, case))


def document_for(user, case: Case, document_id) -> tuple[Document, dict]:
    """The document and the user's case levels; HavenError 404 when it is not theirs to see."""
    if not can_view_case(user, case):
        raise NOT_FOUND
    document = (
        Document.objects.filter(case=case, public_id=document_id)
        .select_related("case", "uploaded_by", "withdrawn_by")
        .first()
    )
    if document is None:
        raise NOT_FOUND
    levels = case_section_levels(user, case)
    if not rules.may_view(levels, document.section):
        raise NOT_FOUND
    return document, levels
