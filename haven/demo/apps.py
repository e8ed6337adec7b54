from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic Connecticut demo data. At the top of the dependency graph: it uses every app."""

    name = "haven.demo"
    label = "demo"
    verbose_name = "Demo data"
