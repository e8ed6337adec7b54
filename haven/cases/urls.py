from django.urls import path

from haven.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("search/", views.case_search, name="case_search"),
    path("intake/", views.intake, name="intake"),
    path("<uuid:public_id>/", views.case_detail, name="case_detail"),
    path("<uuid:public_id>/report/", views.case_report, name="case_report"),
    path("<uuid:public_id>/status/", views.case_status, name="case_status"),
]
