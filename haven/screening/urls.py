from django.urls import path

from haven.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("reports/<uuid:public_id>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:public_id>/triage/", views.report_triage, name="report_triage"),
    path("reports/<uuid:public_id>/duplicate/", views.report_duplicate, name="report_duplicate"),
    path("encounters/new/", views.encounter_new, name="encounter_new"),
    path("encounters/<uuid:public_id>/", views.encounter_detail, name="encounter_detail"),
    path(
        "encounters/<uuid:public_id>/screen/<slug:code>/",
        views.encounter_screen,
        name="encounter_screen",
    ),
    path(
        "encounters/<uuid:public_id>/defense-summary/",
        views.defense_summary,
        name="defense_summary",
    ),
    path("people/<uuid:public_id>/", views.person_screenings, name="person_screenings"),
    path(
        "people/<uuid:public_id>/screen/<slug:code>/",
        views.person_screen,
        name="person_screen",
    ),
    path("instruments/", views.instrument_list, name="instrument_list"),
    path(
        "instruments/<slug:code>/items/<int:number>/",
        views.item_wording,
        name="item_wording",
    ),
]
