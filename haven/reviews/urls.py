"""Case-review pages, under /reviews/."""

from django.urls import path

from haven.reviews import views

app_name = "reviews"

M = "meetings/<uuid:meeting_id>"
ITEM = f"{M}/items/<uuid:item_id>"

urlpatterns = [
    path("actions/", views.my_actions, name="my_actions"),
    path("actions/<uuid:action_id>/status/", views.action_status, name="action_status"),
    path("teams/<uuid:team_id>/", views.team_reviews, name="team_reviews"),
    path("teams/<uuid:team_id>/settings/", views.team_settings, name="team_settings"),
    path("teams/<uuid:team_id>/calendar/", views.team_feed, name="team_feed"),
    path("teams/<uuid:team_id>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("calendar/<str:token>.ics", views.team_feed_ics, name="team_feed_ics"),
    path(f"{M}/", views.meeting_detail, name="meeting_detail"),
    path(f"{M}/agenda/", views.agenda_add, name="agenda_add"),
    path(f"{M}/attendance/", views.attendance_add, name="attendance_add"),
    path(f"{M}/status/", views.meeting_status, name="meeting_status"),
    path(f"{M}/conduct/", views.meeting_conduct, name="meeting_conduct"),
    path(f"{M}/packet.pdf", views.meeting_packet, name="meeting_packet"),
    path(f"{M}/invite.ics", views.meeting_invite, name="meeting_invite"),
    path(f"{ITEM}/record/", views.item_record, name="item_record"),
    path(f"{ITEM}/recommendations/", views.recommendation_add, name="recommendation_add"),
    path(f"{ITEM}/actions/", views.action_add, name="action_add"),
]
