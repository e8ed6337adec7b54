from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "haven.screening"
    label = "screening"
    verbose_name = "Trafficking identification and routing"
