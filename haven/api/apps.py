from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "haven.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from haven.api import schema  # noqa: F401  (registers the OpenAPI extensions)
