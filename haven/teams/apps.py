from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "haven.teams"
    label = "teams"
    verbose_name = "Multidisciplinary teams"
