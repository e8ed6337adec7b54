from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _home_panel(request):
    """Coordinators (roles with statistics access at a centre) get a link to the dashboard."""
    from haven.cases.models import Case, CaseStatus
    from haven.insights.views import dashboard_centre

    centre = dashboard_centre(request.user)
    if centre is None:
        return None
    open_caseload = Case.objects.filter(cac=centre, status=CaseStatus.OPEN).count()
    return {"centre": centre.name, "open_caseload": open_caseload}


class InsightsConfig(AppConfig):
    name = "haven.insights"
    label = "insights"
    verbose_name = "Reports and statistics"

    def ready(self):
        from haven.core.home import HomePanel, register_home_panel

        register_home_panel(
            HomePanel(
                key="insights",
                title=_("Reports and statistics"),
                template="insights/home_panel.html",
                context=_home_panel,
                order=20,
            )
        )
