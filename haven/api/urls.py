from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from haven.api import views
from haven.teams import api as teams

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("districts/", views.DistrictListView.as_view(), name="api-districts"),
    path("agencies/", views.AgencyListView.as_view(), name="api-agencies"),
    path("agencies/<uuid:public_id>/", views.AgencyDetailView.as_view(), name="api-agency"),
    path(
        "agencies/<uuid:public_id>/personnel/",
        views.AgencyPersonnelView.as_view(),
        name="api-agency-personnel",
    ),
    path("access/matrix/", views.MatrixView.as_view(), name="api-matrix"),
    path("audit/events/", views.AuditEventListView.as_view(), name="api-audit-events"),
    path("tokens/", views.TokenListView.as_view(), name="api-tokens"),
    path(
        "tokens/<uuid:public_id>/revoke/", views.TokenRevokeView.as_view(), name="api-token-revoke"
    ),
    path("teams/", teams.TeamListView.as_view(), name="api-teams"),
    path("teams/statewide/", teams.StatewideTeamListView.as_view(), name="api-teams-statewide"),
    path("teams/<uuid:public_id>/", teams.TeamDetailView.as_view(), name="api-team"),
    path(
        "teams/<uuid:public_id>/compliance/",
        teams.TeamComplianceView.as_view(),
        name="api-team-compliance",
    ),
    path(
        "teams/<uuid:public_id>/members/",
        teams.TeamMemberAddView.as_view(),
        name="api-team-members",
    ),
    path(
        "teams/<uuid:public_id>/members/<uuid:membership_id>/end/",
        teams.TeamMemberEndView.as_view(),
        name="api-team-member-end",
    ),
    path(
        "teams/<uuid:public_id>/protocols/",
        teams.TeamProtocolListView.as_view(),
        name="api-team-protocols",
    ),
]
