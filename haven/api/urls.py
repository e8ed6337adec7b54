from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from haven.api import views
from haven.cases import api as cases
from haven.cases import people_api as people
from haven.interviews import api as interviews
from haven.teams import api as teams

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("me/", views.MeView.as_view(), name="api-me"),
    # Apps that keep their own API routes (each module's docstring says which).
    path("", include("haven.training.api_urls")),
    path("", include("haven.documents.api_urls")),
    path("", include("haven.screening.api_urls")),
    path("", include("haven.insights.api_urls")),
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
    path("people/", people.PersonListView.as_view(), name="api-people"),
    path("people/<uuid:public_id>/", people.PersonDetailView.as_view(), name="api-person"),
    path(
        "people/<uuid:public_id>/merge/",
        people.PersonMergeView.as_view(),
        name="api-person-merge",
    ),
    path("cases/", cases.CaseListView.as_view(), name="api-cases"),
    path("cases/search/", cases.CaseSearchView.as_view(), name="api-case-search"),
    path("cases/intake/", cases.CaseIntakeView.as_view(), name="api-case-intake"),
    path("cases/<uuid:public_id>/", cases.CaseDetailView.as_view(), name="api-case"),
    path("cases/<uuid:public_id>/close/", cases.CaseCloseView.as_view(), name="api-case-close"),
    path("cases/<uuid:public_id>/reopen/", cases.CaseReopenView.as_view(), name="api-case-reopen"),
    path(
        "cases/<uuid:public_id>/timeline/",
        cases.CaseTimelineView.as_view(),
        name="api-case-timeline",
    ),
    path(
        "cases/<uuid:public_id>/assignments/",
        cases.CaseAssignmentView.as_view(),
        name="api-case-assignments",
    ),
    path(
        "cases/<uuid:public_id>/assignments/<uuid:assignment_id>/end/",
        cases.CaseAssignmentEndView.as_view(),
        name="api-case-assignment-end",
    ),
    path("cases/<uuid:public_id>/access/", cases.CaseAccessView.as_view(), name="api-case-access"),
    path(
        "cases/<uuid:public_id>/access/restrict/",
        cases.CaseRestrictView.as_view(),
        name="api-case-restrict",
    ),
    path(
        "cases/<uuid:public_id>/access/restrict/lift/",
        cases.CaseRestrictionLiftView.as_view(),
        name="api-case-restriction-lift",
    ),
    path(
        "cases/<uuid:public_id>/access/denials/",
        cases.CaseDenyView.as_view(),
        name="api-case-deny",
    ),
    path(
        "cases/<uuid:public_id>/access/denials/<uuid:user_id>/lift/",
        cases.CaseDenialLiftView.as_view(),
        name="api-case-denial-lift",
    ),
    path(
        "cases/<uuid:public_id>/interviews/",
        interviews.CaseInterviewsView.as_view(),
        name="api-case-interviews",
    ),
    path(
        "interviews/<uuid:public_id>/",
        interviews.InterviewDetailView.as_view(),
        name="api-interview",
    ),
    path(
        "interviews/<uuid:public_id>/status/",
        interviews.InterviewStatusView.as_view(),
        name="api-interview-status",
    ),
    path(
        "interviews/<uuid:public_id>/observers/",
        interviews.ObserversView.as_view(),
        name="api-interview-observers",
    ),
    path(
        "interviews/<uuid:public_id>/recordings/",
        interviews.RecordingsView.as_view(),
        name="api-interview-recordings",
    ),
    path(
        "recordings/<uuid:public_id>/upload/",
        interviews.RecordingUploadView.as_view(),
        name="api-recording-upload",
    ),
    path(
        "recordings/<uuid:public_id>/stream/",
        interviews.RecordingStreamView.as_view(),
        name="api-recording-stream",
    ),
    path("cases/", include("haven.investigations.api_urls")),
    path("cases/", include("haven.services.api_urls")),
    path("reviews/", include("haven.reviews.api_urls")),
]
