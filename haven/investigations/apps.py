from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    name = "haven.investigations"
    label = "investigations"
    verbose_name = "Investigations and outcomes"

    def ready(self) -> None:
        # Sections of the case page (haven/cases/panels.py); cases never imports this app.
        from haven.investigations.panels import register

        register()
