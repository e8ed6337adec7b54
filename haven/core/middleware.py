"""Request-wide protections: deny by default, no caching of pages, size limits, browser
features off."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a signed-in user unless its view says `login_not_required`.

    The API is the one exception: Django REST framework authenticates bearer
    tokens inside the view and refuses anonymous callers there with a 401 problem.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class NoStoreMiddleware:
    """Pages for signed-in users hold case data: browsers and proxies must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path_info.startswith("/api/"):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


class RequestSizeMiddleware:
    """Refuse an oversized body up front, with a message, before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.HAVEN_MAX_REQUEST_BYTES:
            limit_kb = settings.HAVEN_MAX_REQUEST_BYTES // 1024
            detail = f"The request is larger than {limit_kb} KB. Send less at once."
            if request.path_info.startswith("/api/"):
                from haven.api.problems import problem_response

                return problem_response(413, "Request too large", detail, code="too_large")
            return TemplateResponse(request, "413.html", {"detail": detail}, status=413).render()
        return self.get_response(request)


# Browser features a page of Haven may use: none of the sensors, only its own passkeys and
# a full-screen video player. "()" switches a feature off for the page and every frame.
# A page that one day records in the browser sets its own header (camera=(self) ...):
# the middleware leaves a header a view has set.
PERMISSIONS_POLICY = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "display-capture": "()",
    "accelerometer": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "bluetooth": "()",
    "hid": "()",
    "serial": "()",
    "usb": "()",
    "midi": "()",
    "payment": "()",
    "browsing-topics": "()",
    "fullscreen": "(self)",
    "publickey-credentials-get": "(self)",
    "publickey-credentials-create": "(self)",
}
PERMISSIONS_POLICY_HEADER = ", ".join(f"{k}={v}" for k, v in PERMISSIONS_POLICY.items())


class PermissionsPolicyMiddleware:
    """Every response, page or API, says which browser features Haven's pages may use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY_HEADER
        return response
