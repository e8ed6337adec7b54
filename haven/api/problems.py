"""Every API error as an RFC 9457 problem document.

{"type", "title", "status", "detail", "code"} always; "errors" lists field
problems; "citation" names the statute when a legal rule is the reason.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler

from haven.core.errors import HavenError

PROBLEM_TYPE_BASE = "https://haven.invalid/problems/"
CONTENT_TYPE = "application/problem+json"

_TITLES = {
    400: "Invalid request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Request too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Server error",
}


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    code: str = "",
    citation: str = "",
    errors: list | None = None,
) -> dict:
    body = {
        "type": PROBLEM_TYPE_BASE + (code or str(status)),
        "title": title,
        "status": status,
        "detail": detail,
        "code": code or str(status),
    }
    if citation:
        body["citation"] = citation
    if errors:
        body["errors"] = errors
    return body


def _problem_json(body: dict) -> JsonResponse:
    response = JsonResponse(body, status=body["status"])
    response["Content-Type"] = CONTENT_TYPE
    return response


def problem_response(status: int, title: str, detail: str, **kwargs) -> JsonResponse:
    return _problem_json(problem(status, title, detail, **kwargs))


def _field_errors(data, prefix: str = "") -> list[dict]:
    out = []
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_field_errors(value, name))
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, (dict, list)):
                out.extend(_field_errors(item, prefix))
            else:
                out.append({"field": prefix or None, "message": str(item)})
    else:
        out.append({"field": prefix or None, "message": str(data)})
    return out


# Headers DRF's handler sets that the problem response must keep.
_KEPT_HEADERS = ("WWW-Authenticate", "Retry-After")

NOT_AUTHENTICATED_DETAIL = (
    "Sign in to Haven, or send a personal token as: Authorization: Bearer <token>. "
    "Create your own token in Haven, under My API tokens."
)


def problem_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every handled error becomes a problem document.

    It answers with a plain JsonResponse, not a DRF Response, so that views with
    their own renderers (the OpenAPI schema's YAML, the docs' HTML) cannot render
    the problem in another format under the problem+json content type.
    """
    if isinstance(exc, HavenError):
        errors = [{"field": exc.field, "message": exc.message}] if exc.field else None
        return problem_response(
            exc.status,
            _TITLES.get(exc.status, "Refused"),
            exc.message,
            code=exc.code,
            citation=exc.citation,
            errors=errors,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # Django's 500 handler answers, without details
    status = response.status_code
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(data)
        detail = "Correct the fields listed in errors and send again."
        body = problem(status, _TITLES[400], detail, code="invalid", errors=errors)
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else str(data)
        code = getattr(detail, "code", "") or getattr(exc, "default_code", "")
        if isinstance(exc, exceptions.NotAuthenticated):
            detail = NOT_AUTHENTICATED_DETAIL
        elif isinstance(exc, exceptions.ParseError):
            detail = f"The body is not valid JSON: {detail}"
        body = problem(status, _TITLES.get(status, "Error"), str(detail), code=str(code))
    problem_reply = _problem_json(body)
    for name in _KEPT_HEADERS:
        if name in response:
            problem_reply[name] = response[name]
    return problem_reply
