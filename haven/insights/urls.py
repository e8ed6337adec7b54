from django.urls import path

from haven.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("nca/", views.nca_report, name="nca"),
    path("nca/export.<str:output>", views.nca_export, name="nca_export"),
    path("nca/cases/", views.nca_cases, name="nca_cases"),
    path("cases/export.<str:output>", views.cases_export, name="cases_export"),
]
urlpatterns += [
    path("trafficking/", views.trafficking, name="trafficking"),
    path("trafficking/export.<str:output>", views.trafficking_export, name="trafficking_export"),
]
