"""This app's /api/v1/ routes, included by haven/api/urls.py."""

from django.urls import path

from haven.insights import api

urlpatterns = [
    path("insights/nca/", api.NcaView.as_view(), name="api-insights-nca"),
    path("insights/nca/cases/", api.NcaCasesView.as_view(), name="api-insights-nca-cases"),
    path("insights/trafficking/", api.TraffickingView.as_view(), name="api-insights-trafficking"),
    path(
        "insights/trafficking/narrative/",
        api.TraffickingNarrativeView.as_view(),
        name="api-insights-trafficking-narrative",
    ),
    path("insights/dashboard/", api.DashboardView.as_view(), name="api-insights-dashboard"),
]
