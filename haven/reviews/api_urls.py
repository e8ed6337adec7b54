"""The case-review API routes, included by haven/api/urls.py under /api/v1/reviews/."""

from django.urls import path

from haven.reviews import api

M = "meetings/<uuid:public_id>"

urlpatterns = [
    path(
        "teams/<uuid:public_id>/meetings/",
        api.TeamMeetingsView.as_view(),
        name="api-review-meetings",
    ),
    path(f"{M}/agenda/", api.AgendaView.as_view(), name="api-review-agenda"),
    path(f"{M}/attendance/", api.AttendanceView.as_view(), name="api-review-attendance"),
    path(
        f"{M}/items/<uuid:item_id>/recommendations/",
        api.RecommendationView.as_view(),
        name="api-review-recommendations",
    ),
    path(
        f"{M}/items/<uuid:item_id>/actions/",
        api.ActionCreateView.as_view(),
        name="api-review-actions",
    ),
    path("actions/", api.MyActionsView.as_view(), name="api-review-my-actions"),
    path(
        "actions/<uuid:action_id>/status/",
        api.ActionStatusView.as_view(),
        name="api-review-action-status",
    ),
]
