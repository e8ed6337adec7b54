from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "haven.documents"
    label = "documents"
    verbose_name = "Case documents"

    def ready(self) -> None:
        # The case page's "Documents" panel and the timeline's sections; cases never
        # imports this app (haven/cases/panels.py, hooks.py).
        from haven.cases.hooks import register_event_section
        from haven.documents import panels, rules

        panels.register()
        # hooks maps one audit object type to one section, and a document's section is
        # its own: so each document's events carry "documents.document.<section>" as
        # their object type (services._object_type), one registered per section.
        for section in rules.ATTACHABLE_SECTIONS:
            register_event_section(f"documents.document.{section.value}", section)

        # Documents are sealed under the recordings' master key: re-wrap on rotation.
        from haven.documents.services import document_keys_rewrap
        from haven.interviews.keys import register_sealed_files

        register_sealed_files("documents", document_keys_rewrap)
