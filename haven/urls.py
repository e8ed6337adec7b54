"""Haven's routes. Every route here has a row in haven/core/tests/test_access_table.py."""

from django.urls import include, path

from haven.core import views as core_views

urlpatterns = [
    path(
        "",
        include(
            (
                [
                    path("", core_views.home, name="home"),
                    path("healthz", core_views.healthz, name="healthz"),
                ],
                "core",
            )
        ),
    ),
    path("", include("haven.accounts.urls")),
    # A staff email is the sign-in identity: only a security officer changes it.
    path("accounts/email/", core_views.not_offered, name="account_email"),
    # Staff accounts are created by a security officer; there is no public sign-up.
    path("accounts/signup/", core_views.not_offered, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("directory/", include("haven.directory.urls")),
    path("teams/", include("haven.teams.urls")),
    path("training/", include("haven.training.urls")),
    path("cases/", include("haven.cases.urls")),
    path("cases/", include("haven.investigations.urls")),
    path("cases/", include("haven.services.urls")),
    path("cases/", include("haven.documents.urls")),
    path("people/", include("haven.cases.people_urls")),
    path("interviews/", include("haven.interviews.urls")),
    path("reviews/", include("haven.reviews.urls")),
    path("screening/", include("haven.screening.urls")),
    path("report-trafficking/", include("haven.screening.public_urls")),
    path("insights/", include("haven.insights.urls")),
    path("access/", include("haven.access.urls")),
    path("audit/", include("haven.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tokens/", include("haven.api.page_urls")),
    path("api/v1/", include("haven.api.urls")),
]

handler400 = "haven.core.views.bad_request"
handler403 = "haven.core.views.permission_denied"
handler404 = "haven.core.views.page_not_found"
handler500 = "haven.core.views.server_error"
