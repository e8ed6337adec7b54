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
    """Open referrals are open work when a case closes; the timeline's sections."""
    from haven.access.models import Section
    from haven.cases.hooks import register_event_section, register_open_work
    from haven.services.selectors import open_referrals_work

    register_open_work(open_referrals_work)
    for object_type, section in (
        ("services.medicalexam", Section.MEDICAL),
        ("services.assessment", Section.MENTAL_HEALTH),
        ("services.advocacycontact", Section.ADVOCACY),
        ("services.compensationclaim", Section.ADVOCACY),
    ):
        register_event_section(object_type, section)
