from django.urls import path

from haven.cases import team_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("search/", views.case_search, name="case_search"),
    path("intake/", views.intake, name="intake"),
    path("<uuid:public_id>/", views.case_detail, name="case_detail"),
    path("<uuid:public_id>/report/", views.case_report, name="case_report"),
    path("<uuid:public_id>/status/", views.case_status, name="case_status"),
    path("<uuid:public_id>/assignments/", team_views.assignment_add, name="assignment_add"),
    path(
        "<uuid:public_id>/assignments/<uuid:assignment_id>/end/",
        team_views.assignment_end,
        name="assignment_end",
    ),
    path("<uuid:public_id>/access/", team_views.access, name="access"),
    path("<uuid:public_id>/access/restrict/", team_views.restrict, name="restrict"),
    path(
        "<uuid:public_id>/access/restrict/lift/",
        team_views.restriction_lift,
        name="restriction_lift",
    ),
    path("<uuid:public_id>/access/denials/", team_views.deny, name="deny"),
    path(
        "<uuid:public_id>/access/denials/<uuid:user_id>/lift/",
        team_views.denial_lift,
        name="denial_lift",
    ),
]
