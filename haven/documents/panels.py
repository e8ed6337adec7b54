"""The case page's "Documents" panel (haven/cases/panels.py), in the documents section of
the matrix: the case page calls it only for roles that view that column. It lists the
documents of the sections the user views and offers the attach form for the sections
they edit."""

from django.utils.translation import gettext_lazy as _

from haven.access.rules import case_section_levels
from haven.cases.panels import CasePanel, register_panel
from haven.documents import forms, rules, selectors


def documents_context(request, case, level) -> dict:
    levels = case_section_levels(request.user, case)
    documents = list(selectors.case_documents(case, levels))
    writable = rules.writable_sections(request.user, levels)
    for document in documents:
        document.can_withdraw = not document.is_withdrawn and document.section in writable
    return {
        "documents": documents,
        "form": forms.AttachForm(sections=writable) if writable else None,
    }


def register() -> None:
    from haven.access.models import Section

    register_panel(
        CasePanel(
            key="documents",
            title=_("Documents"),
            section=Section.DOCUMENTS,
            template="documents/_case_panel.html",
            context=documents_context,
            order=90,
        )
    )
