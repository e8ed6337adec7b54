from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "haven.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        # Authentication events come from Django's and allauth's signals: the one place
        # Haven listens to signals, because login happens inside those libraries.
        from haven.audit import auth_events, checks  # noqa: F401
