"""The case page's sections for investigations, prosecution and trafficking details.

Each panel belongs to one role-matrix section; the case page shows it only to a user who
may view that section (haven/cases/panels.py) and calls its context only then.
"""

from django.utils.translation import gettext_lazy as _

from haven.access.models import Level, Section
from haven.access.rules import case_section_levels
from haven.cases.panels import CasePanel, register_panel
from haven.investigations import rules, selectors


def law_enforcement_context(request, case, level) -> dict:
    can_edit = level >= Level.EDIT and rules.criminal_work_refusal(request.user, case) is None
    return {"investigations": selectors.le_investigations(case), "can_edit": can_edit}


def child_protection_context(request, case, level) -> dict:
    can_edit = (
        level >= Level.EDIT and rules.child_protection_work_refusal(request.user, case) is None
    )
    return {"investigation": selectors.cp_investigation(case), "can_edit": can_edit}


def prosecution_context(request, case, level) -> dict:
    matters = selectors.prosecutions(case)
    selectors.mark_visible_links(request.user, case, matters)
    can_edit = rules.may_write_prosecution(request.user, {Section.PROSECUTION: level})
    return {"matters": matters, "can_edit": can_edit}


def trafficking_context(request, case, level) -> dict:
    # Who edits depends on three sections: this case's levels, after its per-case limits.
    levels = case_section_levels(request.user, case)
    return {
        "details": selectors.trafficking(case),
        "can_edit": rules.may_edit_trafficking(levels),
    }


def register() -> None:
    register_panel(
        CasePanel(
            key="trafficking",
            title=_("Trafficking"),
            section=Section.GENERAL,
            template="investigations/_trafficking_panel.html",
            context=trafficking_context,
            order=40,
        )
    )
    register_panel(
        CasePanel(
            key="law-enforcement",
            title=_("Law-enforcement investigation"),
            section=Section.LAW_ENFORCEMENT,
            template="investigations/_law_enforcement_panel.html",
            context=law_enforcement_context,
            order=60,
        )
    )
    register_panel(
        CasePanel(
            key="child-protection",
            title=_("Child-protection investigation (DCF)"),
            section=Section.CHILD_PROTECTION,
            template="investigations/_child_protection_panel.html",
            context=child_protection_context,
            order=61,
        )
    )
    register_panel(
        CasePanel(
            key="prosecution",
            title=_("Prosecution"),
            section=Section.PROSECUTION,
            template="investigations/_prosecution_panel.html",
            context=prosecution_context,
            order=62,
        )
    )
