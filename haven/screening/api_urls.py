"""This app's /api/v1/ routes, included by haven/api/urls.py."""

from django.urls import path

from haven.screening import api

R = "screening/reports/<uuid:public_id>"
E = "screening/encounters/<uuid:public_id>"

urlpatterns = [
    path("screening/reports/", api.ReportsView.as_view(), name="api-screening-reports"),
    path(f"{R}/", api.ReportDetailView.as_view(), name="api-screening-report"),
    path(f"{R}/triage/", api.ReportTriageView.as_view(), name="api-screening-triage"),
    path(f"{R}/duplicate/", api.ReportDuplicateView.as_view(), name="api-screening-duplicate"),
    path("screening/encounters/", api.EncountersView.as_view(), name="api-screening-encounters"),
    path(f"{E}/", api.EncounterDetailView.as_view(), name="api-screening-encounter"),
    path(
        f"{E}/screenings/",
        api.EncounterScreeningsView.as_view(),
        name="api-screening-encounter-screenings",
    ),
    path("screening/instruments/", api.InstrumentsView.as_view(), name="api-screening-instruments"),
]
