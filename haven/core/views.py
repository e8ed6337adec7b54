"""The shell: home page per persona, health check, error pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from haven.access.models import Level
from haven.access.rules import Capability, has_capability, section_levels
from haven.core.home import home_panels


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    sections = list(section_levels(user).items())
    context = {
        "readable_sections": [s for s, level in sections if level >= Level.VIEW],
        "editable_sections": [s for s, level in sections if level >= Level.EDIT],
        "capabilities": {c.value: has_capability(user, c) for c in Capability},
        "panels": home_panels(request),
    }
    return render(request, "core/home.html", context)


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_offered(request: HttpRequest) -> HttpResponse:
    """A library page Haven does not offer (for example changing one's own sign-in email)."""
    raise Http404


def _error(request, template: str, status: int) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        from haven.api.problems import _TITLES, problem_response

        return problem_response(
            status,
            _TITLES.get(status, "Error"),
            _TITLES.get(status, "Error") + ".",
            code=str(status),
        )
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "404.html", 404)


def server_error(request):
    # No context processors beyond the minimum: the failure may be in one of them.
    if request.path_info.startswith("/api/"):
        from haven.api.problems import problem_response

        return problem_response(
            500,
            "Server error",
            "Something went wrong on our side. It has been logged.",
            code="server_error",
        )
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def paginate(request: HttpRequest, queryset, per_page: int = 50):
    """A page of `queryset` and the query string to keep the filters on page links."""
    from django.core.paginator import Paginator

    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
