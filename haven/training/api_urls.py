"""Training's /api/v1/ routes, included by haven/api/urls.py (paths start `training/`)."""

from django.urls import path

from haven.training import api

P = "training/programs/<uuid:public_id>"
E = "training/enrolments/<uuid:public_id>"

urlpatterns = [
    path("training/programs/", api.ProgramsView.as_view(), name="api-training-programs"),
    path(f"{P}/", api.ProgramDetailView.as_view(), name="api-training-program"),
    path(f"{P}/modules/", api.ModulesView.as_view(), name="api-training-modules"),
    path(f"{P}/enrol/", api.EnrolSelfView.as_view(), name="api-training-enrol"),
    path("training/enrolments/", api.MyEnrolmentsView.as_view(), name="api-training-enrolments"),
    path(f"{E}/", api.EnrolmentDetailView.as_view(), name="api-training-enrolment"),
    path(
        f"{E}/modules/<uuid:module_id>/answers/",
        api.QuizAnswersView.as_view(),
        name="api-training-quiz-answers",
    ),
    path(
        f"{E}/modules/<uuid:module_id>/read/",
        api.ReadingDoneView.as_view(),
        name="api-training-reading-done",
    ),
    path("training/completions/", api.CompletionsView.as_view(), name="api-training-completions"),
    path(
        "training/completions/verify/",
        api.VerifyView.as_view(),
        name="api-training-verify",
    ),
    path("training/compliance/", api.ComplianceView.as_view(), name="api-training-compliance"),
]
