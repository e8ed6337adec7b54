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


# As views.dashboard_centre and selectors.may_see_statistics, from the page's one read of
# the role matrix (haven/core/nav.py).
def _has_dashboard(user, levels) -> bool:
    from haven.access.models import Level, Section
    from haven.directory.models import AgencyKind

    agency = getattr(user, "agency", None)
    return (
        agency is not None
        and agency.kind == AgencyKind.CAC
        and levels()[Section.STATISTICS] >= Level.VIEW
    )


def _reports_without_dashboard(user, levels) -> bool:
    from haven.access.models import Level, Section

    if _has_dashboard(user, levels):
        return False
    return max(levels()[Section.STATISTICS], levels()[Section.GENERAL]) >= Level.VIEW


class InsightsConfig(AppConfig):
    name = "haven.insights"
    label = "insights"
    verbose_name = "Reports and statistics"

    def ready(self):
        from haven.core.home import HomePanel, register_home_panel
        from haven.core.nav import NavItem, register_nav

        # Coordinators land on their centre's dashboard; other roles with reports on the
        # NCA statistics (whose figures count only the cases they may see).
        register_nav(
            NavItem(
                "insights-dashboard",
                _("Reports"),
                "insights:dashboard",
                "/insights/",
                order=50,
                shown_to=_has_dashboard,
            )
        )
        register_nav(
            NavItem(
                "insights-reports",
                _("Reports"),
                "insights:nca",
                "/insights/",
                order=50,
                shown_to=_reports_without_dashboard,
            )
        )

        register_home_panel(
            HomePanel(
                key="insights",
                title=_("Reports and statistics"),
                template="insights/home_panel.html",
                context=_home_panel,
                order=20,
            )
        )
