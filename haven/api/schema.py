"""What the OpenAPI schema says beyond what drf-spectacular infers.

- Haven's two ways to authenticate (drf-spectacular knows DRF's own classes, not
  Haven's subclasses: without these the schema declares no security scheme, the
  docs offer no "Authorize" button and clients cannot tell a token is needed).
- Input serializers refuse unknown fields, so their schemas say
  `additionalProperties: false`.
- Every operation documents its RFC 9457 problem responses (`HavenAutoSchema`).

The extensions register themselves on import, from `ApiConfig.ready()`.
"""

from django.conf import settings
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerExtension,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

from haven.api.problems import _TITLES, CONTENT_TYPE


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "haven.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal token you created under My API tokens (or the server's "
                "operator issued with `manage.py api_token create <email>`): "
                "`Authorization: Bearer <token>`. A read-only token is refused (403) "
                "on anything but GET, HEAD and OPTIONS."
            ),
        }


class ActiveSessionScheme(OpenApiAuthenticationExtension):
    target_class = "haven.api.authentication.ActiveSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}


class StrictInputScheme(OpenApiSerializerExtension):
    target_class = "haven.api.serializers.StrictInput"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["additionalProperties"] = False
        return schema


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An RFC 9457 problem document: every API error has this shape.",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong and what to do."},
        "code": {"type": "string", "description": "A stable, machine-readable reason."},
        "citation": {
            "type": "string",
            "description": "The statute, when a legal rule is the reason (Gen. Stat. § ...).",
        },
        "errors": {
            "type": "array",
            "description": "One entry per field problem.",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string", "nullable": True},
                    "message": {"type": "string"},
                },
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
}

# Every operation can answer these; operations with a body can also refuse the body.
_ALWAYS = (400, 401, 403, 404, 406, 429)
_WITH_BODY = (413, 415)


class HavenAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, plus the problem responses every operation can give."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        component = ResolvedComponent(
            name="Problem", type=ResolvedComponent.SCHEMA, schema=PROBLEM_SCHEMA, object="Problem"
        )
        self.registry.register_on_missing(component)
        statuses = _ALWAYS + (_WITH_BODY if self.method in {"POST", "PUT", "PATCH"} else ())
        responses = operation.setdefault("responses", {})
        for status in sorted(statuses):
            responses.setdefault(
                str(status),
                {
                    "description": _TITLES.get(status, "Error"),
                    "content": {CONTENT_TYPE: {"schema": component.ref}},
                },
            )
        return operation
