from django.urls import path

from haven.accounts import views

app_name = "accounts"
urlpatterns = [
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<uuid:public_id>/", views.staff_detail, name="staff_detail"),
    path("staff/<uuid:public_id>/active/", views.staff_set_active, name="staff_set_active"),
    path("staff/<uuid:public_id>/unlock/", views.staff_unlock, name="staff_unlock"),
    path(
        "staff/<uuid:public_id>/second-step/unlock/",
        views.staff_second_step_unlock,
        name="staff_second_step_unlock",
    ),
    path(
        "staff/<uuid:public_id>/tokens/<uuid:token_id>/revoke/",
        views.token_revoke,
        name="token_revoke",
    ),
    path("accounts/session/status/", views.session_status, name="session_status"),
    path("accounts/session/keepalive/", views.session_keepalive, name="session_keepalive"),
]
