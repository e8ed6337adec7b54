"""Edit pages of a case's investigation sections, under /cases/<case>/ (the case page
itself, which shows them, belongs to haven.cases)."""

from django.urls import path

from haven.investigations import views

app_name = "investigations"
urlpatterns = [
    path("<uuid:case_id>/law-enforcement/new/", views.le_create, name="le_create"),
    path(
        "<uuid:case_id>/law-enforcement/<uuid:investigation_id>/",
        views.le_edit,
        name="le_edit",
    ),
    path("<uuid:case_id>/child-protection/", views.cp_edit, name="cp_edit"),
    path("<uuid:case_id>/child-protection/hearings/new/", views.hearing_add, name="hearing_add"),
    path("<uuid:case_id>/child-protection/relied-on/new/", views.reliance_add, name="reliance_add"),
    path("<uuid:case_id>/prosecution/new/", views.prosecution_create, name="prosecution_create"),
    path(
        "<uuid:case_id>/prosecution/<uuid:matter_id>/",
        views.prosecution_edit,
        name="prosecution_edit",
    ),
    path(
        "<uuid:case_id>/prosecution/<uuid:matter_id>/charges/new/",
        views.charge_add,
        name="charge_add",
    ),
    path(
        "<uuid:case_id>/prosecution/<uuid:matter_id>/charges/<uuid:charge_id>/disposition/",
        views.charge_dispose,
        name="charge_dispose",
    ),
    path(
        "<uuid:case_id>/prosecution/<uuid:matter_id>/cases/",
        views.prosecution_link,
        name="prosecution_link",
    ),
    path("<uuid:case_id>/trafficking/", views.trafficking_edit, name="trafficking_edit"),
]
