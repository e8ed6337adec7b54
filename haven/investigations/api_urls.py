"""The investigations API routes, included by haven/api/urls.py under /api/v1/cases/."""

from django.urls import path

from haven.investigations import api

C = "<uuid:public_id>"
M = f"{C}/prosecution/<uuid:matter_id>"

urlpatterns = [
    path(f"{C}/investigations/", api.CaseInvestigationsView.as_view(), name="api-investigations"),
    path(f"{C}/law-enforcement/", api.LeCreateView.as_view(), name="api-le-create"),
    path(
        f"{C}/law-enforcement/<uuid:investigation_id>/",
        api.LeUpdateView.as_view(),
        name="api-le-update",
    ),
    path(f"{C}/child-protection/", api.CpView.as_view(), name="api-cp"),
    path(f"{C}/child-protection/hearings/", api.HearingView.as_view(), name="api-cp-hearings"),
    path(f"{C}/child-protection/relied-on/", api.RelianceView.as_view(), name="api-cp-relied-on"),
    path(f"{C}/prosecution/", api.MatterCreateView.as_view(), name="api-prosecution-create"),
    path(f"{M}/", api.MatterUpdateView.as_view(), name="api-prosecution-update"),
    path(f"{M}/cases/", api.MatterLinkView.as_view(), name="api-prosecution-link"),
    path(f"{M}/charges/", api.ChargeCreateView.as_view(), name="api-charges"),
    path(
        f"{M}/charges/<uuid:charge_id>/disposition/",
        api.ChargeDispositionView.as_view(),
        name="api-charge-disposition",
    ),
    path(f"{C}/trafficking/", api.TraffickingView.as_view(), name="api-trafficking"),
]
