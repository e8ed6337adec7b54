from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "haven.interviews"
    label = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from haven.access.models import Section
        from haven.access.rules import register_case_limit
        from haven.cases.panels import CasePanel, register_panel
        from haven.interviews import rules, views

        register_panel(
            CasePanel(
                key="interviews",
                title=_("Forensic interviews"),
                section=Section.FORENSIC_INTERVIEW,
                template="interviews/_case_panel.html",
                context=views.case_panel_context,
                order=30,
            )
        )
        register_case_limit(rules.interviewer_first_limit)

        from haven.core.nav import NavItem, register_nav

        register_nav(
            NavItem(
                "interviews", _("Interviews"), "interviews:interview_list", "/interviews/", order=10
            )
        )

        from haven.core.daily import register_daily
        from haven.interviews.tasks import verify_recordings

        register_daily(
            "recordings_verify", "re-read every recording and check its hashes", verify_recordings
        )

        from haven.cases.hooks import register_event_section, register_open_work

        register_open_work(rules.open_interview_work)
        for object_type, section in {
            "interviews.interview": Section.FORENSIC_INTERVIEW,
            "interviews.recording": Section.RECORDINGS,
        }.items():
            register_event_section(object_type, section)
