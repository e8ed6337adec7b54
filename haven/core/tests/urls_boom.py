"""A URLconf with one failing view, to see what a server error shows."""

from django.urls import path

from haven.urls import urlpatterns as haven_urls


def boom(request):
    raise RuntimeError("secret-internal-detail: child name Jane Doe")


urlpatterns = [path("boom/", boom), path("api/v1/boom/", boom), *haven_urls]
handler500 = "haven.core.views.server_error"
