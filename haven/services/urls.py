"""Pages of the services app, under /cases/<case>/services/ (the case page itself, which
shows the services sections, belongs to haven.cases)."""

from django.urls import path

from haven.services import views

app_name = "services"
R = "<uuid:case_id>/services/referrals/<uuid:referral_id>"
urlpatterns = [
    path("<uuid:case_id>/services/referrals/new/", views.referral_create, name="referral_create"),
    path(f"{R}/", views.referral_detail, name="referral_detail"),
    path(f"{R}/status/", views.referral_transition, name="referral_transition"),
    path(f"{R}/sessions/new/", views.session_create, name="session_create"),
    path(f"{R}/reminders/", views.reminder_create, name="reminder_create"),
    path("<uuid:case_id>/services/medical/new/", views.exam_create, name="exam_create"),
    path(
        "<uuid:case_id>/services/assessments/new/",
        views.assessment_create,
        name="assessment_create",
    ),
    path("<uuid:case_id>/services/advocacy/new/", views.advocacy_create, name="advocacy_create"),
    path(
        "<uuid:case_id>/services/compensation/new/",
        views.compensation_create,
        name="compensation_create",
    ),
]
