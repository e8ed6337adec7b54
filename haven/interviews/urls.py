from django.urls import path

from haven.interviews import views

app_name = "interviews"

urlpatterns = [
    path("", views.interview_list, name="interview_list"),
    path("rooms/", views.rooms, name="rooms"),
    path("calendar/", views.calendar_manage, name="calendar_manage"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("cases/<uuid:case_id>/schedule/", views.schedule, name="schedule"),
    path("<uuid:public_id>/", views.interview_detail, name="interview_detail"),
    path("<uuid:public_id>/status/", views.interview_status, name="interview_status"),
    path("<uuid:public_id>/observers/", views.observer_add, name="observer_add"),
    path("<uuid:public_id>/grants/", views.playback_grant, name="playback_grant"),
    path("<uuid:public_id>/recordings/", views.upload_start, name="upload_start"),
    path("uploads/<uuid:public_id>/", views.upload_part, name="upload_part"),
    path("recordings/<uuid:public_id>/", views.recording_player, name="recording_player"),
    path("recordings/<uuid:public_id>/stream", views.recording_stream, name="recording_stream"),
    path(
        "recordings/<uuid:public_id>/download",
        views.recording_download,
        name="recording_download",
    ),
    path(
        "recordings/<uuid:public_id>/releases/", views.recording_release, name="recording_release"
    ),
    path(
        "recordings/<uuid:public_id>/retention/",
        views.recording_retention,
        name="recording_retention",
    ),
]
