from django.urls import path

from haven.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.team_list, name="team_list"),
    path("new/", views.team_create, name="team_create"),
    path("statewide/", views.statewide, name="statewide"),
    path("statewide.csv", views.statewide_csv, name="statewide_csv"),
    path("statewide.xlsx", views.statewide_xlsx, name="statewide_xlsx"),
    path("<uuid:public_id>/", views.team_detail, name="team_detail"),
    path("<uuid:public_id>/members/", views.member_add, name="member_add"),
    path("<uuid:public_id>/members/<uuid:membership_id>/end/", views.member_end, name="member_end"),
    path("<uuid:public_id>/protocols/", views.protocol_draft, name="protocol_draft"),
    path(
        "<uuid:public_id>/protocols/<uuid:version_id>/",
        views.protocol_version,
        name="protocol_version",
    ),
    path(
        "<uuid:public_id>/protocols/<uuid:version_id>/document/",
        views.protocol_document,
        name="protocol_document",
    ),
    path(
        "<uuid:public_id>/protocols/<uuid:version_id>/signoff/",
        views.protocol_signoff,
        name="protocol_signoff",
    ),
    path(
        "<uuid:public_id>/protocols/<uuid:version_id>/adopt/",
        views.protocol_adopt,
        name="protocol_adopt",
    ),
]
