from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "haven.services"
    label = "services"
    verbose_name = "Services and referrals"

    def ready(self) -> None:
        # Case page sections and the tracking table's lines; cases never imports this app.
        from haven.services import panels, tracking

        panels.register()
        tracking.register_builtin_lines()
        _register_case_hooks()


def _register_case_hooks() -> None:
    """haven/cases/hooks.py (case closure and timeline), when that app offers it."""
    try:
        from haven.cases import hooks
    except ImportError:
        return
    from haven.services.selectors import open_referrals_work

    register_open_work = getattr(hooks, "register_open_work", None)
    if register_open_work is not None:
        register_open_work(open_referrals_work)
    register_event_section = getattr(hooks, "register_event_section", None)
    if register_event_section is not None:
        from haven.access.models import Section

        for object_type, section in (
            ("services.medicalexam", Section.MEDICAL),
            ("services.assessment", Section.MENTAL_HEALTH),
            ("services.advocacycontact", Section.ADVOCACY),
            ("services.compensationclaim", Section.ADVOCACY),
        ):
            register_event_section(object_type, section)
