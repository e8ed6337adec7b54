from django.urls import path

from haven.training import views

app_name = "training"
urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("programs/new/", views.program_create, name="program_create"),
    path("programs/<uuid:public_id>/", views.program_detail, name="program_detail"),
    path("programs/<uuid:public_id>/modules/new/", views.module_create, name="module_create"),
    path("programs/<uuid:public_id>/enrol/", views.enrol_self, name="enrol"),
    path("learn/<uuid:public_id>/", views.enrolment_detail, name="enrolment"),
    path("learn/<uuid:public_id>/modules/<uuid:module_id>/", views.module_page, name="module"),
    path(
        "learn/<uuid:public_id>/modules/<uuid:module_id>/progress/",
        views.module_progress,
        name="module_progress",
    ),
    path("modules/<uuid:module_id>/video/", views.module_video, name="module_video"),
    path("modules/<uuid:module_id>/captions.vtt", views.module_captions, name="module_captions"),
    path("certificates/<uuid:public_id>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("verify/", views.verify, name="verify"),
    path("register/", views.register, name="register"),
    path("register/confirm/<str:token>/", views.register_confirm, name="register_confirm"),
    path("compliance/", views.compliance, name="compliance"),
    path("compliance.csv", views.compliance_csv, name="compliance_csv"),
    path("compliance.xlsx", views.compliance_xlsx, name="compliance_xlsx"),
    path("learners/<uuid:public_id>/", views.learner_detail, name="learner_detail"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<uuid:public_id>/", views.session_detail, name="session_detail"),
    path("development/", views.development, name="development"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/<uuid:public_id>/revoke/", views.contact_revoke, name="contact_revoke"),
]
