"""The case page's sections for services (registered from apps.py through
haven/cases/panels.py): the tracking table with time to service and the referrals
(general section; each referral shown only to roles that may view its service's section),
medical exams (medical), assessments with their chart (mental health), and advocacy."""

from django.utils.translation import gettext_lazy as _

from haven.access.models import Level, Section
from haven.access.rules import case_section_levels
from haven.cases.panels import CasePanel, register_panel
from haven.services import chart, rules, selectors, tracking
from haven.services.models import ServiceType


def services_context(request, case, level) -> dict:
    levels = case_section_levels(request.user, case)
    all_referrals = selectors.referrals(case)
    visible = selectors.visible_referrals(levels, all_referrals)
    return {
        "table": tracking.table(case, levels, all_referrals),
        "referrals": visible,
        "time_to_service": selectors.time_to_service(visible),
        "can_refer": any(rules.may_refer(levels, t) for t in ServiceType.values),
    }


def medical_context(request, case, level) -> dict:
    return {"exams": selectors.medical_exams(case), "can_edit": level >= Level.EDIT}


def mental_health_context(request, case, level) -> dict:
    found = selectors.assessments(case)
    return {
        "assessments": found,
        "series": chart.series(found),
        "geometry": chart.GEOMETRY,
        "can_edit": level >= Level.EDIT,
    }


def advocacy_context(request, case, level) -> dict:
    contacts, claims = selectors.advocacy(case)
    return {"contacts": contacts, "claims": claims, "can_edit": level >= Level.EDIT}


def register() -> None:
    for key, title, section, template, context, order in (
        (
            "services",
            _("Services and tracking"),
            Section.GENERAL,
            "services/_services_panel.html",
            services_context,
            15,
        ),
        (
            "medical",
            _("Medical"),
            Section.MEDICAL,
            "services/_medical_panel.html",
            medical_context,
            25,
        ),
        (
            "mental-health",
            _("Mental health"),
            Section.MENTAL_HEALTH,
            "services/_mental_health_panel.html",
            mental_health_context,
            26,
        ),
        (
            "advocacy",
            _("Advocacy"),
            Section.ADVOCACY,
            "services/_advocacy_panel.html",
            advocacy_context,
            27,
        ),
    ):
        register_panel(CasePanel(key, title, section, template, context, order))
