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

        from django.utils.translation import gettext_lazy as _

        from haven.core.home import HomePanel, register_home_panel

        register_home_panel(
            HomePanel(
                key="referrals-waiting",
                title=_("Service referrals waiting"),
                template="services/_home_waiting.html",
                context=_home_waiting,
                order=25,
            )
        )


def _home_waiting(request):
    from django.utils import timezone

    from haven.services.selectors import referrals_waiting_for

    referrals = referrals_waiting_for(request.user)
    if not referrals:
        return None
    today = timezone.localdate()
    for referral in referrals:
        referral.waiting_days = (today - referral.referred_on).days
    return {"referrals": referrals}


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
