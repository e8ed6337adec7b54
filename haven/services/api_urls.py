"""The services API routes, included by haven/api/urls.py under /api/v1/cases/."""

from django.urls import path

from haven.services import api

C = "<uuid:public_id>/services"
R = f"{C}/referrals/<uuid:referral_id>"

urlpatterns = [
    path(f"{C}/", api.CaseServicesView.as_view(), name="api-services"),
    path(f"{C}/referrals/", api.ReferralCreateView.as_view(), name="api-service-referrals"),
    path(f"{R}/status/", api.ReferralStatusView.as_view(), name="api-service-referral-status"),
    path(f"{R}/sessions/", api.SessionCreateView.as_view(), name="api-service-sessions"),
    path(f"{R}/reminders/", api.ReminderCreateView.as_view(), name="api-service-reminders"),
    path(f"{C}/medical-exams/", api.ExamCreateView.as_view(), name="api-service-exams"),
    path(f"{C}/assessments/", api.AssessmentCreateView.as_view(), name="api-service-assessments"),
    path(f"{C}/advocacy/", api.AdvocacyCreateView.as_view(), name="api-service-advocacy"),
    path(
        f"{C}/compensation/",
        api.CompensationCreateView.as_view(),
        name="api-service-compensation",
    ),
]
