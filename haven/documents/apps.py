from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "haven.documents"
    label = "documents"
    verbose_name = "Case documents"
